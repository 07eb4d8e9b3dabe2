// Fitting the tabular encoding (bprop/data/tabular.h) on a training file's cells: per column a
// median or a vocabulary, and whether the file needs an encoding at all.
#include "tabular_fit.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "bprop/data/tabular.h"
#include "bprop/errors.h"
#include "csv_records.h"
#include "tabular_categories.h"
#include "tabular_columns.h"
#include "tabular_table.h"

namespace bprop {

namespace tabular {

using csv::CellNumber;

// The median. nth_element finds the value(s) a full sort would for less work, unless the order of
// values that compare equal shows: a NaN (a "nan" cell that --na-values does not list) or a -0
// (equal to 0, printed differently) keep the sort, so the fill is what it always was.
double median(std::vector<double> values) {
  const std::size_t n = values.size();
  const bool plain = std::none_of(values.begin(), values.end(), [](double v) {
    return std::isnan(v) || (v == 0.0 && std::signbit(v));
  });
  if (!plain) {
    std::sort(values.begin(), values.end());
    return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
  }
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(values.begin(), middle, values.end());
  return n % 2 == 1 ? *middle : 0.5 * (*std::max_element(values.begin(), middle) + *middle);
}

namespace {
// How often each present cell of column c occurs: a categorical column's vocabulary. A column of
// numbers counts them by value, each named by number_category ("3.0" and "03" are the category
// "3", as Python's 3.0 is): tabular_categories.h.
std::map<std::string, int64_t> category_counts(const Table& t, std::size_t c,
                                               const TabularOptions& o, bool numbers) {
  std::map<std::string, int64_t> counts;
  for (const auto& row : t.rows) {
    if (is_missing(row[c], o.na_values)) continue;
    ++counts[numbers ? number_category(csv::parse_number(row[c]).value) : row[c]];
  }
  return counts;
}
}  // namespace

// One feature column's rule, from its training cells; cells are counted by value only in a
// categorical column (a numeric one's thousands of distinct values made the fit slow).
ColumnEncoding fit_column(const Table& t, std::size_t c, const std::string& name,
                          const TabularOptions& o, bool& any_missing) {
  ColumnEncoding e{.name = t.names[c]};
  std::vector<double> numbers;
  std::size_t present = 0;
  std::size_t first_text = t.rows.size();
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string& cell = t.rows[r][c];
    if (is_missing(cell, o.na_values)) {
      any_missing = true;
      continue;
    }
    ++present;
    const CellNumber n = csv::parse_number(cell);
    if (n.status == CellNumber::Status::kOk) {
      numbers.push_back(n.value);
    } else if (first_text == t.rows.size()) {
      first_text = r;
    }
  }
  const std::string column = "column '" + e.name + "'";
  if (present == 0) {
    throw DataError(name + ": " + column + " has no values (every cell is missing); drop it");
  }
  const bool forced = std::count(o.categorical.begin(), o.categorical.end(), e.name) > 0 ||
                      first_text < t.rows.size();
  if (!forced) {
    e.fill = median(std::move(numbers));
    return e;
  }
  // Missing cells are filled, not text: only the present cells that are not numbers count.
  const std::size_t texts = present - numbers.size();
  if (first_text < t.rows.size() && numbers.size() >= 19 * texts &&
      std::count(o.categorical.begin(), o.categorical.end(), e.name) == 0) {
    csv::fail(
        name, t.lines[first_text], 0,
        column + " holds numbers but also the text " + csv::quote_cell(t.rows[first_text][c]) +
            "; if it marks a missing value add it to " +
            (o.python_names ? "na_values" : "--na-values") + ", if the column is categories pass " +
            (o.python_names ? "categorical=['" + e.name + "']" : "--categorical " + e.name));
  }
  const std::map<std::string, int64_t> counts =
      category_counts(t, c, o, first_text == t.rows.size());
  if (counts.size() > static_cast<std::size_t>(o.max_categories)) {
    const std::string limit = o.python_names ? "max_categories" : "--max-categories";
    throw DataError(name + ": " + column + " has " + std::to_string(counts.size()) +
                    " distinct values, more than " + limit + " " +
                    std::to_string(o.max_categories) +
                    " (an ID or free-text column?); drop it or raise " + limit);
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

// Every name `categorical` lists must be a column: a misspelt one would otherwise leave the
// column it meant numeric without a word.
void check_categorical_names(const std::vector<std::string>& names, const std::string& name,
                             const TabularOptions& o) {
  constexpr std::size_t kShown = 20;
  for (const std::string& wanted : o.categorical) {
    if (std::find(names.begin(), names.end(), wanted) != names.end()) continue;
    std::string columns;
    for (std::size_t c = 0; c < names.size() && c < kShown; ++c) {
      columns += (c == 0 ? "'" : ", '") + names[c] + "'";
    }
    if (names.size() > kShown) columns += ", ...";
    throw DataError(name + ": " + (o.python_names ? "categorical" : "--categorical") +
                    " names no column '" + wanted + "'; the columns are " + columns);
  }
}

// A model's encoding finds its columns by name (predict reads a file's columns in any order), so
// two columns of one name would both read the first: refused, naming the two (0-based).
void check_unique_names(const std::vector<std::string>& names,
                        const std::vector<std::size_t>& dropped, const std::string& name,
                        const TabularOptions& o) {
  std::map<std::string, std::size_t> first;
  for (std::size_t c = 0; c < names.size(); ++c) {
    if (std::count(dropped.begin(), dropped.end(), c) > 0) continue;
    const auto [at, fresh] = first.emplace(names[c], c);
    if (fresh) continue;
    throw DataError(name + ": two columns are named '" + names[c] + "' (columns " +
                    std::to_string(at->second) + " and " + std::to_string(c) +
                    "); a model with a tabular encoding finds its columns by name: rename one" +
                    (o.python_names ? "" : ", or leave one out with --drop"));
  }
}

}  // namespace tabular

namespace {

using tabular::check_categorical_names;
using tabular::check_unique_names;
using tabular::find_columns;
using tabular::fit_column;
using tabular::is_missing;
using tabular::Table;

std::vector<std::size_t> target_columns(const Table& t, const std::vector<std::string>& targets,
                                        const std::string& name) {
  if (targets.empty()) return {t.names.size() - 1};
  return find_columns(t, targets, name, "--target");
}

// fit_tabular on the file's cells.
std::optional<TabularEncoding> fit_table(const Table& t, const std::string& name,
                                         const std::vector<std::string>& targets,
                                         const CsvOptions& csv, const TabularOptions& options,
                                         bool needed = false) {
  check_categorical_names(t.names, name, options);
  const std::vector<std::size_t> target_cols = target_columns(t, targets, name);
  const std::vector<std::size_t> dropped = find_columns(t, csv.drop, name, "--drop");
  TabularEncoding e{.na_values = options.na_values, .strict_categories = options.strict_categories};
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
  check_unique_names(t.names, dropped, name, options);
  return e;
}

// The table without the rows `held_out` flags among those with every target cell (the data's
// rows, as encoded_dataset keeps them).
Table without_held_out(const Table& t, const TabularEncoding& e, const HeldOutRows& held_out) {
  std::vector<std::size_t> targets;
  for (const std::string& target : e.targets) {
    targets.push_back(static_cast<std::size_t>(std::find(t.names.begin(), t.names.end(), target) -
                                               t.names.begin()));
  }
  std::vector<bool> has_target(t.rows.size());
  std::size_t data_rows = 0;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    has_target[r] = std::none_of(targets.begin(), targets.end(), [&](std::size_t c) {
      return is_missing(t.rows[r][c], e.na_values);
    });
    data_rows += has_target[r];
  }
  const std::vector<bool> out = held_out(data_rows);
  Table kept = t;
  kept.rows.clear();
  kept.lines.clear();
  for (std::size_t r = 0, d = 0; r < t.rows.size(); ++r) {
    if (has_target[r] && out.at(d++)) continue;
    kept.rows.push_back(t.rows[r]);
    kept.lines.push_back(t.lines[r]);
  }
  return kept;
}

}  // namespace

std::optional<TabularEncoding> fit_tabular(std::string_view text, const std::string& name,
                                           const std::vector<std::string>& targets,
                                           const CsvOptions& csv, const TabularOptions& options) {
  return fit_table(tabular::read_table(text, name, csv, options.na_values), name, targets, csv,
                   options);
}

std::optional<TabularFit> fit_and_parse_tabular(std::string_view text, const std::string& name,
                                                const std::vector<std::string>& targets,
                                                const CsvOptions& csv,
                                                const TabularOptions& tabular_options,
                                                CsvOptions options, const HeldOutRows& held_out) {
  const Table t = tabular::read_table(text, name, csv, tabular_options.na_values);
  std::optional<TabularEncoding> e = fit_table(t, name, targets, csv, tabular_options);
  if (!e) return std::nullopt;
  if (held_out) {
    // Needed for the whole file (a missing cell only in a held-out row still needs its fill).
    e = fit_table(without_held_out(t, *e, held_out), name, targets, csv, tabular_options, true);
  }
  TabularFit fit{.encoding = std::move(*e), .data = {}, .counts = {}};
  // The encoded read decides the header as kAuto does: the cells already read are its table when
  // the fit's read did so too with the same splitting rules.
  const bool same = csv.header == CsvOptions::Header::kAuto && csv.delimiter == options.delimiter &&
                    csv.max_line_bytes == options.max_line_bytes &&
                    csv.max_columns == options.max_columns;
  const Table encoded =
      same ? Table{} : tabular::read_encoded_table(text, name, fit.encoding, options);
  fit.data = tabular::encoded_dataset(same ? t : encoded, name, fit.encoding, std::move(options),
                                      fit.counts, nullptr);
  return fit;
}

}  // namespace bprop
