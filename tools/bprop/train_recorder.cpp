// Feeding the RunRecorder from `bprop train`'s epoch loop.
#include "train_recorder.h"

#include <cmath>

namespace bprop::cli {

namespace {
std::optional<double> present(double value) {
  return std::isnan(value) ? std::nullopt : std::optional<double>(value);
}
}  // namespace

TrainRecorder::TrainRecorder(const TrainArgs& args, const Network& network, TrainingConfig config) {
  if (args.report.empty() && !args.trace && args.log.empty()) return;
  recorder_.emplace(network,
                    RecorderOptions{.report_path = args.report,
                                    .trace = args.trace,
                                    .measure_layers = true,
                                    .trace_out = stdout},
                    std::move(config));
}

void TrainRecorder::attach(TrainObservers& observers) {
  if (!recorder_) return;
  observers.on_step.push_back([this](int, int64_t, int64_t) { recorder_->after_backward(); });
  observers.on_epoch.push_back([this](const EpochReport& s) {
    EpochMetrics m{.epoch = s.epoch,
                   .train_loss = s.train_loss,
                   .train_accuracy = present(s.train_accuracy),
                   .val_loss = present(s.val_loss),
                   .val_accuracy = present(s.val_accuracy),
                   .learning_rate = s.lr,
                   .seconds = s.seconds,
                   .samples_per_second = s.samples_per_second};
    recorder_->end_epoch(m);
    layers_ = m.layers;
  });
}

FinalOptions final_options(const Preprocessor& preprocessor) {
  return {.input_offset = preprocessor.offset(), .input_scale = preprocessor.scale()};
}

void TrainRecorder::finish(const Network& network, Loss& loss, const TrainingData& data,
                           const Preprocessor& preprocessor) {
  if (!recorder_) return;
  recorder_->finish(network, loss, data.train, data.val ? &*data.val : nullptr,
                    final_options(preprocessor));
}

}  // namespace bprop::cli
