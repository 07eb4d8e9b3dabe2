#include "bprop/layers/relu.h"

#include <gtest/gtest.h>

#include "testing/layer_check.h"

namespace bprop {
namespace {

TEST(ReLU, GradientsMatchCentralDifferences) {
  ReLU<double> layer;
  testing::expect_layer_gradients(layer, 6);
}

TEST(ReLU, ForwardMatchesKnownValues) {
  ReLU<double> layer;
  const MatrixD x{{-1.5, 0.0, 2.5}};
  const MatrixD& y = layer.forward(x);
  EXPECT_NEAR(y(0, 0), 0.0, 1e-15);
  EXPECT_NEAR(y(0, 1), 0.0, 1e-15);
  EXPECT_NEAR(y(0, 2), 2.5, 1e-15);
}

TEST(ReLU, PassesGradientOnlyWherePositive) {
  ReLU<float> layer;
  const Matrix x{{-1, 2}};
  layer.forward(x);
  EXPECT_EQ(layer.backward(Matrix{{5, 7}}), (Matrix{{0, 7}}));
}

}  // namespace
}  // namespace bprop
