// The Trainer's hook schedule: after_step only at multiples of after_step_every and while woken,
// through SmallNet (batch 1) and the layers (batch 2) alike.
#include "bprop/train.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <vector>

#include "bprop/errors.h"
#include "bprop/registry.h"

namespace bprop {
namespace {

std::vector<int64_t> hook_steps(int batch, int64_t every, int64_t stop_at = 0) {
  Network net = build_network<float>(2, "3,tanh,1");
  net.initialize(1);
  auto loss = make_loss<float>("mse");
  auto opt = make_optimizer<float>({.name = "sgd", .learning_rate = 0.01});
  Matrix x(6, 2, 0.5f), y(6, 1, 1.0f);
  volatile std::sig_atomic_t wake = 0;
  std::vector<int64_t> called;
  TrainOptions options{.epochs = 4, .batch_size = batch, .shuffle = false};
  options.after_step_every = every;
  options.after_step_wake = &wake;
  // Something wakes the loop before step 7's hook (as a signal would), and the hook clears it.
  options.after_backward = [&](int64_t step) { wake = step == 7 ? 1 : wake; };
  options.after_step = [&](int64_t step) {
    called.push_back(step);
    wake = 0;
    return step != stop_at;
  };
  Trainer<float> trainer(net, *loss, *opt, options);
  const TrainResult result = trainer.run(x, y);
  EXPECT_EQ(trainer.used_small_net(), batch == 1);
  EXPECT_EQ(result.interrupted, stop_at != 0);
  return called;
}

TEST(Trainer, AfterStepRunsAtMultiplesOfItsPeriodAndWhenWoken) {
  for (const int batch : {1, 2}) {
    SCOPED_TRACE(batch);
    const int64_t steps = 24 / batch;
    std::vector<int64_t> every_step(static_cast<std::size_t>(steps));
    for (int64_t s = 1; s <= steps; ++s) every_step[static_cast<std::size_t>(s - 1)] = s;
    EXPECT_EQ(hook_steps(batch, 1), every_step);
    if (batch == 1) {
      EXPECT_EQ(hook_steps(batch, 5), (std::vector<int64_t>{5, 7, 10, 15, 20}));
      EXPECT_EQ(hook_steps(batch, 0), (std::vector<int64_t>{7}));
      EXPECT_EQ(hook_steps(batch, 5, 10), (std::vector<int64_t>{5, 7, 10}));  // stops there
    } else {
      EXPECT_EQ(hook_steps(batch, 5), (std::vector<int64_t>{5, 7, 10}));
      EXPECT_EQ(hook_steps(batch, 0), (std::vector<int64_t>{7}));
    }
  }
}

// Records what the seam sees; `zero` wipes the gradient, `diverge` says some process diverged.
struct RecordingSync : GradientSync {
  std::vector<int> rows;
  std::size_t size = 0;
  bool zero = false, diverge = false;
  void reduce(std::span<float> gradients, int r) override {
    rows.push_back(r);
    size = gradients.size();
    if (zero) std::fill(gradients.begin(), gradients.end(), 0.0f);
  }
  bool any(bool local) override { return local || diverge; }
  // Another process's non-finite loss makes the global loss sum non-finite.
  double sum(double local) override { return diverge ? std::nan("") : local; }
  bool is_identity() const override { return false; }
};

TEST(Trainer, GradientSyncSeesEveryStepsWholeGradientBeforeTheStep) {
  for (const int batch : {1, 4}) {
    Network net = build_network<float>(2, "3,tanh,1");
    net.initialize(1);
    const std::vector<float> before(net.parameter_arena().begin(), net.parameter_arena().end());
    auto loss = make_loss<float>("mse");
    auto opt = make_optimizer<float>({.name = "sgd", .learning_rate = 0.1});
    RecordingSync sync;
    sync.zero = true;
    Trainer<float> trainer(net, *loss, *opt, {.epochs = 2, .batch_size = batch});
    trainer.set_gradient_sync(sync);
    trainer.run(Matrix(6, 2, 0.5f), Matrix(6, 1, 1.0f));
    EXPECT_FALSE(trainer.used_small_net());  // the fast path has no seam: not taken
    const std::vector<int> rows =
        batch == 1 ? std::vector<int>(12, 1) : std::vector<int>{4, 2, 4, 2};
    EXPECT_EQ(sync.rows, rows);
    EXPECT_EQ(sync.size, net.gradient_arena().size());
    // Zeroed gradients: plain SGD changes no weight.
    EXPECT_TRUE(std::equal(before.begin(), before.end(), net.parameter_arena().begin()));
  }
}

// A sync that gives this process the second half of every batch and says the global loss is
// twice its own: each step runs only that half, and the epoch loss is the global one.
struct SecondHalfSync : GradientSync {
  std::vector<int> rows;
  RowRange share(RowRange batch) override { return {batch.begin + batch.size() / 2, batch.end}; }
  double sum(double local) override { return 2 * local; }
  void reduce(std::span<float>, int r) override { rows.push_back(r); }
  bool is_identity() const override { return false; }
};

TEST(Trainer, EachProcessRunsItsShareOfTheBatchAndAgreesOnTheLoss) {
  auto loss = make_loss<float>("mse");
  auto opt = make_optimizer<float>({.name = "sgd", .learning_rate = 0.1});
  for (const int rows : {4, 5}) {
    Network net = build_network<float>(2, "3,tanh,1");
    net.initialize(1);
    // Identical samples: every sample's loss is the initial network's on one of them.
    const double initial = evaluate_loss(net, *loss, Matrix(1, 2, 0.5f), Matrix(1, 1, 1.0f));
    SecondHalfSync sync;
    Trainer<float> trainer(net, *loss, *opt, {.epochs = 1, .batch_size = 4, .shuffle = false});
    trainer.set_gradient_sync(sync);
    const EpochReport report = trainer.run_epoch(Matrix(rows, 2, 0.5f), Matrix(rows, 1, 1.0f));
    if (rows == 4) {  // one step on rows 2..3; the global loss sum is twice this share's
      EXPECT_EQ(sync.rows, (std::vector<int>{2}));
      EXPECT_NEAR(report.loss, initial, 1e-6 * initial);
    } else {  // rows 2..3 of 0..3, then row 4 of the last batch, 4..4
      EXPECT_EQ(sync.rows, (std::vector<int>{2, 1}));
    }
  }
}

TEST(Trainer, DivergenceIsDecidedThroughTheSync) {
  Network net = build_network<float>(2, "3,tanh,1");
  net.initialize(1);
  auto loss = make_loss<float>("mse");
  auto opt = make_optimizer<float>({.name = "sgd", .learning_rate = 0.1});
  RecordingSync sync;
  sync.diverge = true;  // another process saw a non-finite loss
  Trainer<float> trainer(net, *loss, *opt, {.epochs = 1, .batch_size = 2});
  trainer.set_gradient_sync(sync);
  EXPECT_THROW(trainer.run(Matrix(4, 2, 0.5f), Matrix(4, 1, 1.0f)), DivergenceError);
  EXPECT_EQ(trainer.step(), 0);
}

}  // namespace
}  // namespace bprop
