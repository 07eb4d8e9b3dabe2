// Tabular data files in the CLI: the flags for missing values and text columns, reading a file's
// text once, and the note that says how many cells the encoding filled or could not match.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

#include "bprop/data/tabular.h"
#include "train_args.h"

namespace bprop::cli {

// --target, --drop, --task, --header, --delimiter, --labels: which columns are read, and how.
void add_column_flags(CLI::App* cmd, TrainArgs& a);
// --na-values, --impute, --categorical, --max-categories, --strict-categories.
void add_tabular_flags(CLI::App* cmd, TrainArgs& a);
TabularOptions tabular_options(const TrainArgs& a);

// "<stdin>" for "-", else the path: the name data errors use.
std::string data_name(const std::string& path);
// The whole file (or standard input) as text; a file that cannot be read is a DataError.
std::string read_data_text(const std::string& path);

// Reads a data file through a model's or a training run's encoding and prints a note on stderr
// when cells were filled, categories were unseen or rows were dropped (counted in `counts`, when
// given). `columns` (may be null) receives the --keep columns (parse_tabular_csv).
Dataset read_encoded(const std::string& path, std::string_view text,
                     const TabularEncoding& encoding, const CsvOptions& options,
                     CsvColumns* columns = nullptr, TabularCounts* counts = nullptr);

// The note read_encoded prints: the cells the encoding filled, unseen categories, dropped rows.
void note_tabular_counts(const std::string& name, const TabularCounts& counts);

// Whether a line separated by ';' or tabs has a cell such as "1,5": a decimal comma, which the
// strict reader refuses with a hint instead of the tabular encoding taking it for a category.
bool has_decimal_comma(std::string_view text);

// "header: yes; target 'species': 3 classes (...); text columns one-hot: color (3)" for the first
// line of `bprop train` on a file read through its tabular encoding.
std::string describe_encoded(const Dataset& data, const TabularEncoding& encoding);

}  // namespace bprop::cli
