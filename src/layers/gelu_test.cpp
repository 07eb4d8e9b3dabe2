#include "bprop/layers/gelu.h"

#include <gtest/gtest.h>

#include "testing/layer_check.h"

namespace bprop {
namespace {

TEST(GELU, GradientsMatchCentralDifferences) {
  GELU<double> layer;
  testing::expect_layer_gradients(layer, 6);
}

TEST(GELU, ForwardMatchesKnownValues) {
  GELU<double> layer;
  const MatrixD x{{-1.0, 0.0, 1.0}};
  const MatrixD& y = layer.forward(x);
  EXPECT_NEAR(y(0, 0), -0.15865525393145707, 1e-15);
  EXPECT_NEAR(y(0, 1), 0.0, 1e-15);
  EXPECT_NEAR(y(0, 2), 0.8413447460685429, 1e-15);
}

}  // namespace
}  // namespace bprop
