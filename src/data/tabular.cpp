// Tabular encoding: see bprop/data/tabular.h. Fits per-column rules on the training file's cells
// (tabular_table.h reads them as text) and writes numeric CSV text.
#include "bprop/data/tabular.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "bprop/errors.h"
#include "csv_records.h"
#include "tabular_categories.h"
#include "tabular_columns.h"
#include "tabular_table.h"

namespace bprop {

namespace {

using tabular::encode_table;
using tabular::is_missing;
using tabular::is_number;
using tabular::locate;
using tabular::read_encoded_table;
using tabular::Sources;
using tabular::Table;

// Quotes a cell for the encoded CSV unless it is a plain number.
void append_cell(std::string& out, std::string_view cell, bool first) {
  if (!first) out += ',';
  if (is_number(cell)) {
    out += cell;
    return;
  }
  out += '"';
  for (char ch : cell) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  out += '"';
}

// append_cell for a cell known to be a number (checked, or written here): no second parse.
void append_number_text(std::string& out, std::string_view number, bool first) {
  if (!first) out += ',';
  out += number;
}

struct Cell {
  const std::string& text;
  const std::string& file;
  std::size_t line;
};

void append_number(std::string& out, const Cell& cell, const ColumnEncoding& column,
                   const TabularEncoding& e, TabularCounts& counts, bool& first) {
  if (is_missing(cell.text, e.na_values)) {
    ++counts.imputed;
    char number[32];
    std::snprintf(number, sizeof number, "%.9g", column.fill);
    append_cell(out, number, std::exchange(first, false));
    return;
  }
  if (!is_number(cell.text)) {
    csv::fail(cell.file, cell.line, 0,
              "column '" + column.name + "': expected a number, got " + csv::quote_cell(cell.text) +
                  " (training saw only numbers here)");
  }
  append_number_text(out, cell.text, std::exchange(first, false));
}

void append_categories(std::string& out, const Cell& cell, const ColumnEncoding& column,
                       const TabularEncoding& e, TabularCounts& counts, bool& first) {
  const bool absent = is_missing(cell.text, e.na_values);
  const auto& categories = column.categories;
  const int index = absent ? -1 : tabular::category_index(column, cell.text);
  const bool seen = index >= 0;
  counts.imputed += absent;
  if (!absent && !seen) {
    if (e.strict_categories) {
      csv::fail(cell.file, cell.line, 0,
                "column '" + column.name + "': category " + csv::quote_cell(cell.text) +
                    " was not in the training data");
    }
    ++counts.unseen;
  }
  const int hot = absent ? column.fill_category : index;
  for (int k = 0; k < static_cast<int>(categories.size()); ++k) {
    append_number_text(out, k == hot ? "1" : "0", std::exchange(first, false));
  }
}

}  // namespace

// The encoded CSV text of a table; `written` receives the table rows that it holds (rows without
// a target are dropped when the targets are read).
std::string tabular::encode_table(const Table& t, const std::string& name, const TabularEncoding& e,
                                  TabularCounts& counts, std::vector<std::size_t>& written,
                                  bool read_targets) {
  const Sources sources = locate(t, e, name, read_targets);
  counts.blank_lines += static_cast<int64_t>(t.blank_lines);
  counts.comment_lines += static_cast<int64_t>(t.comment_lines);
  std::string out;
  bool first = true;
  for (const std::string& n : e.feature_names()) append_cell(out, n, std::exchange(first, false));
  for (std::size_t i = 0; i < sources.targets.size(); ++i) append_cell(out, e.targets[i], false);
  out += '\n';
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    if (std::any_of(sources.targets.begin(), sources.targets.end(),
                    [&](std::size_t c) { return is_missing(row[c], e.na_values); })) {
      ++counts.dropped_rows;
      continue;
    }
    written.push_back(r);
    first = true;
    for (std::size_t i = 0; i < e.columns.size(); ++i) {
      const Cell cell{row[sources.features[i]], name, t.lines[r]};
      const ColumnEncoding& column = e.columns[i];
      if (column.is_categorical()) {
        append_categories(out, cell, column, e, counts, first);
      } else {
        append_number(out, cell, column, e, counts, first);
      }
    }
    for (std::size_t c : sources.targets) append_cell(out, row[c], false);
    out += '\n';
  }
  return out;
}

