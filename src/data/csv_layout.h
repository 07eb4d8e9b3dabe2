// Internal to the CSV reader: pass 1. Detects the delimiter, decides whether the first record is
// a header, and resolves which columns are targets, features (by a model's names when given),
// dropped, kept as text or ignored.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bprop/data/csv.h"

namespace bprop::csv {

struct Layout {
  bool header = false;
  std::vector<std::string> names;  // the header's cells, when there is one
  std::size_t columns = 0;
  std::vector<std::size_t> targets;   // column indices, in the order asked for
  std::vector<std::size_t> features;  // by the model's names, else every other column in order
  std::vector<std::size_t> kept;      // CsvOptions::keep, in that order
  std::vector<std::size_t> ignored;   // a model's file: columns it does not use
  std::size_t comment_lines = 0;      // '#' lines before the first record, skipped
};

// The delimiter for `text`: options.delimiter when set, else the first record's (csv.h).
char detect_delimiter(std::string_view text, const CsvOptions& options);

// Reads the first two records of `text` (options.delimiter must be set). Throws DataError, or
// InputWidthError when the feature columns do not fit options.feature_count.
Layout read_layout(std::string_view text, const std::string& name, const CsvOptions& options);

// "a, b, c" (at most 20, then "...").
std::string list_names(const std::vector<std::string>& names);

// csv_model_columns.cpp: whether a first record is a header because it names a model's columns
// (CsvOptions::feature_names, each once, besides target names or text), whatever its cells look
// like; throws DataError naming `file` when it holds only numbers (a row of data could be the
// same: --header must say which).
bool names_model_columns(const std::vector<std::string>& cells, const CsvOptions& options,
                         const std::string& file);
// Throws DataError when the targets a model recorded (CsvOptions::targets_from_model), found in
// the file, would be a guess: a file without a header for a model that knows its columns by name
// only, or a file with a header for a model without feature names.
void refuse_guessed_targets(const Layout& layout, const CsvOptions& options,
                            const std::string& name);

}  // namespace bprop::csv
