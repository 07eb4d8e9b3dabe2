// Scores in fixed blocks of rows: see bprop/report/block_scores.h.
#include "bprop/report/block_scores.h"

#include <algorithm>
#include <cstring>

#include "bprop/report/metrics.h"

namespace bprop {

BlockScores::BlockScores(Loss& loss, int output_width, int target_width, int classes,
                         bool regression)
    : loss_(loss),
      regression_(regression),
      raw_(kScoreBlockRows, output_width),
      targets_(kScoreBlockRows, target_width) {
  totals_.classes = classes;
  totals_.counts.assign(static_cast<std::size_t>(classes) * classes, 0);
}

void BlockScores::add(const Matrix& raw, const Matrix& targets) {
  for (int first = 0; first < raw.rows();) {
    const int count = std::min(kScoreBlockRows - filled_, raw.rows() - first);
    std::memcpy(raw_.row(filled_), raw.row(first),
                static_cast<std::size_t>(count) * raw.cols() * sizeof(float));
    std::memcpy(targets_.row(filled_), targets.row(first),
                static_cast<std::size_t>(count) * targets.cols() * sizeof(float));
    filled_ += count;
    first += count;
    if (filled_ == kScoreBlockRows) score_block();
  }
}

void BlockScores::score_block() {
  if (filled_ == 0) return;
  const Matrix raw = Matrix::view(raw_.data(), filled_, raw_.cols());
  const Matrix targets = Matrix::view(targets_.data(), filled_, targets_.cols());
  // A float mean times at most 4096 rows is exact in double: one block's total is its mean.
  loss_sum_ += static_cast<double>(loss_.forward(raw, targets)) * filled_;
  if (const int k = totals_.classes; k > 0) {
    const auto counts =
        confusion_counts(predicted_classes(loss_, raw), target_classes(targets, k), k);
    for (std::size_t i = 0; i < counts.size(); ++i) totals_.counts[i] += counts[i];
  }
  if (regression_) merge_sums(sums_, regression_sums(raw, targets));
  totals_.rows += filled_;
  filled_ = 0;
}

BlockScoreTotals BlockScores::finish() {
  score_block();
  if (totals_.rows > 0) totals_.loss = loss_sum_ / static_cast<double>(totals_.rows);
  if (regression_) totals_.regression = regression_scores(sums_);
  return totals_;
}

}  // namespace bprop
