// Summary scores: see bprop/report/scores.h.
#include "bprop/report/scores.h"

#include <cmath>
#include <cstddef>

#include "bprop/errors.h"

namespace bprop {

RegressionScores regression_scores(const Matrix& predicted, const Matrix& actual) {
  if (predicted.rows() != actual.rows() || predicted.cols() != actual.cols()) {
    throw ShapeError("regression_scores: predictions " + predicted.shape() + " for targets " +
                     actual.shape());
  }
  RegressionScores s;
  const int n = actual.rows();
  const int outputs = actual.cols();
  if (n == 0 || outputs == 0) return s;
  double squared = 0.0, absolute = 0.0, r2_sum = 0.0;
  for (int c = 0; c < outputs; ++c) {
    double mean = 0.0;
    for (int r = 0; r < n; ++r) mean += actual(r, c);
    mean /= n;
    double residual = 0.0, total = 0.0;
    for (int r = 0; r < n; ++r) {
      const double error = static_cast<double>(predicted(r, c)) - actual(r, c);
      const double spread = actual(r, c) - mean;
      residual += error * error;
      total += spread * spread;
      absolute += std::abs(error);
    }
    squared += residual;
    r2_sum += total > 0.0 ? 1.0 - residual / total : (residual == 0.0 ? 1.0 : 0.0);
  }
  const double cells = static_cast<double>(n) * outputs;
  s.rmse = std::sqrt(squared / cells);
  s.mae = absolute / cells;
  s.r2 = r2_sum / outputs;
  return s;
}

ClassScores class_scores(const std::vector<int64_t>& counts, int classes) {
  if (classes <= 0 || counts.size() != static_cast<std::size_t>(classes) * classes) {
    throw ShapeError("class_scores: " + std::to_string(counts.size()) + " counts for " +
                     std::to_string(classes) + " classes");
  }
  ClassScores s;
  double f1_sum = 0.0, recall_sum = 0.0;
  int f1_classes = 0, present = 0;
  for (int c = 0; c < classes; ++c) {
    int64_t support = 0, predicted = 0;
    for (int k = 0; k < classes; ++k) {
      support += counts[static_cast<std::size_t>(c) * classes + k];
      predicted += counts[static_cast<std::size_t>(k) * classes + c];
    }
    const auto correct = static_cast<double>(counts[static_cast<std::size_t>(c) * classes + c]);
    if (support > 0) {
      recall_sum += correct / static_cast<double>(support);
      ++present;
    }
    if (support + predicted > 0) {  // F1 = 2·TP / (2·TP + FP + FN)
      f1_sum += 2.0 * correct / static_cast<double>(support + predicted);
      ++f1_classes;
    }
  }
  s.macro_f1 = f1_classes > 0 ? f1_sum / f1_classes : 0.0;
  s.balanced_accuracy = present > 0 ? recall_sum / present : 0.0;
  return s;
}

}  // namespace bprop
