// The training loop: epochs of mini-batches, each batch forward → loss → backward → step.
// Trainer keeps all loop state (epoch, step, shuffling generator, sample order) in one place so
// that it can be inspected, reported and, later, checkpointed.
#pragma once

#include <csignal>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bprop/gradient_sync.h"
#include "bprop/loss.h"
#include "bprop/matrix.h"
#include "bprop/network.h"
#include "bprop/optimizer.h"
#include "bprop/random.h"
#include "bprop/small_net.h"

namespace bprop {

struct EpochReport {
  int epoch = 0;      // 1-based
  double loss = 0.0;  // mean training loss over the epoch's batches, weighted by batch size
  int64_t steps = 0;  // optimizer steps so far
  // Wall time of this epoch. A clock read costs ~30-50 ns on these VMs, as much as a whole
  // 4-sample XOR epoch, so epochs under kTimeEveryEpochFrom are timed one in N (about one per
  // kTimeEveryEpochFrom of training) and the epochs between repeat the last timed value.
  double seconds = 0.0;
};
inline constexpr double kTimeEveryEpochFrom = 50e-6;

struct TrainOptions {
  int epochs = 100;
  int batch_size = 32;  // 1 = the notebook's per-sample updates
  bool shuffle = true;  // reshuffle the sample order every epoch
  uint64_t seed = 0;    // seeds the shuffling generator
  // Called after every epoch; return false to stop early.
  std::function<bool(const EpochReport&)> on_epoch = {};
  // Called after each backward pass, before the optimizer step, while every Parameter::grad holds
  // this batch's gradient (gradient tracing reads them here). step counts from 1.
  std::function<void(int64_t step)> after_backward = {};
  // Called after every optimizer step; return false to stop right there (a checkpoint can then
  // be written from Trainer::state() and training resumed mid-epoch with Trainer::restore()).
  std::function<bool(int64_t step)> after_step = {};
  // When after_step is needed at some steps only: with after_step_every != 1 it is called only at
  // steps that are multiples of after_step_every (0: none) and at steps where *after_step_wake
  // (when given, e.g. a signal handler's flag) is nonzero. A call per step costs ~5 % of a tiny
  // net's step.
  int64_t after_step_every = 1;
  const volatile std::sig_atomic_t* after_step_wake = nullptr;
  // Whether epoch `epoch`'s (1-based) training loss will be read; empty: every epoch's. A
  // sample's bce loss (its log1p) costs as much as the rest of a 2-2-1 step, so SmallNet skips it
  // in epochs nobody reads, whose EpochReport::loss is then NaN (the layer path computes it
  // anyway: its divergence check needs it).
  std::function<bool(int epoch)> want_epoch_loss = {};
  // Batch size 1 on a tiny all-Dense network trains through SmallNet (small_net.h), which gives
  // bitwise the same weights faster; false forces the layer path (tests compare the two).
  bool small_net = true;
};

struct TrainResult {
  int epochs = 0;
  int64_t steps = 0;
  double final_loss = 0.0;   // the last epoch's training loss
  bool interrupted = false;  // after_step asked to stop before options.epochs
};

// Everything the loop needs to continue exactly where it stopped (with the network's weights and
// the optimizer slots inside its Parameters): a checkpoint stores this.
struct TrainerState {
  int epoch = 0;              // epochs started (the current one, when position > 0)
  int64_t step = 0;           // optimizer steps taken
  Rng::State rng{};           // the shuffling generator
  std::vector<int> order;     // the current epoch's sample order
  uint64_t position = 0;      // next index into order; 0 = the next epoch has not started
  double epoch_loss_sum = 0;  // the current epoch's loss so far, weighted by batch size
  friend bool operator==(const TrainerState&, const TrainerState&) = default;
};

template <typename T>
class Trainer {
 public:
  using Matrix = BasicMatrix<T>;

  Trainer(BasicNetwork<T>& network, BasicLoss<T>& loss, BasicOptimizer<T>& optimizer,
          const TrainOptions& options);

  // One pass over (inputs, targets); returns the epoch's report. Throws DivergenceError at the
  // first non-finite batch loss or gradient, naming the step, epoch, batch and the first layer
  // with a non-finite value, before that step changes any weight.
  EpochReport run_epoch(const Matrix& inputs, const Matrix& targets);
  // run_epoch until options.epochs or until on_epoch returns false.
  TrainResult run(const Matrix& inputs, const Matrix& targets);

  // The seam between backward and step (gradient_sync.h); the identity unless set. `sync` must
  // outlive the trainer.
  void set_gradient_sync(BasicGradientSync<T>& sync) { sync_ = &sync; }

  int epoch() const { return epoch_; }
  // Whether the last run_epoch trained through SmallNet rather than the layers.
  bool used_small_net() const { return used_small_net_; }
  int64_t step() const { return step_; }
  // The next index into the epoch's sample order; 0 between epochs.
  uint64_t position() const { return static_cast<uint64_t>(position_); }
  // Snapshot and restore of the loop state; restore() validates it (order is a permutation).
  // run() after restore() continues mid-epoch and stops at options.epochs counted from the start.
  TrainerState state() const;
  void restore(const TrainerState& state);

 private:
  bool gradients_finite() const;
  bool after_step_due() const {
    const int64_t every = options_.after_step_every;
    return (every == 1 || (every > 1 && step_ % every == 0) ||
            (options_.after_step_wake != nullptr && *options_.after_step_wake != 0));
  }
  // The epoch's remaining steps through small_net_ (train_small_net.cpp); returns false, leaving
  // position_ at the sample, when a sample needs the layer path (a bad target, a divergence).
  bool run_small_net_steps(const Matrix& inputs, const Matrix& targets);
  [[noreturn]] void diverged(const std::string& what, const std::string& where, std::size_t begin,
                             std::size_t end, int64_t step) const;

  BasicNetwork<T>& network_;
  BasicLoss<T>& loss_;
  BasicOptimizer<T>& optimizer_;
  TrainOptions options_;
  BasicGradientSync<T> identity_sync_;
  BasicGradientSync<T>* sync_ = &identity_sync_;
  Rng rng_;
  std::vector<int> order_;
  Matrix batch_inputs_;  // reused: no allocation per step once the batch size is stable
  Matrix batch_targets_;
  int epoch_ = 0;
  int64_t step_ = 0;
  std::size_t position_ = 0;
  double epoch_loss_sum_ = 0.0;
  bool stop_requested_ = false;
  bool epoch_loss_wanted_ = true;  // options_.want_epoch_loss for the current epoch
  int untimed_epochs_ = 0;         // epochs left before the next timed one (EpochReport::seconds)
  double last_seconds_ = 0.0;
  SmallNet<T> small_net_;
  bool used_small_net_ = false;
};

template <typename T>
TrainResult train(BasicNetwork<T>& network, BasicLoss<T>& loss, BasicOptimizer<T>& optimizer,
                  const BasicMatrix<T>& inputs, const BasicMatrix<T>& targets,
                  const TrainOptions& options) {
  return Trainer<T>(network, loss, optimizer, options).run(inputs, targets);
}

// The mean loss of the whole data set under predict(): what a user reads after training.
template <typename T>
double evaluate_loss(const BasicNetwork<T>& network, BasicLoss<T>& loss,
                     const BasicMatrix<T>& inputs, const BasicMatrix<T>& targets);

}  // namespace bprop
