// Finding a cell's category by text or by value: see tabular_categories.h.
#include "tabular_categories.h"

#include <algorithm>
#include <charconv>

#include "csv_records.h"

namespace bprop::tabular {

std::string number_category(double x) {
  char text[32];
  return {text, std::to_chars(text, text + sizeof text, x + 0.0).ptr};  // + 0.0: -0 is 0
}

int category_index(const ColumnEncoding& column, std::string_view cell) {
  const auto& categories = column.categories;
  const auto at = std::lower_bound(categories.begin(), categories.end(), cell);
  if (at != categories.end() && *at == cell) return static_cast<int>(at - categories.begin());
  const csv::CellNumber n = csv::parse_number(cell);
  if (n.status != csv::CellNumber::Status::kOk) return -1;
  // Only a miss gets here: the cells of a known spelling cost one search, as before.
  const std::string name = number_category(n.value);
  int found = -1;
  for (std::size_t k = 0; k < categories.size(); ++k) {
    const csv::CellNumber c = csv::parse_number(categories[k]);
    if (c.status != csv::CellNumber::Status::kOk) return -1;  // a column of text
    if (number_category(c.value) != name) continue;
    if (found >= 0) return -1;
    found = static_cast<int>(k);
  }
  return found;
}

}  // namespace bprop::tabular
