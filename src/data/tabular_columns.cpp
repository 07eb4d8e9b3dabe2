// Finding columns in a file's table: see tabular_columns.h.
#include "tabular_columns.h"

#include <map>
#include <optional>

#include "bprop/errors.h"
#include "csv_records.h"

namespace bprop::tabular {

std::size_t find_column(const Table& t, const std::string& spec, const std::string& name,
                        const std::string& flag) {
  for (std::size_t c = 0; c < t.names.size(); ++c) {
    if (t.header && t.names[c] == spec) return c;
  }
  const csv::CellNumber n = csv::parse_cell(spec);
  if (n.status == csv::CellNumber::Status::kOk && n.integer && n.integer_value >= 0 &&
      static_cast<std::size_t>(n.integer_value) < t.names.size()) {
    return static_cast<std::size_t>(n.integer_value);
  }
  throw DataError(name + ": no column '" + spec + "' (" + flag + ")");
}

std::vector<std::size_t> find_columns(const Table& t, const std::vector<std::string>& specs,
                                      const std::string& name, const std::string& flag) {
  std::vector<std::size_t> columns;
  for (const std::string& spec : specs) columns.push_back(find_column(t, spec, name, flag));
  return columns;
}

namespace {

// The header's columns by name. A name given twice keeps both of its first two columns, so that
// a model that reads it is refused instead of reading the first (the numeric reader's rule).
class HeaderColumns {
 public:
  HeaderColumns(const Table& t, const std::string& name) : name_(name) {
    for (std::size_t c = 0; c < t.names.size() && t.header; ++c) {
      if (!first_.emplace(t.names[c], c).second) second_.emplace(t.names[c], c);
    }
  }

  // The column named `wanted`; nullopt when there is none. Throws DataError when there are two.
  std::optional<std::size_t> find(const std::string& wanted) const {
    const auto it = first_.find(wanted);
    if (it == first_.end()) return std::nullopt;
    if (const auto again = second_.find(wanted); again != second_.end()) {
      throw DataError(name_ + ": the header names column '" + wanted + "' twice (columns " +
                      std::to_string(it->second) + " and " + std::to_string(again->second) +
                      "); the model reads its columns by name and cannot tell which one it was "
                      "trained on: rename or remove one");
    }
    return it->second;
  }

 private:
  const std::string& name_;
  std::map<std::string, std::size_t> first_, second_;
};

}  // namespace

Sources locate(const Table& t, const TabularEncoding& e, const std::string& name,
               bool read_targets) {
  const HeaderColumns header(t, name);
  // Without a header, a file of the features only goes by position; one that also holds the
  // targets is refused, since the encoding knows its columns by name only, not where the targets
  // were in the training file (audit 01).
  if (!t.header && !e.targets.empty() && t.names.size() == e.columns.size() + e.targets.size()) {
    throw DataError(name + ": no header row, so its columns go by position, and its " +
                    std::to_string(t.names.size()) + " columns hold the model's " +
                    std::to_string(e.columns.size()) +
                    " feature columns and its target, but the model knows its columns by name "
                    "only, not which one held the target in the file it was trained on; add the "
                    "header row");
  }
  const bool by_position = !t.header && t.names.size() == e.columns.size();
  Sources s;
  std::string missing;
  for (std::size_t i = 0; i < e.columns.size(); ++i) {
    if (by_position) {
      s.features.push_back(i);
    } else if (const auto c = header.find(e.columns[i].name)) {
      s.features.push_back(*c);
    } else {
      missing += (missing.empty() ? "" : ", ") + e.columns[i].name;
    }
  }
  if (!missing.empty()) {
    throw DataError(name + ": no column(s) " + missing + " that the model needs" +
                    (t.header ? "" : " (the file has no header row)"));
  }
  for (std::size_t i = 0; i < e.targets.size() && read_targets; ++i) {
    if (const auto c = header.find(e.targets[i])) s.targets.push_back(*c);
  }
  return s;
}

}  // namespace bprop::tabular
