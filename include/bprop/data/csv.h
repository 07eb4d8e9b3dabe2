// CSV reader: numeric feature columns plus target column(s), strict about every cell.
//
// Format accepted (docs/csv-format.md has the full policy):
// - one record per line; LF or CRLF endings; a missing final newline is fine; a UTF-8 BOM at the
//   start of the file is skipped. Blank lines and lines starting with '#' before the first record
//   (a leading comment block) and blank lines at the end are nothing; between records, a line
//   starting with '#' is a record like any other, and a blank line is a record of one empty cell
//   in a file of one column, else skipped and counted (CsvColumns::blank_lines).
// - fields separated by `delimiter`: by default ',', or ';' or a tab when the first record holds
//   that character outside quotes and no more commas (a European spreadsheet's export). Quoting: an
//   RFC 4180 subset. A field may be wrapped in double quotes, inside which the delimiter and
//   doubled quotes ("") are allowed. A quoted field spanning lines, text after a closing quote, or
//   a quote inside an unquoted field is an error that names the line and column.
// - numbers are parsed with std::from_chars after trimming spaces and tabs; the whole cell must be
//   consumed, so "5abc", "abc", "1,5" (decimal comma) and "0x1A" are errors, whatever the locale.
//   A leading '+' is accepted. nan, inf and values that overflow a float are rejected unless
//   allow_nonfinite is set (inference only).
// Every error is a DataError whose message starts with "file:line:col: " (or "file:line: " for a
// whole-row problem) and says what was expected.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "bprop/data/dataset.h"

namespace bprop {

struct CsvOptions {
  // Whether the first record names the columns. kAuto: it does when one of its cells is not a
  // number while the same column of the second record is (so a header over purely text columns
  // needs kYes).
  enum class Header { kAuto, kYes, kNo };
  // How the target column(s) are read.
  //   kClasses: exactly one target column of class labels (integers or names), mapped to class
  //             indices 0..K-1 in sorted order (integers numerically, names bytewise), so the same
  //             label set always gives the same mapping. Dataset::targets is (N, 1) of indices and
  //             Dataset::class_names holds the labels. Non-integer numbers ("2.5") are refused.
  //   kValues:  numeric targets (regression, BCE probabilities), (N, targets) values.
  //   kAuto:    kClasses when there is one target column and any label is not a number, or
  //             every label is an integer and there are at most 20 distinct labels or at most
  //             one per 10 rows (more whole numbers than that are a quantity: kValues);
  //             kValues otherwise.
  enum class Targets { kAuto, kClasses, kValues };
  // Whether the file must carry the target column(s).
  //   kRequired:  training and evaluation.
  //   kIfPresent: prediction; the targets are dropped when the file has them (by header name, or
  //               by column count = feature_count + number of targets) and ignored.
  //   kNone:      every column is a feature.
  enum class Presence { kRequired, kIfPresent, kNone };

  Header header = Header::kAuto;
  // Target columns by header name or 0-based index written as text ("3"). Text that is both a
  // header name and the index of another column is refused as ambiguous; "name:3" and "index:3"
  // say which. Empty = the last column, by position.
  std::vector<std::string> targets;
  // Whether `targets` are a model's record rather than the user's choice: its target names
  // ("name:y"), the indices a model trained on a file without a header recorded ("0"), or nothing.
  // The reader then refuses to guess where a file's target is when the model cannot tell: a file
  // without a header that holds the features and the targets of a model that knows them by name
  // only, or a file with a header whose names a model without feature names cannot check
  // (docs/data-formats.md, "Which column is the target").
  bool targets_from_model = false;
  // When non-empty, the feature columns a model was trained on, by name. A file with a header
  // must hold every one (in any order; the others are ignored and listed in
  // CsvColumns::ignored); a file without one is read by position, only when its width fits.
  // Under Header::kAuto, a first record that holds every one of these names (each once, in any
  // order) and otherwise only target names or text is the header, even when every name is a
  // number ("10,20,30").
  std::vector<std::string> feature_names;
  // Columns that are neither features nor targets (by name or index, as `targets`).
  std::vector<std::string> drop;
  // Columns whose cells are also kept as text (CsvColumns::kept), e.g. IDs carried into output.
  // They may be features or targets as well.
  std::vector<std::string> keep;
  Targets target_kind = Targets::kAuto;
  Presence presence = Presence::kRequired;
  // When non-empty, the fixed class mapping (a model's class names): every label must be one of
  // them, matched by text (integers by value, so "07" matches "7"), else an error names the
  // label, its position and the known classes.
  std::vector<std::string> class_names;
  // When >= 0, the number of feature columns the data must have (a model's input width).
  int feature_count = -1;
  // kValues targets must lie in [target_min, target_max] (the CLI sets [0, 1] for BCE).
  double target_min = -std::numeric_limits<double>::infinity();
  double target_max = std::numeric_limits<double>::infinity();
  bool allow_nonfinite = false;  // inference only: accept nan/inf feature cells
  char delimiter = 0;            // 0 = detected from the first record (see above)
  std::size_t max_line_bytes = std::size_t{1} << 20;  // longer lines are refused
  std::size_t max_columns = std::size_t{1} << 16;
  std::size_t max_file_bytes = std::size_t{1} << 32;  // reading stops with an error beyond this
  // Threads that parse: 0 = one per core, fewer for a small text (one per read_block_bytes).
  // The result, and the error for a bad file, are the same for any count.
  int threads = 0;
  // A file is read in blocks of this size per thread (a longer line makes its block grow).
  std::size_t read_block_bytes = std::size_t{256} << 10;
};

// How the reader understood a file's columns (for the CLI to say so, and for --keep).
struct CsvColumns {
  bool header = false;
  char delimiter = ',';
  std::vector<std::string> names;     // the header's cells; empty without a header
  std::vector<std::size_t> targets;   // 0-based column indices, in the order asked for
  std::vector<std::size_t> features;  // in the order of CsvOptions::feature_names, else the file's
  std::vector<std::string> ignored;   // columns neither feature, target nor dropped (by name)
  std::vector<std::string> kept_names;         // per CsvOptions::keep: header name or "column N"
  std::vector<std::vector<std::string>> kept;  // per CsvOptions::keep column, every row's text
  std::string task;  // why the targets are classes or values, e.g. "194 distinct whole numbers"
  // Blank lines between records that were skipped (a file of more than one column; see above).
  // CsvStream: so far.
  std::size_t blank_lines = 0;
  // Lines starting with '#' before the first record, skipped as a comment block: said, since a
  // headerless file's first rows could start with '#' too.
  std::size_t comment_lines = 0;
};

// Reads and parses `path` ("-" = standard input); a gzip file (magic 1f 8b) is decompressed
// first. A regular file is read in blocks by several threads, straight into the matrices, never
// whole into memory; a file whose size or modification time changes meanwhile is refused. Throws
// DataError (also for a file that cannot be opened or read, and for a binary file, named by its
// magic bytes where known).
Dataset read_csv(const std::string& path, const CsvOptions& options = {},
                 CsvColumns* columns = nullptr);

// Parses CSV text; `name` is used in error messages and as Dataset::name. `columns`, when given,
// receives the layout.
Dataset parse_csv(std::string_view text, const std::string& name, const CsvOptions& options = {},
                  CsvColumns* columns = nullptr);

// Parses "auto", "classes" or "values" (CLI spelling); throws ConfigError otherwise.
CsvOptions::Targets parse_target_kind(std::string_view text);

}  // namespace bprop
