// libFuzzer target: the tabular encoding (missing cells, text columns). Any input must either be
// encoded or throw DataError; an encoding fitted on a file must then encode that same file into
// CSV text that the strict reader accepts with the encoding's width, and the input's lines taken
// as cells (the Python module's rows) must be encoded to one row per row of cells at that width.
// The first byte picks options.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bprop/data/tabular.h"
#include "bprop/errors.h"

namespace {

// The text's lines dealt round-robin into one cell list per encoding column (cut to one length).
void encode_lines_as_cells(std::string_view text, const bprop::TabularEncoding& encoding) {
  const std::size_t width = encoding.columns.size();
  if (width == 0) return;
  std::vector<std::vector<std::string>> columns(width);
  std::size_t next = 0;
  while (next <= text.size()) {
    const std::size_t end = std::min(text.find('\n', next), text.size());
    std::size_t shortest = 0;
    for (std::size_t c = 1; c < width; ++c) {
      if (columns[c].size() < columns[shortest].size()) shortest = c;
    }
    columns[shortest].emplace_back(text.substr(next, end - next));
    next = end + 1;
  }
  const std::size_t rows = columns.back().size();
  for (auto& column : columns) column.resize(rows);
  bprop::TabularCounts counts;
  try {
    const bprop::Matrix m = bprop::encode_tabular_columns(columns, "cells", encoding, counts);
    if (m.rows() != static_cast<int>(rows) ||
        m.cols() != static_cast<int>(encoding.feature_names().size())) {
      __builtin_trap();
    }
  } catch (const bprop::DataError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  bprop::CsvOptions csv;
  csv.header = static_cast<bprop::CsvOptions::Header>(mode % 3);
  csv.max_line_bytes = 4096;
  csv.max_columns = 256;
  bprop::TabularOptions options;
  options.max_categories = 1 + (mode / 3) % 16;
  options.strict_categories = (mode & 0x40) != 0;
  if (mode & 0x80) options.categorical = {"0", "a"};
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const auto encoding = bprop::fit_tabular(text, "fuzz.csv", {}, csv, options);
    if (!encoding) return 0;
    bprop::TabularCounts counts;
    const bprop::Dataset d = bprop::parse_tabular_csv(text, "fuzz.csv", *encoding, csv, counts);
    if (d.inputs.cols() != static_cast<int>(encoding->feature_names().size())) __builtin_trap();
    encode_lines_as_cells(text, *encoding);
  } catch (const bprop::DataError&) {
  }
  return 0;
}
