// Feeding the JSON-lines training log.
#include "train_log.h"

#include <cmath>
#include <set>

#include "train_recorder.h"

namespace bprop::cli {

namespace {
std::optional<double> present(double value) {
  return std::isnan(value) ? std::nullopt : std::optional<double>(value);
}
}  // namespace

std::string command_line(const CLI::App& cmd, bool training_only) {
  static const std::set<std::string> output_flags{
      "--out",        "--log",        "--report", "--trace", "--progress",         "--quiet",
      "--max-memory", "--checkpoint", "--resume", "--force", "--checkpoint-every", "--stop-after",
      "--format"};
  std::string text = "bprop " + cmd.get_name();
  for (const CLI::Option* option : cmd.get_options()) {
    if (option->count() == 0 || option->get_name() == "--help") continue;
    const std::string name = option->get_name();
    if (training_only && output_flags.count(name) != 0) continue;
    if (option->get_expected_min() == 0) {
      text += " " + name;
      continue;
    }
    for (const std::string& value : option->results()) text += " " + name + " " + value;
  }
  return text;
}

TrainingConfig training_config(const TrainArgs& args, const CLI::App& cmd, const Network& network,
                               const std::string& loss, const TrainingData& data) {
  TrainingConfig config;
  config.command_line = command_line(cmd);
  describe_network(network, config);
  config.loss = loss;
  config.optimizer = args.optimizer;
  config.epochs = args.epochs;
  config.batch_size = args.batch;
  config.seed = args.seed;
  config.dataset = data.train.name;
  config.train_size = data.train.size();
  config.val_size = data.val ? data.val->size() : 0;
  config.class_names = data.train.class_names;
  return config;
}

TrainLogger::TrainLogger(const TrainArgs& args, const CLI::App& cmd, const Network& network,
                         const std::string& loss, const TrainingData& data) {
  if (args.log.empty()) return;
  // A resumed run continues its log (the reader lets later epoch records replace earlier ones).
  log_ = std::make_unique<TrainingLog>(args.log, !args.resume.empty());
  log_->config(training_config(args, cmd, network, loss, data));
}

void TrainLogger::attach(TrainObservers& observers, const std::vector<LayerTrace>* layers) {
  if (!log_) return;
  observers.on_epoch.push_back([this, layers](const EpochReport& s) {
    EpochMetrics m;
    m.epoch = s.epoch;
    m.train_loss = s.train_loss;
    m.train_accuracy = present(s.train_accuracy);
    m.val_loss = present(s.val_loss);
    m.val_accuracy = present(s.val_accuracy);
    m.learning_rate = s.lr;
    m.seconds = s.seconds;
    m.samples_per_second = s.samples_per_second;
    if (layers != nullptr) m.layers = *layers;  // the gradient flow, measured by TrainRecorder
    log_->epoch(m);
  });
}

void TrainLogger::finish(const Network& network, Loss& loss, const TrainingData& data,
                         const Preprocessor& preprocessor) {
  if (log_) {
    log_->final(network, loss, data.train, data.val ? &*data.val : nullptr,
                final_options(preprocessor));
  }
}

void TrainLogger::diverged(const DivergenceError& error) {
  if (log_) log_->stopped("diverged", error.what(), error.epoch(), error.step());
}

}  // namespace bprop::cli
