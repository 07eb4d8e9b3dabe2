// Loading and splitting the data for `bprop train`.
#include "train_data.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "binary_convert.h"
#include "binary_input.h"
#include "bprop/data/builtin.h"
#include "bprop/data/csv.h"
#include "bprop/data/data_file.h"
#include "bprop/errors.h"
#include "bprop/training/memory_estimate.h"
#include "data_input.h"
#include "exit_codes.h"
#include "tabular_data.h"
#include "train_checks.h"
#include "validation_split.h"

namespace bprop::cli {

namespace {

CsvOptions::Targets target_kind(const std::string& task) {
  if (task == "classify") return CsvOptions::Targets::kClasses;
  if (task == "regress") return CsvOptions::Targets::kValues;
  return CsvOptions::Targets::kAuto;
}

// The reader options that --target, --drop, --task and the format flags ask for.
CsvOptions training_csv_options(const TrainArgs& args) {
  CsvOptions options = csv_options(args.csv);
  options.targets = args.target;
  options.drop = args.drop;
  options.target_kind = target_kind(args.task);
  return options;
}

}  // namespace

// A data file; validation and test files must match the training data's features (by name when
// it had a header) and classes, and go through the training file's tabular encoding, if any.
Dataset read_matching_file(const std::string& path, const std::string& labels,
                           const TrainArgs& args, const Dataset* reference,
                           const std::optional<TabularEncoding>& tabular) {
  CsvOptions options = training_csv_options(args);
  if (reference != nullptr) {
    options.feature_count = reference->inputs.cols();
    options.feature_names = reference->feature_names;
    options.class_names = reference->class_names;
    options.target_kind = reference->class_names.empty() ? CsvOptions::Targets::kValues
                                                         : CsvOptions::Targets::kClasses;
    if (!reference->feature_names.empty()) {
      options.drop.clear();  // matched by name: columns not named are ignored anyway
      options.targets.clear();
      for (const auto& t : reference->target_names) options.targets.push_back("name:" + t);
      options.targets_from_model = true;  // where a file has no header, a guess is refused
    }
  }
  const TabularEncoding* encoding = tabular ? &*tabular : nullptr;
  if (is_binary_data_file(path)) return read_binary_dataset(path, options, encoding);
  if (tabular) return read_encoded(path, read_data_text(path), *tabular, options);
  CsvColumns columns;
  Dataset d = read_data(path, labels, options, &columns, true);
  if (columns.features.empty()) {  // IDX
    if (reference) match_idx_reference(d, reference->inputs.cols(), reference->class_names);
    return d;
  }
  if (reference == nullptr) {
    std::printf("data: %s, %d rows; %s\n", d.name.c_str(), d.size(),
                describe_columns(d, columns).c_str());
  } else {
    note_columns(d, columns, !reference->feature_names.empty());
  }
  return d;
}

namespace {

// Targets written name:X or index:N are for the strict reader, which knows those forms.
bool explicit_targets(const TrainArgs& args) {
  return std::any_of(args.target.begin(), args.target.end(), [](const std::string& t) {
    return t.starts_with("name:") || t.starts_with("index:");
  });
}

// A converted file fixed its columns when it was converted: the flags that choose them would be
// silently ignored, so they are refused.
Dataset read_training_binary(const TrainArgs& args, std::optional<TabularEncoding>& tabular) {
  if (!args.target.empty() || !args.drop.empty() || args.task != "auto" || !args.labels.empty()) {
    throw CliError(kExitUsage,
                   args.data +
                       " is a binary data file: its target and columns were chosen when "
                       "it was converted",
                   "drop --target, --drop, --task and --labels, or convert the CSV again with "
                   "them (bprop convert)");
  }
  BinaryDataInfo info;
  Dataset d = read_binary_dataset(args.data, CsvOptions{}, nullptr, &info);
  tabular = std::move(info.tabular);
  std::printf("data: %s, %d rows; %s\n", d.name.c_str(), d.size(),
              describe_binary_data(info).c_str());
  return d;
}

// The training data's text, read once from a stream, through the strict reader.
Dataset read_strict_text(const TrainArgs& args, const std::string& text) {
  CsvColumns columns;
  const auto bytes = std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size());
  Dataset d = parse_data(bytes, data_name(args.data), training_csv_options(args), &columns, true);
  if (!columns.features.empty()) {
    std::printf("data: %s, %d rows; %s\n", d.name.c_str(), d.size(),
                describe_columns(d, columns).c_str());
  }
  return d;
}

// A numeric training file read by the strict, parallel reader: nullopt when it fails or when the
// tabular encoding might read the file differently (strict_read_is_final), which then decides.
std::optional<Dataset> read_numeric_file(const TrainArgs& args) {
  if (!args.drop.empty() || explicit_targets(args) ||
      sniff_regular_file(args.data) != DataFileKind::kText) {
    return std::nullopt;
  }
  CsvColumns columns;
  std::optional<Dataset> d;
  try {
    d = read_csv(args.data, training_csv_options(args), &columns);
  } catch (const DataError&) {
    return std::nullopt;
  }
  if (!strict_read_is_final(*d, tabular_options(args))) return std::nullopt;
  std::printf("data: %s, %d rows; %s\n", d->name.c_str(), d->size(),
              describe_columns(*d, columns).c_str());
  return d;
}

}  // namespace

