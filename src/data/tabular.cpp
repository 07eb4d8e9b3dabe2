// Tabular encoding: see bprop/data/tabular.h. Fits per-column rules on the training file's cells
// (tabular_table.h reads them as text) and writes numeric CSV text.
#include "bprop/data/tabular.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <utility>

#include "bprop/errors.h"
#include "csv_records.h"
#include "tabular_table.h"

namespace bprop {

namespace {

using csv::CellNumber;
using tabular::encode_table;
using tabular::find_columns;
using tabular::is_missing;
using tabular::is_number;
using tabular::locate;
using tabular::read_table;
using tabular::Sources;
using tabular::Table;

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// One feature column's rule, from its training cells.
ColumnEncoding fit_column(const Table& t, std::size_t c, const std::string& name,
                          const TabularOptions& o, bool& any_missing) {
  ColumnEncoding e{.name = t.names[c]};
  std::vector<double> numbers;
  std::map<std::string, int64_t> counts;
  std::size_t first_text = t.rows.size();
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string& cell = t.rows[r][c];
    if (is_missing(cell, o.na_values)) {
      any_missing = true;
      continue;
    }
    ++counts[cell];
    const CellNumber n = csv::parse_cell(cell);
    if (n.status == CellNumber::Status::kOk) {
      numbers.push_back(n.value);
    } else if (first_text == t.rows.size()) {
      first_text = r;
    }
  }
  const std::string column = "column '" + e.name + "'";
  if (counts.empty()) {
    throw DataError(name + ": " + column + " has no values (every cell is missing); drop it");
  }
  const bool forced = std::count(o.categorical.begin(), o.categorical.end(), e.name) > 0 ||
                      first_text < t.rows.size();
  if (!forced) {
    e.fill = median(std::move(numbers));
    return e;
  }
  const std::size_t texts = (t.rows.size() - numbers.size());
  if (first_text < t.rows.size() && numbers.size() >= 19 * texts &&
      std::count(o.categorical.begin(), o.categorical.end(), e.name) == 0) {
    csv::fail(name, t.lines[first_text], 0,
              column + " holds numbers but also the text " +
                  csv::quote_cell(t.rows[first_text][c]) +
                  "; if it marks a missing value add it to --na-values, if the column is "
                  "categories pass --categorical " +
                  e.name);
  }
  if (counts.size() > static_cast<std::size_t>(o.max_categories)) {
    throw DataError(name + ": " + column + " has " + std::to_string(counts.size()) +
                    " distinct values, more than --max-categories " +
                    std::to_string(o.max_categories) +
                    " (an ID or free-text column?); drop it or raise --max-categories");
  }
  int64_t best = -1;
  for (const auto& [category, count] : counts) {
    if (count > best) {
      best = count;
      e.fill_category = static_cast<int>(e.categories.size());
    }
    e.categories.push_back(category);
  }
  return e;
}

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

std::vector<std::size_t> target_columns(const Table& t, const std::vector<std::string>& targets,
                                        const std::string& name) {
  if (targets.empty()) return {t.names.size() - 1};
  return find_columns(t, targets, name, "--target");
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
  append_cell(out, cell.text, std::exchange(first, false));
}

void append_categories(std::string& out, const Cell& cell, const ColumnEncoding& column,
                       const TabularEncoding& e, TabularCounts& counts, bool& first) {
  const bool absent = is_missing(cell.text, e.na_values);
  const auto& categories = column.categories;
  const auto at = std::lower_bound(categories.begin(), categories.end(), cell.text);
  const bool seen = at != categories.end() && *at == cell.text;
  counts.imputed += absent;
  if (!absent && !seen) {
    if (e.strict_categories) {
      csv::fail(cell.file, cell.line, 0,
                "column '" + column.name + "': category " + csv::quote_cell(cell.text) +
                    " was not in the training data");
    }
    ++counts.unseen;
  }
  const int hot =
      absent ? column.fill_category : (seen ? static_cast<int>(at - categories.begin()) : -1);
  for (int k = 0; k < static_cast<int>(categories.size()); ++k) {
    append_cell(out, k == hot ? "1" : "0", std::exchange(first, false));
  }
}

Table read_encoded_table(std::string_view text, const std::string& name, const TabularEncoding& e,
                         const CsvOptions& csv) {
  CsvOptions auto_header = csv;
  auto_header.header = CsvOptions::Header::kAuto;
  return read_table(text, name, auto_header, e.na_values);
}

}  // namespace

