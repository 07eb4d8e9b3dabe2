#include "bprop/training/accuracy.h"

#include <gtest/gtest.h>

#include "bprop/registry.h"

namespace bprop {
namespace {

TEST(Accuracy, SoftmaxCountsArgmaxAgainstIndicesAndOneHotRows) {
  const auto loss = make_loss<float>("softmax-ce");
  const Matrix prediction{{2, 1, 0}, {0, 3, 1}, {0, 0, 5}, {4, 0, 0}};
  const AccuracyCounts by_index = count_correct(*loss, prediction, Matrix{{0}, {1}, {0}, {0}});
  EXPECT_EQ(by_index.correct, 3);
  EXPECT_EQ(by_index.total, 4);
  const Matrix one_hot{{1, 0, 0}, {0, 1, 0}, {1, 0, 0}, {0, 0, 1}};
  EXPECT_EQ(count_correct(*loss, prediction, one_hot).correct, 2);
}

TEST(Accuracy, BceComparesLogitSignWithTargetsAndMseHasNone) {
  const auto bce = make_loss<float>("bce");
  const AccuracyCounts c =
      count_correct(*bce, Matrix{{2}, {-1}, {0.5f}, {-3}}, Matrix{{1}, {1}, {0}, {0}});
  EXPECT_EQ(c.correct, 2);
  EXPECT_DOUBLE_EQ(c.rate(), 0.5);
  const auto mse = make_loss<float>("mse");
  EXPECT_EQ(count_correct(*mse, Matrix{{1}}, Matrix{{1}}).total, 0);
}

TEST(Accuracy, MeterAccumulatesOverBatchesAndKeepsTheLossValue) {
  const auto loss = make_loss<float>("softmax-ce");
  AccuracyMeter<float> meter(*loss);
  const Matrix p{{3, 0}, {0, 3}};
  const float value = meter.forward(p, Matrix{{0}, {0}});
  EXPECT_FLOAT_EQ(value, loss->forward(p, Matrix{{0}, {0}}));
  meter.forward(Matrix{{1, 0}}, Matrix{{0}});
  EXPECT_EQ(meter.counts().correct, 2);
  EXPECT_EQ(meter.counts().total, 3);
  meter.reset();
  EXPECT_EQ(meter.counts().total, 0);
}

}  // namespace
}  // namespace bprop
