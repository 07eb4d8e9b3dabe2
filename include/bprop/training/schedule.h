// Learning-rate schedules, applied once per epoch before it runs:
//   none:    lr stays at the base rate.
//   step:    lr = base · gamma^floor((epoch - 1) / step_size)            (torch StepLR)
//   cosine:  lr = min + (base - min) · (1 + cos(π · (epoch - 1) / epochs)) / 2
//            (torch CosineAnnealingLR with T_max = epochs, so epoch 1 runs at base)
//   plateau: lr ← max(lr · gamma, min) once the monitored loss has not improved by a relative
//            `threshold` for more than `patience` epochs (torch ReduceLROnPlateau, mode min).
// A warm-up (warmup_epochs) overrides the first epochs' rates step by step (warmup_rate).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bprop {

enum class ScheduleKind { kNone, kStep, kCosine, kPlateau };

// Parses "none", "step", "cosine", "plateau"; throws ConfigError naming them otherwise.
ScheduleKind parse_schedule_kind(std::string_view name);
std::string_view schedule_kind_name(ScheduleKind kind);
std::vector<std::string> schedule_kind_names();

struct ScheduleOptions {
  ScheduleKind kind = ScheduleKind::kNone;
  double base_lr = 1e-3;
  int epochs = 1;           // cosine: the length of the anneal
  int step_size = 10;       // step: epochs between decays
  double gamma = 0.1;       // step and plateau: the decay factor
  double min_lr = 0.0;      // cosine and plateau: the floor
  int patience = 3;         // plateau: epochs without improvement tolerated
  double threshold = 1e-4;  // plateau: relative improvement that counts
  // Gradual warm-up (Goyal et al. 2017, for linearly scaled rates of large batches): over the
  // first warmup_epochs epochs the rate rises at every step, linearly, from warmup_start_lr to
  // the schedule's rate. 0 = none.
  int warmup_epochs = 0;
  double warmup_start_lr = 0.0;
};

class LrSchedule {
 public:
  // What a checkpoint must keep to resume a plateau schedule exactly.
  struct State {
    double plateau_lr = 0.0;
    double best = 0.0;
    bool has_best = false;
    int bad_epochs = 0;
    friend bool operator==(const State&, const State&) = default;
  };

  // Throws ConfigError for values that cannot describe a schedule (step_size < 1, gamma outside
  // (0, 1], a negative floor, epochs < 1 for cosine).
  explicit LrSchedule(const ScheduleOptions& options);

  // The learning rate for `epoch` (1-based).
  double rate(int epoch) const;
  // The rate of the optimizer step taken after `steps` steps in total, in `epoch`, with
  // `per_epoch` steps an epoch: rate(epoch), or the warm-up's ramp while it lasts.
  double warmup_rate(int epoch, int64_t steps, int64_t per_epoch) const;
  // Reports the monitored loss at the end of an epoch (only plateau uses it).
  void observe(double loss);

  const ScheduleOptions& options() const { return options_; }
  State state() const { return state_; }
  void set_state(const State& state) { state_ = state; }

 private:
  ScheduleOptions options_;
  State state_;
};

}  // namespace bprop
