// The CSV reader's rules for a model's columns (csv_layout.h): a header that is exactly the
// model's names, and the files where a model's target column would be a guess.
#include <algorithm>

#include "bprop/errors.h"
#include "csv_layout.h"
#include "csv_records.h"

namespace bprop::csv {

namespace {

std::string_view without_name_prefix(std::string_view spec) {
  return spec.starts_with("name:") ? spec.substr(5) : spec;
}

std::vector<std::string> target_names(const CsvOptions& o) {
  std::vector<std::string> names;
  for (const std::string& t : o.targets) names.emplace_back(without_name_prefix(t));
  return names;
}

bool is_text(std::string_view cell) {
  const CellNumber::Status s = parse_cell(cell).status;
  return s == CellNumber::Status::kNotANumber;
}

}  // namespace

bool names_model_columns(const std::vector<std::string>& cells, const CsvOptions& o,
                         const std::string& file) {
  if (o.feature_names.empty()) return false;
  const std::vector<std::string> targets = target_names(o);
  for (const std::string& feature : o.feature_names) {
    if (std::count(cells.begin(), cells.end(), feature) != 1) return false;
  }
  const bool named = std::all_of(cells.begin(), cells.end(), [&](const std::string& cell) {
    const auto in = [&](const std::vector<std::string>& names) {
      return std::find(names.begin(), names.end(), cell) != names.end();
    };
    return in(o.feature_names) || in(targets) || is_text(cell);
  });
  // Only numbers (features named 0 and 1 over 0/1 data): the row is as likely data as a header.
  if (named && std::none_of(cells.begin(), cells.end(), is_text)) {
    throw DataError(file + ": the first row (" + list_names(cells) +
                    ") holds the model's column names, but only numbers, so it may as well be "
                    "a row of data; pass --header yes if it is the header, --header no if it "
                    "is data");
  }
  return named;
}

void refuse_guessed_targets(const Layout& l, const CsvOptions& o, const std::string& name) {
  const std::vector<std::string> targets = target_names(o);
  const std::size_t count = std::max<std::size_t>(targets.size(), 1);
  // A file of another width is refused for its width (resolve_features).
  const bool fits =
      o.feature_count >= 0 && l.columns == static_cast<std::size_t>(o.feature_count) + count;
  if (!o.targets_from_model || !fits) return;
  if (!l.header && !o.feature_names.empty()) {
    throw DataError(
        name + ": no header row, so its columns go by position, and its " +
        std::to_string(l.columns) + " columns hold the model's " +
        std::to_string(o.feature_names.size()) + " features and its target" +
        (targets.empty() ? std::string() : " (" + list_names(targets) + ")") +
        ", but the model knows its columns by name only, not which one held the target in the "
        "file it was trained on; add the header row (the model's features: " +
        list_names(o.feature_names) + ") or pass --target with the target's 0-based index");
  }
  if (l.header && o.feature_names.empty()) {
    const std::string recorded = targets.empty()
                                     ? std::string(" (the model records none)")
                                     : " (the model records column " + list_names(targets) +
                                           " of the file it was trained on, which had no header)";
    throw DataError(
        name + ": the model has no column names, so the header (" + list_names(l.names) +
        ") cannot be matched with its columns and which column is the target" + recorded +
        " would be a guess; pass --target with the target column's name or 0-based "
        "index");
  }
}

}  // namespace bprop::csv
