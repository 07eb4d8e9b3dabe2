#include "bprop/ordered_sync.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <optional>
#include <vector>

#include "bprop/errors.h"
#include "bprop/registry.h"
#include "bprop/train.h"

namespace bprop {
namespace {

// A made-up chunk gradient with values of many magnitudes, so that the order of the sum matters.
std::vector<float> chunk_gradient(RowRange chunk, std::size_t size) {
  std::vector<float> g(size);
  for (std::size_t i = 0; i < size; ++i) {
    g[i] = std::ldexp(1.0f + 0.1f * static_cast<float>(chunk.begin), static_cast<int>(i % 30)) /
           static_cast<float>(3 + chunk.size() + i);
  }
  return g;
}

// What N processes agree on for one batch: each keeps its chunks, the records are exchanged (as
// MPI_Allgatherv would), and process 0 combines them. Also checks every process's cut.
std::vector<float> combined_by(int processes, int chunks, RowRange batch, double& loss) {
  const std::size_t size = 40;
  std::vector<OrderedChunks<float>> parts;
  std::size_t covered = batch.begin;
  for (int r = 0; r < processes; ++r) {
    parts.emplace_back(chunks, r, processes, size);
    for (const RowRange chunk : parts.back().cut(batch)) {
      EXPECT_EQ(chunk.begin, covered);  // contiguous, in order, the whole batch once
      covered = chunk.end;
      parts.back().keep(chunk_gradient(chunk, size), chunk.size(), 0.1 * chunk.begin);
    }
  }
  EXPECT_EQ(covered, batch.end);
  for (int r = 1; r < processes; ++r) {
    const std::size_t offset = static_cast<std::size_t>(parts[r].byte_offsets()[r]);
    std::memcpy(reinterpret_cast<char*>(parts[0].all_records().data()) + offset,
                reinterpret_cast<const char*>(parts[r].all_records().data()) + offset,
                static_cast<std::size_t>(parts[r].byte_counts()[r]));
  }
  std::vector<float> gradients(size);
  loss = parts[0].combine(gradients);
  return gradients;
}

TEST(OrderedChunks, TheCombinedGradientIsBitwiseTheSameForAnyProcessCount) {
  for (const RowRange batch : {RowRange{0, 256}, RowRange{24, 35}, RowRange{5, 8}}) {
    double loss1 = 0;
    const std::vector<float> one = combined_by(1, 16, batch, loss1);
    for (const int n : {2, 3, 4, 7, 16, 20}) {
      double loss = 0;
      EXPECT_EQ(combined_by(n, 16, batch, loss), one) << n << " processes";
      EXPECT_EQ(loss, loss1);
    }
  }
}

TEST(OrderedChunks, CombinesTheMeanOverTheBatch) {
  OrderedChunks<double> chunks(3, 0, 1, 2);
  const std::vector<RowRange> own = chunks.cut({0, 7});  // rows 2, 2, 3
  ASSERT_EQ(own.size(), 3u);
  chunks.keep(std::vector<double>{1.0, 0.0}, 2, 1.0);
  chunks.keep(std::vector<double>{1.0, 1.0}, 2, 2.0);
  chunks.keep(std::vector<double>{2.0, 1.0}, 3, 4.0);
  std::vector<double> g(2);
  EXPECT_EQ(chunks.combine(g), 7.0);
  EXPECT_DOUBLE_EQ(g[0], 10.0 / 7.0);
  EXPECT_DOUBLE_EQ(g[1], 5.0 / 7.0);
  EXPECT_THROW(chunks.keep(std::vector<double>{1.0, 1.0}, 1, 0.0), ConfigError);
  EXPECT_THROW(OrderedChunks<float>(0, 0, 1, 2), ConfigError);
}

TEST(OrderedGradientSync, TrainsLikeThePlainLoopWithinRoundingAndReproducibly) {
  auto loss = make_loss<float>("mse");
  auto opt = make_optimizer<float>({.name = "adam", .learning_rate = 0.01});
  Matrix inputs(50, 3), targets(50, 1);
  for (int i = 0; i < 50; ++i) {
    for (int j = 0; j < 3; ++j) inputs(i, j) = std::sin(static_cast<float>(i * 3 + j));
    targets(i, 0) = inputs(i, 0) * inputs(i, 1) - inputs(i, 2);
  }
  auto train = [&](int chunks) {
    Network net = build_network<float>(3, "6,tanh,1");
    net.initialize(2);
    std::optional<OrderedGradientSync<float>> sync;
    Trainer trainer(net, *loss, *opt, {.epochs = 4, .batch_size = 16, .seed = 3});
    if (chunks > 0)
      trainer.set_gradient_sync(
          sync.emplace(net, OrderedGradientSync<float>::Options{.chunks = chunks}));
    trainer.run(inputs, targets);
    auto w = net.parameter_arena();
    return std::vector<float>(w.begin(), w.end());
  };
  const std::vector<float> plain = train(0), ordered = train(5);
  EXPECT_EQ(train(5), ordered);
  double diff = 0, norm = 0;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    diff += std::pow(double(plain[i]) - ordered[i], 2);
    norm += std::pow(double(plain[i]), 2);
  }
  EXPECT_LT(std::sqrt(diff / norm), 1e-5);
}

TEST(OrderedGradientSync, ANonFiniteLossStopsBeforeTheStep) {
  Network net = build_network<float>(2, "3,tanh,1");
  net.initialize(1);
  auto loss = make_loss<float>("mse");
  auto opt = make_optimizer<float>({.name = "sgd", .learning_rate = 0.1});
  OrderedGradientSync<float> sync(net, {.chunks = 4});
  Trainer trainer(net, *loss, *opt, {.epochs = 1, .batch_size = 8});
  trainer.set_gradient_sync(sync);
  Matrix targets(8, 1, 1.0f);
  targets(5, 0) = 1e30f;  // a squared error of 1e60: inf in float
  EXPECT_THROW(trainer.run(Matrix(8, 2, 0.5f), targets), DivergenceError);
  EXPECT_EQ(trainer.step(), 0);
}

}  // namespace
}  // namespace bprop
