// Fitting an int8 network to a trained float model (bprop/int8/quantization.h), and running a
// model as it is stored: int8 when it has a quantization, float otherwise.
#pragma once

#include <cstdint>
#include <vector>

#include "bprop/int8/quantization.h"
#include "bprop/io/model_file.h"

namespace bprop::int8 {

struct QuantizeOptions {
  int calibration_rows = 500;  // at most this many rows of `inputs`, picked with `seed`
  uint64_t seed = 1;
  // The network input's range runs from its `input_clip` to its 1 − `input_clip` quantile over
  // every calibration value (0: min to max). Standardized features with a tiny spread (the
  // border pixels of Fashion-MNIST) reach hundreds on a few rows and would otherwise stretch the
  // range of all features; the few values beyond saturate (docs/export.md, "int8 models").
  double input_clip = 1e-4;
};

// Where each Dense stage sits in the network: which layer, and what follows it.
struct StageLayout {
  int dense = 0;
  int in = 0, out = 0;
  StageOutput kind = StageOutput::kFloat;
  int activation = -1;  // kRelu, kTable
};

// The stages of `network`: Dense layers, each followed by at most one ReLU, leaky ReLU, sigmoid,
// tanh or GELU (identity and dropout are skipped), the last Dense ending the network. Throws
// ConfigError naming the layer otherwise, or a Dense wider than kMaxStageInput.
std::vector<StageLayout> stage_layout(const Network& network);

// Weights per output channel, activation ranges from the float network on up to
// options.calibration_rows rows of `inputs` (raw features, as the data file holds them; the
// model's preprocessing is applied). Throws DataError when a calibration tensor's range is zero
// (every value 0, so no scale fits) or not finite, ConfigError when the network has no int8 form.
Quantization quantize(const Model& model, const Matrix& inputs,
                      const QuantizeOptions& options = {});

// The network's raw outputs for preprocessed inputs: the int8 network when the model has one,
// else the float network.
Matrix predict_raw(const Model& model, const Matrix& preprocessed);

}  // namespace bprop::int8