namespace tabular {

namespace {
// Whether text starting with c may read as a finite number ("inf" and "nan" never match by value).
bool number_start(char c) { return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.'; }
}  // namespace

bool is_missing(std::string_view cell, const std::vector<std::string>& na_values) {
  if (cell.empty()) return true;
  // Every cell of a file is asked: the length and first character rule out nearly every number
  // before a whole comparison.
  bool numeric_na = false;
  for (const std::string& na : na_values) {
    if (na.size() == cell.size() && na[0] == cell[0] && na == cell) return true;
    numeric_na = numeric_na || number_start(na[0]);
  }
  if (!numeric_na || !number_start(cell[0])) return false;
  // A number among na_values is a value, as pandas' na_values are: -999 also marks -999.0 and
  // -9.99e2 (a float column's text), which read as the number -999 before.
  const csv::CellNumber n = csv::parse_number(cell);
  if (n.status != csv::CellNumber::Status::kOk || !std::isfinite(n.value)) return false;
  return std::any_of(na_values.begin(), na_values.end(), [&](const std::string& na) {
    if (!number_start(na[0])) return false;
    const csv::CellNumber m = csv::parse_number(na);
    return m.status == csv::CellNumber::Status::kOk && m.value == n.value;
  });
}

}  // namespace tabular

bool na_values_match_numbers(const std::vector<std::string>& na_values) {
  // "nan" and "NaN" (default na_values) read as NaN, which is missing anyway.
  return std::any_of(na_values.begin(), na_values.end(), [](const std::string& na) {
    const csv::CellNumber n = csv::parse_number(na);
    return n.status == csv::CellNumber::Status::kOk && !std::isnan(n.value);
  });
}

bool TabularEncoding::numbers_can_be_missing() const { return na_values_match_numbers(na_values); }

std::vector<std::string> TabularEncoding::feature_names() const {
  std::vector<std::string> names;
  for (const ColumnEncoding& c : columns) {
    if (!c.is_categorical()) names.push_back(c.name);
    for (const std::string& category : c.categories) names.push_back(c.name + "=" + category);
  }
  return names;
}

std::string apply_tabular(std::string_view text, const std::string& name, const TabularEncoding& e,
                          const CsvOptions& csv, TabularCounts& counts) {
  std::vector<std::size_t> written;
  return encode_table(read_encoded_table(text, name, e, csv), name, e, counts, written, true);
}

Dataset parse_tabular_csv(std::string_view text, const std::string& name, const TabularEncoding& e,
                          CsvOptions options, TabularCounts& counts, CsvColumns* columns) {
  const Table t = read_encoded_table(text, name, e, options);
  return tabular::encoded_dataset(t, name, e, std::move(options), counts, columns);
}

Matrix tabular::encode_columns_as_text(std::span<const TabularCells> columns,
                                       const std::string& name, const TabularEncoding& e,
                                       TabularCounts& counts) {
  if (columns.size() != e.columns.size()) {
    throw DataError(name + ": " + std::to_string(columns.size()) + " columns, the encoding has " +
                    std::to_string(e.columns.size()));
  }
  std::vector<std::string> names;
  for (const ColumnEncoding& column : e.columns) names.push_back(column.name);
  const Table t = tabular::cells_table(names, columns, name);
  std::vector<std::size_t> written;
  const std::string encoded = encode_table(t, name, e, counts, written, false);
  CsvOptions options;
  options.header = CsvOptions::Header::kYes;
  options.delimiter = ',';
  options.presence = CsvOptions::Presence::kNone;
  return parse_csv(encoded, name, options).inputs;
}

}  // namespace bprop
