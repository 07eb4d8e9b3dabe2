// Evaluation scores over rows that arrive in chunks of any size (`bprop evaluate` on a file larger
// than memory), with results that do not depend on the chunks: the rows are grouped into fixed
// blocks of kScoreBlockRows consecutive rows counted from the first, each block is scored as one
// batch (the loss's mean, the regression sums, the confusion counts) and the blocks are merged in
// order. Data of at most one block therefore scores exactly as one batch of all its rows.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "bprop/loss.h"
#include "bprop/matrix.h"
#include "bprop/report/scores.h"

namespace bprop {

inline constexpr int kScoreBlockRows = 4096;

struct BlockScoreTotals {
  int64_t rows = 0;
  double loss = 0.0;            // the mean over every row
  std::vector<int64_t> counts;  // confusion counts (report/metrics.h); empty unless classes
  int classes = 0;
  std::optional<RegressionScores> regression;
};

class BlockScores {
 public:
  // `loss` scores the raw outputs (output_width wide); `classes`: the classes its outputs name
  // (class_count), 0 for none; `regression`: also RMSE, MAE and R².
  BlockScores(Loss& loss, int output_width, int target_width, int classes, bool regression);

  // The raw outputs and targets of the next rows.
  void add(const Matrix& raw, const Matrix& targets);
  // Scores the last, partial block and returns the totals.
  BlockScoreTotals finish();

 private:
  void score_block();

  Loss& loss_;
  bool regression_;
  Matrix raw_, targets_;  // the block being filled
  int filled_ = 0;
  double loss_sum_ = 0.0;  // Σ over blocks of (block mean × block rows)
  RegressionSums sums_;
  BlockScoreTotals totals_;
};

}  // namespace bprop
