// Tabular encoding: makes a CSV file as people have them (missing cells, text categories) numeric
// before the strict reader sees it. Fitted on the training file only and stored in the model, so
// validation, test, evaluate and predict data get exactly the transform training saw:
// - a missing cell (one of `na_values`) in a numeric column becomes the training median;
// - a column with text values is categorical: one 0/1 column per training category ("col=value",
//   the categories in sorted order); a missing cell counts as the most frequent category; a
//   category unseen in training gives all zeros (counted, or an error when strict).
// Rows whose target cell is missing are dropped (counted) where the targets are read (training,
// evaluation); prediction reads no target cell. Works on the CSV text: the output is a CSV text
// with a header of the encoded column names, which bprop::parse_csv reads as usual.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bprop/data/csv.h"

namespace bprop {

struct TabularOptions {
  // Cells that mean "missing", besides the empty cell, which always does.
  std::vector<std::string> na_values = {"NA", "N/A", "NaN", "nan", "null", "?"};
  std::vector<std::string> categorical = {};  // column names to treat as categories even if numeric
  int max_categories = 100;                   // more distinct values in one column: an error
  bool strict_categories = false;             // an unseen category is an error instead of zeros
  bool python_names = false;  // hints name the estimators' parameters, not `bprop train`'s flags
};

struct ColumnEncoding {
  std::string name = {};
  std::vector<std::string> categories = {};  // empty: a numeric column
  double fill = 0.0;                         // numeric: the training median of the column
  int fill_category = 0;                     // categorical: the most frequent training category
  bool is_categorical() const { return !categories.empty(); }
};

struct TabularEncoding {
  std::vector<std::string> na_values = {};
  std::vector<ColumnEncoding> columns = {};  // the training file's feature columns, in file order
  std::vector<std::string> targets = {};     // the target columns' names
  bool strict_categories = false;
  // The encoded feature names: a numeric column keeps its name, a categorical one gives
  // "name=category" per category.
  std::vector<std::string> feature_names() const;
  // na_values_match_numbers(na_values).
  bool numbers_can_be_missing() const;
};

// Whether one of these na_values reads as a number other than NaN, so that a number's text can
// mean a missing cell.
bool na_values_match_numbers(const std::vector<std::string>& na_values);

struct TabularCounts {
  int64_t imputed = 0;        // missing feature cells filled
  int64_t unseen = 0;         // cells whose category training never saw (encoded as zeros)
  int64_t dropped_rows = 0;   // rows without a target value
  int64_t blank_lines = 0;    // blank lines between records skipped (a file of several columns)
  int64_t comment_lines = 0;  // lines starting with '#' before the first record skipped
};

// Fits the encoding on a training file's text when it needs one: nullopt when every feature cell
// is a number (and nothing is forced categorical), so such files are read exactly as before.
// `targets` picks target columns as CsvOptions::targets does (empty = the last column), and
// `csv.drop` columns are left out; the file
// must have a header then (decided as CsvOptions::Header::kAuto, or when every cell of the first
// row is text that its column never repeats). Throws DataError naming file, line and column for:
// an entirely missing column, too many categories, a numeric column with a few stray text cells.
std::optional<TabularEncoding> fit_tabular(std::string_view text, const std::string& name,
                                           const std::vector<std::string>& targets,
                                           const CsvOptions& csv, const TabularOptions& options);

// fit_tabular for feature cells that arrive as columns rather than as a file (bprop's Python
// module): `names` and one list of cell texts per column, all of one length, no target. The same
// rules and errors (row i is line i + 2, as in encode_tabular_columns); with `allow_missing`
// false, a missing cell is also a DataError naming its column and line. nullopt when every cell
// is a number and none is missing (nothing is forced categorical).
std::optional<TabularEncoding> fit_tabular_cells(
    const std::vector<std::string>& names, const std::vector<std::vector<std::string>>& columns,
    const std::string& name, const TabularOptions& options, bool allow_missing);

// One column of cells for fit_tabular_cells and encode_tabular_cells: their texts, or numbers
// (NaN: a missing cell), each standing for its shortest round-trip text (so a NumPy column
// reaches the encoding without a text per cell). Views: the caller keeps the cells alive.
struct TabularCells {
  std::span<const std::string> texts = {};
  std::span<const double> numbers = {};
  bool holds_numbers = false;
  std::size_t size() const { return holds_numbers ? numbers.size() : texts.size(); }
};

// fit_tabular_cells for cells given as texts or numbers (TabularCells, each number standing for
// its shortest round-trip text): the same encoding and errors. A column of numbers that
// `options.categorical` names, or beside an na_value that is a number, is fitted as those texts.
std::optional<TabularEncoding> fit_tabular_cells(const std::vector<std::string>& names,
                                                 std::span<const TabularCells> columns,
                                                 const std::string& name,
                                                 const TabularOptions& options, bool allow_missing);

// A training file's encoding and its data read through it, with what the encoding did.
struct TabularFit {
  TabularEncoding encoding;
  Dataset data;
  TabularCounts counts;
};
// Which of the data's rows (those with a target, in file order) a validation split holds out:
// given their count, one flag per row. The encoding is fitted without them.
using HeldOutRows = std::function<std::vector<bool>(std::size_t rows)>;

// fit_tabular, then parse_tabular_csv of the same text with `options` (CsvOptions::targets
// cleared: the encoding has found them), reading the text's cells once where the two reads
// would agree. nullopt when fit_tabular gives nullopt; the same errors as the two calls. With
// `held_out`, the medians, most frequent categories and categories come from the other rows only
// (rows without a target, never data, count as fitted), as the scaling comes from the training
// split: held-out rows must not shape what they are scored through.
std::optional<TabularFit> fit_and_parse_tabular(std::string_view text, const std::string& name,
                                                const std::vector<std::string>& targets,
                                                const CsvOptions& csv,
                                                const TabularOptions& tabular_options,
                                                CsvOptions options,
                                                const HeldOutRows& held_out = {});

// Whether `data`, read from a training file by the strict reader (parse_csv or read_csv with the
// same header and targets), is already what the tabular encoding would give: fit_tabular returns
// nullopt for such a file. A fast path: the strict reader is many times faster than fit_tabular.
// False when a column is forced categorical, an na_value reads as a finite number (so a numeric
// cell may mean "missing"), or a class label is an na_value (so its rows would be dropped).
bool strict_read_is_final(const Dataset& data, const TabularOptions& options);

// Encodes a file with a fitted encoding: columns are found by header name (any order; others are
// ignored); targets are kept when present. Returns CSV text with a header.
std::string apply_tabular(std::string_view text, const std::string& name,
                          const TabularEncoding& encoding, const CsvOptions& csv,
                          TabularCounts& counts);

// A data file read through the encoding: apply_tabular, then parse_csv of the result with
// `options`, whose header, delimiter and (unless set) targets are taken from the encoding and
// whose `drop` is moot (the encoding picks its columns by name). `options.keep` columns (by name
// or index in the original file) come back as text in `columns` (kept, kept_names, header).
// The targets are read only under options.presence kRequired (rows without one are dropped and
// counted; none left is a DataError saying so); kIfPresent (prediction) and kNone never read a
// target cell, so every row is read whatever its target holds, and the dataset has no targets.
Dataset parse_tabular_csv(std::string_view text, const std::string& name,
                          const TabularEncoding& encoding, CsvOptions options,
                          TabularCounts& counts, CsvColumns* columns = nullptr);

// The encoded inputs of rows that arrive as cells rather than as a file (bprop's Python module):
// `columns` holds one list of cell texts per encoding column, in the encoding's order, all of one
// length. The numbers are those parse_tabular_csv reads from a file holding these cells under a
// header (the same encoding, then the same number reader), and errors name `name` and the line
// such a file would have: row i (0-based) is line i + 2. (encode_tabular_cells below.)
Matrix encode_tabular_columns(const std::vector<std::vector<std::string>>& columns,
                              const std::string& name, const TabularEncoding& encoding,
                              TabularCounts& counts);

// encode_tabular_columns for cells given as texts or numbers: the same matrix, counts and errors
// as encode_tabular_columns on the texts (tabular_cells_test.cpp, fuzz_tabular). Encodes the
// columns directly into the matrix, and takes the file path (an encoded CSV text read back)
// only where a cell needs that path's rules or its error: a cell that is no number or does not
// fit a float, an unseen category under strict_categories, numbers beside an na_value that is a
// number, numbers for a categorical column (their texts name the categories). Throws DataError
// as that path does.
Matrix encode_tabular_cells(std::span<const TabularCells> columns, const std::string& name,
                            const TabularEncoding& encoding, TabularCounts& counts);

// "3 missing cells filled, 2 unseen categories (encoded as zeros), 1 row without a target
// dropped" (only the non-zero parts), or "" when nothing happened.
std::string describe_counts(const TabularCounts& counts);

}  // namespace bprop
