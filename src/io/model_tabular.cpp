// The model file's tabular-encoding section: see model_tabular.h and docs/model-format.md.
#include "model_tabular.h"

#include <algorithm>
#include <cmath>

namespace bprop::model_file {

namespace {
constexpr uint8_t kNumeric = 0, kCategorical = 1;
}  // namespace

void write_tabular(Writer& w, const TabularEncoding& e) {
  w.strings(e.na_values, "the missing-value markers");
  w.u8(e.strict_categories ? 1 : 0);
  w.strings(e.targets, "the encoded target names");
  w.u32(static_cast<uint32_t>(e.columns.size()));
  for (const ColumnEncoding& c : e.columns) {
    w.string(c.name, "column name '" + c.name + "'");
    w.u8(c.is_categorical() ? kCategorical : kNumeric);
    if (c.is_categorical()) {
      w.strings(c.categories, "the categories of '" + c.name + "'");
      w.u32(static_cast<uint32_t>(c.fill_category));
      continue;
    }
    if (!std::isfinite(c.fill)) {
      throw ModelFileError("refusing to save a non-finite median for column '" + c.name + "'");
    }
    w.f64(c.fill);
  }
}

TabularEncoding read_tabular(Reader& r) {
  TabularEncoding e;
  e.na_values = r.strings("missing-value marker count");
  const uint8_t strict = r.u8("strict-categories flag");
  if (strict > 1) r.fail("strict-categories flag " + std::to_string(strict) + " is not 0 or 1");
  e.strict_categories = strict == 1;
  e.targets = r.strings("encoded target count");
  const uint32_t columns = r.count("encoded column count", 1, kMaxWidth);
  r.need(columns, 5, "encoded columns");
  for (uint32_t i = 0; i < columns; ++i) {
    ColumnEncoding c;
    c.name = r.string("encoded column name");
    const std::size_t at = r.offset();
    const uint8_t kind = r.u8("encoded column kind");
    if (kind == kCategorical) {
      c.categories = r.strings("category count");
      if (c.categories.empty() || !std::is_sorted(c.categories.begin(), c.categories.end()) ||
          std::adjacent_find(c.categories.begin(), c.categories.end()) != c.categories.end()) {
        r.fail_at(at, "the categories of '" + c.name + "' are not a sorted list of unique names");
      }
      c.fill_category = static_cast<int>(
          r.count("most frequent category", 0, static_cast<uint32_t>(c.categories.size() - 1)));
    } else if (kind == kNumeric) {
      c.fill = r.f64("median");
      if (!std::isfinite(c.fill)) r.fail_at(at, "the median of '" + c.name + "' is not finite");
    } else {
      r.fail_at(at, "unknown encoded column kind " + std::to_string(kind));
    }
    e.columns.push_back(std::move(c));
  }
  return e;
}

}  // namespace bprop::model_file
