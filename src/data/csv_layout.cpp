// Pass 1 of the CSV reader: the delimiter, the header decision and the column roles.
#include "csv_layout.h"

#include <algorithm>
#include <optional>

#include "bprop/errors.h"
#include "csv_records.h"

namespace bprop::csv {

namespace {

using Status = CellNumber::Status;

bool is_number(std::string_view cell) {
  const Status s = parse_cell(cell).status;
  return s == Status::kOk || s == Status::kOutOfRange;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool contains(const std::vector<std::size_t>& columns, std::size_t c) {
  return std::find(columns.begin(), columns.end(), c) != columns.end();
}

std::string column_label(const Layout& l, std::size_t c) {
  return l.header ? "'" + l.names[c] + "' (column " + std::to_string(c) + ")"
                  : "column " + std::to_string(c);
}

// A column by header name or 0-based index ("name:" or "index:" forces one reading); nullopt when
// neither fits. Text that reads both ways, as two different columns, is refused.
std::optional<std::size_t> find_column(const Layout& l, const std::string& spec,
                                       const std::string& name) {
  std::string_view text = spec;
  const bool name_only = text.starts_with("name:");
  const bool index_only = text.starts_with("index:");
  if (name_only) text.remove_prefix(5);
  if (index_only) text.remove_prefix(6);
  std::optional<std::size_t> by_name;
  for (std::size_t c = 0; c < l.names.size() && l.header && !index_only; ++c) {
    if (l.names[c] != text) continue;
    if (by_name) {
      throw DataError(name + ": the header names column '" + std::string(text) +
                      "' twice (columns " + std::to_string(*by_name) + " and " + std::to_string(c) +
                      "); choose it by 0-based index instead");
    }
    by_name = c;
  }
  std::optional<std::size_t> by_index;
  const CellNumber n = parse_cell(text);
  if (!name_only && n.status == Status::kOk && n.integer && n.integer_value >= 0 &&
      static_cast<unsigned long long>(n.integer_value) < l.columns) {
    by_index = static_cast<std::size_t>(n.integer_value);
  }
  if (by_name && by_index && *by_name != *by_index) {
    const std::string t(text);
    throw DataError(name + ": '" + t + "' is both the header name of column " +
                    std::to_string(*by_name) + " and the 0-based index of " +
                    column_label(l, *by_index) + "; write name:" + t + " or index:" + t);
  }
  return by_name ? by_name : by_index;
}

std::string columns_found(const Layout& l) {
  return l.header ? "the header has: " + list_names(l.names)
                  : "no header row; " + std::to_string(l.columns) + " columns";
}

std::size_t require_column(const Layout& l, const std::string& spec, const std::string& name,
                           const char* role) {
  const auto column = find_column(l, spec, name);
  if (!column) {
    throw DataError(name + ": no " + role + " column '" + spec + "' (" + columns_found(l) +
                    "); give a column name or a 0-based index");
  }
  return *column;
}

// Whether the target columns are in the file: always when required, never for kNone, and for
// kIfPresent when found by name or when the width says so.
bool targets_present(const Layout& l, const CsvOptions& o, const std::vector<std::string>& wanted) {
  if (o.presence != CsvOptions::Presence::kIfPresent) {
    return o.presence == CsvOptions::Presence::kRequired;
  }
  const bool by_names = l.header && !o.feature_names.empty();
  if (by_names && wanted.empty()) return false;  // matched by name: the rest is ignored
  const auto named = [&](const std::string& spec) {
    const std::string_view text = std::string_view(spec).starts_with("name:")
                                      ? std::string_view(spec).substr(5)
                                      : std::string_view(spec);
    return std::count(l.names.begin(), l.names.end(), text) > 0;
  };
  const bool found =
      l.header && !wanted.empty() && std::all_of(wanted.begin(), wanted.end(), named);
  const std::size_t count = std::max<std::size_t>(wanted.size(), 1);
  const bool by_count = !by_names && o.feature_count >= 0 &&
                        l.columns == static_cast<std::size_t>(o.feature_count) + count;
  return found || by_count;
}

void resolve_targets(Layout& l, const CsvOptions& o, const std::string& name) {
  if (!targets_present(l, o, o.targets)) return;
  refuse_guessed_targets(l, o, name);
  if (o.targets.empty()) l.targets.push_back(l.columns - 1);  // the last column, by position
  const bool model_names = std::all_of(o.targets.begin(), o.targets.end(),
                                       [](auto& t) { return t.starts_with("name:"); });
  if (!l.header && !o.feature_names.empty() && !o.targets.empty() && model_names &&
      o.targets.size() < l.columns) {
    // A model's target names and a file without a header: by position, the last columns (the
    // width is checked against the model's with the features).
    for (std::size_t i = l.columns - o.targets.size(); i < l.columns; ++i) l.targets.push_back(i);
    return;
  }
  for (const auto& target : o.targets) {
    const std::size_t column = require_column(l, target, name, "target");
    if (contains(l.targets, column)) {
      throw DataError(name + ": target column '" + target + "' is named twice");
    }
    l.targets.push_back(column);
  }
}

// The model's feature names, each found once in the header; the error lists what is missing.
void features_by_name(Layout& l, const CsvOptions& o, const std::vector<std::size_t>& dropped,
                      const std::string& name) {
  std::vector<std::string> missing;
  for (const std::string& feature : o.feature_names) {
    const auto column = find_column(l, "name:" + feature, name);
    if (!column || contains(dropped, *column)) {
      missing.push_back(feature);
      continue;
    }
    if (contains(l.targets, *column)) {
      throw DataError(name + ": column '" + feature +
                      "' is a feature of the model but was chosen as the target");
    }
    l.features.push_back(*column);
  }
  if (!missing.empty()) {
    throw InputWidthError(name + ": missing " + std::to_string(missing.size()) +
                          " of the model's feature columns: " + list_names(missing) +
                          " (the model's features: " + list_names(o.feature_names) +
                          "; the header has: " + list_names(l.names) + ")");
  }
  for (std::size_t c = 0; c < l.columns; ++c) {
    if (!contains(l.features, c) && !contains(l.targets, c) && !contains(dropped, c) &&
        !contains(l.kept, c)) {
      l.ignored.push_back(c);
    }
  }
}

void resolve_features(Layout& l, const CsvOptions& o, const std::string& name) {
  for (const auto& spec : o.keep) l.kept.push_back(require_column(l, spec, name, "--keep"));
  std::vector<std::size_t> dropped;
  for (const auto& spec : o.drop) {
    const std::size_t column = require_column(l, spec, name, "--drop");
    if (contains(l.targets, column)) {
      throw DataError(name + ": column '" + spec + "' is both the target and dropped");
    }
    dropped.push_back(column);
  }
  if (!o.feature_names.empty() && l.header) {
    features_by_name(l, o, dropped, name);
  } else {
    for (std::size_t c = 0; c < l.columns; ++c) {
      if (!contains(l.targets, c) && !contains(dropped, c)) l.features.push_back(c);
    }
  }
  if (l.features.empty()) {
    throw DataError(name + ": no feature columns besides the target" +
                    (l.columns == 1 ? std::string(" (every row is one field: is the file "
                                                  "separated by something else? see --delimiter)")
                                    : std::string()));
  }
  if (o.feature_count >= 0 && l.features.size() != static_cast<std::size_t>(o.feature_count)) {
    throw InputWidthError(
        name + ": " + std::to_string(l.features.size()) + " feature columns, but the model takes " +
        std::to_string(o.feature_count) + " inputs" +
        (l.targets.empty() ? " (no target column was found)" : "") +
        (!l.header && !o.feature_names.empty() ? " (no header row, so columns go by position)"
                                               : ""));
  }
}

}  // namespace

std::string list_names(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < 20; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > 20) text += ", ...";
  return text;
}

char detect_delimiter(std::string_view text, const CsvOptions& o) {
  if (o.delimiter != 0) return o.delimiter;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::string_view line;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    // The first record as RecordReader finds it (a stream's first chunk ends after it): a line
    // ends at "\n", the '\r's before it are dropped, and only spaces and tabs make a line blank.
    line = without_line_end(line);
    LineRule before_the_first_record;
    if (classify_line(line, 0, before_the_first_record) == LineKind::kRecord) break;
    line = {};
  }
  std::size_t commas = 0, structural_commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == ',') {
      ++commas;
      // A comma between digits may be a decimal comma ("1,5;2,3").
      const bool decimal =
          i > 0 && i + 1 < line.size() && is_digit(line[i - 1]) && is_digit(line[i + 1]);
      if (!decimal) ++structural_commas;
    }
    semicolons += c == ';';
    tabs += c == '\t';
  }
  if (semicolons > 0 && structural_commas == 0) return ';';
  if (commas > 0) return ',';
  if (tabs > 0) return '\t';
  return ',';
}

