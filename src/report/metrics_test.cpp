#include "bprop/report/metrics.h"

#include <gtest/gtest.h>

#include "bprop/registry.h"

namespace bprop {
namespace {

TEST(Metrics, ClassesFollowTheLoss) {
  EXPECT_EQ(class_count(*make_loss<float>("bce"), 1), 2);
  EXPECT_EQ(class_count(*make_loss<float>("bce"), 3), 0);  // independent labels
  EXPECT_EQ(class_count(*make_loss<float>("softmax-ce"), 4), 4);
  EXPECT_EQ(class_count(*make_loss<float>("mse"), 1), 0);
  EXPECT_THROW(predicted_classes(*make_loss<float>("mse"), Matrix(2, 1)), std::invalid_argument);
}

TEST(Metrics, PredictedClasses) {
  // bce decides on the logit's sign (σ(0) = 0.5); softmax-ce on the largest score.
  EXPECT_EQ(predicted_classes(*make_loss<float>("bce"), Matrix{{-0.1f}, {0.0f}, {3.0f}}),
            (std::vector<int>{0, 1, 1}));
  EXPECT_EQ(predicted_classes(*make_loss<float>("softmax-ce"), Matrix{{1, 5, 2}, {9, 0, 0}}),
            (std::vector<int>{1, 0}));
}

TEST(Metrics, TargetClasses) {
  EXPECT_EQ(target_classes(Matrix{{0}, {1}, {0.75f}}, 2), (std::vector<int>{0, 1, 1}));
  EXPECT_EQ(target_classes(Matrix{{2}, {0}}, 3), (std::vector<int>{2, 0}));
  EXPECT_EQ(target_classes(Matrix{{0, 0, 1}, {0, 1, 0}}, 3), (std::vector<int>{2, 1}));
  EXPECT_THROW(target_classes(Matrix{{3}}, 3), std::invalid_argument);
  EXPECT_THROW(target_classes(Matrix{{1.5f}}, 3), std::invalid_argument);
}

TEST(Metrics, AccuracyAndConfusion) {
  const std::vector<int> predicted{0, 1, 1, 2}, truth{0, 1, 2, 2};
  EXPECT_DOUBLE_EQ(accuracy(predicted, truth), 0.75);
  EXPECT_EQ(confusion_counts(predicted, truth, 3),
            (std::vector<int64_t>{1, 0, 0, 0, 1, 0, 0, 1, 1}));
  EXPECT_THROW(accuracy({0}, {0, 1}), std::invalid_argument);
  EXPECT_EQ(accuracy({}, {}), 0.0);
}

TEST(Metrics, EvaluateGivesLossAndAccuracy) {
  Network net = build_network<float>(2, "1");
  net.initialize(1);
  auto& w = net.parameters()[0]->value;  // logit = 10·x1 − 5: class 1 iff x1 > 0.5
  w(0, 0) = 10;
  w(0, 1) = 0;
  net.parameters()[1]->value(0, 0) = -5;
  auto bce = make_loss<float>("bce");
  const Evaluation e = evaluate(net, *bce, Matrix{{0, 0}, {1, 0}, {1, 1}}, Matrix{{0}, {1}, {0}});
  ASSERT_TRUE(e.accuracy.has_value());
  EXPECT_NEAR(*e.accuracy, 2.0 / 3.0, 1e-12);
  EXPECT_GT(e.loss, 1.0);  // one confident mistake
  auto mse = make_loss<float>("mse");
  EXPECT_FALSE(evaluate(net, *mse, Matrix{{0, 0}}, Matrix{{0}}).accuracy.has_value());
}

}  // namespace
}  // namespace bprop
