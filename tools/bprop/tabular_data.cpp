// Tabular data files in the CLI: see tabular_data.h.
#include "tabular_data.h"

#include <algorithm>
#include <cstdio>

#include "bprop/data/data_file.h"
#include "bprop/errors.h"
#include "bprop/io/atomic_file.h"
#include "bprop/io/read_file.h"
#include "data_input.h"
#include "flag_checks.h"

namespace bprop::cli {

void add_column_flags(CLI::App* cmd, TrainArgs& a) {
  cmd->add_option("--target", a.target,
                  "CSV target column(s), by header name or 0-based index (default: the last "
                  "column; name:X or index:N when X is both)")
      ->delimiter(',');
  cmd->add_option("--drop", a.drop, "CSV columns to leave out (names or indices), e.g. an ID")
      ->delimiter(',');
  cmd->add_option("--task", a.task,
                  "auto: text labels and whole numbers with few distinct values are classes, other "
                  "numbers regression; classify or regress to decide")
      ->check(CLI::IsMember({"auto", "classify", "regress"}))
      ->capture_default_str();
  add_csv_format_flags(*cmd, a.csv);
  cmd->add_option("--labels", a.labels, "IDX labels file paired with --data images");
}

void add_tabular_flags(CLI::App* cmd, TrainArgs& a) {
  cmd->add_option("--na-values", a.na_values,
                  "Cells that mean 'missing' in data files (an empty cell always does)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--impute", a.impute,
                  "Missing feature cells: median = the training median (numbers) or most "
                  "frequent category (text), stored in the model; none = an error, as before; "
                  "rows with a missing target are dropped and counted")
      ->check(CLI::IsMember({"median", "none"}))
      ->capture_default_str();
  cmd->add_option("--categorical", a.categorical,
                  "Columns to one-hot encode even though their values are numbers (text columns "
                  "always are)")
      ->delimiter(',');
  cmd->add_option("--max-categories", a.max_categories,
                  "Refuse a text column with more distinct values (an ID column, say)")
      ->check(kPositive)
      ->capture_default_str();
  cmd->add_flag("--strict-categories", a.strict_categories,
                "A category not seen in training is an error (in --val/--test now and in "
                "evaluate/predict later) instead of all-zero columns");
}

TabularOptions tabular_options(const TrainArgs& a) {
  TabularOptions o{.na_values = a.na_values,
                   .categorical = a.categorical,
                   .max_categories = a.max_categories,
                   .strict_categories = a.strict_categories};
  return o;
}

std::string data_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

std::string read_data_text(const std::string& path) {
  // gzip-compressed files come back decompressed (bprop/data/data_file.h).
  const std::vector<unsigned char> bytes = read_data_file(path, CsvOptions{}.max_file_bytes);
  return std::string(bytes.begin(), bytes.end());
}

Dataset read_encoded(const std::string& path, std::string_view text,
                     const TabularEncoding& encoding, const CsvOptions& options,
                     CsvColumns* columns, TabularCounts* counts_out) {
  TabularCounts counts;
  Dataset d = parse_tabular_csv(text, data_name(path), encoding, options, counts, columns);
  note_tabular_counts(data_name(path), counts);
  if (counts_out != nullptr) *counts_out = counts;
  return d;
}

void note_tabular_counts(const std::string& name, const TabularCounts& counts) {
  const std::string note = describe_counts(counts);
  if (!note.empty()) std::fprintf(stderr, "note: %s: %s\n", name.c_str(), note.c_str());
}

std::string describe_encoded(const Dataset& data, const TabularEncoding& encoding) {
  std::string text = "header: yes; target";
  for (std::size_t i = 0; i < encoding.targets.size(); ++i) {
    text += (i ? ", '" : " '") + encoding.targets[i] + "'";
  }
  text += ": " + describe_target_kind(data, "");
  std::string categorical;
  for (const ColumnEncoding& c : encoding.columns) {
    if (!c.is_categorical()) continue;
    categorical += (categorical.empty() ? "" : ", ") + c.name + " (" +
                   std::to_string(c.categories.size()) + ")";
  }
  if (!categorical.empty()) text += "; text columns one-hot: " + categorical;
  return text;
}

namespace {

// Whether a cell, as the CSV reader reads it (blanks and the quotes around it removed), is digits,
// a comma and digits, with an optional sign: "1,5", "\"-2,25\"", " 3,0".
bool decimal_comma_cell(std::string_view cell) {
  const auto trim = [](std::string_view& s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
      s.remove_suffix(1);
    }
  };
  trim(cell);
  if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') {
    cell = cell.substr(1, cell.size() - 2);
    trim(cell);
  }
  if (!cell.empty() && (cell.front() == '-' || cell.front() == '+')) cell.remove_prefix(1);
  const auto digits = [](std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  const std::size_t comma = cell.find(',');
  return comma != std::string_view::npos && digits(cell.substr(0, comma)) &&
         digits(cell.substr(comma + 1));
}

}  // namespace

// The cells are split at ';' and tabs outside quotes, and judged as the reader will parse them:
// a quoted "1,5" or one after "; " is the same number, which the strict reader refuses with its
// hint (judging the raw text, they were one-hot encoded as categories).
bool has_decimal_comma(std::string_view text) {
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (line.find_first_of(";\t") == std::string_view::npos) continue;
    bool quoted = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i) {
      if (i < line.size() && line[i] == '"') quoted = !quoted;
      if (i < line.size() && (quoted || (line[i] != ';' && line[i] != '\t'))) continue;
      if (decimal_comma_cell(line.substr(start, i - start))) return true;
      start = i + 1;
    }
  }
  return false;
}

}  // namespace bprop::cli
