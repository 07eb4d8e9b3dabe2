// `bprop train --out FILE`: the trained network saved as a model file with its preprocessing,
// class, feature and target names, and the training metadata (command, epochs, metrics, ...).
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <string>

#include "bprop/data/preprocess.h"
#include "bprop/network.h"
#include "train_args.h"
#include "train_data.h"
#include "train_loop.h"

namespace bprop::cli {

// Takes the network (it is not needed after saving). Throws ModelFileError or IoError.
void save_trained_model(const TrainArgs& args, const CLI::App& cmd, Network&& network,
                        const std::string& loss, const Preprocessor& preprocessor,
                        const TrainingData& data, const LoopResult& result,
                        const std::map<std::string, std::string>& metrics);

}  // namespace bprop::cli
