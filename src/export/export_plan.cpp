// Model -> ExportPlan: which layers become which steps, and the metadata every export carries.
#include "export/export_plan.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

#include "bprop/errors.h"

#ifndef BPROP_VERSION_STRING
#define BPROP_VERSION_STRING "unknown"
#endif

namespace bprop::exporting {

namespace {

// The step for layer `index`, or nothing for a layer that is the identity at inference.
std::optional<LayerStep> layer_step(const Layer& layer, std::size_t index, int input_width) {
  const std::string_view type = layer.type();
  const int at = static_cast<int>(index);
  if (type == "dense") {
    const auto params = layer.parameters();
    return DenseStep{at, input_width, layer.output_width(input_width),
                     std::span<const float>(params[0].value.data(), params[0].value.size()),
                     std::span<const float>(params[1].value.data(), params[1].value.size())};
  }
  if (type == "identity" || type == "dropout") return std::nullopt;
  if (type == "relu") return ActivationStep{at, ActivationKind::kRelu};
  if (type == "sigmoid") return ActivationStep{at, ActivationKind::kSigmoid};
  if (type == "tanh") return ActivationStep{at, ActivationKind::kTanh};
  if (type == "gelu") return ActivationStep{at, ActivationKind::kGelu};
  if (const LayerForm form = layer.form(); form.op == LayerOp::kLeakyRelu) {
    return ActivationStep{at, ActivationKind::kLeakyRelu, static_cast<float>(form.slope)};
  }
  throw ConfigError("export: layer " + std::to_string(index) + " '" + layer.spec() +
                    "' has no exported equivalent (supported: dense, relu, leaky_relu, sigmoid, "
                    "tanh, gelu, identity, dropout)");
}

// A JSON array of strings, written as the training log writes JSON (bytes that are not UTF-8
// become U+FFFD, so ONNX readers always get valid JSON).
std::string json_list(const std::vector<std::string>& names) {
  return nlohmann::json(names).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The model file's own CRC32 (its last four bytes): it identifies the exact model exported.
std::string model_checksum(const Model& model) {
  const std::vector<unsigned char> bytes = serialize_model(model);
  uint32_t crc = 0;
  for (int i = 0; i < 4; ++i) crc |= uint32_t{bytes[bytes.size() - 4 + i]} << (8 * i);
  char text[16];
  std::snprintf(text, sizeof text, "%08x", crc);
  return text;
}

// The fill value of every encoded input column, as the tabular encoding writes a missing cell
// (its "%.9g" text, read back as the CSV reader reads a number).
ImputeStep impute_step(const TabularEncoding& e) {
  ImputeStep step;
  for (const ColumnEncoding& c : e.columns) {
    if (!c.is_categorical()) {
      char text[32];
      std::snprintf(text, sizeof text, "%.9g", c.fill);
      step.fill.push_back(static_cast<float>(std::strtod(text, nullptr)));
      continue;
    }
    for (int k = 0; k < static_cast<int>(c.categories.size()); ++k) {
      step.fill.push_back(k == c.fill_category ? 1.0f : 0.0f);
    }
  }
  return step;
}

// The encoding's columns as JSON: what a caller needs to build the input vector.
std::string input_encoding(const TabularEncoding& e) {
  nlohmann::json columns = nlohmann::json::array();
  for (const ColumnEncoding& c : e.columns) {
    if (c.is_categorical()) {
      columns.push_back({{"column", c.name},
                         {"kind", "categories"},
                         {"categories", c.categories},
                         {"missing", c.categories[static_cast<std::size_t>(c.fill_category)]}});
    } else {
      columns.push_back({{"column", c.name}, {"kind", "number"}, {"missing", c.fill}});
    }
  }
  return columns.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::map<std::string, std::string> export_metadata(const Model& model, const ExportPlan& plan) {
  std::map<std::string, std::string> meta{
      {"bprop_version", BPROP_VERSION_STRING},
      {"model_crc32", model_checksum(model)},
      {"loss", model.loss},
      {"preprocessing", model.preprocessor.describe()},
      {"network", model.network.describe()},
      {"feature_names", json_list(model.feature_names)},
      {"target_names", json_list(model.target_names)},
  };
  if (plan.classifier) meta["class_names"] = json_list(plan.class_names);
  if (model.tabular) {
    meta["input_encoding"] = input_encoding(*model.tabular);
    meta["missing_values"] = json_list(model.tabular->na_values);
  }
  // Training metadata under its own prefix, so it can never shadow the keys above.
  for (const auto& [key, value] : model.metadata) meta["train." + key] = value;
  return meta;
}

}  // namespace

ExportPlan make_export_plan(const Model& model) {
  const Network& net = model.network;
  ExportPlan plan;
  plan.input_width = net.input_width();
  plan.output_width = net.output_width();
  plan.widest = plan.input_width;
  if (model.tabular) plan.impute = impute_step(*model.tabular);
  if (model.preprocessor.scaling() != Scaling::kNone) {
    plan.scaling = ScalingStep{model.preprocessor.offset(), model.preprocessor.scale()};
  }
  int width = net.input_width();
  for (std::size_t i = 0; i < net.size(); ++i) {
    if (auto step = layer_step(net.layer(i), i, width)) plan.layers.push_back(std::move(*step));
    width = net.layer(i).output_width(width);
    plan.widest = std::max(plan.widest, width);
  }
  plan.output = model.loss == "softmax-ce" ? OutputKind::kSoftmax
                : model.loss == "bce"      ? OutputKind::kSigmoid
                                           : OutputKind::kIdentity;
  plan.classifier = plan.output == OutputKind::kSoftmax ||
                    (plan.output == OutputKind::kSigmoid && plan.output_width == 1);
  if (plan.classifier) {
    plan.class_names = model.class_names;
    const int classes = plan.output_width == 1 ? 2 : plan.output_width;
    if (plan.class_names.empty()) {
      for (int k = 0; k < classes; ++k) plan.class_names.push_back(std::to_string(k));
    }
  }
  plan.metadata = export_metadata(model, plan);
  return plan;
}

}  // namespace bprop::exporting
