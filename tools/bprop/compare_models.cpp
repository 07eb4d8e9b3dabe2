// evaluate --compare: both models' outputs on one dataset, side by side.
#include "compare_models.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bprop/errors.h"
#include "bprop/int8/quantize.h"
#include "bprop/registry.h"
#include "bprop/report/metrics.h"
#include "exit_codes.h"

namespace bprop::cli {

namespace {

struct Side {
  std::string path;
  Model model;
  Matrix outputs = {};
  std::vector<int> classes = {};
  double accuracy = 0.0;
};

const char* kind(const Model& m) { return m.quantization ? "int8" : "float"; }

void check_comparable(const Side& a, const Side& b) {
  const bool same = a.model.network.input_width() == b.model.network.input_width() &&
                    a.model.network.output_width() == b.model.network.output_width() &&
                    a.model.loss == b.model.loss &&
                    class_names_of(a.model) == class_names_of(b.model);
  if (!same) {
    throw CliError(kExitUsage,
                   "--compare: " + b.path + " (" + b.model.network.describe() + ", loss " +
                       b.model.loss + ") does not take and give what " + a.path + " (" +
                       a.model.network.describe() + ", loss " + a.model.loss + ") does",
                   "compare a model with its own int8 version (bprop quantize)");
  }
}

// Each model reads the file by its own columns and encoding; the rows and targets must be one.
void check_same_rows(const Dataset& a_data, const Dataset& b_data, const Side& a, const Side& b) {
  const bool same = a_data.size() == b_data.size() &&
                    a_data.targets.cols() == b_data.targets.cols() &&
                    std::equal(a_data.targets.data(), a_data.targets.data() + a_data.targets.size(),
                               b_data.targets.data());
  if (!same) {
    throw CliError(kExitData,
                   "--compare: " + a.path + " and " + b.path +
                       " read different rows or targets from " + a_data.name + " (" +
                       std::to_string(a_data.size()) + " and " + std::to_string(b_data.size()) +
                       " rows)",
                   "compare models trained on the same target");
  }
}

}  // namespace

int compare_models(const ModelDataArgs& args, const std::string& other, const std::string& format) {
  Side a{args.model, load_model(args.model)}, b{other, load_model(other)};
  check_comparable(a, b);
  // Each model gets the file as it would read it alone (its own column names and encoding: b
  // may take its columns in another order than a), not a's matrix.
  const Dataset data = load_model_data(a.model, args, true);
  const Dataset b_data = load_model_data(b.model, args, true);
  check_same_rows(data, b_data, a, b);
  const bool classifier = is_classifier(a.model);
  std::vector<int> truth;
  if (classifier)
    truth = target_classes(data.targets, static_cast<int>(class_names_of(a.model).size()));
  for (Side* s : {&a, &b}) {
    const auto loss = make_loss<float>(s->model.loss);
    const Matrix& inputs = s == &a ? data.inputs : b_data.inputs;
    const Matrix raw = int8::predict_raw(s->model, s->model.preprocessor.applied(inputs));
    loss->output(raw, s->outputs);
    if (!classifier) continue;
    s->classes = predicted_classes(*loss, raw);
    s->accuracy = accuracy(s->classes, truth);
  }
  int changed = 0;
  for (std::size_t r = 0; r < a.classes.size(); ++r) changed += a.classes[r] != b.classes[r];
  double largest = 0.0;
  for (std::size_t i = 0; i < a.outputs.size(); ++i) {
    largest = std::max(largest, std::fabs(double{a.outputs.data()[i]} - b.outputs.data()[i]));
  }
  const double share = data.size() ? static_cast<double>(changed) / data.size() : 0.0;
  if (format == "json") {
    nlohmann::ordered_json j = {{"data", data.name}, {"samples", data.size()}};
    for (const Side* s : {&a, &b}) {
      nlohmann::ordered_json m = {{"model", s->path}, {"kind", kind(s->model)}};
      if (classifier) m["accuracy"] = s->accuracy;
      j["models"].push_back(m);
    }
    if (classifier) j["predictions_changed"] = share, j["predictions_changed_count"] = changed;
    j["max_output_difference"] = largest;
    std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  std::printf("data: %s, %d samples\n", data.name.c_str(), data.size());
  for (const Side* s : {&a, &b}) {
    std::printf("%-5s %s", kind(s->model), s->path.c_str());
    if (classifier) std::printf(": accuracy %.4f", s->accuracy);
    std::printf("\n");
  }
  if (classifier) {
    std::printf("predictions changed: %.2f%% (%d/%d)\n", 100.0 * share, changed, data.size());
  }
  std::printf("max %s difference: %.6g\n", classifier ? "probability" : "output", largest);
  return kExitOk;
}

}  // namespace bprop::cli
