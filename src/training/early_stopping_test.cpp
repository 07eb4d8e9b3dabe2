#include "bprop/training/early_stopping.h"

#include <gtest/gtest.h>

#include <limits>

#include "bprop/errors.h"
#include "bprop/layers/dense.h"

namespace bprop {
namespace {

Network one_dense() {
  Network net(2);
  net.add<Dense>(1);
  net.initialize(1);
  return net;
}

void set_weight(Network& net, float w) { net.parameters()[0]->value.fill(w); }
float weight(const Network& net) { return net.parameters()[0]->value(0, 0); }

TEST(EarlyStopping, StopsAfterPatienceEpochsAndRestoresTheBestWeights) {
  Network net = one_dense();
  EarlyStopping<float> stop(2);
  set_weight(net, 1);
  EXPECT_TRUE(stop.update(1, 0.5, net));
  set_weight(net, 2);
  EXPECT_TRUE(stop.update(2, 0.3, net));  // best
  set_weight(net, 3);
  EXPECT_TRUE(stop.update(3, 0.4, net));  // 1 bad epoch
  set_weight(net, 4);
  EXPECT_FALSE(stop.update(4, 0.35, net));  // 2 bad epochs = patience: stop
  EXPECT_EQ(stop.best_epoch(), 2);
  EXPECT_DOUBLE_EQ(stop.best_loss(), 0.3);
  stop.restore(net);
  EXPECT_EQ(weight(net), 2.0f);
}

TEST(EarlyStopping, MinDeltaAndNonFiniteLossesAreNotImprovements) {
  Network net = one_dense();
  EarlyStopping<float> stop(3, 0.1);
  set_weight(net, 1);
  stop.update(1, 1.0, net);
  set_weight(net, 2);
  stop.update(2, 0.95, net);  // within min_delta: not better
  set_weight(net, 3);
  stop.update(3, std::numeric_limits<double>::quiet_NaN(), net);
  EXPECT_EQ(stop.best_epoch(), 1);
  EXPECT_EQ(stop.epochs_without_improvement(), 2);
  stop.restore(net);
  EXPECT_EQ(weight(net), 1.0f);
}

TEST(EarlyStopping, TheRunningBestRuleStopsALossThatFallsByLessThanMinDeltaEachEpoch) {
  // scikit-learn's n_iter_no_change/tol: every lower loss becomes the best, only a drop by more
  // than min_delta resets the count. The default rule compares with the last improvement (1.0),
  // which 0.88 at epoch 4 improves on.
  Network net = one_dense();
  using Reference = EarlyStopping<float>::Reference;
  EarlyStopping<float> running(3, 0.1, Reference::kRunningBest);
  EarlyStopping<float> last(3, 0.1);
  const double losses[] = {1.0, 0.96, 0.92, 0.88};
  for (int e = 1; e <= 3; ++e) {
    set_weight(net, static_cast<float>(e));
    EXPECT_TRUE(running.update(e, losses[e - 1], net));
    EXPECT_TRUE(last.update(e, losses[e - 1], net));
  }
  set_weight(net, 4);
  EXPECT_FALSE(running.update(4, losses[3], net));  // 3 epochs without a 0.1 drop: stop
  EXPECT_EQ(running.best_epoch(), 4);                 // the lowest loss, though no improvement
  EXPECT_DOUBLE_EQ(running.best_loss(), 0.88);
  running.restore(net);
  EXPECT_EQ(weight(net), 4.0f);
  EXPECT_TRUE(last.update(4, losses[3], net));  // 0.88 < 1.0 - 0.1: an improvement
  EXPECT_EQ(last.best_epoch(), 4);
  EXPECT_EQ(last.epochs_without_improvement(), 0);
}

TEST(EarlyStopping, ZeroPatienceNeverStopsButKeepsTheBest) {
  Network net = one_dense();
  EarlyStopping<float> stop(0);
  set_weight(net, 7);
  stop.update(1, 0.1, net);
  for (int e = 2; e < 50; ++e) EXPECT_TRUE(stop.update(e, 1.0, net));
  set_weight(net, 0);
  stop.restore(net);
  EXPECT_EQ(weight(net), 7.0f);
  EXPECT_THROW(EarlyStopping<float>(-1), ConfigError);
}

}  // namespace
}  // namespace bprop
