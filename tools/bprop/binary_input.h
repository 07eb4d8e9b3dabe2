// Binary data files (.bpd, bprop/data/binary_data.h) wherever --data, --val or --test takes a
// file: told by their first bytes, and checked against what the command expects (a model's
// features, classes and tabular encoding) as strictly as a CSV would be.
#pragma once

#include <optional>
#include <string>

#include "bprop/data/binary_data.h"
#include "bprop/data/csv.h"

namespace bprop::cli {

// True when `path` is a readable file that starts with the binary data file's magic.
bool is_binary_data_file(const std::string& path);

// Opens `path` (verifying every checksum) and checks it against `expected`: the feature names or
// count, the class names and the target kind a model or the training data asks for. With
// `encoding`, the file must have been converted through an equal tabular encoding (its medians
// and categories), else the numbers would mean something else. `info_out` receives the header.
// Throws DataError (InputWidthError for other features) naming the file.
Dataset read_binary_dataset(const std::string& path, const CsvOptions& expected,
                            const TabularEncoding* encoding, BinaryDataInfo* info_out = nullptr);

// Puts `value` where `slot` is, even when `slot` views a mapped file: assigning over a view would
// copy into its read-only pages instead of replacing it (bprop/matrix.h).
void replace_matrix(Matrix& slot, Matrix&& value);

// "binary data file (from data.csv), 3 classes (a, b, c)" for `bprop train`'s data line.
std::string describe_binary_data(const BinaryDataInfo& info);

}  // namespace bprop::cli
