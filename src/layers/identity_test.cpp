#include "bprop/layers/identity.h"

#include <gtest/gtest.h>

#include "testing/layer_check.h"

namespace bprop {
namespace {

TEST(Identity, GradientsMatchCentralDifferences) {
  Identity<double> layer;
  testing::expect_layer_gradients(layer, 6);
}

TEST(Identity, ForwardMatchesKnownValues) {
  Identity<double> layer;
  const MatrixD x{{-1.5, 0.0, 2.5}};
  const MatrixD& y = layer.forward(x);
  EXPECT_NEAR(y(0, 0), -1.5, 1e-15);
  EXPECT_NEAR(y(0, 1), 0.0, 1e-15);
  EXPECT_NEAR(y(0, 2), 2.5, 1e-15);
}

}  // namespace
}  // namespace bprop
