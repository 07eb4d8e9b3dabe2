#include "bprop/losses/sample_weighted.h"

#include <gtest/gtest.h>

#include "bprop/errors.h"
#include "bprop/losses/mean_squared_error.h"
#include "bprop/losses/softmax_cross_entropy.h"
#include "bprop/training/accuracy.h"
#include "testing/layer_check.h"

namespace bprop {
namespace {

TEST(SampleWeighted, GradientMatchesCentralDifferences) {
  SoftmaxCrossEntropy<double> inner;
  SampleWeighted<double> loss(inner);
  // class index, then weight
  testing::expect_loss_gradient(loss, MatrixD{{0.3, -1.2, 0.5}, {2.0, 0.1, -0.4}, {-0.7, 0.9, 0}},
                                MatrixD{{0, 0.5}, {2, 3.0}, {1, 0.0}});
}

TEST(SampleWeighted, IsTheWeightedMeanOfRowLosses) {
  MeanSquaredError<double> inner;
  SampleWeighted<double> loss(inner);
  // row losses (1-0)^2 = 1 and (2-4)^2 = 4, weights 3 and 0.5: (3·1 + 0.5·4) / 2 = 2.5
  EXPECT_DOUBLE_EQ(loss.forward(MatrixD{{1}, {2}}, MatrixD{{0, 3}, {4, 0.5}}), 2.5);
  // dL/dp_i = w_i · 2 (p_i - y_i) / B
  EXPECT_EQ(loss.backward(), (MatrixD{{3.0}, {-1.0}}));
}

TEST(SampleWeighted, UnitWeightsGiveTheInnerLoss) {
  SoftmaxCrossEntropy<double> inner, plain;
  SampleWeighted<double> loss(inner);
  const MatrixD prediction{{0.3, -1.2, 0.5}, {2.0, 0.1, -0.4}};
  const double expected = plain.forward(prediction, MatrixD{{0}, {2}});
  EXPECT_NEAR(loss.forward(prediction, MatrixD{{0, 1}, {2, 1}}), expected, 1e-15);
  EXPECT_EQ(loss.backward(), plain.backward());
}

TEST(SampleWeighted, AccuracyIgnoresTheWeightColumn) {
  SoftmaxCrossEntropy<float> inner;
  SampleWeighted<float> loss(inner);
  // argmax 2 (right), argmax 0 (wrong: class 1); weights 0.5 and 3 do not count
  const AccuracyCounts c =
      count_correct<float>(loss, Matrix{{0, 1, 2}, {5, 1, 0}}, Matrix{{2, 0.5f}, {1, 3}});
  EXPECT_EQ(c.correct, 1);
  EXPECT_EQ(c.total, 2);
}

TEST(SampleWeighted, RejectsNegativeWeightsAndAMissingWeightColumn) {
  MeanSquaredError<float> inner;
  SampleWeighted<float> loss(inner);
  EXPECT_THROW(loss.forward(Matrix{{1}}, Matrix{{0}}), ShapeError);
  EXPECT_THROW(loss.forward(Matrix{{1}}, Matrix{{0, -1}}), std::invalid_argument);
}

}  // namespace
}  // namespace bprop
