// The Trainer's hook schedule: after_step only at multiples of after_step_every and while woken,
// through SmallNet (batch 1) and the layers (batch 2) alike.
#include "bprop/train.h"

#include <gtest/gtest.h>

#include <algorithm>
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
    const std::vector<int> rows = batch == 1 ? std::vector<int>(12, 1) : std::vector<int>{4, 2, 4, 2};
    EXPECT_EQ(sync.rows, rows);
    EXPECT_EQ(sync.size, net.gradient_arena().size());
    // Zeroed gradients: plain SGD changes no weight.
    EXPECT_TRUE(std::equal(before.begin(), before.end(), net.parameter_arena().begin()));
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
