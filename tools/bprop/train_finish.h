// What `bprop train` does once its loop has ended: the report (text, or JSON with --format json),
// the model file, or, for a run that was stopped, how to continue it.
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <string>

#include "bprop/data/preprocess.h"
#include "bprop/loss.h"
#include "bprop/network.h"
#include "bprop/train.h"
#include "output_format.h"
#include "train_args.h"
#include "train_data.h"

namespace bprop::cli {

struct FinishedRun {
  const TrainArgs& args;
  const CLI::App& cmd;
  const TrainingData& data;
  const TrainResult& result;
  const std::string& loss_name;
};

// A run that trained to its end: prints the scores, saves --out (with the metrics and
// `target_metadata` in its metadata), then prints the JSON result under --format json.
void finish_trained(const FinishedRun& run, Network&& network, Loss& loss,
                    const Preprocessor& preprocessor,
                    std::map<std::string, std::string> target_metadata,
                    StdoutToStderr& stdout_for_model);

// A signal or --stop-after ended the run: returns its exit code; --stop-after is a success, so
// under --format json it also prints how far the run got and its checkpoint.
int report_stopped(const TrainArgs& args, const CLI::App& cmd, const TrainResult& result,
                   StdoutToStderr& stdout_for_model);

}  // namespace bprop::cli
