// libFuzzer target: the tabular encoding (missing cells, text columns). Any input must either be
// encoded or throw DataError; an encoding fitted on a file must then encode that same file into
// CSV text that the strict reader accepts with the encoding's width, and the input's lines taken
// as cells (the Python module's rows) must be encoded to one row per row of cells at that width,
// the direct encoding giving the file path's bits, counts or error.
// The lines taken as the cells of a few columns must also fit an encoding (fit_tabular_cells, the
// Python module's fit) or throw DataError, and that encoding must encode them in the same way.
// The chunked reader (TabularStream, what predict reads) must give the whole-file reader's rows or
// its error message, unless the two decided the header differently (documented: the stream looks
// at its first chunk only), as evaluate reads (targets required) or as predict does (no target
// cell read). The first byte picks options; the input's size, the chunk size.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bprop/data/tabular.h"
#include "bprop/data/tabular_stream.h"
#include "bprop/errors.h"
#include "data/tabular_table.h"

namespace {

// The text's lines dealt round-robin into `width` cell lists (cut to one length).
std::vector<std::vector<std::string>> lines_as_columns(std::string_view text, std::size_t width) {
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
  return columns;
}

// One encoding of cells: the matrix and counts, or the error.
struct Encoded {
  bprop::Matrix m;
  bprop::TabularCounts counts;
  std::string error;
};

template <typename F>
Encoded encoded(F encode) {
  Encoded e;
  try {
    e.m = encode(e.counts);
  } catch (const bprop::DataError& error) {
    e.error = error.what();
  }
  return e;
}

// An encoding's cells must encode to one row per row of cells at the encoding's width, or throw
// DataError; and the direct encoding (encode_tabular_columns) must give the file path's bits,
// counts and error (tabular::encode_columns_as_text).
void expect_encoded(const std::vector<std::vector<std::string>>& columns,
                    const bprop::TabularEncoding& encoding) {
  const std::size_t rows = columns.empty() ? 0 : columns[0].size();
  const Encoded direct = encoded([&](bprop::TabularCounts& counts) {
    return bprop::encode_tabular_columns(columns, "cells", encoding, counts);
  });
  const Encoded file = encoded([&](bprop::TabularCounts& counts) {
    return bprop::tabular::encode_columns_as_text(bprop::tabular::text_cells(columns), "cells",
                                                  encoding, counts);
  });
  if (direct.error != file.error || direct.counts.imputed != file.counts.imputed ||
      direct.counts.unseen != file.counts.unseen || direct.m.size() != file.m.size() ||
      !std::equal(direct.m.data(), direct.m.data() + direct.m.size(), file.m.data(),
                  [](float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; })) {
    __builtin_trap();
  }
  if (direct.error.empty() &&
      (direct.m.rows() != static_cast<int>(rows) ||
       direct.m.cols() != static_cast<int>(encoding.feature_names().size()))) {
    __builtin_trap();
  }
}

// A fit's encoding as text (names, fills' bits, categories), or its error.
std::string fitted(const std::vector<std::string>& names,
                   std::span<const bprop::TabularCells> cells, const bprop::TabularOptions& options,
                   bool allow_missing) {
  try {
    const auto e = bprop::fit_tabular_cells(names, cells, "cells", options, allow_missing);
    if (!e) return "none";
    std::string text;
    for (const bprop::ColumnEncoding& c : e->columns) {
      uint64_t bits = 0;
      std::memcpy(&bits, &c.fill, sizeof bits);
      text += c.name + ":" + std::to_string(bits) + ":" + std::to_string(c.fill_category) + ":";
      for (const std::string& category : c.categories) text += category + "|";
    }
    return text;
  } catch (const bprop::DataError& error) {
    return error.what();
  }
}

// Columns whose cells are all numbers (from_chars over the whole cell) or empty, given as
// numbers, must fit and encode as their shortest texts do.
void expect_numbers_as_texts(const std::vector<std::string>& names,
                             const std::vector<std::vector<std::string>>& columns,
                             const bprop::TabularOptions& options, bool allow_missing) {
  std::vector<std::vector<double>> numbers(columns.size());
  std::vector<bprop::TabularCells> as_numbers, as_texts;
  std::vector<std::vector<std::string>> texts(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    bool all = true;
    for (const std::string& cell : columns[c]) {
      double x = std::nan("");
      const char* end = cell.data() + cell.size();
      const auto [at, ec] = std::from_chars(cell.data(), end, x);
      all = all && (cell.empty() || (ec == std::errc() && at == end && !std::isnan(x)));
      numbers[c].push_back(x);
    }
    if (!all) {
      as_numbers.push_back({.texts = columns[c]});
      as_texts.push_back({.texts = columns[c]});
      continue;
    }
    as_numbers.push_back({.numbers = numbers[c], .holds_numbers = true});
    texts[c] = bprop::tabular::cells_texts(as_numbers.back());
    as_texts.push_back({.texts = texts[c]});
  }
  if (fitted(names, as_numbers, options, allow_missing) !=
      fitted(names, as_texts, options, allow_missing)) {
    __builtin_trap();
  }
}

// The text's lines as the cells of 1 to 4 columns that the Python module fits an encoding on
// (fit_tabular_cells): it fits one or throws DataError, and then encodes those cells; as numbers,
// the columns that are numbers fit as their texts do.
void fit_lines_as_cells(std::string_view text, uint8_t mode, const bprop::TabularOptions& options) {
  const std::size_t width = 1 + mode % 4;
  const std::vector<std::string> names = {"0", "a", "b c", "0=1"};
  const std::vector<std::string> used(names.begin(), names.begin() + width);
  const auto columns = lines_as_columns(text, width);
  expect_numbers_as_texts(used, columns, options, (mode & 0x20) != 0);
  try {
    const auto encoding =
        bprop::fit_tabular_cells(used, columns, "cells", options, (mode & 0x20) != 0);
    if (encoding) expect_encoded(columns, *encoding);
  } catch (const bprop::DataError&) {
  }
}

struct Read {
  std::vector<float> inputs, targets;
  std::string error;
  std::optional<bool> header;  // whether the first row was taken as a header, when known
};

// The whole-file reader's header decision (the one parse_tabular_csv makes), if the file splits.
std::optional<bool> whole_file_header(std::string_view text, const bprop::TabularEncoding& e,
                                      bprop::CsvOptions csv) {
  csv.header = bprop::CsvOptions::Header::kAuto;
  try {
    return bprop::tabular::read_table(text, "fuzz.csv", csv, e.na_values).header;
  } catch (const bprop::DataError&) {
    return std::nullopt;
  }
}

// The stream against the whole-file reader, with the targets fixed as predict and evaluate fix
// them; `predict` reads no target (CsvOptions::Presence::kIfPresent).
void compare_stream(std::string_view text, const bprop::TabularEncoding& encoding,
                    const bprop::Dataset& fitted, bprop::CsvOptions csv, std::size_t chunk,
                    bool predict) {
  csv.presence =
      predict ? bprop::CsvOptions::Presence::kIfPresent : bprop::CsvOptions::Presence::kRequired;
  csv.class_names = fitted.class_names;
  csv.target_kind = fitted.class_names.empty() ? bprop::CsvOptions::Targets::kValues
                                               : bprop::CsvOptions::Targets::kClasses;
  Read whole, streamed;
  try {
    bprop::TabularCounts counts;
    bprop::CsvColumns columns;
    const bprop::Dataset d =
        bprop::parse_tabular_csv(text, "fuzz.csv", encoding, csv, counts, &columns);
    whole.inputs.assign(d.inputs.data(), d.inputs.data() + d.inputs.size());
    whole.targets.assign(d.targets.data(), d.targets.data() + d.targets.size());
  } catch (const bprop::DataError& e) {
    whole.error = e.what();
  }
  whole.header = whole_file_header(text, encoding, csv);
  try {
    bprop::TabularStream stream(text, "fuzz.csv", encoding, csv, chunk);
    streamed.header = stream.columns().header;
    std::vector<std::vector<std::string>> kept;
    for (bprop::Dataset d; stream.next(d, kept); d = bprop::Dataset()) {
      streamed.inputs.insert(streamed.inputs.end(), d.inputs.data(),
                             d.inputs.data() + d.inputs.size());
      streamed.targets.insert(streamed.targets.end(), d.targets.data(),
                              d.targets.data() + d.targets.size());
    }
  } catch (const bprop::DataError& e) {
    streamed.error = e.what();
  }
  if (whole.header && streamed.header && *whole.header != *streamed.header) return;
  if (whole.error != streamed.error) __builtin_trap();
  // After an error the stream has handed out the chunks before it (predict has written their
  // rows, docs/data-formats.md); a row that evaluation drops can hold the bad cell predict reads.
  if (!whole.error.empty()) return;
  if (whole.inputs != streamed.inputs || whole.targets != streamed.targets) __builtin_trap();
  if (predict && !whole.targets.empty()) __builtin_trap();  // no target cell is read
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
  if (mode & 0x80) options.categorical = {"0"};  // a headerless file's and the cells' first column
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  fit_lines_as_cells(text, mode, options);
  try {
    const auto encoding = bprop::fit_tabular(text, "fuzz.csv", {}, csv, options);
    if (!encoding) return 0;
    bprop::TabularCounts counts;
    const bprop::Dataset d = bprop::parse_tabular_csv(text, "fuzz.csv", *encoding, csv, counts);
    if (d.inputs.cols() != static_cast<int>(encoding->feature_names().size())) __builtin_trap();
    if (!encoding->columns.empty()) {
      expect_encoded(lines_as_columns(text, encoding->columns.size()), *encoding);
    }
    compare_stream(text, *encoding, d, csv, 1 + size * 31 % 97, (mode & 0x20) != 0);
  } catch (const bprop::DataError&) {
  }
  return 0;
}
