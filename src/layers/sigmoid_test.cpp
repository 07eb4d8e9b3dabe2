#include "bprop/layers/sigmoid.h"

#include <gtest/gtest.h>

#include "testing/layer_check.h"

namespace bprop {
namespace {

TEST(Sigmoid, GradientsMatchCentralDifferences) {
  Sigmoid<double> layer;
  testing::expect_layer_gradients(layer, 6);
}

TEST(Sigmoid, ForwardMatchesKnownValues) {
  Sigmoid<double> layer;
  const MatrixD x{{-2.0, 0.0, 3.0}};
  const MatrixD& y = layer.forward(x);
  EXPECT_NEAR(y(0, 0), 0.11920292202211755, 1e-15);
  EXPECT_NEAR(y(0, 1), 0.5, 1e-15);
  EXPECT_NEAR(y(0, 2), 0.9525741268224334, 1e-15);
}

TEST(Sigmoid, StaysFiniteAndSaturatesForHugeInputs) {
  Sigmoid<float> layer;
  const Matrix x{{-1e4f, 1e4f}};
  const Matrix& y = layer.forward(x);
  EXPECT_EQ(y(0, 0), 0.0f);
  EXPECT_EQ(y(0, 1), 1.0f);
}

}  // namespace
}  // namespace bprop
