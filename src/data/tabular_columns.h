// Internal to the tabular encoding: finding columns in a file's table, by the flags' names or
// indices (--target, --drop, --keep) and by the encoding's names (the columns a model reads).
#pragma once

#include <string>
#include <vector>

#include "bprop/data/tabular.h"
#include "tabular_table.h"

namespace bprop::tabular {

// The column `spec` names: a header name first, else a 0-based index written as text. Throws
// DataError "<name>: no column '<spec>' (<flag>)" otherwise.
std::size_t find_column(const Table& t, const std::string& spec, const std::string& name,
                        const std::string& flag);
// find_column for each spec.
std::vector<std::size_t> find_columns(const Table& t, const std::vector<std::string>& specs,
                                      const std::string& name, const std::string& flag);

struct Sources {
  std::vector<std::size_t> features;  // the file's column for each encoded column
  std::vector<std::size_t> targets;   // the file's target columns (empty when it has none)
};

// Finds the encoding's columns in a file: by header name, or by position in a headerless file
// of the features only (one that holds the targets too is refused: where they are would be a
// guess, the encoding knowing its columns by name only). The targets are looked for only
// when `read_targets` (training, evaluation; prediction never reads them). Throws DataError
// listing the columns the file lacks, or naming a column it reads that the header names twice
// (with both 0-based indices: the model cannot tell which one it was trained on); a repeated
// name that is not read is allowed.
Sources locate(const Table& t, const TabularEncoding& e, const std::string& name,
               bool read_targets);

}  // namespace bprop::tabular
