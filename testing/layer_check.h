// Test helpers shared by the per-layer and per-loss tests: one-line gradient checks in double.
#pragma once

#include <gtest/gtest.h>

#include "bprop/gradient_check.h"

namespace bprop::testing {

// The bar: central differences in double agree to 1e-8 absolute.
constexpr double kGradientTolerance = 1e-8;

// Gradient-checks `layer` (initialised with `seed`) on a random batch; every parameter's gradient
// must be fully written (NaN sentinels gone) and within tolerance.
inline void expect_layer_gradients(BasicLayer<double>& layer, int input_width, uint64_t seed = 1) {
  Rng rng(seed);
  layer.initialize({.scheme = InitScheme::kXavierNormal, .bias = 0.1}, rng);
  for (const auto& e : check_layer(layer, input_width, {.batch = 4, .seed = seed})) {
    EXPECT_TRUE(e.fully_written) << e.name << ": backward left NaN sentinels in the gradient";
    EXPECT_LE(e.max_abs, kGradientTolerance) << e.name << " (relative " << e.max_rel << ")";
  }
}

inline void expect_loss_gradient(BasicLoss<double>& loss, const MatrixD& prediction,
                                 const MatrixD& target) {
  const GradientError e = check_loss(loss, prediction, target);
  EXPECT_LE(e.max_abs, kGradientTolerance) << e.name << " (relative " << e.max_rel << ")";
}

}  // namespace bprop::testing
