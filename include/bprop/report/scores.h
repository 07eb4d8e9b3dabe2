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

struct ClassScores {
  double macro_f1 = 0.0;           // mean over classes with support or predictions of F1
  double balanced_accuracy = 0.0;  // mean recall over classes that occur in the truth
};

// From confusion counts (counts[true * classes + predicted], report/metrics.h).
ClassScores class_scores(const std::vector<int64_t>& counts, int classes);

}  // namespace bprop
