// Summary scores: see bprop/report/scores.h.
#include "bprop/report/scores.h"

#include <cmath>
#include <cstddef>

#include "bprop/errors.h"

namespace bprop {

RegressionSums regression_sums(const Matrix& predicted, const Matrix& actual) {
  if (predicted.rows() != actual.rows() || predicted.cols() != actual.cols()) {
    throw ShapeError("regression_scores: predictions " + predicted.shape() + " for targets " +
                     actual.shape());
  }
  RegressionSums s;
  const int n = actual.rows();
  const int outputs = actual.cols();
  s.rows = n;
  s.mean.assign(static_cast<std::size_t>(outputs), 0.0);
  s.spread = s.residual = s.mean;
  if (n == 0) return s;
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
      s.absolute += std::abs(error);
    }
    s.mean[c] = mean;
    s.spread[c] = total;
    s.residual[c] = residual;
  }
  return s;
}

void merge_sums(RegressionSums& into, const RegressionSums& later) {
  if (later.rows == 0) return;
  if (into.rows == 0) {
    into = later;
    return;
  }
  const double n = static_cast<double>(into.rows + later.rows);
  const double na = static_cast<double>(into.rows), nb = static_cast<double>(later.rows);
  for (std::size_t c = 0; c < into.mean.size(); ++c) {
    const double delta = later.mean[c] - into.mean[c];
    into.mean[c] += delta * (nb / n);
    into.spread[c] += later.spread[c] + delta * delta * (na * nb / n);
    into.residual[c] += later.residual[c];
  }
  into.absolute += later.absolute;
  into.rows += later.rows;
}

RegressionScores regression_scores(const RegressionSums& sums) {
  RegressionScores s;
  const std::size_t outputs = sums.mean.size();
  if (sums.rows == 0 || outputs == 0) return s;
  double squared = 0.0, r2_sum = 0.0;
  for (std::size_t c = 0; c < outputs; ++c) {
    const double residual = sums.residual[c], total = sums.spread[c];
    squared += residual;
    r2_sum += total > 0.0 ? 1.0 - residual / total : (residual == 0.0 ? 1.0 : 0.0);
  }
  const double cells = static_cast<double>(sums.rows) * static_cast<double>(outputs);
  s.rmse = std::sqrt(squared / cells);
  s.mae = sums.absolute / cells;
  s.r2 = r2_sum / static_cast<double>(outputs);
  return s;
}

RegressionScores regression_scores(const Matrix& predicted, const Matrix& actual) {
  return regression_scores(regression_sums(predicted, actual));
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
