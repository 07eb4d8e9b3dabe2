#include "bprop/layers/leaky_relu.h"

#include <gtest/gtest.h>

#include "bprop/registry.h"
#include "testing/layer_check.h"

namespace bprop {
namespace {

TEST(LeakyReLU, GradientsMatchCentralDifferences) {
  LeakyReLU<double> layer(0, 0.2);
  testing::expect_layer_gradients(layer, 6);
}

TEST(LeakyReLU, ScalesNegativeInputsBySlope) {
  LeakyReLU<double> layer(0, 0.1);
  const MatrixD x{{-2.0, 3.0}};
  EXPECT_EQ(layer.forward(x), (MatrixD{{-0.2, 3.0}}));
  EXPECT_EQ(layer.backward(MatrixD{{1.0, 1.0}}), (MatrixD{{0.1, 1.0}}));
}

TEST(LeakyReLU, SpecRoundTripsThroughTheRegistry) {
  LeakyReLU<float> layer(0, 0.25);
  auto rebuilt = make_layer<float>(layer.spec(), 3);
  EXPECT_EQ(rebuilt->spec(), layer.spec());
  EXPECT_EQ(dynamic_cast<LeakyReLU<float>&>(*rebuilt).slope(), 0.25);
}

}  // namespace
}  // namespace bprop
