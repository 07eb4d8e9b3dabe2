// Reading data files the same way in every command: the --header and --delimiter flags, IDX
// files told from CSV by their magic bytes (gzip-compressed or not), and the notes that say how
// the columns were understood.
#pragma once

#include <CLI/CLI.hpp>
#include <span>
#include <string>

#include "bprop/data/csv.h"
#include "bprop/data/dataset.h"

namespace bprop::cli {

struct CsvFormatArgs {
  std::string header = "auto";     // auto, yes, no
  std::string delimiter = "auto";  // auto, or one character; "tab" and "space" by name
};

// Adds --header and --delimiter.
void add_csv_format_flags(CLI::App& cmd, CsvFormatArgs& args);

// The reader options those flags ask for (everything else default).
CsvOptions csv_options(const CsvFormatArgs& args);

// Reads `path`: IDX images when `labels` is given or the file is IDX (told by its bytes; without
// `labels` every label is 0, refused when `need_labels`), else CSV with `options`; `columns` (CSV
// only, may be null) receives the layout. Throws DataError, CliError.
Dataset read_data(const std::string& path, const std::string& labels, const CsvOptions& options,
                  CsvColumns* columns, bool need_labels);

// What read_data makes of a file's bytes (decompressed) already read, named `name`: IDX images
// without labels or CSV (a stream such as standard input can be read only once).
Dataset parse_data(std::span<const unsigned char> bytes, const std::string& name,
                   const CsvOptions& options, CsvColumns* columns, bool need_labels);

// Whether `path` is read as a stream, once, from start to end: "-" (standard input) or a file
// that is not a regular one (/dev/stdin, a pipe, a process substitution's /dev/fd/N).
bool is_stream(const std::string& path);

// IDX images read to match other data (a model's or a converted training file's): they must have
// `features` pixels, and their labels, which are class indices, must index `class_names` (when
// non-empty), which the data then takes, so that a file whose labels are a subset keeps the
// reference's classes. Classes named other than "0", "1", ... cannot be told from an index and are
// refused. Throws InputWidthError, DataError.
void match_idx_reference(Dataset& data, int features, const std::vector<std::string>& class_names);

// Says on stderr, once, what the reader decided that a user could not see otherwise: columns a
// model does not use (other than `unsaid`, e.g. its target), a file without a header read by
// position, a header that a model without names (`by_model_names` false) cannot check, and a
// target that is the last column only by default (`default_target`: neither the user nor the
// model chose it).
void note_columns(const Dataset& data, const CsvColumns& columns, bool by_model_names,
                  const std::vector<std::string>& unsaid = {}, bool default_target = false);

// "3 classes (a, b, c)" or "regression" (with `task`, the reason numbers were read as values).
std::string describe_target_kind(const Dataset& data, const std::string& task);

// "header: yes; target 'species' (column 4): 3 classes" for `bprop train`'s first line.
std::string describe_columns(const Dataset& data, const CsvColumns& columns);

}  // namespace bprop::cli
