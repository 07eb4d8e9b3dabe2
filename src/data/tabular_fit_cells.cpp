// Fitting the tabular encoding on cells that arrive as columns (bprop/data/tabular.h,
// fit_tabular_cells; bprop's Python module): texts through the file fit's rules for a column
// (tabular_fit.h), and a column of numbers by the same rules without a text per cell: a number
// is never text, so its rule is the median of the present ones.
#include <cmath>

#include "bprop/data/tabular.h"
#include "bprop/errors.h"
#include "csv_records.h"
#include "tabular_fit.h"
#include "tabular_table.h"

namespace bprop {

namespace {

using tabular::Table;

// fit_column for a column of numbers (NaN: missing), without their texts.
ColumnEncoding fit_numbers(const std::string& column, std::span<const double> numbers,
                           const std::string& name, bool& any_missing) {
  std::vector<double> present;
  present.reserve(numbers.size());
  for (const double x : numbers) {
    if (std::isnan(x)) {
      any_missing = true;
    } else {
      present.push_back(x);
    }
  }
  if (present.empty()) {
    throw DataError(name + ": column '" + column +
                    "' has no values (every cell is missing); drop it");
  }
  return {.name = column, .fill = tabular::median(std::move(present))};
}

[[noreturn]] void refuse_missing(const std::string& name, const std::string& column,
                                 std::size_t line, std::string_view cell) {
  csv::fail(name, line, 0,
            "column '" + column + "' has a missing cell (" + csv::quote_cell(cell) +
                ") and imputation is off (the estimators' impute='median' fills it)");
}

}  // namespace

std::optional<TabularEncoding> fit_tabular_cells(const std::vector<std::string>& names,
                                                 std::span<const TabularCells> columns,
                                                 const std::string& name,
                                                 const TabularOptions& options,
                                                 bool allow_missing) {
  if (names.size() != columns.size()) {
    throw DataError(name + ": " + std::to_string(names.size()) + " column names for " +
                    std::to_string(columns.size()) + " columns");
  }
  tabular::check_cells_shape(names, columns, name);
  // The columns fitted from texts go into one table; text_column[c] is column c's there, or -1.
  const bool numbers_can_be_missing = na_values_match_numbers(options.na_values);
  std::vector<std::string> text_names;
  std::vector<TabularCells> texts;
  std::vector<int> text_column(columns.size(), -1);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const bool forced =
        std::count(options.categorical.begin(), options.categorical.end(), names[c]) > 0;
    if (columns[c].holds_numbers && !forced && !numbers_can_be_missing) continue;
    text_column[c] = static_cast<int>(texts.size());
    text_names.push_back(names[c]);
    texts.push_back(columns[c]);
  }
  const Table t = texts.empty() ? Table{} : tabular::cells_table(text_names, texts, name);
  tabular::check_categorical_names(names, name, options);
  TabularEncoding e{.na_values = options.na_values, .strict_categories = options.strict_categories};
  bool needed = false;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    bool missing = false;
    const int tc = text_column[c];
    if (tc < 0) {
      e.columns.push_back(fit_numbers(names[c], columns[c].numbers, name, missing));
      for (std::size_t r = 0; missing && !allow_missing && r < columns[c].numbers.size(); ++r) {
        if (std::isnan(columns[c].numbers[r])) refuse_missing(name, names[c], r + 2, "");
      }
    } else {
      e.columns.push_back(
          tabular::fit_column(t, static_cast<std::size_t>(tc), name, options, missing));
      for (std::size_t r = 0; missing && !allow_missing && r < t.rows.size(); ++r) {
        const std::string& cell = t.rows[r][static_cast<std::size_t>(tc)];
        if (tabular::is_missing(cell, options.na_values)) {
          refuse_missing(name, names[c], t.lines[r], cell);
        }
      }
    }
    needed = needed || missing || e.columns.back().is_categorical();
  }
  if (!needed) return std::nullopt;
  tabular::check_unique_names(names, {}, name, options);
  return e;
}

std::optional<TabularEncoding> fit_tabular_cells(
    const std::vector<std::string>& names, const std::vector<std::vector<std::string>>& columns,
    const std::string& name, const TabularOptions& options, bool allow_missing) {
  return fit_tabular_cells(names, tabular::text_cells(columns), name, options, allow_missing);
}

}  // namespace bprop
