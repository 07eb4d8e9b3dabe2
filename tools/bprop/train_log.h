// `bprop train --log FILE`: the report module's JSON-lines TrainingLog fed from the epoch loop
// (a config record first, one epoch record per epoch, a final record at the end).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>

#include "bprop/data/preprocess.h"
#include "bprop/errors.h"
#include "bprop/report/training_log.h"
#include "bprop/train.h"
#include "train_args.h"
#include "train_data.h"

namespace bprop::cli {

class TrainLogger {
 public:
  // Does nothing when args.log is empty. Writes the config record at once.
  TrainLogger(const TrainArgs& args, const CLI::App& cmd, const Network& network,
              const std::string& loss, const TrainingData& data);

  // `layers`, when given, holds the epoch's per-layer gradient flow by the time on_epoch runs.
  void attach(TrainObservers& observers, const std::vector<LayerTrace>* layers = nullptr);
  void finish(const Network& network, Loss& loss, const TrainingData& data,
              const Preprocessor& preprocessor);
  // A diverged run's last record says so (the run then exits 4 without a final record).
  void diverged(const DivergenceError& error);

 private:
  std::unique_ptr<TrainingLog> log_;
};

// The log's config record (also the HTML report's summary).
TrainingConfig training_config(const TrainArgs& args, const CLI::App& cmd, const Network& network,
                               const std::string& loss, const TrainingData& data);

// "bprop train --data moons --epochs 5": the flags the user gave, for the log and model metadata.
// training_only leaves out the flags that cannot change the weights (output, progress,
// checkpoints), so a resumed run records the same command as an uninterrupted one.
std::string command_line(const CLI::App& cmd, bool training_only = false);

}  // namespace bprop::cli
