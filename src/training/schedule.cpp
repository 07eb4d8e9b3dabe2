// Learning-rate schedules.
#include "bprop/training/schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "bprop/errors.h"

namespace bprop {

namespace {
struct KindName {
  ScheduleKind kind;
  std::string_view name;
};
constexpr KindName kKinds[] = {{ScheduleKind::kNone, "none"},
                               {ScheduleKind::kStep, "step"},
                               {ScheduleKind::kCosine, "cosine"},
                               {ScheduleKind::kPlateau, "plateau"}};
}  // namespace

ScheduleKind parse_schedule_kind(std::string_view name) {
  for (const auto& k : kKinds) {
    if (k.name == name) return k.kind;
  }
  throw ConfigError("unknown learning-rate schedule '" + std::string(name) +
                    "' (known: none, step, cosine, plateau)");
}

std::string_view schedule_kind_name(ScheduleKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "none";
}

std::vector<std::string> schedule_kind_names() {
  std::vector<std::string> names;
  for (const auto& k : kKinds) names.emplace_back(k.name);
  return names;
}

LrSchedule::LrSchedule(const ScheduleOptions& options) : options_(options) {
  const auto& o = options;
  if (!(o.base_lr > 0.0) || !std::isfinite(o.base_lr)) {
    throw ConfigError("schedule: learning rate must be > 0, got " + std::to_string(o.base_lr));
  }
  if (o.step_size < 1) {
    throw ConfigError("schedule: step size must be >= 1 epoch, got " + std::to_string(o.step_size));
  }
  if (!(o.gamma > 0.0 && o.gamma <= 1.0)) {
    throw ConfigError("schedule: gamma must be in (0, 1], got " + std::to_string(o.gamma));
  }
  if (!(o.min_lr >= 0.0)) {
    throw ConfigError("schedule: the minimum learning rate must be >= 0, got " +
                      std::to_string(o.min_lr));
  }
  if (o.patience < 0) throw ConfigError("schedule: plateau patience must be >= 0");
  if (o.warmup_epochs < 0 ||
      (o.warmup_epochs > 0 && !(o.warmup_start_lr > 0.0 && std::isfinite(o.warmup_start_lr)))) {
    throw ConfigError("schedule: a warm-up needs epochs >= 0 and a start rate > 0, got " +
                      std::to_string(o.warmup_epochs) + " epochs from " +
                      std::to_string(o.warmup_start_lr));
  }
  if (o.kind == ScheduleKind::kCosine && o.epochs < 1) {
    throw ConfigError("schedule: cosine needs at least 1 epoch");
  }
  state_.plateau_lr = o.base_lr;
}

double LrSchedule::rate(int epoch) const {
  const auto& o = options_;
  const int e = std::max(epoch, 1) - 1;  // epochs already run
  switch (o.kind) {
    case ScheduleKind::kNone:
      return o.base_lr;
    case ScheduleKind::kStep:
      return o.base_lr * std::pow(o.gamma, e / o.step_size);
    case ScheduleKind::kCosine: {
      const double t = std::min(1.0, static_cast<double>(e) / o.epochs);
      return o.min_lr + (o.base_lr - o.min_lr) * (1.0 + std::cos(std::numbers::pi * t)) / 2.0;
    }
    case ScheduleKind::kPlateau:
      return state_.plateau_lr;
  }
  return o.base_lr;
}

double LrSchedule::warmup_rate(int epoch, int64_t steps, int64_t per_epoch) const {
  const double target = rate(epoch);
  const int64_t warm = static_cast<int64_t>(options_.warmup_epochs) * per_epoch;
  if (steps >= warm) return target;
  const double from = options_.warmup_start_lr;
  return from + (target - from) * static_cast<double>(steps) / static_cast<double>(warm);
}

void LrSchedule::observe(double loss) {
  if (options_.kind != ScheduleKind::kPlateau || !std::isfinite(loss)) return;
  if (!state_.has_best || loss < state_.best * (1.0 - options_.threshold)) {
    state_.best = loss;
    state_.has_best = true;
    state_.bad_epochs = 0;
    return;
  }
  if (++state_.bad_epochs > options_.patience) {
    state_.plateau_lr = std::max(state_.plateau_lr * options_.gamma, options_.min_lr);
    state_.bad_epochs = 0;
  }
}

}  // namespace bprop
