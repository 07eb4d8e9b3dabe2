// The epoch loop.
#include "train_loop.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

#include "bprop/accuracy.h"

namespace bprop::cli {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

std::pair<double, double> evaluate(const Network& network, Loss& loss, const Dataset& data) {
  if (data.size() == 0) return {kNaN, kNaN};
  const Matrix outputs = network.predict(data.inputs);
  const double value = static_cast<double>(loss.forward(outputs, data.targets));
  const Correct c = count_correct(loss, outputs, data.targets);
  return {value, c.total == 0 ? kNaN : c.rate()};
}

LoopResult run_loop(Network& network, Loss& loss, Optimizer& optimizer, const Dataset& train,
                    const std::optional<Dataset>& val, const LoopOptions& options,
                    const LoopObservers& observers, const LoopCheckpoints& checkpoints) {
  AccuracyMeter<float> meter(loss);
  LrSchedule schedule(options.schedule);
  EarlyStopping<float> stopper(options.patience, options.min_delta);
  const int64_t n = train.size();
  const int64_t steps_per_epoch = (n + options.batch - 1) / options.batch;
  int epoch = 0;
  int64_t first_step_of_epoch = 1;
  const bool loss_every_epoch = options.patience > 0 ||
                                options.schedule.kind == ScheduleKind::kPlateau ||
                                observers.on_epoch.size() > observers.loss_wanted.size();
  TrainOptions train_options{.epochs = options.epochs,
                             .batch_size = options.batch,
                             .shuffle = options.shuffle,
                             .seed = options.seed};
  if (!observers.on_step.empty()) {
    train_options.after_backward = [&](int64_t step) {
      for (const auto& f : observers.on_step)
        f(epoch, step - first_step_of_epoch + 1, steps_per_epoch);
    };
  }
  const Trainer<float>* self = nullptr;  // the trainer, for the hook below (built after it)
  bool stopping = false;
  bool save_at_epoch_end = false;
  int64_t saved_step = -1;
  auto snapshot = [&] {
    return LoopSnapshot{self->state(), schedule.state(), stopper.state(), meter.counts()};
  };
  auto save = [&] {
    if (!checkpoints.save || saved_step == self->step()) return;
    checkpoints.save(snapshot());
    saved_step = self->step();
  };
  train_options.want_epoch_loss = [&](int e) {
    if (e >= options.epochs || loss_every_epoch) return true;
    for (const auto& wanted : observers.loss_wanted) {
      if (wanted(e)) return true;
    }
    return false;
  };
  if (checkpoints.stop_wake != nullptr) {  // call the hook only when something may be due
    train_options.after_step_every =
        std::gcd(checkpoints.in_steps ? checkpoints.every : 0, checkpoints.stop_every_steps);
    train_options.after_step_wake = checkpoints.stop_wake;
  }
  if (checkpoints.save || checkpoints.stop_requested) {
    train_options.after_step = [&](int64_t step) {
      const bool due =
          checkpoints.in_steps && checkpoints.every > 0 && step % checkpoints.every == 0;
      const bool end = self->position() == 0;
      const bool stop = checkpoints.stop_requested &&
                        checkpoints.stop_requested(step, self->epoch() - (end ? 0 : 1));
      if (end) {  // the epoch's last step: save after its bookkeeping
        save_at_epoch_end = save_at_epoch_end || due;
        stopping = stopping || stop;
        return !stop;
      }
      if (due || stop) save();
      stopping = stopping || stop;
      return !stop;
    };
  }
  Trainer<float> trainer(network, meter, optimizer, train_options);
  self = &trainer;

  LoopResult result;
  if (checkpoints.resume != nullptr) {
    const LoopSnapshot& from = *checkpoints.resume;
    trainer.restore(from.trainer);
    schedule.set_state(from.schedule);
    stopper.set_state(from.stopping);
    meter.set_counts(from.accuracy);
    saved_step = trainer.step();  // that state is on disk already
    result.epochs = from.trainer.position == 0 ? from.trainer.epoch : from.trainer.epoch - 1;
    result.steps = from.trainer.step;
  }
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    const bool fresh = trainer.position() == 0;
    if (fresh && trainer.epoch() >= options.epochs) break;
    epoch = trainer.epoch() + (fresh ? 1 : 0);
    const double lr = schedule.rate(epoch);
    optimizer.set_learning_rate(lr);
    if (fresh) meter.reset();
    first_step_of_epoch =
        trainer.step() + 1 - static_cast<int64_t>(trainer.position()) / options.batch;
    const EpochReport report = trainer.run_epoch(train.inputs, train.targets);
    result.steps = report.steps;
    if (trainer.position() != 0) {  // stopped mid-epoch: the hook saved the checkpoint
      result.interrupted = true;
      break;
    }
    EpochStats m{
        .epoch = epoch,
        .epochs = options.epochs,
        .train_loss = report.loss,
        .train_accuracy = meter.counts().total == 0 ? kNaN : meter.counts().rate(),
        .val_loss = kNaN,
        .val_accuracy = kNaN,
        .lr = lr,
        .seconds = report.seconds,
        .samples_per_second = report.seconds > 0 ? static_cast<double>(n) / report.seconds : 0.0,
        .steps = report.steps};
    if (val) std::tie(m.val_loss, m.val_accuracy) = evaluate(network, loss, *val);
    const double monitored = val ? m.val_loss : m.train_loss;
    schedule.observe(monitored);
    result.last = m;
    result.epochs = epoch;
    for (const auto& f : observers.on_epoch) f(m);
    if (options.patience > 0 && !stopper.update(epoch, monitored, network)) {
      result.stopped_early = true;
      break;
    }
    const bool due =
        !checkpoints.in_steps && checkpoints.every > 0 && epoch % checkpoints.every == 0;
    stopping = stopping ||
               (checkpoints.stop_requested && checkpoints.stop_requested(trainer.step(), epoch));
    if (due || save_at_epoch_end || (stopping && epoch < options.epochs)) save();
    save_at_epoch_end = false;
    if (stopping && epoch < options.epochs) {
      result.interrupted = true;
      break;
    }
  }
  if (!result.interrupted) {
    save();  // the final state: a later run can extend training with a larger --epochs
    if (options.patience > 0) {
      stopper.restore(network);
      result.best_epoch = stopper.best_epoch();
    }
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  result.seconds = elapsed.count();
  return result;
}

}  // namespace bprop::cli
