// TrainingLog: the writing half of the JSON-lines log; the schema is in
// bprop/report/training_log.h. Records are built as nlohmann::ordered_json, so members appear in
// the schema's order and the same run writes the same bytes.
#include "bprop/report/training_log.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "bprop/io/atomic_file.h"

namespace bprop {

namespace {

using Json = nlohmann::ordered_json;

// One line of JSON. Strings keep their UTF-8; bytes that are not UTF-8 (a Latin-1 class name in a
// CSV header) become U+FFFD, so every line stays valid JSON that any reader accepts. Non-finite
// numbers (a diverged loss) are written as null.
std::string json_text(const Json& record) {
  return record.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A float as the double that its shortest decimal text reads as: the log then shows 0.1f as 0.1
// rather than as its binary expansion 0.10000000149011612, and reading that text back and
// rounding to float gives the same float bit for bit.
double as_written(float value) {
  if (!std::isfinite(value)) return value;  // written as null
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  double result = 0.0;
  std::from_chars(text, end, result);
  return result;
}

Json floats(std::span<const float> values) {
  Json array = Json::array();
  array.get_ref<Json::array_t&>().reserve(values.size());
  for (const float v : values) array.push_back(as_written(v));
  return array;
}

void optional_field(Json& object, const char* key, const std::optional<double>& v) {
  if (v) object[key] = *v;
}

Json layers_json(const std::vector<LayerSummary>& layers) {
  Json array = Json::array();
  for (const LayerSummary& l : layers) {
    Json layer = {{"index", l.index},
                  {"spec", l.spec},
                  {"type", l.type},
                  {"input_width", l.input_width},
                  {"output_width", l.output_width},
                  {"parameter_count", l.parameter_count}};
    if (!l.parameters.empty()) {
      Json parameters = Json::array();
      for (const auto& p : l.parameters) {
        parameters.push_back({{"name", p.name},
                              {"rows", p.value.rows()},
                              {"cols", p.value.cols()},
                              {"values", floats(p.value.values())}});
      }
      layer["parameters"] = std::move(parameters);
    }
    array.push_back(std::move(layer));
  }
  return array;
}

Json boundary_json(const DecisionGrid& g) {
  return {
      {"x_min", g.x_min}, {"x_max", g.x_max}, {"y_min", g.y_min},     {"y_max", g.y_max},
      {"nx", g.nx},       {"ny", g.ny},       {"outputs", g.outputs}, {"values", floats(g.values)}};
}

Json confusion_json(const Confusion& c) {
  const std::size_t n = c.class_names.size();
  Json counts = Json::array();
  for (std::size_t t = 0; t < n; ++t) {
    counts.push_back(
        std::vector<int64_t>(c.counts.begin() + t * n, c.counts.begin() + (t + 1) * n));
  }
  return {{"on", c.on}, {"class_names", c.class_names}, {"counts", std::move(counts)}};
}

}  // namespace

std::string to_json_line(const TrainingConfig& c) {
  const OptimizerConfig& o = c.optimizer;
  const Json record = {{"type", "config"},
                       {"format", "bprop-training-log"},
                       {"version", 1},
                       {"command_line", c.command_line},
                       {"network", c.network},
                       {"layers", c.layers},
                       {"input_width", c.input_width},
                       {"parameter_count", c.parameter_count},
                       {"loss", c.loss},
                       {"optimizer",
                        {{"name", o.name},
                         {"lr", o.learning_rate},
                         {"momentum", o.momentum},
                         {"nesterov", o.nesterov},
                         {"weight_decay", o.weight_decay},
                         {"beta1", o.beta1},
                         {"beta2", o.beta2},
                         {"epsilon", o.epsilon}}},
                       {"epochs", c.epochs},
                       {"batch", c.batch_size},
                       {"seed", c.seed},
                       {"dataset", c.dataset},
                       {"train_size", c.train_size},
                       {"val_size", c.val_size},
                       {"class_names", c.class_names}};
  return json_text(record);
}

std::string to_json_line(const EpochMetrics& m) {
  Json record = {{"type", "epoch"}, {"epoch", m.epoch}, {"train_loss", m.train_loss}};
  optional_field(record, "train_accuracy", m.train_accuracy);
  optional_field(record, "val_loss", m.val_loss);
  optional_field(record, "val_accuracy", m.val_accuracy);
  record["lr"] = m.learning_rate;
  record["seconds"] = m.seconds;
  record["samples_per_second"] = m.samples_per_second;
  if (!m.layers.empty()) {
    Json norms = Json::object(), ratios = Json::object();
    for (const LayerTrace& t : m.layers) {
      norms[t.layer] = t.grad_norm;
      ratios[t.layer] = t.update_ratio;
    }
    record["grad_norms"] = std::move(norms);
    record["update_ratios"] = std::move(ratios);
  }
  return json_text(record);
}

std::string to_json_line(const FinalSummary& s) {
  Json record = {{"type", "final"},
                 {"network", s.network},
                 {"input_width", s.input_width},
                 {"parameter_count", s.parameter_count},
                 {"loss", s.loss},
                 {"classes", s.classes},
                 {"weights_included", s.weights_included},
                 {"layers", layers_json(s.layers)}};
  Json metrics = {{"train_loss", s.train_loss}};
  optional_field(metrics, "train_accuracy", s.train_accuracy);
  optional_field(metrics, "val_loss", s.val_loss);
  optional_field(metrics, "val_accuracy", s.val_accuracy);
  record["metrics"] = std::move(metrics);
  record["feature_names"] = s.feature_names;
  if (s.boundary) {
    record["boundary"] = boundary_json(*s.boundary);
    record["points"] = {{"x", floats(s.points.x)},
                        {"y", floats(s.points.y)},
                        {"label", floats(s.points.label)},
                        {"total", s.points.total}};
  }
  if (s.confusion) record["confusion"] = confusion_json(*s.confusion);
  if (s.regression) {
    const RegressionFit& f = *s.regression;
    record["regression"] = {{"on", f.on},
                            {"rmse", f.rmse},
                            {"mae", f.mae},
                            {"r2", f.r2},
                            {"actual", floats(f.actual)},
                            {"predicted", floats(f.predicted)}};
  }
  return json_text(record);
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

void TrainingLog::stopped(const std::string& reason, const std::string& message, int epoch,
                          int64_t step) {
  const Json record = {{"type", "stopped"},
                       {"reason", reason},
                       {"message", message},
                       {"epoch", epoch},
                       {"step", step}};
  write_line(record.dump(-1, ' ', false, Json::error_handler_t::replace));
}

FinalSummary TrainingLog::final(const Network& network, Loss& loss, const Dataset& train,
                                const Dataset* validation, const FinalOptions& options) {
  FinalSummary summary = summarize_final(network, loss, train, validation, options);
  final(summary);
  return summary;
}

}  // namespace bprop
