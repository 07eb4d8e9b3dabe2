#include "bprop/losses/binary_cross_entropy.h"

#include <gtest/gtest.h>

#include <cmath>

#include "bprop/errors.h"
#include "testing/layer_check.h"

namespace bprop {
namespace {

TEST(BinaryCrossEntropy, GradientMatchesCentralDifferences) {
  BinaryCrossEntropy<double> loss;
  testing::expect_loss_gradient(loss, MatrixD{{0.3, -1.2}, {2.0, 0.1}, {-3.7, 4.9}},
                                MatrixD{{0.0, 1.0}, {1.0, 0.0}, {0.2, 0.7}});
}

TEST(BinaryCrossEntropy, EqualsMinusLogLikelihoodOfTheSigmoid) {
  BinaryCrossEntropy<double> loss;
  const double z = 0.8, y = 1.0;
  const double p = 1.0 / (1.0 + std::exp(-z));
  EXPECT_NEAR(loss.forward(MatrixD{{z}}, MatrixD{{y}}), -std::log(p), 1e-15);
  // The fused gradient is p - y (the notebook's sign error would give y - p).
  EXPECT_NEAR(loss.backward()(0, 0), p - y, 1e-15);
}

TEST(BinaryCrossEntropy, StaysFiniteForLogitsOfPlusMinus1e4InFloat) {
  BinaryCrossEntropy<float> loss;
  const Matrix logits{{1e4f, -1e4f, 1e4f, -1e4f}};
  const float value = loss.forward(logits, Matrix{{1, 0, 0, 1}});
  EXPECT_TRUE(std::isfinite(value));
  EXPECT_FLOAT_EQ(value, 2e4f / 4);  // the two wrong answers cost |z| each
  const Matrix& grad = loss.backward();
  EXPECT_EQ(grad, (Matrix{{0, 0, 0.25f, -0.25f}}));
  Matrix probabilities;
  loss.output(logits, probabilities);
  EXPECT_EQ(probabilities, (Matrix{{1, 0, 1, 0}}));
}

TEST(BinaryCrossEntropy, RejectsTargetsOutsideZeroOne) {
  BinaryCrossEntropy<float> loss;
  EXPECT_THROW(loss.forward(Matrix{{0.5f}}, Matrix{{2}}), std::invalid_argument);
  EXPECT_THROW(loss.forward(Matrix{{0.5f}}, Matrix{{1, 0}}), ShapeError);
}

}  // namespace
}  // namespace bprop
