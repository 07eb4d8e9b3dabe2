// read_training_log: the reading half of the JSON-lines log (schema in
// bprop/report/training_log.h). Each line is parsed by nlohmann::json with a depth limit, one line
// at a time and no longer than kMaxLogLineBytes, so a hostile file costs bounded memory. Unknown
// keys are ignored, so later versions can add fields without breaking older readers.
#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "bprop/io/atomic_file.h"
#include "bprop/report/training_log.h"
#include "report/log_fields.h"

namespace bprop {

namespace {

using namespace log_fields;

TrainingConfig read_config(const Json& v) {
  TrainingConfig c;
  c.command_line = string_or(v, "command_line", "");
  c.network = string_or(v, "network", "");
  c.layers = strings(v, "layers");
  c.input_width = integer_or(v, "input_width", 0);
  c.parameter_count = integer_or<uint64_t>(v, "parameter_count", 0);
  c.loss = string_or(v, "loss", "");
  if (const Json* o = find(v, "optimizer")) {
    c.optimizer.name = string_or(*o, "name", "");
    c.optimizer.learning_rate = number_or(*o, "lr", 0);
    c.optimizer.momentum = number_or(*o, "momentum", 0);
    c.optimizer.nesterov = boolean_or(*o, "nesterov", false);
    c.optimizer.weight_decay = number_or(*o, "weight_decay", 0);
    c.optimizer.beta1 = number_or(*o, "beta1", 0.9);
    c.optimizer.beta2 = number_or(*o, "beta2", 0.999);
    c.optimizer.epsilon = number_or(*o, "epsilon", 1e-8);
  }
  c.epochs = integer_or(v, "epochs", 0);
  c.batch_size = integer_or(v, "batch", 0);
  c.seed = integer_or<uint64_t>(v, "seed", 0);
  c.dataset = string_or(v, "dataset", "");
  c.train_size = integer_or(v, "train_size", 0);
  c.val_size = integer_or(v, "val_size", 0);
  c.class_names = strings(v, "class_names");
  return c;
}

// The index in a trace's name "<index>:<spec>"; 0 when it has none (from_chars, unlike atoi, has
// no undefined behaviour on a hostile name).
int layer_index(const std::string& name) {
  int index = 0;
  std::from_chars(name.data(), name.data() + name.size(), index);
  return index;
}

EpochMetrics read_epoch(const Json& v) {
  EpochMetrics m{.epoch = integer<int>(at(v, "epoch"), "epoch"),
                 .train_loss = number(at(v, "train_loss"), "train_loss")};
  m.train_accuracy = optional_number(v, "train_accuracy");
  m.val_loss = optional_number(v, "val_loss");
  m.val_accuracy = optional_number(v, "val_accuracy");
  m.learning_rate = number_or(v, "lr", 0);
  m.seconds = number_or(v, "seconds", 0);
  m.samples_per_second = number_or(v, "samples_per_second", 0);
  if (const Json* norms = find(v, "grad_norms")) {
    const Json* ratios = find(v, "update_ratios");
    for (const auto& [name, norm] : object(*norms, "grad_norms")) {
      const Json* ratio = ratios != nullptr ? find(*ratios, name.c_str()) : nullptr;
      m.layers.push_back({name, number(norm, "grad_norms"),
                          ratio != nullptr ? number(*ratio, "update_ratios") : 0.0});
    }
    // The object's keys come back sorted by name; "<index>:<spec>" sorts by index up to 10
    // layers, so order by the index explicitly.
    std::stable_sort(m.layers.begin(), m.layers.end(), [](const auto& a, const auto& b) {
      return layer_index(a.layer) < layer_index(b.layer);
    });
  }
  return m;
}

RegressionFit read_regression(const Json& r) {
  RegressionFit fit{.on = string_or(r, "on", ""),
                    .rmse = number_or(r, "rmse", 0),
                    .mae = number_or(r, "mae", 0),
                    .r2 = number_or(r, "r2", 0),
                    .actual = numbers<float>(at(r, "actual"), "actual"),
                    .predicted = numbers<float>(at(r, "predicted"), "predicted")};
  if (fit.actual.size() != fit.predicted.size()) {
    throw TrainingLogError("regression: actual and predicted differ in length");
  }
  return fit;
}

LayerSummary read_layer(const Json& l) {
  LayerSummary layer{.index = integer<int>(at(l, "index"), "index"),
                     .spec = string(at(l, "spec"), "spec"),
                     .type = string_or(l, "type", ""),
                     .input_width = integer<int>(at(l, "input_width"), "input_width"),
                     .output_width = integer<int>(at(l, "output_width"), "output_width"),
                     .parameter_count = integer_or<uint64_t>(l, "parameter_count", 0)};
  if (const Json* params = find(l, "parameters")) {
    for (const Json& p : array(*params, "parameters")) {
      const int rows = integer<int>(at(p, "rows"), "rows"),
                cols = integer<int>(at(p, "cols"), "cols");
      const std::vector<float> values = numbers<float>(at(p, "values"), "values");
      if (rows < 0 || cols < 0 || values.size() != static_cast<std::size_t>(rows) * cols) {
        throw TrainingLogError("layer " + layer.spec + " parameter has " +
                               std::to_string(values.size()) + " values for " +
                               std::to_string(rows) + "x" + std::to_string(cols));
      }
      Matrix m(rows, cols);
      std::copy(values.begin(), values.end(), m.data());
      layer.parameters.push_back({string(at(p, "name"), "name"), std::move(m)});
    }
  }
  return layer;
}

DecisionGrid read_boundary(const Json& b) {
  DecisionGrid g{.x_min = number(at(b, "x_min"), "x_min"),
                 .x_max = number(at(b, "x_max"), "x_max"),
                 .y_min = number(at(b, "y_min"), "y_min"),
                 .y_max = number(at(b, "y_max"), "y_max"),
                 .nx = integer<int>(at(b, "nx"), "nx"),
                 .ny = integer<int>(at(b, "ny"), "ny"),
                 .outputs = integer<int>(at(b, "outputs"), "outputs"),
                 .values = numbers<float>(at(b, "values"), "values")};
  // nx * ny first, and only when it fits in the values read, so the product cannot wrap around.
  const std::size_t cells = static_cast<std::size_t>(std::max(g.nx, 0)) * std::max(g.ny, 0);
  if (g.nx <= 0 || g.ny <= 0 || g.outputs <= 0 || cells > g.values.size() ||
      g.values.size() != cells * g.outputs) {
    throw TrainingLogError("boundary grid has " + std::to_string(g.values.size()) +
                           " values, not nx*ny*outputs");
  }
  return g;
}

Confusion read_confusion(const Json& c) {
  Confusion confusion{.on = string_or(c, "on", ""), .class_names = strings(c, "class_names")};
  for (const Json& row : array(at(c, "counts"), "counts")) {
    for (const int64_t n : numbers<int64_t>(row, "counts")) confusion.counts.push_back(n);
  }
  const std::size_t n = confusion.class_names.size();
  if (confusion.counts.size() != n * n) {
    throw TrainingLogError("confusion matrix is not " + std::to_string(n) + "x" +
                           std::to_string(n));
  }
  return confusion;
}

FinalSummary read_final(const Json& v) {
  FinalSummary s;
  s.network = string_or(v, "network", "");
  s.input_width = integer<int>(at(v, "input_width"), "input_width");
  s.parameter_count = integer_or<uint64_t>(v, "parameter_count", 0);
  s.loss = string_or(v, "loss", "");
  s.classes = integer_or(v, "classes", 0);
  s.weights_included = boolean_or(v, "weights_included", false);
  for (const Json& l : array(at(v, "layers"), "layers")) s.layers.push_back(read_layer(l));
  if (const Json* m = find(v, "metrics")) {
    s.train_loss = number_or(*m, "train_loss", 0);
    s.train_accuracy = optional_number(*m, "train_accuracy");
    s.val_loss = optional_number(*m, "val_loss");
    s.val_accuracy = optional_number(*m, "val_accuracy");
  }
  s.feature_names = strings(v, "feature_names");
  if (const Json* b = find(v, "boundary")) s.boundary = read_boundary(*b);
  if (const Json* p = find(v, "points")) {
    s.points.x = numbers<float>(at(*p, "x"), "x");
    s.points.y = numbers<float>(at(*p, "y"), "y");
    s.points.label = numbers<float>(at(*p, "label"), "label");
    s.points.total = integer_or(*p, "total", 0);
    if (s.points.y.size() != s.points.x.size() || s.points.label.size() != s.points.x.size()) {
      throw TrainingLogError("points: x, y and label differ in length");
    }
  }
  if (const Json* c = find(v, "confusion")) s.confusion = read_confusion(*c);
  if (const Json* r = find(v, "regression")) s.regression = read_regression(*r);
  return s;
}

void read_record(const Json& v, RunRecord& record, bool& have_config) {
  const std::string& type = string(at(v, "type"), "type");
  if (type == "config") {
    const int version = integer_or(v, "version", 0);
    if (version != 1) {
      throw TrainingLogError("log version " + std::to_string(version) +
                             " is not supported (this bprop reads version 1)");
    }
    record.config = read_config(v);
    have_config = true;
  } else if (type == "epoch") {
    EpochMetrics epoch = read_epoch(v);
    // A run resumed from a checkpoint appends to its log and may redo epochs that a killed run
    // had logged after that checkpoint: the later records replace them.
    while (!record.epochs.empty() && record.epochs.back().epoch >= epoch.epoch) {
      record.epochs.pop_back();
    }
    record.epochs.push_back(std::move(epoch));
  } else if (type == "final") {
    record.final = read_final(v);
  }  // other types: from a newer writer; skipped
}

// The next line of `in` without its '\n'; false at the end. `complete` is false for a last line
// with no '\n' (a run killed mid-write).
bool next_line(std::istream& in, std::string& line, bool& complete) {
  line.clear();
  std::streambuf& buffer = *in.rdbuf();
  for (int c = buffer.sbumpc(); c != std::char_traits<char>::eof(); c = buffer.sbumpc()) {
    if (c == '\n') return complete = true;
    if (line.size() == kMaxLogLineBytes) {
      throw TrainingLogError("a line longer than " + std::to_string(kMaxLogLineBytes >> 20) +
                             " MiB; a bprop log's records are far shorter");
    }
    line.push_back(static_cast<char>(c));
  }
  complete = false;
  return !line.empty();
}

RunRecord parse_lines(std::istream& in, const std::string& source) {
  RunRecord record;
  bool have_config = false, complete = true;
  std::string line;
  for (int number = 1;; ++number) {
    try {
      if (!next_line(in, line, complete)) break;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      Json v;
      try {
        v = parse_record(line);
      } catch (const TrainingLogError&) {
        if (!complete) break;  // a partial last line: keep everything before it
        throw;
      }
      read_record(v, record, have_config);
    } catch (const TrainingLogError& e) {
      throw TrainingLogError(source + ":" + std::to_string(number) + ": " + e.what());
    }
  }
  if (!have_config) {
    throw TrainingLogError(source +
                           ": not a bprop training log (no {\"type\":\"config\"} record); write "
                           "one with `bprop train --log FILE`");
  }
  return record;
}

}  // namespace

RunRecord parse_training_log(const std::string& text, const std::string& source) {
  std::istringstream in(text);
  return parse_lines(in, source);
}

RunRecord read_training_log(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot open training log '" + path + "'");
  return parse_lines(in, path);
}

}  // namespace bprop
