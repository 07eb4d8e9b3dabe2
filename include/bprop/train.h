// The training loop, owned by the library: epochs of mini-batches, each batch the notebook's
// forward → loss → backward → step, with the GradientSync seam between backward and step
// (docs/design.md, "The training loop"). The Trainer also owns shuffling, the learning-rate
// schedule, training accuracy, validation, early stopping, divergence handling and the cadence of
// checkpoints and stops; callers pass options and observers, which only observe.
#pragma once

#include <csignal>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "bprop/gradient_sync.h"
#include "bprop/loss.h"
#include "bprop/matrix.h"
#include "bprop/network.h"
#include "bprop/optimizer.h"
#include "bprop/random.h"
#include "bprop/small_net.h"
#include "bprop/training/accuracy.h"
#include "bprop/training/early_stopping.h"
#include "bprop/training/schedule.h"
#include "bprop/training/stop_signal.h"

namespace bprop {

// One epoch's numbers; an accuracy or a validation value that does not exist is NaN, and so is
// train_loss in an epoch nobody reads (TrainObservers::loss_wanted).
struct EpochReport {
  int epoch = 0;  // 1-based
  int epochs = 0;
  double train_loss = 0.0;  // mean over the epoch's batches, weighted by batch size
  double train_accuracy = 0.0;
  double val_loss = 0.0;
  double val_accuracy = 0.0;
  double lr = 0.0;
  // Wall time of this epoch. A clock read costs as much as a whole 4-sample XOR epoch, so epochs
  // under kTimeEveryEpochFrom are timed one in N (about one per kTimeEveryEpochFrom of training)
  // and the epochs between repeat the last timed value.
  double seconds = 0.0;
  double samples_per_second = 0.0;
  int64_t steps = 0;  // optimizer steps so far
};
inline constexpr double kTimeEveryEpochFrom = 50e-6;
inline constexpr int kShuffleWindowBlocks = 16;

// A count of epochs or of optimizer steps.
struct Period {
  int64_t every = 0;  // 0: never
  bool in_steps = false;
};

struct TrainOptions {
  int epochs = 100;
  int batch_size = 32;  // 1 = the notebook's per-sample updates
  bool shuffle = true;  // reshuffle the sample order every epoch
  // With shuffle, > 0: instead of a global shuffle, shuffle blocks of this many consecutive rows,
  // then the rows within each window of kShuffleWindowBlocks blocks, so a file read from disk is
  // read in long runs (a data set larger than memory on a disk where random reads are slow).
  int shuffle_block_rows = 0;
  uint64_t seed = 0;  // seeds the shuffling generator
  // > 0: stop after this many epochs without a lower validation loss (training loss without
  // validation data), then put back the best epoch's weights.
  int patience = 0;
  double min_delta = 0.0;  // early stopping: "lower" means lower by more than this
  // Early stopping compares with every lower loss so far, scikit-learn's tol rule
  // (EarlyStopping::Reference::kRunningBest), instead of the last improvement's.
  bool running_best = false;
  // The learning rate of each epoch; base_lr 0 means the optimizer's own rate.
  ScheduleOptions schedule = {.base_lr = 0.0};
  Period checkpoint_every = {};  // on_checkpoint also at these epochs or steps
  Period stop_after = {};        // end this session after this many epochs or steps in total
  bool stop_on_signal = false;   // stop after the step during which SIGINT/SIGTERM arrived
  // false: no training accuracy is counted (EpochReport::train_accuracy is NaN), for callers
  // that never read it; an argmax per sample saved.
  bool count_accuracy = true;
};

// Everything the loop needs to continue exactly where it stopped (with the network's weights and
// the optimizer slots inside its Parameters): a checkpoint stores this.
template <typename T>
struct BasicTrainerState {
  int epoch = 0;                    // epochs started (the current one, when position > 0)
  int64_t step = 0;                 // optimizer steps taken
  Rng::State rng{};                 // the shuffling generator
  std::vector<int> order;           // the current epoch's sample order
  uint64_t position = 0;            // next index into order; 0 = the next epoch has not started
  double epoch_loss_sum = 0;        // the current epoch's loss so far, weighted by batch size
  LrSchedule::State schedule = {};  // plateau's current rate and counters
  typename EarlyStopping<T>::State stopping = {};  // with the best epoch's weights
  AccuracyCounts accuracy = {};                    // the current epoch's training accuracy so far
  friend bool operator==(const BasicTrainerState&, const BasicTrainerState&) = default;
};
using TrainerState = BasicTrainerState<float>;

struct TrainResult {
  int epochs = 0;      // epochs complete
  int best_epoch = 0;  // the epoch whose weights were kept (patience only), else 0
  bool stopped_early = false;
  bool interrupted = false;  // a stop (stop_after, a signal): the weights are not final
  int64_t steps = 0;
  double seconds = 0.0;   // training wall time, validation included
  EpochReport last = {};  // the last complete epoch
};

// The callbacks: each observes, none steers the loop.
template <typename T>
struct BasicTrainObservers {
  std::vector<std::function<void(const EpochReport&)>> on_epoch;
  // After each backward pass and the gradient sync, before the step, while every Parameter::grad
  // holds this batch's gradient: (epoch, steps done in this epoch, steps per epoch).
  std::vector<std::function<void(int, int64_t, int64_t)>> on_step;
  // For on_epoch observers that read train_loss at some epochs only, one predicate each. While
  // on_epoch has more entries than this, every epoch's loss is computed; else only the epochs a
  // predicate, early stopping, a plateau schedule or the last epoch need (the tiny-network fast
  // path then skips bce's costly log1p in the others).
  std::vector<std::function<bool(int epoch)>> loss_wanted;
  // A consistent state to save: at checkpoint_every, when stopped, and at the end of training.
  // It is called at step or epoch boundaries only; one due at an epoch's last step waits for that
  // epoch's bookkeeping (validation, schedule, early stopping).
  std::function<void(const BasicTrainerState<T>&)> on_checkpoint;
};
using TrainObservers = BasicTrainObservers<float>;

template <typename T>
class BasicTrainer {
 public:
  using Matrix = BasicMatrix<T>;

