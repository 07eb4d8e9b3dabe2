// Resolves `--data` (a built-in name or a CSV path) plus `--val`, `--val-split` and `--test` into
// the training, validation and test sets.
#pragma once

#include <optional>

#include "bprop/data/dataset.h"
#include "bprop/data/tabular.h"
#include "train_args.h"

namespace bprop::cli {

struct TrainingData {
  Dataset train;
  std::optional<Dataset> val;
  std::optional<Dataset> test;
  bool builtin = false;
  std::optional<TabularEncoding> tabular;  // fitted on the training file when it needs one
};

// Throws CliError (usage) for contradictory flags, DataError for unreadable data.
TrainingData load_training_data(const TrainArgs& args);

// The training file alone (--data, not a built-in set): a binary data file, or a CSV or IDX file
// read through the tabular encoding fitted on it when it needs one (returned in `tabular`, with
// what it filled in `counts` when given).
Dataset read_training_file(const TrainArgs& args, std::optional<TabularEncoding>& tabular,
                           TabularCounts* counts = nullptr);

// A data file read like the training data `reference` (nullptr: as the training file): its
// features (by name when it had a header) and classes, through its tabular encoding when it has
// one. Validation and test files, and `bprop convert --like`. `labels`: the IDX labels paired
// with `path` (empty for a CSV); with a reference they must be among its classes.
Dataset read_matching_file(const std::string& path, const std::string& labels,
                           const TrainArgs& args, const Dataset* reference,
                           const std::optional<TabularEncoding>& tabular);

// Moves a seeded random fraction of `data`'s rows into the returned validation set; the rest stay
// in `data`, in their original order. Throws CliError when either part would be empty.
Dataset split_validation(Dataset& data, double fraction, uint64_t seed);

}  // namespace bprop::cli
