#include "bprop/layers/tanh.h"

#include <gtest/gtest.h>

#include "testing/layer_check.h"

namespace bprop {
namespace {

TEST(Tanh, GradientsMatchCentralDifferences) {
  Tanh<double> layer;
  testing::expect_layer_gradients(layer, 6);
}

TEST(Tanh, ForwardMatchesKnownValues) {
  Tanh<double> layer;
  const MatrixD x{{-1.0, 0.0, 0.5}};
  const MatrixD& y = layer.forward(x);
  EXPECT_NEAR(y(0, 0), -0.7615941559557649, 1e-15);
  EXPECT_NEAR(y(0, 1), 0.0, 1e-15);
  EXPECT_NEAR(y(0, 2), 0.46211715726000974, 1e-15);
}

}  // namespace
}  // namespace bprop
