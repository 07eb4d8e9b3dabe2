// Summary scores a user compares models by: RMSE, MAE and R² for regression, macro-F1 and
// balanced accuracy for classification (the definitions scikit-learn uses, so the numbers can be
// checked against it).
#pragma once

#include <cstdint>
#include <vector>

#include "bprop/matrix.h"

namespace bprop {

struct RegressionScores {
  double rmse = 0.0;  // sqrt(mean((predicted - actual)²)) over every row and output
  double mae = 0.0;   // mean(|predicted - actual|)
  // 1 - SS_res/SS_tot per output, averaged over outputs (sklearn's "uniform_average"). An output
  // whose actual values are all equal scores 1 when predicted exactly, else 0 (as sklearn).
  double r2 = 0.0;
};

// predicted and actual: (N, outputs) in the target's units. Throws ShapeError when the shapes
// differ; all zeros for N = 0.
RegressionScores regression_scores(const Matrix& predicted, const Matrix& actual);

// The sums behind RegressionScores, per output, for data scored in blocks of rows.
struct RegressionSums {
  int64_t rows = 0;
  std::vector<double> mean;      // of the actual values
  std::vector<double> spread;    // Σ (actual - mean)², SS_tot
  std::vector<double> residual;  // Σ (predicted - actual)², SS_res
  double absolute = 0.0;         // Σ |predicted - actual| over every output
};
// One block's sums: two passes over it (the mean first, then the spread about it).
RegressionSums regression_sums(const Matrix& predicted, const Matrix& actual);
// Adds a later block's sums: the spread by Chan, Golub and LeVeque's pairwise update
// (M2 = M2a + M2b + δ²·na·nb/n), which stays accurate where Σx² - n·mean² would cancel.
void merge_sums(RegressionSums& into, const RegressionSums& later);
RegressionScores regression_scores(const RegressionSums& sums);

struct ClassScores {
  double macro_f1 = 0.0;           // mean over classes with support or predictions of F1
  double balanced_accuracy = 0.0;  // mean recall over classes that occur in the truth
};

// From confusion counts (counts[true * classes + predicted], report/metrics.h).
ClassScores class_scores(const std::vector<int64_t>& counts, int classes);

}  // namespace bprop
