// Runs `bprop train` once its flags are parsed.
#pragma once

#include <CLI/CLI.hpp>

#include "train_args.h"

namespace bprop::cli {

// Returns the exit code; throws CliError and the library's typed errors (main.cpp maps them).
int run_train(TrainArgs& args, const CLI::App& cmd);

}  // namespace bprop::cli
