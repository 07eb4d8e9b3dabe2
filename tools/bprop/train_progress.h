// Training progress on stderr. On a terminal: a bar redrawn in place (epoch, loss, accuracy,
// samples/s, ETA) that leaves one line per epoch. Elsewhere: plain lines, at most one per epoch
// and, in `auto` mode, at most one per second, so fast runs (XOR's 50,000-epoch preset) stay quiet.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "bprop/train.h"

namespace bprop::cli {

enum class ProgressMode { kNone, kBar, kPlain, kPlainThrottled };

// "auto" picks kBar when stderr is a terminal and kPlainThrottled otherwise; quiet forces kNone.
// Throws CliError for an unknown mode.
ProgressMode resolve_progress_mode(const std::string& flag, bool quiet);

// One epoch as a plain line, e.g. "epoch 3/20: train loss 0.41, accuracy 85.12 %, ..."
std::string format_epoch(const EpochReport& m);

class Progress {
 public:
  Progress(ProgressMode mode, int epochs, int64_t samples_per_epoch, std::FILE* out = stderr);

  void on_step(int epoch, int64_t step, int64_t steps_per_epoch);
  void on_epoch(const EpochReport& m);
  // Ends a bar line left open; call once after training.
  void finish();

  ProgressMode mode() const { return mode_; }
  // Observers for run_loop.
  void attach(TrainObservers& observers);

 private:
  using Clock = std::chrono::steady_clock;
  double elapsed() const;

  ProgressMode mode_;
  int64_t samples_per_epoch_;
  std::FILE* out_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point epoch_start_ = Clock::now();
  double last_draw_ = -1.0;
  double last_line_ = 0.0;
  double unseen_ = 0.0;  // epoch seconds since the clock was last read (throttled mode)
  bool due_ = false;     // throttled: a line is due, at the next epoch with a loss
  bool line_open_ = false;
  int epochs_ = 0;
};

}  // namespace bprop::cli
