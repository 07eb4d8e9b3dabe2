// `bprop train --format json`: the run's result as one JSON object (README, "JSON output").
#pragma once

#include <string>
#include <vector>

#include "bprop/network.h"
#include "bprop/train.h"
#include "output_format.h"
#include "train_args.h"
#include "train_data.h"
#include "train_summary.h"

namespace bprop::cli {

// A finished run: the data, target and task, the network, how training went, each split's
// scores, and the model file written ("model": null without --out).
JsonResult train_result_json(const TrainArgs& args, const Network& network, const std::string& loss,
                             const TrainingData& data, const TrainResult& result,
                             const std::vector<SplitScores>& scores);

// A run ended by --stop-after (exit 0): how far it got and the checkpoint that continues it.
JsonResult stopped_train_json(const TrainArgs& args, const TrainResult& result);

}  // namespace bprop::cli
