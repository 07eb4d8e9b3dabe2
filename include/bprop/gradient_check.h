// Gradient checking: compares every analytic gradient against central differences
// (f(w+h) - f(w-h)) / 2h, in double precision. Used by the tests for each layer and loss and by
// `bprop gradcheck`. Parameter gradients are pre-filled with NaN first, which proves that
// backward() writes every element rather than accumulating into stale values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bprop/layer.h"
#include "bprop/loss.h"
#include "bprop/network.h"

namespace bprop {

struct GradientError {
  std::string name;           // "layer 0 (dense:4) weight", "input", "prediction"
  std::size_t count = 0;      // elements compared
  double max_abs = 0.0;       // max |analytic - numeric|
  double max_rel = 0.0;       // max |analytic - numeric| / max(|analytic| + |numeric|, 1e-12)
  bool fully_written = true;  // false if backward left any NaN sentinel in place
};

struct GradientCheckOptions {
  double step = 1e-5;  // central-difference step h
  int batch = 3;       // rows of the random input
  uint64_t seed = 1;   // draws the input and the upstream gradient
};

// Checks one layer (already initialised) with loss L = Σ R∘layer(X), so dL/dy = R, for random X
// and R. Returns one entry per parameter plus one for the input.
std::vector<GradientError> check_layer(BasicLayer<double>& layer, int input_width,
                                       const GradientCheckOptions& options = {});

// Checks a loss: dL/dprediction against central differences, for the given prediction and target.
GradientError check_loss(BasicLoss<double>& loss, const MatrixD& prediction, const MatrixD& target,
                         const GradientCheckOptions& options = {});

// Checks a whole network under a loss on (inputs, targets): one entry per parameter.
std::vector<GradientError> check_network(NetworkD& network, BasicLoss<double>& loss,
                                         const MatrixD& inputs, const MatrixD& targets,
                                         const GradientCheckOptions& options = {});

}  // namespace bprop
