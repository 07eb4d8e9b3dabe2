// `bprop train`: everything that can be checked before training starts, so that hours of
// training are never lost to an output folder that does not exist or a loss that cannot fit the
// data.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "bprop/data/dataset.h"
#include "bprop/network.h"
#include "train_args.h"

namespace bprop::cli {

// Every output flag's folder (--out, --log, --report, --checkpoint): CliError, exit 5.
void check_train_outputs(const TrainArgs& args);

// The loss against the training targets: bce needs two classes or values in [0, 1], softmax-ce
// needs classes. CliError (exit 1) naming the labels and the loss that fits.
void check_loss_fits_data(const std::string& loss, const Dataset& train);

// --samples and --noise draw from the spirals, moons and circles generators; with other data
// (xor's four points, a file) they would change nothing, so given there they are a CliError
// (exit 1) instead of a run on data the user did not ask for.
void check_generator_flags(const std::string& data, bool samples_given, bool noise_given);

// The flags that say how to read a data file (--target, --drop, --task, --header, ...): a
// built-in data set has no file, so given with one they are a CliError (exit 1), not ignored.
void check_file_flags(const std::string& data, const CLI::App& cmd);

// bce and softmax-ce take logits (the sigmoid or softmax is the loss's): an activation after the
// network's last Dense layer (dropout and identity aside) would be applied before it too,
// squashing every probability (a trailing sigmoid before bce predicts one class for every row), so
// it is a CliError (exit 1) naming the layer. mse may end with anything.
void check_last_layer(const Network& network, const std::string& loss);

// Warns on stderr when --val-split leaves fewer rows to train on than to validate with.
void warn_about_split(const TrainArgs& args, const Dataset& train, const Dataset& validation);

}  // namespace bprop::cli
