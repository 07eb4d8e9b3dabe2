// Progress bar and plain progress lines.
#include "train_progress.h"

#include <unistd.h>

#include <cmath>

#include "exit_codes.h"

namespace bprop::cli {

namespace {

std::string percent(double rate) {
  if (std::isnan(rate)) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f %%", 100.0 * rate);
  return text;
}

std::string duration(double seconds) {
  char text[32];
  if (seconds < 60)
    std::snprintf(text, sizeof text, "%.0f s", seconds);
  else
    std::snprintf(text, sizeof text, "%dm%02ds", static_cast<int>(seconds) / 60,
                  static_cast<int>(seconds) % 60);
  return text;
}

}  // namespace

ProgressMode resolve_progress_mode(const std::string& flag, bool quiet) {
  if (quiet || flag == "none") return ProgressMode::kNone;
  if (flag == "bar") return ProgressMode::kBar;
  if (flag == "plain") return ProgressMode::kPlain;
  if (flag == "auto") {
    return isatty(fileno(stderr)) ? ProgressMode::kBar : ProgressMode::kPlainThrottled;
  }
  throw CliError(kExitUsage, "unknown --progress mode '" + flag + "'",
                 "use auto, bar, plain or none");
}

std::string format_epoch(const EpochReport& m) {
  char text[320];
  int len = std::snprintf(text, sizeof text, "epoch %d/%d: train loss %.5g", m.epoch, m.epochs,
                          m.train_loss);
  auto add = [&](const char* fmt, auto... values) {
    if (len >= 0 && static_cast<std::size_t>(len) < sizeof text)
      len += std::snprintf(text + len, sizeof text - static_cast<std::size_t>(len), fmt, values...);
  };
  if (!std::isnan(m.train_accuracy)) add(", accuracy %s", percent(m.train_accuracy).c_str());
  if (!std::isnan(m.val_loss)) add(", val loss %.5g", m.val_loss);
  if (!std::isnan(m.val_accuracy)) add(", val accuracy %s", percent(m.val_accuracy).c_str());
  add(", lr %.6g, %.2f s, %.0f samples/s", m.lr, m.seconds, m.samples_per_second);
  return text;
}

Progress::Progress(ProgressMode mode, int epochs, int64_t samples_per_epoch, std::FILE* out)
    : mode_(mode), samples_per_epoch_(samples_per_epoch), out_(out), epochs_(epochs) {}

double Progress::elapsed() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

void Progress::attach(TrainObservers& observers) {
  if (mode_ == ProgressMode::kNone) return;
  observers.on_epoch.push_back([this](const EpochReport& m) { on_epoch(m); });
  if (mode_ == ProgressMode::kPlainThrottled) {
    observers.loss_wanted.push_back([this](int) { return due_; });
  }
  if (mode_ == ProgressMode::kBar) {
    observers.on_step.push_back(
        [this](int epoch, int64_t step, int64_t per_epoch) { on_step(epoch, step, per_epoch); });
  }
}

void Progress::on_step(int epoch, int64_t step, int64_t steps_per_epoch) {
  if (step == 1) epoch_start_ = Clock::now();
  const double now = elapsed();
  if (now - last_draw_ < 0.1 && step != steps_per_epoch) return;
  last_draw_ = now;
  const double fraction = static_cast<double>(step) / static_cast<double>(steps_per_epoch);
  const double epoch_seconds = std::chrono::duration<double>(Clock::now() - epoch_start_).count();
  const double rate = epoch_seconds > 0 ? fraction * samples_per_epoch_ / epoch_seconds : 0.0;
  const double done = (epoch - 1) + fraction;
  const double eta = done > 0 ? now / done * (epochs_ - done) : 0.0;
  constexpr int kWidth = 24;
  const int filled = static_cast<int>(fraction * kWidth);
  std::fprintf(out_, "\r\033[Kepoch %d/%d [%s%s] %3.0f%% %.0f samples/s ETA %s", epoch, epochs_,
               std::string(static_cast<std::size_t>(filled), '#').c_str(),
               std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(),
               100.0 * fraction, rate, duration(eta).c_str());
  std::fflush(out_);
  line_open_ = true;
}

void Progress::on_epoch(const EpochReport& m) {
  if (mode_ == ProgressMode::kPlainThrottled && !due_) {
    // Reading the clock after every 4-sample XOR epoch would cost as much as the epoch: look at it
    // only once the epochs themselves have taken 10 ms since the last look.
    unseen_ += m.seconds;
    if (unseen_ < 0.01) return;
    unseen_ = 0.0;
  }
  const double now = elapsed();
  switch (mode_) {
    case ProgressMode::kNone:
      return;
    case ProgressMode::kBar: {
      const double eta = now / m.epoch * (m.epochs - m.epoch);
      std::fprintf(out_, "\r\033[K%s, ETA %s\n", format_epoch(m).c_str(), duration(eta).c_str());
      line_open_ = false;
      break;
    }
    case ProgressMode::kPlainThrottled:
      if (!due_ && now - last_line_ < 1.0) return;
      // Only the epochs asked for (loss_wanted) have a loss: when this one has none, ask for the
      // next one's and print that.
      due_ = std::isnan(m.train_loss);
      if (due_) return;
      [[fallthrough]];
    case ProgressMode::kPlain:
      std::fprintf(out_, "%s\n", format_epoch(m).c_str());
      last_line_ = now;
      break;
  }
  std::fflush(out_);
}

void Progress::finish() {
  if (line_open_) std::fprintf(out_, "\n");
  line_open_ = false;
}

}  // namespace bprop::cli
