// TrainingLog: the writing half of the JSON-lines log; the schema is in
// bprop/report/training_log.h.
#include "bprop/report/training_log.h"

#include <cerrno>
#include <cstring>

#include "bprop/io/atomic_file.h"
#include "bprop/report/json.h"

namespace bprop {

namespace {

void optional_field(JsonWriter& w, const char* key, const std::optional<double>& v) {
  if (v) w.field(key, *v);
}

void matrix_values(JsonWriter& w, const Matrix& m) {
  w.key("values").begin_array();
  for (const float v : m.values()) w.value(v);
  w.end_array();
}

void write_layers(JsonWriter& w, const std::vector<LayerSummary>& layers) {
  w.key("layers").begin_array();
  for (const LayerSummary& l : layers) {
    w.begin_object().field("index", l.index).field("spec", l.spec).field("type", l.type);
    w.field("input_width", l.input_width).field("output_width", l.output_width);
    w.field("parameter_count", static_cast<uint64_t>(l.parameter_count));
    if (!l.parameters.empty()) {
      w.key("parameters").begin_array();
      for (const auto& p : l.parameters) {
        w.begin_object().field("name", p.name).field("rows", p.value.rows());
        w.field("cols", p.value.cols());
        matrix_values(w, p.value);
        w.end_object();
      }
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
}

}  // namespace

std::string to_json_line(const TrainingConfig& c) {
  JsonWriter w;
  w.begin_object().field("type", "config").field("format", "bprop-training-log");
  w.field("version", 1).field("command_line", c.command_line).field("network", c.network);
  w.key("layers").array(c.layers);
  w.field("input_width", c.input_width);
  w.field("parameter_count", static_cast<uint64_t>(c.parameter_count)).field("loss", c.loss);
  const OptimizerConfig& o = c.optimizer;
  w.key("optimizer").begin_object().field("name", o.name).field("lr", o.learning_rate);
  w.field("momentum", o.momentum).field("nesterov", o.nesterov);
  w.field("weight_decay", o.weight_decay).field("beta1", o.beta1).field("beta2", o.beta2);
  w.field("epsilon", o.epsilon).end_object();
  w.field("epochs", c.epochs).field("batch", c.batch_size).field("seed", c.seed);
  w.field("dataset", c.dataset).field("train_size", c.train_size).field("val_size", c.val_size);
  w.key("class_names").array(c.class_names);
  return w.end_object().str();
}

std::string to_json_line(const EpochMetrics& m) {
  JsonWriter w;
  w.begin_object().field("type", "epoch").field("epoch", m.epoch);
  w.field("train_loss", m.train_loss);
  optional_field(w, "train_accuracy", m.train_accuracy);
  optional_field(w, "val_loss", m.val_loss);
  optional_field(w, "val_accuracy", m.val_accuracy);
  w.field("lr", m.learning_rate).field("seconds", m.seconds);
  w.field("samples_per_second", m.samples_per_second);
  if (!m.layers.empty()) {
    w.key("grad_norms").begin_object();
    for (const LayerTrace& t : m.layers) w.field(t.layer, t.grad_norm);
    w.end_object().key("update_ratios").begin_object();
    for (const LayerTrace& t : m.layers) w.field(t.layer, t.update_ratio);
    w.end_object();
  }
  return w.end_object().str();
}

std::string to_json_line(const FinalSummary& s) {
  JsonWriter w;
  w.begin_object().field("type", "final").field("network", s.network);
  w.field("input_width", s.input_width);
  w.field("parameter_count", static_cast<uint64_t>(s.parameter_count)).field("loss", s.loss);
  w.field("classes", s.classes).field("weights_included", s.weights_included);
  write_layers(w, s.layers);
  w.key("metrics").begin_object().field("train_loss", s.train_loss);
  optional_field(w, "train_accuracy", s.train_accuracy);
  optional_field(w, "val_loss", s.val_loss);
  optional_field(w, "val_accuracy", s.val_accuracy);
  w.end_object();
  w.key("feature_names").array(s.feature_names);
  if (s.boundary) {
    const DecisionGrid& g = *s.boundary;
    w.key("boundary").begin_object().field("x_min", g.x_min).field("x_max", g.x_max);
    w.field("y_min", g.y_min).field("y_max", g.y_max).field("nx", g.nx).field("ny", g.ny);
    w.field("outputs", g.outputs).key("values").array(g.values).end_object();
    w.key("points").begin_object().key("x").array(s.points.x).key("y").array(s.points.y);
    w.key("label").array(s.points.label).field("total", s.points.total).end_object();
  }
  if (s.confusion) {
    const Confusion& c = *s.confusion;
    const std::size_t n = c.class_names.size();
    w.key("confusion").begin_object().field("on", c.on).key("class_names").array(c.class_names);
    w.key("counts").begin_array();
    for (std::size_t t = 0; t < n; ++t) {
      w.begin_array();
      for (std::size_t p = 0; p < n; ++p) w.value(c.counts[t * n + p]);
      w.end_array();
    }
    w.end_array().end_object();
  }
  if (s.regression) {
    const RegressionFit& f = *s.regression;
    w.key("regression").begin_object().field("on", f.on).field("rmse", f.rmse);
    w.field("mae", f.mae).field("r2", f.r2).key("actual").array(f.actual);
    w.key("predicted").array(f.predicted).end_object();
  }
  return w.end_object().str();
}

TrainingLog::TrainingLog(std::string path, bool append) : path_(std::move(path)) {
  file_ = path_ == "-" ? stdout : std::fopen(path_.c_str(), append ? "a" : "w");
  if (file_ == nullptr) {
    throw IoError("cannot create training log '" + path_ + "': " + std::strerror(errno));
  }
}

TrainingLog::~TrainingLog() {
  if (file_ != nullptr && file_ != stdout) std::fclose(file_);
}

void TrainingLog::write_line(const std::string& json) {
  if (std::fwrite(json.data(), 1, json.size(), file_) != json.size() ||
      std::fputc('\n', file_) == EOF || std::fflush(file_) != 0) {
    throw IoError("cannot write training log '" + path_ + "': " + std::strerror(errno));
  }
}

void TrainingLog::config(const TrainingConfig& config) { write_line(to_json_line(config)); }
void TrainingLog::epoch(const EpochMetrics& metrics) { write_line(to_json_line(metrics)); }
void TrainingLog::final(const FinalSummary& summary) { write_line(to_json_line(summary)); }

FinalSummary TrainingLog::final(const Network& network, Loss& loss, const Dataset& train,
                                const Dataset* validation, const FinalOptions& options) {
  FinalSummary summary = summarize_final(network, loss, train, validation, options);
  final(summary);
  return summary;
}

}  // namespace bprop
