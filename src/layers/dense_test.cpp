#include "bprop/layers/dense.h"

#include <gtest/gtest.h>

#include "bprop/errors.h"
#include "testing/layer_check.h"

namespace bprop {
namespace {

TEST(Dense, GradientsMatchCentralDifferences) {
  Dense<double> layer(5, 3);
  testing::expect_layer_gradients(layer, 5);
}

TEST(Dense, ForwardIsInputTimesWeightTransposedPlusBias) {
  Dense<float> layer(2, 2);
  layer.weight().value = Matrix{{1, 2}, {3, 4}};  // (out, in), as torch.nn.Linear
  layer.bias().value = Matrix{{0.5f, -1}};
  const Matrix x{{1, 1}, {2, 0}};
  const Matrix& y = layer.forward(x);
  EXPECT_EQ(y, (Matrix{{3.5f, 6}, {2.5f, 5}}));
}

TEST(Dense, BackwardOverwritesGradientsInsteadOfAccumulating) {
  Dense<float> layer(2, 1);
  layer.weight().value = Matrix{{1, 1}};
  const Matrix x{{1, 2}};
  layer.forward(x);
  layer.backward(Matrix{{1}});
  layer.forward(x);
  layer.backward(Matrix{{1}});
  EXPECT_EQ(layer.weight().grad, (Matrix{{1, 2}}));  // not {{2, 4}}
  EXPECT_EQ(layer.bias().grad, (Matrix{{1}}));
}

TEST(Dense, WrongInputWidthNamesTheLayerAndShapes) {
  Dense<float> layer(3, 2);
  const Matrix x(4, 5);
  try {
    layer.forward(x);
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& e) {
    EXPECT_NE(std::string(e.what()).find("Dense(3->2)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("4x5"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace bprop
