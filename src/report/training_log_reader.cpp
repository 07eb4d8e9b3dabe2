// read_training_log: the reading half of the JSON-lines log (schema in
// bprop/report/training_log.h). Unknown keys are ignored, so later versions can add fields without
// breaking older readers.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "bprop/io/atomic_file.h"
#include "bprop/report/json_value.h"
#include "bprop/report/training_log.h"

namespace bprop {

namespace {

std::optional<double> optional_number(const JsonValue& v, const char* key) {
  const JsonValue* member = v.find(key);
  if (member == nullptr) return std::nullopt;
  return member->as_number();
}

std::vector<std::string> strings(const JsonValue& v, const char* key) {
  std::vector<std::string> result;
  if (const JsonValue* a = v.find(key)) {
    for (const JsonValue& s : a->as_array()) result.push_back(s.as_string());
  }
  return result;
}

template <typename T>
std::vector<T> numbers(const JsonValue& array) {
  std::vector<T> result;
  result.reserve(array.as_array().size());
  for (const JsonValue& n : array.as_array()) result.push_back(static_cast<T>(n.as_number()));
  return result;
}

int integer(const JsonValue& v, const char* key) { return static_cast<int>(v.at(key).as_number()); }

TrainingConfig read_config(const JsonValue& v) {
  TrainingConfig c;
  c.command_line = v.string_or("command_line", "");
  c.network = v.string_or("network", "");
  c.layers = strings(v, "layers");
  c.input_width = static_cast<int>(v.number_or("input_width", 0));
  c.parameter_count = static_cast<std::size_t>(v.number_or("parameter_count", 0));
  c.loss = v.string_or("loss", "");
  if (const JsonValue* o = v.find("optimizer")) {
    c.optimizer.name = o->string_or("name", "");
    c.optimizer.learning_rate = o->number_or("lr", 0);
    c.optimizer.momentum = o->number_or("momentum", 0);
    const JsonValue* nesterov = o->find("nesterov");
    c.optimizer.nesterov = nesterov != nullptr && nesterov->as_bool();
    c.optimizer.weight_decay = o->number_or("weight_decay", 0);
    c.optimizer.beta1 = o->number_or("beta1", 0.9);
    c.optimizer.beta2 = o->number_or("beta2", 0.999);
    c.optimizer.epsilon = o->number_or("epsilon", 1e-8);
  }
  c.epochs = static_cast<int>(v.number_or("epochs", 0));
  c.batch_size = static_cast<int>(v.number_or("batch", 0));
  c.seed = static_cast<uint64_t>(v.number_or("seed", 0));
  c.dataset = v.string_or("dataset", "");
  c.train_size = static_cast<int>(v.number_or("train_size", 0));
  c.val_size = static_cast<int>(v.number_or("val_size", 0));
  c.class_names = strings(v, "class_names");
  return c;
}

EpochMetrics read_epoch(const JsonValue& v) {
  EpochMetrics m{.epoch = integer(v, "epoch"), .train_loss = v.at("train_loss").as_number()};
  m.train_accuracy = optional_number(v, "train_accuracy");
  m.val_loss = optional_number(v, "val_loss");
  m.val_accuracy = optional_number(v, "val_accuracy");
  m.learning_rate = v.number_or("lr", 0);
  m.seconds = v.number_or("seconds", 0);
  m.samples_per_second = v.number_or("samples_per_second", 0);
  if (const JsonValue* norms = v.find("grad_norms")) {
    const JsonValue* ratios = v.find("update_ratios");
    for (const auto& [name, norm] : norms->as_object()) {
      const JsonValue* ratio = ratios != nullptr ? ratios->find(name) : nullptr;
      m.layers.push_back({name, norm.as_number(), ratio != nullptr ? ratio->as_number() : 0.0});
    }
    // The object's keys come back sorted by name; "<index>:<spec>" sorts by index up to 10
    // layers, so order by the index explicitly.
    std::stable_sort(m.layers.begin(), m.layers.end(), [](const auto& a, const auto& b) {
      return std::atoi(a.layer.c_str()) < std::atoi(b.layer.c_str());
    });
  }
  return m;
}

LayerSummary read_layer(const JsonValue& l) {
  LayerSummary layer{
      .index = integer(l, "index"),
      .spec = l.at("spec").as_string(),
      .type = l.string_or("type", ""),
      .input_width = integer(l, "input_width"),
      .output_width = integer(l, "output_width"),
      .parameter_count = static_cast<std::size_t>(l.number_or("parameter_count", 0))};
  if (const JsonValue* params = l.find("parameters")) {
    for (const JsonValue& p : params->as_array()) {
      const int rows = integer(p, "rows"), cols = integer(p, "cols");
      const std::vector<float> values = numbers<float>(p.at("values"));
      if (rows < 0 || cols < 0 || values.size() != static_cast<std::size_t>(rows) * cols) {
        throw std::runtime_error("layer " + layer.spec + " parameter has " +
                                 std::to_string(values.size()) + " values for " +
                                 std::to_string(rows) + "x" + std::to_string(cols));
      }
      Matrix m(rows, cols);
      std::copy(values.begin(), values.end(), m.data());
      layer.parameters.push_back({p.at("name").as_string(), std::move(m)});
    }
  }
  return layer;
}

DecisionGrid read_boundary(const JsonValue& b) {
  DecisionGrid g{.x_min = b.at("x_min").as_number(),
                 .x_max = b.at("x_max").as_number(),
                 .y_min = b.at("y_min").as_number(),
                 .y_max = b.at("y_max").as_number(),
                 .nx = integer(b, "nx"),
                 .ny = integer(b, "ny"),
                 .outputs = integer(b, "outputs"),
                 .values = numbers<float>(b.at("values"))};
  if (g.nx <= 0 || g.ny <= 0 || g.outputs <= 0 ||
      g.values.size() != static_cast<std::size_t>(g.nx) * g.ny * g.outputs) {
    throw std::runtime_error("boundary grid has " + std::to_string(g.values.size()) +
                             " values, not nx*ny*outputs");
  }
  return g;
}

Confusion read_confusion(const JsonValue& c) {
  Confusion confusion{.on = c.string_or("on", ""), .class_names = strings(c, "class_names")};
  for (const JsonValue& row : c.at("counts").as_array()) {
    for (const int64_t n : numbers<int64_t>(row)) confusion.counts.push_back(n);
  }
  const std::size_t n = confusion.class_names.size();
  if (confusion.counts.size() != n * n) {
    throw std::runtime_error("confusion matrix is not " + std::to_string(n) + "x" +
                             std::to_string(n));
  }
  return confusion;
}

RegressionFit read_regression(const JsonValue& r) {
  RegressionFit fit{.on = r.string_or("on", ""),
                    .rmse = r.number_or("rmse", 0),
                    .mae = r.number_or("mae", 0),
                    .r2 = r.number_or("r2", 0),
                    .actual = numbers<float>(r.at("actual")),
                    .predicted = numbers<float>(r.at("predicted"))};
  if (fit.actual.size() != fit.predicted.size()) {
    throw std::runtime_error("regression: actual and predicted differ in length");
  }
  return fit;
}

FinalSummary read_final(const JsonValue& v) {
  FinalSummary s;
  s.network = v.string_or("network", "");
  s.input_width = integer(v, "input_width");
  s.parameter_count = static_cast<std::size_t>(v.number_or("parameter_count", 0));
  s.loss = v.string_or("loss", "");
  s.classes = static_cast<int>(v.number_or("classes", 0));
  const JsonValue* included = v.find("weights_included");
  s.weights_included = included != nullptr && included->as_bool();
  for (const JsonValue& l : v.at("layers").as_array()) s.layers.push_back(read_layer(l));
  if (const JsonValue* m = v.find("metrics")) {
    s.train_loss = m->number_or("train_loss", 0);
    s.train_accuracy = optional_number(*m, "train_accuracy");
    s.val_loss = optional_number(*m, "val_loss");
    s.val_accuracy = optional_number(*m, "val_accuracy");
  }
  s.feature_names = strings(v, "feature_names");
  if (const JsonValue* b = v.find("boundary")) s.boundary = read_boundary(*b);
  if (const JsonValue* p = v.find("points")) {
    s.points.x = numbers<float>(p->at("x"));
    s.points.y = numbers<float>(p->at("y"));
    s.points.label = numbers<float>(p->at("label"));
    s.points.total = static_cast<int>(p->number_or("total", 0));
    if (s.points.y.size() != s.points.x.size() || s.points.label.size() != s.points.x.size()) {
      throw std::runtime_error("points: x, y and label differ in length");
    }
  }
  if (const JsonValue* c = v.find("confusion")) s.confusion = read_confusion(*c);
  if (const JsonValue* r = v.find("regression")) s.regression = read_regression(*r);
  return s;
}

}  // namespace

RunRecord parse_training_log(const std::string& text, const std::string& source) {
  RunRecord record;
  bool have_config = false;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    JsonValue v;
    try {
      v = parse_json(line);
    } catch (const JsonError& e) {
      // A run killed mid-write leaves a partial last line: keep everything before it.
      if (lines.peek() == EOF && text.back() != '\n') break;
      throw JsonError(source + ":" + std::to_string(number) + ": " + e.what(), e.offset());
    }
    try {
      const std::string type = v.at("type").as_string();
      if (type == "config") {
        const int version = static_cast<int>(v.number_or("version", 0));
        if (version != 1) {
          throw std::runtime_error("log version " + std::to_string(version) +
                                   " is not supported (this bprop reads version 1)");
        }
        record.config = read_config(v);
        have_config = true;
      } else if (type == "epoch") {
        EpochMetrics epoch = read_epoch(v);
        // A run resumed from a checkpoint appends to its log and may redo epochs that a killed
        // run had logged after that checkpoint: the later records replace them.
        while (!record.epochs.empty() && record.epochs.back().epoch >= epoch.epoch) {
          record.epochs.pop_back();
        }
        record.epochs.push_back(std::move(epoch));
      } else if (type == "final") {
        record.final = read_final(v);
      }  // other types: from a newer writer; skipped
    } catch (const std::exception& e) {
      throw std::runtime_error(source + ":" + std::to_string(number) + ": " + e.what());
    }
  }
  if (!have_config) {
    throw std::runtime_error(source +
                             ": not a bprop training log (no {\"type\":\"config\"} "
                             "record); write one with `bprop train --log FILE`");
  }
  return record;
}

RunRecord read_training_log(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot open training log '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw IoError("cannot read training log '" + path + "'");
  return parse_training_log(text.str(), path);
}

}  // namespace bprop
