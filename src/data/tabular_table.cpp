// Reading a CSV file's cells as text: see tabular_table.h. Also the test that a strict read
// needs no encoding and the summary of what an encoding did (bprop/data/tabular.h).
#include "tabular_table.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "bprop/data/tabular.h"
#include "bprop/errors.h"
#include "csv_layout.h"
#include "csv_records.h"
#include "tabular_columns.h"

namespace bprop::tabular {

bool is_number(std::string_view cell) {
  return csv::parse_number(cell).status == csv::CellNumber::Status::kOk;
}

namespace {
// Cell r's text: its own, or its number's shortest round-trip text ("" for NaN).
std::string cell_text(const TabularCells& cells, std::size_t r) {
  if (!cells.holds_numbers) return cells.texts[r];
  const double x = cells.numbers[r];
  char text[32];
  return {text, std::isnan(x) ? text : std::to_chars(text, text + sizeof text, x).ptr};
}
}  // namespace

std::vector<TabularCells> text_cells(const std::vector<std::vector<std::string>>& columns) {
  std::vector<TabularCells> cells;
  cells.reserve(columns.size());
  for (const auto& column : columns) cells.push_back({.texts = column});
  return cells;
}

std::vector<std::string> cells_texts(const TabularCells& cells) {
  std::vector<std::string> texts;
  texts.reserve(cells.size());
  for (std::size_t r = 0; r < cells.size(); ++r) texts.push_back(cell_text(cells, r));
  return texts;
}

namespace {

// A first row whose every cell is text that its column never repeats is a header, even when all
// columns are text (where CsvOptions::Header::kAuto cannot tell). An empty or missing cell over
// a number says nothing: a first data row with a missing cell is not a header.
bool looks_like_header(const Table& t, const std::vector<std::string>& first,
                       const std::vector<std::string>& na_values) {
  bool text_over_number = false, all_unique_text = true;
  for (std::size_t c = 0; c < first.size(); ++c) {
    const bool text = !is_number(first[c]) && !is_missing(first[c], na_values);
    if (!t.rows.empty() && c < t.rows[0].size()) {
      text_over_number = text_over_number || (text && is_number(t.rows[0][c]));
    }
    bool repeated = false;
    for (const auto& row : t.rows) repeated = repeated || (c < row.size() && row[c] == first[c]);
    all_unique_text = all_unique_text && text && !repeated;
  }
  return text_over_number || all_unique_text;
}

}  // namespace

Table read_table(std::string_view text, const std::string& name, const CsvOptions& csv,
                 const std::vector<std::string>& na_values, std::uint64_t data_end) {
  csv::RecordReader reader(text, name, csv);
  if (data_end != csv::LineRule::kUnknown) reader.set_data_end(data_end);
  Table t;
  t.data_end = data_end != csv::LineRule::kUnknown ? data_end : csv::trailing_blank_start(text);
  std::vector<std::string> first;
  std::size_t first_line = 0;
  while (reader.next()) {
    std::vector<std::string> cells;
    for (const csv::Field& f : reader.fields()) cells.emplace_back(f.text);
    if (first_line == 0) {
      first = std::move(cells);
      first_line = reader.line();
      reader.set_one_column(first.size() == 1);  // a blank line is then an empty cell
      continue;
    }
    if (cells.size() != first.size()) {
      csv::fail(name, reader.line(), 0,
                "expected " + std::to_string(first.size()) + " fields (as in the first row), got " +
                    std::to_string(cells.size()));
    }
    t.rows.push_back(std::move(cells));
    t.lines.push_back(reader.line());
  }
  if (first_line == 0) throw DataError(name + ": no data rows (the file is empty)");
  t.delimiter = reader.delimiter();
  t.comment_lines = reader.comment_lines();
  t.blank_lines = reader.blank_lines();
  t.header = csv.header == CsvOptions::Header::kAuto ? csv::names_model_columns(first, csv, name) ||
                                                           looks_like_header(t, first, na_values)
                                                     : csv.header == CsvOptions::Header::kYes;
  if (t.header) {
    t.names = std::move(first);
  } else {
    for (std::size_t c = 0; c < first.size(); ++c) t.names.push_back(std::to_string(c));
    t.rows.insert(t.rows.begin(), std::move(first));
    t.lines.insert(t.lines.begin(), first_line);
  }
  return t;
}

Table read_encoded_table(std::string_view text, const std::string& name, const TabularEncoding& e,
                         const CsvOptions& csv, std::uint64_t data_end) {
  CsvOptions auto_header = csv;
  auto_header.header = CsvOptions::Header::kAuto;
  auto_header.feature_names.clear();  // a first row of the encoding's names is the header
  for (const ColumnEncoding& c : e.columns) auto_header.feature_names.push_back(c.name);
  auto_header.targets = e.targets;
  return read_table(text, name, auto_header, e.na_values, data_end);
}

Table read_table_rows(std::string_view piece, const std::string& name, const CsvOptions& csv,
                      std::size_t first_line, const Table& first, std::uint64_t offset) {
  CsvOptions options = csv;
  options.delimiter = first.delimiter;
  const csv::LineRule rule{.first_record = 0,  // before this piece
                           .data_end = first.data_end,
                           .one_column = first.names.size() == 1};
  csv::RecordReader reader(piece, name, options, first_line, false, offset, rule);
  Table t;
  t.data_end = first.data_end;
  t.header = first.header;
  t.names = first.names;
  t.delimiter = first.delimiter;
  while (reader.next()) {
    if (reader.fields().size() != t.names.size()) {
      csv::fail(name, reader.line(), 0,
                "expected " + std::to_string(t.names.size()) + " fields (as in the first row), " +
                    "got " + std::to_string(reader.fields().size()));
    }
    t.rows.emplace_back();
    for (const csv::Field& f : reader.fields()) t.rows.back().emplace_back(f.text);
    t.lines.push_back(reader.line());
  }
  t.blank_lines = reader.blank_lines();
  return t;
}

namespace {

// parse_csv over the encoded text, whose errors (a target cell: an unknown class, a bad value)
// name a line of that text: they are given the file's line of the row instead, and no column.
Dataset read_encoded_text(const std::string& encoded, const std::string& name,
                          const CsvOptions& options, const Table& t,
                          const std::vector<std::size_t>& written) {
  try {
    return parse_csv(encoded, name, options);
  } catch (const InputWidthError&) {
    throw;
  } catch (const DataError& e) {
    const std::string_view what = e.what();
    const std::string prefix = name + ":";
    std::size_t line = 0, end = prefix.size();
    if (what.substr(0, prefix.size()) != prefix) throw;
    while (end < what.size() && what[end] >= '0' && what[end] <= '9') {
      line = line * 10 + static_cast<std::size_t>(what[end++] - '0');
    }
    if (line < 2 || line - 2 >= written.size() || end == prefix.size()) throw;
    const std::size_t rest = what.find(": ", end);
    if (rest == std::string_view::npos) throw;
    throw DataError(csv::where(name, t.lines[written[line - 2]]) +
                    std::string(what.substr(rest + 2)));
  }
}

}  // namespace

void throw_no_row_with_a_target(const std::string& name, const TabularEncoding& e, int64_t rows) {
  std::string targets;
  for (const std::string& target : e.targets)
    targets += (targets.empty() ? "'" : ", '") + target + "'";
  throw DataError(
      name + ": no row has a target value (" + targets + "): " +
      (rows == 1 ? "the one row lacks it" : "all " + std::to_string(rows) + " rows lack it") +
      ", and rows without a target are left out");
}

Dataset encoded_dataset(const Table& t, const std::string& name, const TabularEncoding& e,
                        CsvOptions options, TabularCounts& counts, CsvColumns* columns,
                        bool allow_no_rows) {
  const bool read_targets = options.presence == CsvOptions::Presence::kRequired;
  std::vector<std::size_t> written;
  const std::string encoded = encode_table(t, name, e, counts, written, read_targets);
  if (written.empty() && allow_no_rows) return Dataset{};
  const std::vector<std::size_t> kept = find_columns(t, options.keep, name, "--keep");
  if (written.empty() && !t.rows.empty()) {
    throw_no_row_with_a_target(name, e, static_cast<int64_t>(t.rows.size()));
  }
  if (!read_targets) {  // the encoded text holds no target: every column is a feature
    options.presence = CsvOptions::Presence::kNone;
    options.targets.clear();
  }
  options.header = CsvOptions::Header::kYes;
  options.delimiter = ',';
  options.drop.clear();  // the encoding has already chosen the columns
  options.keep.clear();
  if (options.targets.empty() && read_targets) {
    for (const std::string& target : e.targets) options.targets.push_back("name:" + target);
  }
  Dataset d = read_encoded_text(encoded, name, options, t, written);
  if (columns != nullptr) {
    columns->header = t.header;
    for (std::size_t c : kept) {
      columns->kept_names.push_back(t.names[c]);
      columns->kept.emplace_back();
      for (std::size_t r : written) columns->kept.back().push_back(t.rows[r][c]);
    }
  }
  return d;
}

void check_cells_shape(const std::vector<std::string>& names, std::span<const TabularCells> columns,
                       const std::string& name) {
  const std::size_t rows = columns.empty() ? 0 : columns[0].size();
  if (rows == 0) throw DataError(name + ": no rows");
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].size() != rows) {
      throw DataError(name + ": column '" + names[c] + "' has " +
                      std::to_string(columns[c].size()) + " cells, the first has " +
                      std::to_string(rows));
    }
  }
}

