// Internal to the tabular encoding: a CSV file's cells as text, with the header decision.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bprop/data/csv.h"
#include "bprop/data/tabular.h"
#include "csv_records.h"

namespace bprop::tabular {

struct Table {
  bool header = false;
  std::vector<std::string> names;  // header cells, or "0", "1", ... without a header
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;  // each row's line in the file
  char delimiter = ',';            // the one the reader used (detected when csv.delimiter is 0)
  std::size_t comment_lines = 0;   // '#' lines before the first record skipped (csv::LineRule)
  std::size_t blank_lines = 0;     // blank lines between records skipped (csv::LineRule)
  std::uint64_t data_end = 0;      // where the blank lines that end the file start
};

bool is_number(std::string_view cell);
bool is_missing(std::string_view cell, const std::vector<std::string>& na_values);

// Lists of cell texts as TabularCells (views of them).
std::vector<TabularCells> text_cells(const std::vector<std::vector<std::string>>& columns);
// The cells' texts: texts as they are, a number as its shortest round-trip text, NaN as "".
std::vector<std::string> cells_texts(const TabularCells& cells);

// encode_tabular_columns the way a file is read: the cells as a table, the table as encoded CSV
// text, that text through the CSV reader. encode_tabular_cells falls back on it (and the fuzzer
// compares the two).
Matrix encode_columns_as_text(std::span<const TabularCells> columns, const std::string& name,
                              const TabularEncoding& e, TabularCounts& counts);

// Throws DataError for cells a table cannot hold: no rows, or columns of unequal length.
void check_cells_shape(const std::vector<std::string>& names, std::span<const TabularCells> columns,
                       const std::string& name);
// The table of a file with a header `names` over these cells (their texts, as cells_texts
// writes them), all of one length: row i is line i + 2. Throws as check_cells_shape.
Table cells_table(const std::vector<std::string>& names, std::span<const TabularCells> columns,
                  const std::string& name);

// Splits the file with the CSV reader's record splitter. Header: as csv.header says; kAuto also
// takes a first row whose every cell is text that its column never repeats (so a header over
// text-only columns is found), and a first row of csv.feature_names (csv::names_model_columns).
// Throws DataError for an empty file or a ragged row.
// `data_end`: where the blank lines that end the file start, when `text` is only its start.
Table read_table(std::string_view text, const std::string& name, const CsvOptions& csv,
                 const std::vector<std::string>& na_values,
                 std::uint64_t data_end = csv::LineRule::kUnknown);
// read_table as a file read through an encoding is read: the header decided as
// CsvOptions::Header::kAuto decides it, whatever csv.header says.
Table read_encoded_table(std::string_view text, const std::string& name, const TabularEncoding& e,
                         const CsvOptions& csv, std::uint64_t data_end = csv::LineRule::kUnknown);
// The rows of a later piece of the same file (starting at a line start after `first_line` lines,
// at byte `offset`): the header, names, delimiter and end of the data are `first`'s, the table
// read_table gave for the file's start. Throws DataError for a ragged row, naming its line.
Table read_table_rows(std::string_view piece, const std::string& name, const CsvOptions& csv,
                      std::size_t first_line, const Table& first, std::uint64_t offset);

// The encoded CSV text of a table (header: the encoding's feature names, then its targets when
// `read_targets` and the file has them); `written` receives the table rows it holds (rows without
// a target are dropped, and counted; none is when the targets are not read).
std::string encode_table(const Table& t, const std::string& name, const TabularEncoding& e,
                         TabularCounts& counts, std::vector<std::size_t>& written,
                         bool read_targets);

// The dataset parse_tabular_csv makes of a table: encoded through `e`, then read by the strict
// number reader; `columns` (may be null) receives the options.keep columns' text. The targets are
// read only when options.presence is kRequired (training, evaluation): prediction (kIfPresent)
// never reads the target columns, so it keeps every row whatever their target cells. A table left
// without rows (none, or none with a target) is an error unless `allow_no_rows` (then the
// dataset is empty).
Dataset encoded_dataset(const Table& t, const std::string& name, const TabularEncoding& e,
                        CsvOptions options, TabularCounts& counts, CsvColumns* columns,
                        bool allow_no_rows = false);
// The error of a read that needs targets when each of its `rows` rows (> 0) lacked one.
[[noreturn]] void throw_no_row_with_a_target(const std::string& name, const TabularEncoding& e,
                                             int64_t rows);

}  // namespace bprop::tabular
