// The epoch loop.
#include "train_loop.h"

#include <chrono>
#include <cmath>
#include <limits>

#include "bprop/accuracy.h"
#include "bprop/early_stopping.h"
#include "bprop/train.h"

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
                    const LoopObservers& observers) {
  AccuracyMeter<float> meter(loss);
  LrSchedule schedule(options.schedule);
  EarlyStopping<float> stopper(options.patience);
  const int64_t n = train.size();
  const int64_t steps_per_epoch = (n + options.batch - 1) / options.batch;
  int epoch = 0;
  int64_t first_step_of_epoch = 1;
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
  Trainer<float> trainer(network, meter, optimizer, train_options);

  LoopResult result;
  const auto start = std::chrono::steady_clock::now();
  for (epoch = 1; epoch <= options.epochs; ++epoch) {
    const double lr = schedule.rate(epoch);
    optimizer.set_learning_rate(lr);
    meter.reset();
    first_step_of_epoch = trainer.step() + 1;
    const EpochReport report = trainer.run_epoch(train.inputs, train.targets);
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
    result.steps = report.steps;
    for (const auto& f : observers.on_epoch) f(m);
    if (options.patience > 0 && !stopper.update(epoch, monitored, network)) {
      result.stopped_early = true;
      break;
    }
  }
  if (options.patience > 0) {
    stopper.restore(network);
    result.best_epoch = stopper.best_epoch();
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  result.seconds = elapsed.count();
  return result;
}

}  // namespace bprop::cli
