#include "bprop/losses/softmax_cross_entropy.h"

#include <gtest/gtest.h>

#include <cmath>

#include "bprop/errors.h"
#include "testing/layer_check.h"

namespace bprop {
namespace {

TEST(SoftmaxCrossEntropy, GradientMatchesCentralDifferencesWithClassIndices) {
  SoftmaxCrossEntropy<double> loss;
  testing::expect_loss_gradient(loss, MatrixD{{0.3, -1.2, 2.0}, {0.1, -3.7, 4.9}},
                                MatrixD{{2}, {0}});
}

TEST(SoftmaxCrossEntropy, GradientMatchesCentralDifferencesWithProbabilities) {
  SoftmaxCrossEntropy<double> loss;
  testing::expect_loss_gradient(loss, MatrixD{{0.3, -1.2, 2.0}, {0.1, -3.7, 4.9}},
                                MatrixD{{0.2, 0.3, 0.5}, {1.0, 0.0, 0.0}});
}

TEST(SoftmaxCrossEntropy, MatchesTheDefinitionAndItsFusedGradient) {
  SoftmaxCrossEntropy<double> loss;
  const MatrixD z{{1.0, 2.0, 3.0}};
  const double lse = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0));
  EXPECT_NEAR(loss.forward(z, MatrixD{{1}}), lse - 2.0, 1e-15);
  const MatrixD& grad = loss.backward();  // softmax(z) - onehot, batch of 1
  EXPECT_NEAR(grad(0, 0), std::exp(1.0 - lse), 1e-15);
  EXPECT_NEAR(grad(0, 1), std::exp(2.0 - lse) - 1.0, 1e-15);
}

TEST(SoftmaxCrossEntropy, StaysFiniteForLogitsOfPlusMinus1e4InFloat) {
  SoftmaxCrossEntropy<float> loss;
  const Matrix logits{{1e4f, -1e4f, 0}, {-1e4f, 1e4f, 1e4f}};
  const float value = loss.forward(logits, Matrix{{1}, {0}});
  EXPECT_TRUE(std::isfinite(value));
  EXPECT_NEAR(value, (2e4f + 2e4f + std::log(2.0f)) / 2, 1e-2);
  for (float g : loss.backward().values()) EXPECT_TRUE(std::isfinite(g));
}

TEST(SoftmaxCrossEntropy, RejectsLabelsThatAreNotClassIndices) {
  SoftmaxCrossEntropy<float> loss;
  const Matrix z(1, 3);
  EXPECT_THROW(loss.forward(z, Matrix{{3}}), std::invalid_argument);
  EXPECT_THROW(loss.forward(z, Matrix{{-1}}), std::invalid_argument);
  EXPECT_THROW(loss.forward(z, Matrix{{1.5f}}), std::invalid_argument);
  EXPECT_THROW(loss.forward(z, Matrix(1, 2)), ShapeError);
}

}  // namespace
}  // namespace bprop
