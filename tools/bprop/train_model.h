// `bprop train --out FILE`: the trained network saved as a model file with its preprocessing,
// class, feature and target names, and the training metadata (command, epochs, metrics, ...).
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <string>
#include <vector>

#include "bprop/data/preprocess.h"
#include "bprop/network.h"
#include "bprop/train.h"
#include "train_args.h"
#include "train_data.h"

namespace bprop::cli {

// Takes the network (it is not needed after saving). Throws ModelFileError or IoError.
void save_trained_model(const TrainArgs& args, const CLI::App& cmd, Network&& network,
                        const std::string& loss, const Preprocessor& preprocessor,
                        const TrainingData& data, const TrainResult& result,
                        const std::map<std::string, std::string>& metrics);

// Before training: refuses a --out or checkpoint target that exists and is not a regular file
// (CliError, exit 5; better now than after hours of training) and removes, reporting each on
// stderr, the temporary files that a killed save of those targets left behind. Paths in
// `checked_only` are only checked: their saves remove those files themselves.
void prepare_save_targets(const std::vector<std::string>& paths,
                          const std::vector<std::string>& checked_only = {});

}  // namespace bprop::cli
