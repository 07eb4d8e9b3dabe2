// Encoding cells that arrive as columns (bprop/data/tabular.h, encode_tabular_cells): straight
// into the matrix, column by column, with the file path's rules cell for cell. The file path (the
// cells as encoded CSV text, read back) stays the definition: any cell whose reading there is
// more than "a number, a missing cell or a known category" sends the whole call to it, so its
// errors, and the counts it keeps, are its own.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "bprop/data/tabular.h"
#include "bprop/errors.h"
#include "csv_records.h"
#include "tabular_categories.h"
#include "tabular_table.h"

namespace bprop {

namespace {

using tabular::is_missing;

// What the file path reads for a missing number: the fill written as "%.9g", read back.
std::optional<float> fill_value(const ColumnEncoding& column) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", column.fill);
  const csv::CellNumber n = csv::parse_number(text);
  if (n.status != csv::CellNumber::Status::kOk || !csv::fits_float(n.value, false)) return {};
  return static_cast<float>(n.value);
}

class DirectEncoder {
 public:
  DirectEncoder(const TabularEncoding& e, std::size_t rows, int width)
      : e_(e),
        out_(static_cast<int>(rows), width),
        rows_(rows),
        numeric_na_(e.numbers_can_be_missing()) {}

  // Column c into the matrix from column `first`; false where the file path must decide.
  bool column(const TabularCells& cells, const ColumnEncoding& c, int first) {
    if (c.is_categorical()) return categories(cells, c, first);
    const std::optional<float> fill = fill_value(c);
    if (!fill) return false;
    for (std::size_t r = 0; r < rows_; ++r) {
      std::optional<float> value =
          cells.holds_numbers ? number(cells.numbers[r]) : text_number(cells.texts[r]);
      if (!value) return false;
      if (std::isnan(*value)) {  // a missing cell (a number's NaN or an na_value)
        ++counts_.imputed;
        value = fill;
      }
      out_(static_cast<int>(r), first) = *value;
    }
    return true;
  }

  Matrix& matrix() { return out_; }
  const TabularCounts& counts() const { return counts_; }

 private:
  // NaN for a missing cell, nothing for one the file path must read.
  std::optional<float> number(double x) const {
    if (std::isnan(x)) return x;
    if (numeric_na_ || !csv::fits_float(x, false)) return {};  // its text may be an na_value
    return static_cast<float>(x);  // a shortest round-trip text reads back as x
  }

  std::optional<float> text_number(const std::string& text) const {
    if (is_missing(text, e_.na_values)) return std::nanf("");
    const csv::CellNumber n = csv::parse_number(text);
    if (n.status != csv::CellNumber::Status::kOk || !csv::fits_float(n.value, false)) return {};
    return static_cast<float>(n.value);
  }

  bool categories(const TabularCells& cells, const ColumnEncoding& c, int first) {
    if (cells.holds_numbers) return false;  // their texts name the categories
    for (std::size_t r = 0; r < rows_; ++r) {
      const std::string& text = cells.texts[r];
      int hot = c.fill_category;
      if (is_missing(text, e_.na_values)) {
        ++counts_.imputed;
      } else if (const int index = tabular::category_index(c, text); index >= 0) {
        hot = index;
      } else if (e_.strict_categories) {
        return false;  // the file path's error names the line
      } else {
        ++counts_.unseen;
        continue;  // all zeros
      }
      out_(static_cast<int>(r), first + hot) = 1.0f;
    }
    return true;
  }

  const TabularEncoding& e_;
  Matrix out_;  // zeros
  std::size_t rows_;
  bool numeric_na_;
  TabularCounts counts_;
};

}  // namespace

Matrix encode_tabular_cells(std::span<const TabularCells> columns, const std::string& name,
                            const TabularEncoding& e, TabularCounts& counts) {
  const std::size_t rows = columns.empty() ? 0 : columns[0].size();
  const bool even = std::all_of(columns.begin(), columns.end(),
                                [&](const TabularCells& c) { return c.size() == rows; });
  // A model written before two columns of one name were refused reads both from the first (the
  // file path finds columns by name), as its training did: that path keeps doing so.
  std::vector<std::string> names;
  for (const ColumnEncoding& c : e.columns) names.push_back(c.name);
  std::sort(names.begin(), names.end());
  const bool unique = std::adjacent_find(names.begin(), names.end()) == names.end();
  if (columns.size() == e.columns.size() && rows > 0 && even && unique) {
    DirectEncoder direct(e, rows, static_cast<int>(e.feature_names().size()));
    int first = 0;
    bool done = true;
    for (std::size_t c = 0; done && c < columns.size(); ++c) {
      done = direct.column(columns[c], e.columns[c], first);
      first += e.columns[c].is_categorical() ? static_cast<int>(e.columns[c].categories.size()) : 1;
    }
    if (done) {
      counts.imputed += direct.counts().imputed;
      counts.unseen += direct.counts().unseen;
      return std::move(direct.matrix());
    }
  }
  return tabular::encode_columns_as_text(columns, name, e, counts);
}

Matrix encode_tabular_columns(const std::vector<std::vector<std::string>>& columns,
                              const std::string& name, const TabularEncoding& e,
                              TabularCounts& counts) {
  return encode_tabular_cells(tabular::text_cells(columns), name, e, counts);
}

}  // namespace bprop
