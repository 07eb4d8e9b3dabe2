// The epoch loop of `bprop train` around the library's Trainer: sets the scheduled learning rate,
// measures training accuracy on the fly, evaluates the validation set, applies early stopping and
// tells every observer (progress display, JSON log, ...) about each epoch.
#pragma once

#include <csignal>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "bprop/accuracy.h"
#include "bprop/data/dataset.h"
#include "bprop/early_stopping.h"
#include "bprop/loss.h"
#include "bprop/network.h"
#include "bprop/optimizer.h"
#include "bprop/schedule.h"
#include "bprop/train.h"

namespace bprop::cli {

// One epoch's numbers; an accuracy or a validation value that does not exist is NaN.
struct EpochStats {
  int epoch = 0;  // 1-based
  int epochs = 0;
  double train_loss = 0.0;
  double train_accuracy = 0.0;
  double val_loss = 0.0;
  double val_accuracy = 0.0;
  double lr = 0.0;
  double seconds = 0.0;
  double samples_per_second = 0.0;
  int64_t steps = 0;
};

struct LoopOptions {
  int epochs = 1;
  int batch = 32;
  bool shuffle = true;
  uint64_t seed = 1;
  int patience = 0;        // > 0: stop after this many epochs without a better monitored loss
  double min_delta = 0.0;  // "better" = lower by more than this
  ScheduleOptions schedule;
};

// The loop's state beyond the network's weights and optimizer slots, as a checkpoint keeps it.
struct LoopSnapshot {
  TrainerState trainer;        // epoch, step, shuffling generator, order, position
  LrSchedule::State schedule;  // plateau's current rate and counters
  EarlyStopping<float>::State stopping;
  Correct accuracy;  // the current epoch's training accuracy counts so far
};

// Checkpoints and graceful stops. Saves happen at step or epoch boundaries only, when the state
// is consistent; a checkpoint due at the last step of an epoch waits for the epoch's bookkeeping
// (validation, schedule, early stopping), so resuming never repeats or skips any of it.
struct LoopCheckpoints {
  std::function<void(const LoopSnapshot&)> save;  // empty: no checkpoints
  int64_t every = 0;                              // 0: only at the end and when stopped
  bool in_steps = false;                          // `every` counts steps, else epochs
  // Polled after every step and epoch with the steps taken and the epochs complete.
  std::function<bool(int64_t step, int epochs)> stop_requested;
  // With stop_wake given, stop_requested is only true after steps that are multiples of
  // stop_every_steps (0: none) or while *stop_wake is nonzero, so the loop polls it only then
  // (a call per step costs ~5 % of a 2-2-1 step).
  int64_t stop_every_steps = 1;
  const volatile std::sig_atomic_t* stop_wake = nullptr;
  const LoopSnapshot* resume = nullptr;  // continue from here (network already loaded)
};

struct LoopResult {
  int epochs = 0;      // epochs run
  int best_epoch = 0;  // the epoch whose weights were kept (patience only), else 0
  bool stopped_early = false;
  bool interrupted = false;  // stop_requested: a checkpoint was saved, the model is not final
  int64_t steps = 0;
  double seconds = 0.0;  // training wall time, evaluation included
  EpochStats last;       // the last epoch run
};

struct LoopObservers {
  std::vector<std::function<void(const EpochStats&)>> on_epoch;
  // After each backward pass: (epoch, steps done in this epoch, steps per epoch).
  std::vector<std::function<void(int, int64_t, int64_t)>> on_step;
  // For on_epoch observers that read train_loss at some epochs only, one predicate each: whether
  // they will read epoch e's. While on_epoch has more entries than this, every epoch's loss is
  // computed; else only the epochs some predicate, early stopping, a plateau schedule or the end
  // of training need (the others' train_loss is NaN: SmallNet skips bce's costly log1p).
  std::vector<std::function<bool(int epoch)>> loss_wanted;
};

// Loss and accuracy of `network` on `data` under `loss` (accuracy NaN for regression).
std::pair<double, double> evaluate(const Network& network, Loss& loss, const Dataset& data);

// Throws DivergenceError (from the Trainer) at the first non-finite batch loss.
LoopResult run_loop(Network& network, Loss& loss, Optimizer& optimizer, const Dataset& train,
                    const std::optional<Dataset>& val, const LoopOptions& options,
                    const LoopObservers& observers, const LoopCheckpoints& checkpoints = {});

}  // namespace bprop::cli
