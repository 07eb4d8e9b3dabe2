// Internal to the tabular encoding: a CSV file's cells as text, with the header decision.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bprop/data/csv.h"

namespace bprop::tabular {

struct Table {
  bool header = false;
  std::vector<std::string> names;  // header cells, or "0", "1", ... without a header
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;  // each row's line in the file
};

bool is_number(std::string_view cell);
bool is_missing(std::string_view cell, const std::vector<std::string>& na_values);

// Splits the file with the CSV reader's record splitter. Header: as csv.header says; kAuto also
// takes a first row whose every cell is text that its column never repeats (so a header over
// text-only columns is found). Throws DataError for an empty file or a ragged row.
Table read_table(std::string_view text, const std::string& name, const CsvOptions& csv,
                 const std::vector<std::string>& na_values);

}  // namespace bprop::tabular
