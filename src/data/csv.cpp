// CSV reading in three passes over the text, so nothing is allocated from a guess: (1) the first
// two records decide the header and resolve the target columns; (2) every record's field count is
// checked, data rows are counted and class labels collected; (3) the matrices are allocated at
// their exact size and every cell is parsed into them.
#include "bprop/data/csv.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <optional>

#include "bprop/errors.h"
#include "bprop/io/atomic_file.h"
#include "bprop/io/read_file.h"
#include "csv_labels.h"
#include "csv_records.h"

namespace bprop {

namespace {

using csv::CellNumber;
using csv::fail;
using csv::Field;
using csv::RecordReader;
using Status = CellNumber::Status;

struct Layout {
  bool header = false;
  std::vector<std::string> names;  // the header's cells, when there is one
  std::size_t columns = 0;
  std::vector<std::size_t> targets;   // column indices, in the order asked for
  std::vector<std::size_t> features;  // every other column, in file order
};

bool is_number(std::string_view cell) {
  const Status s = csv::parse_cell(cell).status;
  return s == Status::kOk || s == Status::kOutOfRange;
}

std::string list_names(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < 20; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > 20) text += ", ...";
  return text;
}

// Looks a target up by header name, then as a 0-based index; nullopt when neither fits.
std::optional<std::size_t> find_column(const Layout& l, const std::string& target,
                                       const std::string& name) {
  if (l.header) {
    std::optional<std::size_t> found;
    for (std::size_t c = 0; c < l.names.size(); ++c) {
      if (l.names[c] != target) continue;
      if (found) {
        throw DataError(name + ": the header names column '" + target + "' twice (columns " +
                        std::to_string(*found) + " and " + std::to_string(c) +
                        "); choose the target by 0-based index instead");
      }
      found = c;
    }
    if (found) return found;
  }
  const CellNumber n = csv::parse_cell(target);
  if (n.status == Status::kOk && n.integer && n.integer_value >= 0 &&
      static_cast<unsigned long long>(n.integer_value) < l.columns) {
    return static_cast<std::size_t>(n.integer_value);
  }
  return std::nullopt;
}

void resolve_targets(Layout& l, const CsvOptions& o, const std::string& name) {
  std::vector<std::string> wanted = o.targets;
  if (wanted.empty()) wanted.push_back(std::to_string(l.columns - 1));
  bool present = o.presence != CsvOptions::Presence::kNone;
  if (o.presence == CsvOptions::Presence::kIfPresent) {
    const bool by_name = l.header && std::all_of(wanted.begin(), wanted.end(), [&](auto& t) {
                           return std::count(l.names.begin(), l.names.end(), t) > 0;
                         });
    const bool by_count = o.feature_count >= 0 &&
                          l.columns == static_cast<std::size_t>(o.feature_count) + wanted.size();
    present = by_name || by_count;
  }
  if (present) {
    for (const auto& target : wanted) {
      const auto column = find_column(l, target, name);
      if (!column) {
        throw DataError(name + ": no target column '" + target + "' (" +
                        (l.header ? "the header has: " + list_names(l.names)
                                  : "no header row; " + std::to_string(l.columns) + " columns") +
                        "); give a column name or a 0-based index");
      }
      if (std::count(l.targets.begin(), l.targets.end(), *column) > 0) {
        throw DataError(name + ": target column '" + target + "' is named twice");
      }
      l.targets.push_back(*column);
    }
  }
  for (std::size_t c = 0; c < l.columns; ++c) {
    if (std::count(l.targets.begin(), l.targets.end(), c) == 0) l.features.push_back(c);
  }
  if (l.features.empty()) throw DataError(name + ": no feature columns besides the target");
  if (o.feature_count >= 0 && l.features.size() != static_cast<std::size_t>(o.feature_count)) {
    throw InputWidthError(name + ": " + std::to_string(l.features.size()) +
                          " feature columns, but the model takes " +
                          std::to_string(o.feature_count) + " inputs" +
                          (l.targets.empty() ? " (no target column was found)" : ""));
  }
}

// Pass 1: the header decision and the column layout.
Layout read_layout(std::string_view text, const std::string& name, const CsvOptions& o) {
  RecordReader reader(text, name, o);
  if (!reader.next()) {
    throw DataError(name + ": no data rows (the file is empty or holds only blank lines)");
  }
  Layout l;
  l.columns = reader.fields().size();
  std::vector<bool> first_numeric;
  for (const Field& f : reader.fields()) {
    l.names.emplace_back(f.text);
    first_numeric.push_back(is_number(f.text));
  }
  if (o.header == CsvOptions::Header::kAuto) {
    if (reader.next()) {
      const auto& second = reader.fields();
      for (std::size_t c = 0; c < l.columns && c < second.size(); ++c) {
        l.header = l.header || (!first_numeric[c] && is_number(second[c].text));
      }
    } else {
      l.header = std::none_of(first_numeric.begin(), first_numeric.end(), [](bool b) { return b; });
    }
  } else {
    l.header = o.header == CsvOptions::Header::kYes;
  }
  if (!l.header) l.names.clear();
  resolve_targets(l, o, name);
  return l;
}

float read_number(const Field& f, const std::string& name, std::size_t line, bool allow_nonfinite,
                  const char* what) {
  const CellNumber n = csv::parse_cell(f.text);
  const std::string where_what = std::string(what);
  if (n.status == Status::kEmpty) fail(name, line, f.column, "empty cell, expected " + where_what);
  if (n.status == Status::kNotANumber) {
    fail(name, line, f.column, "expected " + where_what + ", got " + csv::quote_cell(f.text));
  }
  const bool too_big = n.status == Status::kOutOfRange ||
                       (std::isfinite(n.value) && std::fabs(n.value) > 3.4028234663852886e38);
  if (too_big) fail(name, line, f.column, csv::quote_cell(f.text) + " is out of range for a float");
  if (!std::isfinite(n.value) && !allow_nonfinite) {
    fail(name, line, f.column,
         "non-finite value " + csv::quote_cell(f.text) + ", expected a finite " + where_what);
  }
  return static_cast<float>(n.value);
}

// Pass 2: checks every row's field count and collects the class labels; returns the row count.
std::size_t count_rows(std::string_view text, const std::string& name, const CsvOptions& o,
                       const Layout& l, csv::LabelCollector& labels) {
  std::size_t rows = 0;
  RecordReader reader(text, name, o);
  if (l.header) reader.next();
  while (reader.next()) {
    const auto& fields = reader.fields();
    if (fields.size() != l.columns) {
      fail(name, reader.line(), 0,
           "expected " + std::to_string(l.columns) + " fields (as in the " +
               (l.header ? "header" : "first row") + "), got " + std::to_string(fields.size()));
    }
    if (l.targets.size() == 1) labels.add(fields[l.targets[0]], reader.line());
    ++rows;
  }
  return rows;
}

}  // namespace

