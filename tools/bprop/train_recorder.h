// `bprop train --report FILE.html` and `--trace`: the report module's RunRecorder fed from the
// epoch loop. It measures each layer's gradient norm and update ratio after every backward pass
// (also for --log, whose epoch records carry them), prints them with --trace, and draws the HTML
// report at the end with --report.
#pragma once

#include <optional>
#include <vector>

#include "bprop/data/preprocess.h"
#include "bprop/report/run_recorder.h"
#include "bprop/train.h"
#include "train_args.h"
#include "train_data.h"

namespace bprop::cli {

// The report's options for data scaled by `preprocessor` (FinalOptions::input_offset).
FinalOptions final_options(const Preprocessor& preprocessor);

class TrainRecorder {
 public:
  // Does nothing unless --report, --trace or --log was given.
  TrainRecorder(const TrainArgs& args, const Network& network, TrainingConfig config);

  // Attach before the other observers: they read layers() of the epoch that just ended.
  void attach(TrainObservers& observers);
  // The last epoch's per-layer gradient flow (empty when not measured).
  const std::vector<LayerTrace>& layers() const { return layers_; }
  // Writes the report (with --report); `preprocessor` scaled the data, whose units the decision
  // boundary is drawn in. Throws IoError.
  void finish(const Network& network, Loss& loss, const TrainingData& data,
              const Preprocessor& preprocessor);

 private:
  std::optional<RunRecorder> recorder_;
  std::vector<LayerTrace> layers_;
};

}  // namespace bprop::cli
