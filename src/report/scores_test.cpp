#include "bprop/report/scores.h"

#include <gtest/gtest.h>

#include <cmath>

#include "bprop/errors.h"

namespace bprop {
namespace {

TEST(Scores, RegressionByHand) {
  // errors 1, -1, 2 on actual 1, 2, 3 (mean 2, SS_tot 2): SS_res 6.
  const RegressionScores s = regression_scores(Matrix{{2}, {1}, {5}}, Matrix{{1}, {2}, {3}});
  EXPECT_DOUBLE_EQ(s.rmse, std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(s.mae, 4.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.r2, 1.0 - 6.0 / 2.0);
}

TEST(Scores, RegressionAveragesR2OverOutputs) {
  // Output 0 exact (R² 1); output 1 predicts its mean (R² 0).
  const RegressionScores s = regression_scores(Matrix{{1, 5}, {3, 5}}, Matrix{{1, 4}, {3, 6}});
  EXPECT_DOUBLE_EQ(s.r2, 0.5);
  EXPECT_DOUBLE_EQ(s.mae, 0.5);
  // A constant target: exact predictions score 1, anything else 0 (as scikit-learn).
  EXPECT_DOUBLE_EQ(regression_scores(Matrix{{2}, {2}}, Matrix{{2}, {2}}).r2, 1.0);
  EXPECT_DOUBLE_EQ(regression_scores(Matrix{{2}, {3}}, Matrix{{2}, {2}}).r2, 0.0);
  EXPECT_THROW(regression_scores(Matrix(2, 1), Matrix(3, 1)), ShapeError);
  EXPECT_DOUBLE_EQ(regression_scores(Matrix(0, 1), Matrix(0, 1)).rmse, 0.0);
}

TEST(Scores, ClassScoresByHand) {
  // truth 0,0,0,1 predicted 0,0,1,1: class 0 P 1 R 2/3 F1 0.8; class 1 P 1/2 R 1 F1 2/3.
  const ClassScores s = class_scores({2, 1, 0, 1}, 2);
  EXPECT_DOUBLE_EQ(s.balanced_accuracy, (2.0 / 3.0 + 1.0) / 2.0);
  EXPECT_DOUBLE_EQ(s.macro_f1, (0.8 + 2.0 / 3.0) / 2.0);
  // A class absent from truth and predictions does not count; absent from truth only scores F1 0.
  EXPECT_DOUBLE_EQ(class_scores({1, 0, 0, 0}, 2).macro_f1, 1.0);
  EXPECT_DOUBLE_EQ(class_scores({1, 1, 0, 0}, 2).macro_f1, (2.0 / 3.0 + 0.0) / 2.0);
  EXPECT_DOUBLE_EQ(class_scores({1, 1, 0, 0}, 2).balanced_accuracy, 0.5);
  EXPECT_THROW(class_scores({1, 2, 3}, 2), ShapeError);
}

}  // namespace
}  // namespace bprop