Dataset parse_csv(std::string_view text, const std::string& name, const CsvOptions& o) {
  const Layout l = read_layout(text, name, o);

  csv::LabelCollector labels(name, o);
  const std::size_t rows = count_rows(text, name, o, l, labels);
  if (rows == 0) throw DataError(name + ": no data rows (only a header)");
  if (rows > static_cast<std::size_t>(INT_MAX)) throw DataError(name + ": too many rows");
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

  // Pass 3: every cell into the exactly sized matrices.
  RecordReader reader(text, name, o);
  if (l.header) reader.next();
  for (int r = 0; reader.next(); ++r) {
    const auto& fields = reader.fields();
    float* x = data.inputs.row(r);
    for (std::size_t j = 0; j < l.features.size(); ++j) {
      x[j] = read_number(fields[l.features[j]], name, reader.line(), o.allow_nonfinite, "a number");
    }
    if (classes) {
      data.targets(r, 0) = static_cast<float>(labels.index(static_cast<std::size_t>(r)));
      continue;
    }
    for (std::size_t j = 0; j < l.targets.size(); ++j) {
      const Field& f = fields[l.targets[j]];
      const float t = read_number(f, name, reader.line(), false, "a numeric target");
      if (t < o.target_min || t > o.target_max) {
        fail(name, reader.line(), f.column,
             "target " + csv::quote_cell(f.text) + " outside [" + csv::format_number(o.target_min) +
                 ", " + csv::format_number(o.target_max) + "]");
      }
      data.targets(r, static_cast<int>(j)) = t;
    }
  }
  return data;
}

Dataset read_csv(const std::string& path, const CsvOptions& options) {
  const std::string name = path == "-" ? "<stdin>" : path;
  std::vector<unsigned char> bytes;
  try {
    bytes = read_file(path, options.max_file_bytes);
  } catch (const IoError& e) {
    throw DataError(e.what());
  }
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return parse_csv(text, name, options);
}

CsvOptions::Targets parse_target_kind(std::string_view text) {
  if (text == "auto") return CsvOptions::Targets::kAuto;
  if (text == "classes") return CsvOptions::Targets::kClasses;
  if (text == "values") return CsvOptions::Targets::kValues;
  throw ConfigError("unknown target kind '" + std::string(text) +
                    "' (known: auto, classes, values)");
}

}  // namespace bprop
