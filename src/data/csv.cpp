// CSV reading in three passes over the text, so nothing is allocated from a guess: (1) the first
// two records decide the delimiter, the header and every column's role (csv_layout.cpp); (2) every
// record's field count is checked, data rows are counted and class labels collected; (3) the
// matrices are allocated at their exact size and every cell is parsed into them.
#include "bprop/data/csv.h"

#include <climits>
#include <cmath>

#include "bprop/data/data_file.h"
#include "bprop/errors.h"
#include "csv_labels.h"
#include "csv_layout.h"
#include "csv_records.h"

namespace bprop {

namespace {

using csv::CellNumber;
using csv::fail;
using csv::Field;
using csv::Layout;
using csv::RecordReader;
using Status = CellNumber::Status;

// A cell that is not a number, with what the reader can tell about why.
std::string not_a_number(const Field& f, const std::string& what, char delimiter) {
  std::string text = "expected " + what + ", got " + csv::quote_cell(f.text);
  const std::string_view cell = f.text;
  const std::size_t comma = cell.find(',');
  const bool decimal_comma = comma != std::string_view::npos && comma > 0 &&
                             csv::parse_cell(cell.substr(0, comma)).status == Status::kOk &&
                             csv::parse_cell(cell.substr(comma + 1)).status == Status::kOk;
  if (decimal_comma) {
    text +=
        " (a decimal comma? bprop reads only '.' as the decimal point: convert the file, "
        "e.g. export it from the spreadsheet with a '.' decimal separator)";
  } else if (delimiter == ',' && (cell.find(';') != std::string_view::npos ||
                                  cell.find('\t') != std::string_view::npos)) {
    text += " (is the file separated by ';' or tabs? pass --delimiter)";
  }
  return text;
}

struct CellContext {
  const std::string& name;
  const Layout& layout;
  const CsvOptions& options;
};

// "column 'x': " for a header, else "column 3: ", so a message says which column is wrong.
std::string column_name(const Layout& l, std::size_t c) {
  return l.header ? "column '" + l.names[c] + "': " : "column " + std::to_string(c) + ": ";
}

float read_number(const CellContext& ctx, const Field& f, std::size_t column, std::size_t line,
                  bool allow_nonfinite, const char* what) {
  const CellNumber n = csv::parse_cell(f.text);
  const std::string where_what = std::string(what);
  const std::string col = column_name(ctx.layout, column);
  if (n.status == Status::kEmpty) {
    fail(ctx.name, line, f.column, col + "empty cell, expected " + where_what);
  }
  if (n.status == Status::kNotANumber) {
    fail(ctx.name, line, f.column, col + not_a_number(f, where_what, ctx.options.delimiter));
  }
  const bool too_big = n.status == Status::kOutOfRange ||
                       (std::isfinite(n.value) && std::fabs(n.value) > 3.4028234663852886e38);
  if (too_big) {
    fail(ctx.name, line, f.column, col + csv::quote_cell(f.text) + " is out of range for a float");
  }
  if (!std::isfinite(n.value) && !allow_nonfinite) {
    fail(ctx.name, line, f.column,
         col + "non-finite value " + csv::quote_cell(f.text) + ", expected a finite " + where_what);
  }
  return static_cast<float>(n.value);
}

// Pass 2: field counts and class labels; returns the number of data rows.
std::size_t count_rows(std::string_view text, const CellContext& ctx, csv::LabelCollector& labels) {
  const Layout& l = ctx.layout;
  std::size_t rows = 0;
  RecordReader reader(text, ctx.name, ctx.options);
  if (l.header) reader.next();
  while (reader.next()) {
    const auto& fields = reader.fields();
    if (fields.size() != l.columns) {
      fail(ctx.name, reader.line(), 0,
           "expected " + std::to_string(l.columns) + " fields (as in the " +
               (l.header ? "header" : "first row") + "), got " + std::to_string(fields.size()));
    }
    if (l.targets.size() == 1) labels.add(fields[l.targets[0]], reader.line());
    ++rows;
  }
  if (rows == 0) throw DataError(ctx.name + ": no data rows (only a header)");
  if (rows > static_cast<std::size_t>(INT_MAX)) throw DataError(ctx.name + ": too many rows");
  return rows;
}

// Pass 3: one record's cells into row r of the exactly sized matrices.
void read_row(const CellContext& ctx, const RecordReader& reader, int r, bool classes,
              const csv::LabelCollector& labels, Dataset& data) {
  const Layout& l = ctx.layout;
  const CsvOptions& o = ctx.options;
  const auto& fields = reader.fields();
  float* x = data.inputs.row(r);
  for (std::size_t j = 0; j < l.features.size(); ++j) {
    const std::size_t c = l.features[j];
    x[j] = read_number(ctx, fields[c], c, reader.line(), o.allow_nonfinite, "a number");
  }
  if (classes) {
    data.targets(r, 0) = static_cast<float>(labels.index(static_cast<std::size_t>(r)));
    return;
  }
  for (std::size_t j = 0; j < l.targets.size(); ++j) {
    const std::size_t c = l.targets[j];
    const Field& f = fields[c];
    const float t = read_number(ctx, f, c, reader.line(), false, "a numeric target");
    if (t < o.target_min || t > o.target_max) {
      fail(ctx.name, reader.line(), f.column,
           column_name(l, c) + "target " + csv::quote_cell(f.text) + " outside [" +
               csv::format_number(o.target_min) + ", " + csv::format_number(o.target_max) + "]");
    }
    data.targets(r, static_cast<int>(j)) = t;
  }
}

void describe_columns(const Layout& l, const CsvOptions& o, const csv::LabelCollector& labels,
                      CsvColumns& columns) {
  columns.header = l.header;
  columns.delimiter = o.delimiter;
  columns.names = l.names;
  columns.targets = l.targets;
  columns.features = l.features;
  for (std::size_t c : l.ignored) columns.ignored.push_back(l.names[c]);
  columns.task = labels.task();
  columns.kept.resize(l.kept.size());
  for (std::size_t c : l.kept) {
    columns.kept_names.push_back(l.header ? l.names[c] : "column " + std::to_string(c));
  }
}

}  // namespace

Dataset parse_csv(std::string_view text, const std::string& name, const CsvOptions& options,
                  CsvColumns* columns) {
  CsvOptions o = options;
  o.delimiter = csv::detect_delimiter(text, options);
  const Layout l = csv::read_layout(text, name, o);
  const CellContext ctx{name, l, o};
  csv::LabelCollector labels(name, o);
  const std::size_t rows = count_rows(text, ctx, labels);
  const bool classes = labels.decide_classes(l.targets.size());

  Dataset data;
  data.name = name;
  const int n = static_cast<int>(rows);
  data.inputs = Matrix(n, static_cast<int>(l.features.size()));
  data.targets = Matrix(n, classes ? 1 : static_cast<int>(l.targets.size()));
  for (std::size_t c : l.features) {
    if (l.header) data.feature_names.push_back(l.names[c]);
  }
  for (std::size_t c : l.targets) {
    data.target_names.push_back(l.header ? l.names[c] : std::to_string(c));
  }
  if (classes) data.class_names = labels.class_names();
  CsvColumns layout;
  describe_columns(l, o, labels, layout);

  RecordReader reader(text, name, o);
  if (l.header) reader.next();
  for (int r = 0; reader.next(); ++r) {
    read_row(ctx, reader, r, classes, labels, data);
    for (std::size_t k = 0; k < l.kept.size(); ++k) {
      layout.kept[k].emplace_back(reader.fields()[l.kept[k]].text);
    }
  }
  if (columns != nullptr) *columns = std::move(layout);
  return data;
}

Dataset read_csv(const std::string& path, const CsvOptions& options, CsvColumns* columns) {
  const std::string name = path == "-" ? "<stdin>" : path;
  const std::vector<unsigned char> bytes = read_data_file(path, options.max_file_bytes);
  refuse_binary(bytes, name, "CSV");
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return parse_csv(text, name, options, columns);
}

CsvOptions::Targets parse_target_kind(std::string_view text) {
  if (text == "auto") return CsvOptions::Targets::kAuto;
  if (text == "classes") return CsvOptions::Targets::kClasses;
  if (text == "values") return CsvOptions::Targets::kValues;
  throw ConfigError("unknown target kind '" + std::string(text) +
                    "' (known: auto, classes, values)");
}

}  // namespace bprop