Table cells_table(const std::vector<std::string>& names, std::span<const TabularCells> columns,
                  const std::string& name) {
  check_cells_shape(names, columns, name);
  Table t;
  t.header = true;
  t.names = names;
  const std::size_t rows = columns[0].size();
  t.rows.assign(rows, std::vector<std::string>(columns.size()));
  for (std::size_t c = 0; c < columns.size(); ++c) {
    for (std::size_t r = 0; r < rows; ++r) t.rows[r][c] = cell_text(columns[c], r);
  }
  for (std::size_t r = 0; r < rows; ++r) t.lines.push_back(r + 2);
  return t;
}

}  // namespace bprop::tabular

namespace bprop {

bool strict_read_is_final(const Dataset& data, const TabularOptions& options) {
  if (!options.categorical.empty()) return false;
  for (const std::string& na : options.na_values) {
    const csv::CellNumber n = csv::parse_cell(na);
    if (n.status == csv::CellNumber::Status::kOk && std::isfinite(n.value)) return false;
  }
  return std::none_of(
      data.class_names.begin(), data.class_names.end(),
      [&](const std::string& name) { return tabular::is_missing(name, options.na_values); });
}

std::string describe_counts(const TabularCounts& c) {
  std::string text;
  auto part = [&](int64_t n, const std::string& what) {
    if (n > 0) text += (text.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  };
  part(c.imputed, c.imputed == 1 ? "missing cell filled" : "missing cells filled");
  part(c.unseen, "unseen categories (encoded as zeros)");
  part(c.dropped_rows,
       c.dropped_rows == 1 ? "row without a target dropped" : "rows without a target dropped");
  part(c.blank_lines, c.blank_lines == 1 ? "blank line skipped" : "blank lines skipped");
  part(c.comment_lines, c.comment_lines == 1
                            ? "comment line ('#' before the first record) skipped"
                            : "comment lines ('#' before the first record) skipped");
  return text;
}

}  // namespace bprop
