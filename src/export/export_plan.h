// ExportPlan: a trained Model restated as the few steps an exported model runs, in order:
// preprocessing steps, then the layers (Dense and element-wise activations; dropout is the identity
// at inference and leaves no step), then the output mapping of the loss. The ONNX and C writers
// both walk this plan, one emitter per step kind, so a new kind of step (issue 11's imputation,
// one-hot categories and target scaling) is one struct here and one emitter in each writer.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "bprop/io/model_file.h"

namespace bprop::exporting {

// Missing inputs of a model with a tabular encoding (bprop/data/tabular.h), before the scaling:
// an input that is NaN becomes fill[j], exactly the float that `bprop predict` reads for a missing
// cell: the training median of a numeric column, and for a categorical column's one-hot columns
// the most frequent category's pattern (1 in its column, 0 in the others). So a caller marks a
// missing category by NaN in all of its columns; an unseen category is all zeros, as in bprop.
struct ImputeStep {
  std::vector<float> fill;
};

// Input scaling, applied to every feature: x' = (x - offset[j]) * scale[j], in float, in that
// order of operations (Preprocessor::apply).
struct ScalingStep {
  std::span<const float> offset;
  std::span<const float> scale;
};

// y = x·Wᵀ + b. weight is (out x in), row-major, as the model file and torch.nn.Linear store it.
struct DenseStep {
  int layer = 0;  // the model's layer index: the exports name their tensors after it
  int in = 0;
  int out = 0;
  std::span<const float> weight;
  std::span<const float> bias;
};

enum class ActivationKind { kRelu, kLeakyRelu, kSigmoid, kTanh, kGelu };

struct ActivationStep {
  int layer = 0;
  ActivationKind kind = ActivationKind::kRelu;
  float slope = 0.0f;  // kLeakyRelu: y = slope · x for x <= 0, as the layer rounds it (to float)
};

using LayerStep = std::variant<DenseStep, ActivationStep>;
inline int layer_index(const LayerStep& step) {
  return std::visit([](const auto& s) { return s.layer; }, step);
}

// How the loss reads the network's raw outputs (BasicLoss::output).
enum class OutputKind {
  kSoftmax,   // softmax-ce: class probabilities; the label is the first largest
  kSigmoid,   // bce: independent probabilities; with one output, the label is p >= 0.5
  kIdentity,  // mse: the values themselves
};

struct ExportPlan {
  int input_width = 0;
  int output_width = 0;
  std::optional<ImputeStep> impute;
  std::optional<ScalingStep> scaling;
  std::vector<LayerStep> layers;
  OutputKind output = OutputKind::kIdentity;
  // Whether the outputs are read as classes (softmax-ce, or bce with one output), as predict does.
  bool classifier = false;
  std::vector<std::string> class_names;  // the model's, or "0", "1", ... (classifiers only)
  // What the exported files carry as metadata: names, versions, checksum, training metadata.
  std::map<std::string, std::string> metadata;
  int widest = 0;  // the widest of the input and every layer's output (the C buffers' size)
};

// The plan for `model`, which must outlive it (the plan's spans point into its parameters).
// Throws ConfigError naming the layer when one has no exported equivalent.
ExportPlan make_export_plan(const Model& model);

}  // namespace bprop::exporting