// The encoded CSV text of a table; `written` receives the table rows that it holds (rows without
// a target are dropped).
std::string tabular::encode_table(const Table& t, const std::string& name, const TabularEncoding& e,
                                  TabularCounts& counts, std::vector<std::size_t>& written) {
  const Sources sources = locate(t, e, name);
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

std::vector<std::string> TabularEncoding::feature_names() const {
  std::vector<std::string> names;
  for (const ColumnEncoding& c : columns) {
    if (!c.is_categorical()) names.push_back(c.name);
    for (const std::string& category : c.categories) names.push_back(c.name + "=" + category);
  }
  return names;
}

std::optional<TabularEncoding> fit_tabular(std::string_view text, const std::string& name,
                                           const std::vector<std::string>& targets,
                                           const CsvOptions& csv, const TabularOptions& options) {
  const Table t = read_table(text, name, csv, options.na_values);
  const std::vector<std::size_t> target_cols = target_columns(t, targets, name);
  const std::vector<std::size_t> dropped = find_columns(t, csv.drop, name, "--drop");
  TabularEncoding e{.na_values = options.na_values, .strict_categories = options.strict_categories};
  bool needed = false;
  for (std::size_t c = 0; c < t.names.size(); ++c) {
    if (std::count(dropped.begin(), dropped.end(), c) > 0) {
      if (std::count(target_cols.begin(), target_cols.end(), c) > 0) {
        throw DataError(name + ": column '" + t.names[c] + "' is both the target and dropped");
      }
      continue;
    }
    if (std::count(target_cols.begin(), target_cols.end(), c) > 0) {
      e.targets.push_back(t.names[c]);
      for (const auto& row : t.rows) needed = needed || is_missing(row[c], options.na_values);
      continue;
    }
    e.columns.push_back(fit_column(t, c, name, options, needed));
    needed = needed || e.columns.back().is_categorical();
  }
  if (!needed) return std::nullopt;
  if (!t.header) {
    throw DataError(name +
                    ": missing values or text columns need a header row naming the "
                    "columns (the model stores them by name)");
  }
  return e;
}

std::string apply_tabular(std::string_view text, const std::string& name, const TabularEncoding& e,
                          const CsvOptions& csv, TabularCounts& counts) {
  std::vector<std::size_t> written;
  return encode_table(read_encoded_table(text, name, e, csv), name, e, counts, written);
}

Dataset parse_tabular_csv(std::string_view text, const std::string& name, const TabularEncoding& e,
                          CsvOptions options, TabularCounts& counts, CsvColumns* columns) {
  const Table t = read_encoded_table(text, name, e, options);
  return tabular::encoded_dataset(t, name, e, std::move(options), counts, columns);
}

Matrix encode_tabular_columns(const std::vector<std::vector<std::string>>& columns,
                              const std::string& name, const TabularEncoding& e,
                              TabularCounts& counts) {
  if (columns.size() != e.columns.size()) {
    throw DataError(name + ": " + std::to_string(columns.size()) + " columns, the encoding has " +
                    std::to_string(e.columns.size()));
  }
  Table t;
  t.header = true;
  const std::size_t rows = columns.empty() ? 0 : columns[0].size();
  if (rows == 0) throw DataError(name + ": no rows");
  t.rows.assign(rows, std::vector<std::string>(columns.size()));
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].size() != rows) {
      throw DataError(name + ": column '" + e.columns[c].name + "' has " +
                      std::to_string(columns[c].size()) + " cells, the first has " +
                      std::to_string(rows));
    }
    t.names.push_back(e.columns[c].name);
    for (std::size_t r = 0; r < rows; ++r) t.rows[r][c] = columns[c][r];
  }
  for (std::size_t r = 0; r < rows; ++r) t.lines.push_back(r + 2);
  std::vector<std::size_t> written;
  const std::string encoded = encode_table(t, name, e, counts, written);
  CsvOptions options;
  options.header = CsvOptions::Header::kYes;
  options.delimiter = ',';
  options.presence = CsvOptions::Presence::kNone;
  return parse_csv(encoded, name, options).inputs;
}

}  // namespace bprop