Layout read_layout(std::string_view text, const std::string& name, const CsvOptions& o) {
  RecordReader reader(text, name, o);
  if (!reader.next()) {
    throw DataError(name + ": no data rows (the file is empty or holds only blank lines)");
  }
  Layout l;
  l.comment_lines = reader.comment_lines();
  l.columns = reader.fields().size();
  std::vector<bool> first_numeric;
  for (const Field& f : reader.fields()) {
    l.names.emplace_back(f.text);
    first_numeric.push_back(is_number(f.text));
  }
  if (o.header == CsvOptions::Header::kAuto && names_model_columns(l.names, o, name)) {
    l.header = true;
  } else if (o.header == CsvOptions::Header::kAuto) {
    if (reader.next()) {
      const auto& second = reader.fields();
      for (std::size_t c = 0; c < l.columns && c < second.size(); ++c) {
        // An empty cell over a number is a row's missing value, not a column's name.
        const bool name = !first_numeric[c] && !l.names[c].empty();
        l.header = l.header || (name && is_number(second[c].text));
      }
    } else {
      l.header = std::none_of(first_numeric.begin(), first_numeric.end(), [](bool b) { return b; });
    }
  } else {
    l.header = o.header == CsvOptions::Header::kYes;
  }
  if (!l.header) l.names.clear();
  resolve_targets(l, o, name);
  resolve_features(l, o, name);
  return l;
}

}  // namespace bprop::csv
