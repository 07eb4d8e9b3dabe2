#include "bprop/losses/mean_squared_error.h"

#include <gtest/gtest.h>

#include "bprop/errors.h"
#include "testing/layer_check.h"

namespace bprop {
namespace {

TEST(MeanSquaredError, GradientMatchesCentralDifferences) {
  MeanSquaredError<double> loss;
  testing::expect_loss_gradient(loss, MatrixD{{0.3, -1.2}, {2.0, 0.1}, {-0.7, 0.9}},
                                MatrixD{{0.0, 1.0}, {1.5, -0.5}, {0.2, 0.2}});
}

TEST(MeanSquaredError, IsTheMeanOverEveryElement) {
  MeanSquaredError<double> loss;
  // ((1-0)^2 + (3-1)^2 + (0-0)^2 + (2-4)^2) / 4 = 9/4
  EXPECT_DOUBLE_EQ(loss.forward(MatrixD{{1, 3}, {0, 2}}, MatrixD{{0, 1}, {0, 4}}), 2.25);
  // dL/dp = 2(p - y)/N
  EXPECT_EQ(loss.backward(), (MatrixD{{0.5, 1.0}, {0.0, -1.0}}));
}

TEST(MeanSquaredError, RejectsMismatchedShapes) {
  MeanSquaredError<float> loss;
  EXPECT_THROW(loss.forward(Matrix(2, 3), Matrix(2, 2)), ShapeError);
}

}  // namespace
}  // namespace bprop