// The training file: the tabular encoding is fitted on it when it needs one (missing cells, text
// columns), unless --impute none keeps the strict reader. A numeric file is read by the strict
// reader alone, which needs no copy of the file's text. A binary data file is mapped.
Dataset read_training_file(const TrainArgs& args, std::optional<TabularEncoding>& tabular,
                           TabularCounts* counts) {
  if (is_binary_data_file(args.data)) return read_training_binary(args, tabular);
  if (args.impute == "none" || !args.labels.empty()) {
    return read_matching_file(args.data, args.labels, args, nullptr, std::nullopt);
  }
  if (std::optional<Dataset> numeric = read_numeric_file(args)) return std::move(*numeric);
  const std::string text = read_data_text(args.data);
  // The strict reader decides what the encoding does not take (IDX, bytes it refuses, a decimal
  // comma): a stream gives its bytes once, so it parses the text read here.
  const auto strict = [&] {
    if (!is_stream(args.data)) {
      return read_matching_file(args.data, args.labels, args, nullptr, std::nullopt);
    }
    return read_strict_text(args, text);
  };
  const auto bytes = std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size());
  if (sniff_data_file(bytes) != DataFileKind::kText || explicit_targets(args) ||
      has_decimal_comma(text)) {
    return strict();
  }
  const std::string name = data_name(args.data);
  const CsvOptions options = training_csv_options(args);
  CsvOptions encoded = options;
  encoded.targets.clear();  // the encoding finds them by name or index
  HeldOutRows held_out;     // the encoding, as the scaling, is fitted on the training split only
  if (args.val_split > 0.0) {
    held_out = [&](std::size_t n) {
      return held_out_rows(static_cast<int>(n), args.val_split, args.seed);
    };
  }
  std::optional<TabularFit> fit = fit_and_parse_tabular(text, name, args.target, options,
                                                        tabular_options(args), encoded, held_out);
  if (!fit) return strict();
  tabular = std::move(fit->encoding);
  note_tabular_counts(name, fit->counts);
  if (counts != nullptr) *counts = fit->counts;
  std::printf("data: %s, %d rows; %s\n", fit->data.name.c_str(), fit->data.size(),
              describe_encoded(fit->data, *tabular).c_str());
  return std::move(fit->data);
}

namespace {

// --cache: the converted copy, (re)built first when stale; it carries the name of the CSV.
Dataset read_cached_file(const TrainArgs& args, std::optional<TabularEncoding>& tabular) {
  if (args.data == "-" || !args.labels.empty() || is_binary_data_file(args.data)) {
    throw CliError(kExitUsage,
                   "--cache keeps a binary copy of a CSV file, but --data is " +
                       (args.data == "-" ? std::string("standard input") : args.data),
                   "drop --cache");
  }
  TrainArgs cached = args;
  cached.data = use_cache(args);
  cached.target.clear();
  cached.drop.clear();
  cached.task = "auto";
  Dataset d = read_training_file(cached, tabular);
  d.name = args.data;
  return d;
}

}  // namespace

TrainingData load_training_data(const TrainArgs& args) {
  if (!args.val_file.empty() && args.val_split > 0.0) {
    throw CliError(kExitUsage, "--val and --val-split were both given",
                   "validate on a file (--val FILE) or on a split of the training data "
                   "(--val-split F), not both");
  }
  TrainingData d;
  if (args.cache && is_builtin_dataset(args.data)) {
    throw CliError(
        kExitUsage,
        "--cache keeps a binary copy of a data file, but " + args.data + " is a built-in data set",
        "drop --cache");
  }
  if (is_builtin_dataset(args.data)) {
    BuiltinData b = load_builtin_dataset(
        args.data, {.samples = args.samples, .noise = args.noise, .seed = args.seed});
    d.train = std::move(b.train);
    d.test = std::move(b.test);
    d.builtin = true;
  } else if (args.cache) {
    d.train = read_cached_file(args, d.tabular);
  } else {
    d.train = read_training_file(args, d.tabular);
  }
  if (args.val_split > 0.0 && d.train.mapping &&
      static_cast<uint64_t>(d.train.inputs.size()) * sizeof(float) >
          parse_byte_size(args.max_memory)) {
    throw CliError(kExitUsage,
                   "--val-split would copy " + d.train.name +
                       "'s rows into memory, more than --max-memory " + args.max_memory,
                   "convert a validation file (bprop convert VAL.csv --like TRAIN.bpd) and pass "
                   "--val");
  }
  if (args.val_split > 0.0) {
    d.val = split_validation(d.train, args.val_split, args.seed);
    warn_about_split(args, d.train, *d.val);
  }
  if (!args.val_file.empty())
    d.val = read_matching_file(args.val_file, "", args, &d.train, d.tabular);
  if (!args.test_file.empty())
    d.test = read_matching_file(args.test_file, "", args, &d.train, d.tabular);
  return d;
}

}  // namespace bprop::cli
