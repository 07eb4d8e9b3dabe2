// BlockScores: totals that do not depend on how the rows are chunked; data of one block scores
// exactly as one batch; more rows than a block agree with one batch to double rounding.
#include "bprop/report/block_scores.h"

#include <gtest/gtest.h>

#include <random>

#include "bprop/losses/mean_squared_error.h"
#include "bprop/losses/softmax_cross_entropy.h"
#include "bprop/report/metrics.h"

namespace bprop {
namespace {

struct Rows {
  Matrix raw, targets;
};

Rows regression_rows(int n, float offset) {
  std::mt19937 gen(5);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  Rows r{Matrix(n, 2), Matrix(n, 2)};
  for (int i = 0; i < n; ++i) {
    for (int c = 0; c < 2; ++c) {
      r.targets(i, c) = offset + dist(gen);  // a large offset: R² needs a sound spread
      r.raw(i, c) = r.targets(i, c) + 0.3f * dist(gen);
    }
  }
  return r;
}

BlockScoreTotals score_in_chunks(Loss& loss, const Rows& rows, int chunk, int classes,
                                 bool regression) {
  BlockScores scores(loss, rows.raw.cols(), rows.targets.cols(), classes, regression);
  for (int first = 0; first < rows.raw.rows(); first += chunk) {
    const int count = std::min(chunk, rows.raw.rows() - first);
    scores.add(
        Matrix::view(const_cast<float*>(rows.raw.row(first)), count, rows.raw.cols()),
        Matrix::view(const_cast<float*>(rows.targets.row(first)), count, rows.targets.cols()));
  }
  return scores.finish();
}

TEST(BlockScores, OneBlockScoresExactlyAsOneBatch) {
  MeanSquaredError<float> loss;
  const Rows rows = regression_rows(kScoreBlockRows, 1000.0f);
  const BlockScoreTotals t = score_in_chunks(loss, rows, 777, 0, true);
  EXPECT_EQ(t.loss, static_cast<double>(loss.forward(rows.raw, rows.targets)));
  const RegressionScores whole = regression_scores(rows.raw, rows.targets);
  EXPECT_EQ(t.regression->rmse, whole.rmse);
  EXPECT_EQ(t.regression->mae, whole.mae);
  EXPECT_EQ(t.regression->r2, whole.r2);
}

TEST(BlockScores, ChunksDoNotChangeAnyBitAndManyBlocksAgreeWithOneBatch) {
  MeanSquaredError<float> loss;
  const Rows rows = regression_rows(3 * kScoreBlockRows + 123, 1000.0f);
  const BlockScoreTotals first = score_in_chunks(loss, rows, 1, 0, true);
  for (const int chunk : {7, 4096, 5000, 100000}) {
    const BlockScoreTotals t = score_in_chunks(loss, rows, chunk, 0, true);
    EXPECT_EQ(t.loss, first.loss) << chunk;
    EXPECT_EQ(t.regression->r2, first.regression->r2) << chunk;
    EXPECT_EQ(t.regression->rmse, first.regression->rmse) << chunk;
    EXPECT_EQ(t.regression->mae, first.regression->mae) << chunk;
  }
  // Against one batch of every row: the loss is a float mean per block (so float rounding), the
  // regression sums are doubles merged by the pairwise update (so double rounding).
  EXPECT_NEAR(first.loss, loss.forward(rows.raw, rows.targets), 1e-6 * first.loss);
  const RegressionScores whole = regression_scores(rows.raw, rows.targets);
  EXPECT_NEAR(first.regression->r2, whole.r2, 1e-12);
  EXPECT_NEAR(first.regression->rmse, whole.rmse, 1e-12 * whole.rmse);
  EXPECT_NEAR(first.regression->mae, whole.mae, 1e-12 * whole.mae);
}

TEST(BlockScores, ConfusionCountsAddUpOverBlocks) {
  SoftmaxCrossEntropy<float> loss;
  const int n = 2 * kScoreBlockRows + 5;
  Rows rows{Matrix(n, 3), Matrix(n, 1)};
  for (int i = 0; i < n; ++i) {
    for (int c = 0; c < 3; ++c) rows.raw(i, c) = static_cast<float>((i * (c + 1)) % 7);
    rows.targets(i, 0) = static_cast<float>(i % 3);
  }
  const BlockScoreTotals t = score_in_chunks(loss, rows, 1000, 3, false);
  EXPECT_EQ(t.rows, n);
  EXPECT_EQ(t.counts, confusion_counts(predicted_classes(loss, rows.raw),
                                       target_classes(rows.targets, 3), 3));
  EXPECT_FALSE(t.regression);
}

}  // namespace
}  // namespace bprop