  BasicTrainer(BasicNetwork<T>& network, BasicLoss<T>& loss, BasicOptimizer<T>& optimizer,
               const TrainOptions& options, BasicTrainObservers<T> observers = {});

  // Trains on (inputs, targets), validating on (val_inputs, val_targets) when given, until
  // options.epochs (counted from the start, so a restored trainer finishes the run), early
  // stopping or a stop. Throws DivergenceError at the first non-finite batch loss or gradient,
  // naming the step, epoch, batch and the first layer with a non-finite value, before that step
  // changes any weight.
  TrainResult run(const Matrix& inputs, const Matrix& targets, const Matrix* val_inputs = nullptr,
                  const Matrix* val_targets = nullptr);
  // One pass of batches over (inputs, targets), or the rest of a restored one: what run() does in
  // each epoch before its bookkeeping. Benchmarks time it alone.
  EpochReport run_epoch(const Matrix& inputs, const Matrix& targets);

  // The seam between backward and step (gradient_sync.h); the identity unless set. `sync` must
  // outlive the trainer.
  void set_gradient_sync(BasicGradientSync<T>& sync) { sync_ = &sync; }
  // Snapshot and restore of the loop state; restore() validates it (order is a permutation).
  BasicTrainerState<T> state() const;
  void restore(const BasicTrainerState<T>& state);

  int epoch() const { return epoch_; }
  int64_t step() const { return step_; }
  // The next index into the epoch's sample order; 0 between epochs.
  uint64_t position() const { return static_cast<uint64_t>(position_); }
  // Whether the last epoch trained through the tiny-network fast path rather than the layers.
  bool used_small_net() const { return used_small_net_; }

