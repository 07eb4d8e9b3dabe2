// The Trainer's hook schedule: after_step only at multiples of after_step_every and while woken,
// through SmallNet (batch 1) and the layers (batch 2) alike.
#include "bprop/train.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "bprop/errors.h"
#include "bprop/registry.h"

namespace bprop {
namespace {

// The tiny network these tests train (2-3-1 tanh, mse) and plain SGD at `lr`.
struct TinyRun {
  explicit TinyRun(double lr) : opt(make_optimizer<float>({.name = "sgd", .learning_rate = lr})) {
    net.initialize(1);
  }
  Network net = build_network<float>(2, "3,tanh,1");
  std::unique_ptr<Loss> loss = make_loss<float>("mse");
  std::unique_ptr<Optimizer> opt;
};

// The steps at which the loop offered a checkpoint, training 4 epochs of 6 samples.
std::vector<int64_t> checkpoint_steps(int batch, Period every, Period stop = {}) {
  TinyRun tiny(0.01);
  auto& [net, loss, opt] = tiny;
  std::vector<int64_t> offered;
  TrainObservers observers;
  observers.on_checkpoint = [&](const TrainerState& state) { offered.push_back(state.step); };
  const TrainOptions options{.epochs = 4,
                             .batch_size = batch,
                             .shuffle = false,
                             .checkpoint_every = every,
                             .stop_after = stop};
  Trainer trainer(net, *loss, *opt, options, observers);
  const TrainResult result = trainer.run(Matrix(6, 2, 0.5f), Matrix(6, 1, 1.0f));
  EXPECT_EQ(trainer.used_small_net(), batch == 1);
  EXPECT_EQ(result.interrupted, stop.every != 0);
  return offered;
}

TEST(Trainer, OffersCheckpointsAtItsCadenceWhenStoppedAndAtTheEnd) {
  using Steps = std::vector<int64_t>;
  EXPECT_EQ(checkpoint_steps(1, {}), Steps{24});  // only the final state
  EXPECT_EQ(checkpoint_steps(1, {.every = 5, .in_steps = true}), (Steps{5, 10, 15, 20, 24}));
  EXPECT_EQ(checkpoint_steps(2, {.every = 5, .in_steps = true}), (Steps{5, 10, 12}));
  EXPECT_EQ(checkpoint_steps(2, {.every = 2}), (Steps{6, 12}));  // epochs 2 and 4
  // A step due at an epoch's end waits for the epoch's bookkeeping; 12 is saved once.
  EXPECT_EQ(checkpoint_steps(1, {.every = 6, .in_steps = true}), (Steps{6, 12, 18, 24}));
  // Stopped mid-epoch 2 at step 10, or at the end of epoch 2: saved there, not at the end.
  EXPECT_EQ(checkpoint_steps(1, {}, {.every = 10, .in_steps = true}), Steps{10});
  EXPECT_EQ(checkpoint_steps(2, {}, {.every = 2}), Steps{6});
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
    Trainer trainer(net, *loss, *opt, {.epochs = 2, .batch_size = batch, .seed = 0});
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
    Trainer trainer(net, *loss, *opt, {.epochs = 1, .batch_size = 4, .shuffle = false});
    trainer.set_gradient_sync(sync);
    const EpochReport report = trainer.run_epoch(Matrix(rows, 2, 0.5f), Matrix(rows, 1, 1.0f));
    if (rows == 4) {  // one step on rows 2..3; the global loss sum is twice this share's
      EXPECT_EQ(sync.rows, (std::vector<int>{2}));
      EXPECT_NEAR(report.train_loss, initial, 1e-6 * initial);
    } else {  // rows 2..3 of 0..3, then row 4 of the last batch, 4..4
      EXPECT_EQ(sync.rows, (std::vector<int>{2, 1}));
    }
  }
}

// Data-parallel ranks map the same data file and must touch only their rows of each batch
// (docs/data-formats.md): here every row is one page and the rows of the other process's half of
// each batch are unreadable, so reading one of them would crash the test.
TEST(Trainer, EachProcessReadsOnlyThePagesOfItsShare) {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const int width = static_cast<int>(page / sizeof(float)), rows = 8;
  void* map =
      ::mmap(nullptr, page * rows, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(map, MAP_FAILED);
  auto* storage = static_cast<float*>(map);
  std::fill(storage, storage + static_cast<std::size_t>(width) * rows, 0.01f);
  for (int r = 0; r < rows; ++r) {  // batches of 4: rows 0-1 and 4-5 belong to the other process
    if (r % 4 >= 2) continue;
    ASSERT_EQ(::mprotect(storage + static_cast<std::size_t>(width) * r, page, PROT_NONE), 0);
  }
  Network net = build_network<float>(width, "3,tanh,1");
  net.initialize(1);
  auto loss = make_loss<float>("mse");
  auto opt = make_optimizer<float>({.name = "sgd", .learning_rate = 0.1});
  SecondHalfSync sync;
  Trainer trainer(net, *loss, *opt, {.epochs = 1, .batch_size = 4, .shuffle = false});
  trainer.set_gradient_sync(sync);
  const EpochReport report =
      trainer.run_epoch(Matrix::view(storage, rows, width), Matrix(rows, 1, 1.0f));
  EXPECT_EQ(sync.rows, (std::vector<int>{2, 2}));
  EXPECT_TRUE(std::isfinite(report.train_loss));
  ::munmap(map, page * rows);
}

TEST(Trainer, DivergenceIsDecidedThroughTheSync) {
  Network net = build_network<float>(2, "3,tanh,1");
  net.initialize(1);
  auto loss = make_loss<float>("mse");
  auto opt = make_optimizer<float>({.name = "sgd", .learning_rate = 0.1});
  RecordingSync sync;
  sync.diverge = true;  // another process saw a non-finite loss
  Trainer trainer(net, *loss, *opt, {.epochs = 1, .batch_size = 2});
  trainer.set_gradient_sync(sync);
  EXPECT_THROW(trainer.run(Matrix(4, 2, 0.5f), Matrix(4, 1, 1.0f)), DivergenceError);
  EXPECT_EQ(trainer.step(), 0);
}

TEST(Trainer, WarmUpSetsTheRateOfEveryStepOfTheFirstEpochs) {
  for (const int batch : {1, 2}) {  // batch 1 would take the fast path, which has no warm-up
    TinyRun tiny(0.4);
    auto& [net, loss, opt] = tiny;
    std::vector<double> rates;
    TrainObservers observers;
    observers.on_step.push_back(
        [&](int, int64_t, int64_t) { rates.push_back(tiny.opt->learning_rate()); });
    const TrainOptions options{
        .epochs = 3,
        .batch_size = batch,
        .schedule = {.base_lr = 0.4, .warmup_epochs = 1, .warmup_start_lr = 0.1}};
    Trainer trainer(net, *loss, *opt, options, observers);
    trainer.run(Matrix(4, 2, 0.5f), Matrix(4, 1, 1.0f));
    const int per_epoch = 4 / batch;
    ASSERT_EQ(rates.size(), static_cast<std::size_t>(3 * per_epoch));
    for (int i = 0; i < per_epoch; ++i) EXPECT_DOUBLE_EQ(rates[i], 0.1 + 0.3 * i / per_epoch);
    for (int i = per_epoch; i < 3 * per_epoch; ++i) EXPECT_DOUBLE_EQ(rates[i], 0.4);
  }
}

}  // namespace
}  // namespace bprop
