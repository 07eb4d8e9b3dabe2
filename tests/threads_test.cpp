// The threading policy: settable, validated, and bitwise reproducible whatever the thread count.
#include "bprop/threads.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "bprop/losses/softmax_cross_entropy.h"
#include "bprop/optimizers/sgd.h"
#include "bprop/registry.h"
#include "bprop/train.h"

namespace bprop {
namespace {

// Trains a net whose GEMMs (batch 64, widths 96/64) go to the GEMM library; returns its weights.
std::vector<Matrix> train_once(int threads) {
  set_num_threads(threads);
  Rng rng(11);
  Matrix x(256, 96), y(256, 1);
  for (float& v : x.values()) v = static_cast<float>(rng.uniform());
  for (int r = 0; r < 256; ++r) y(r, 0) = static_cast<float>(r % 10);
  Network net = build_network<float>(96, "64,relu,10");
  net.initialize(5);
  SoftmaxCrossEntropy<float> loss;
  Sgd<float> sgd({.learning_rate = 0.05, .momentum = 0.9});
  train(net, loss, sgd, x, y, {.epochs = 2, .batch_size = 64, .seed = 2});
  std::vector<Matrix> weights;
  for (const auto* p : net.parameters()) weights.push_back(p->value);
  set_num_threads(0);
  return weights;
}

TEST(Threads, ResultsAreBitwiseReproducibleForAFixedThreadCount) {
  for (int threads : {1, 2}) {
    const auto first = train_once(threads);
    const auto second = train_once(threads);
    ASSERT_EQ(first.size(), second.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
      EXPECT_EQ(first[i], second[i]) << "parameter " << i << " with " << threads << " threads";
    }
  }
}

// Products are split by rows into single-threaded library calls, which keeps every row's bits:
// the thread count changes the speed, never the weights.
TEST(Threads, ResultsDoNotDependOnTheThreadCount) {
  const auto one = train_once(1);
  for (int threads : {2, 3}) {
    const auto other = train_once(threads);
    ASSERT_EQ(one.size(), other.size());
    for (std::size_t i = 0; i < one.size(); ++i) {
      EXPECT_EQ(one[i], other[i]) << "parameter " << i << " with " << threads << " threads";
    }
  }
}

TEST(Threads, CountIsSettableAndValidated) {
  set_num_threads(3);
  EXPECT_EQ(num_threads(), 3);
  set_num_threads(0);
  EXPECT_GE(num_threads(), 1);
  EXPECT_THROW(set_num_threads(-1), std::invalid_argument);
}

}  // namespace
}  // namespace bprop