 private:
  // forward → loss → backward → sync → step on this process's share of rows [begin, end) of the
  // epoch's order; returns the whole batch's loss sum (loss × rows), agreed by every process.
  double train_batch(const Matrix& inputs, const Matrix& targets, std::size_t begin,
                     std::size_t end);
  // train_batch through an ordered sync (GradientSync::ordered()).
  double train_batch_ordered(const Matrix& inputs, const Matrix& targets, std::size_t begin,
                             std::size_t end);
  // Checks the agreed gradient of rows [begin, end) and takes the optimizer step.
  void apply_step(std::size_t begin, std::size_t end);
  // After step `step_`: saves and stops as the options ask; true when the epoch must stop here.
  // Inline up to the common answer (nothing step-counted due, no signal, one process: nothing to
  // do), which per-sample training meets at every step.
  bool after_step() {
    const Period& c = options_.checkpoint_every;
    const Period& s = options_.stop_after;
    const bool due = c.in_steps && c.every > 0 && step_ % c.every == 0;
    const bool stop = (s.in_steps && s.every > 0 && step_ >= s.every) || signal_pending();
    return (due || stop || distributed()) && act_after_step(due, stop);
  }
  // after_step() with the local answers: agrees on the stop, offers the checkpoint.
  bool act_after_step(bool checkpoint_due, bool stop);
  // The epoch's remaining steps through the tiny-network fast path (train_small_net.cpp);
  // returns false, leaving position_ at the sample, when a sample needs the layer path (a bad
  // target, a divergence).
  bool run_small_net_steps(const Matrix& inputs, const Matrix& targets);
  void notify_step(std::size_t begin) const;
  void begin_epoch(std::size_t samples);
  bool epoch_loss_wanted(int epoch) const;
  // Accuracy, validation and the schedule's view of a complete epoch.
  void finish_epoch(EpochReport& report, const Matrix* val_inputs, const Matrix* val_targets,
                    double lr, std::size_t samples);
  bool stop_due_at_epoch_end();
  void offer_checkpoint();
  // The current epoch's training-accuracy counts over every process (collective when distributed).
  AccuracyCounts epoch_accuracy();
  // A loop-level decision, agreed across processes (GradientSync::any).
  bool agree(bool local) { return distributed() ? sync_->any(local) : local; }
  bool distributed() const { return sync_ != &identity_sync_; }
  bool signal_pending() const { return stop_flag_ != nullptr && *stop_flag_ != 0; }
  // Whether after_step() has anything to do: a step-counted cadence, stop or signal.
  bool step_hooks() const {
    return stop_flag_ != nullptr ||
           (options_.checkpoint_every.in_steps && options_.checkpoint_every.every > 0) ||
           (options_.stop_after.in_steps && options_.stop_after.every > 0);
  }
  bool gradients_finite() const;
  [[noreturn]] void diverged(const std::string& what, const std::string& where, std::size_t begin,
                             std::size_t end) const;

  BasicNetwork<T>& network_;
  BasicLoss<T>& loss_;
  AccuracyMeter<T> meter_;  // the loss as the loop calls it: counts training accuracy on the way
  // Counts restored from a checkpoint: every process's before the stop, so that a run resumed on
  // another number of processes adds them once, after the sum over processes.
  AccuracyCounts restored_accuracy_;
  BasicOptimizer<T>& optimizer_;
  TrainOptions options_;
  BasicTrainObservers<T> observers_;
  LrSchedule schedule_;
  EarlyStopping<T> stopper_;
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
  bool loss_wanted_ = true;  // whether this epoch's training loss will be read
  bool stopping_ = false;    // a stop is due: end the session at the next boundary
  bool checkpoint_at_epoch_end_ = false;
  int64_t saved_step_ = -1;  // the step of the last offered checkpoint
  const volatile std::sig_atomic_t* stop_flag_ = nullptr;  // stop_signal.h's, with stop_on_signal
  int untimed_epochs_ = 0;                                 // epochs left before the next timed one
  double last_seconds_ = 0.0;
  SmallNet<T> small_net_;
  bool used_small_net_ = false;
};

using Trainer = BasicTrainer<float>;

template <typename T>
TrainResult train(BasicNetwork<T>& network, BasicLoss<T>& loss, BasicOptimizer<T>& optimizer,
                  const BasicMatrix<T>& inputs, const BasicMatrix<T>& targets,
                  const TrainOptions& options, BasicTrainObservers<T> observers = {}) {
  return BasicTrainer<T>(network, loss, optimizer, options, std::move(observers))
      .run(inputs, targets);
}

// The mean loss of the whole data set under predict(): what a user reads after training.
template <typename T>
double evaluate_loss(const BasicNetwork<T>& network, BasicLoss<T>& loss,
                     const BasicMatrix<T>& inputs, const BasicMatrix<T>& targets);

// Loss and accuracy of `network` on a data set (NaN when empty; accuracy NaN for regression).
template <typename T>
std::pair<double, double> evaluate(const BasicNetwork<T>& network, BasicLoss<T>& loss,
                                   const BasicMatrix<T>& inputs, const BasicMatrix<T>& targets);

}  // namespace bprop
