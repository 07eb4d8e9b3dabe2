#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "bprop/data/tabular.h"
#include "bprop/errors.h"

namespace bprop {
namespace {

std::vector<std::string> texts_of(const std::vector<double>& numbers) {
  std::vector<std::string> texts;
  for (const double x : numbers) {
    char text[32];
    texts.emplace_back(text, std::isnan(x) ? text : std::to_chars(text, text + 32, x).ptr);
  }
  return texts;
}

struct Fitted {
  std::optional<TabularEncoding> encoding;
  std::string error;
};

Fitted fit(const std::vector<std::string>& names, const std::vector<TabularCells>& cells,
           const TabularOptions& options, bool allow_missing) {
  Fitted f;
  try {
    f.encoding = fit_tabular_cells(names, cells, "X", options, allow_missing);
  } catch (const DataError& e) {
    f.error = e.what();
  }
  return f;
}

// Numbers fit as their texts do: the same columns, fills and categories, or the same error.
void expect_as_texts(const std::vector<std::string>& names,
                     const std::vector<std::vector<double>>& numbers,
                     const std::vector<std::string>& text_column, const TabularOptions& options,
                     bool allow_missing) {
  std::vector<std::vector<std::string>> texts;
  std::vector<TabularCells> as_numbers, as_texts;
  for (const auto& column : numbers) texts.push_back(texts_of(column));
  for (std::size_t c = 0; c < numbers.size(); ++c) {
    as_numbers.push_back({.numbers = numbers[c], .holds_numbers = true});
    as_texts.push_back({.texts = texts[c]});
  }
  as_numbers.push_back({.texts = text_column});
  as_texts.push_back({.texts = text_column});
  const Fitted a = fit(names, as_numbers, options, allow_missing);
  const Fitted b = fit(names, as_texts, options, allow_missing);
  EXPECT_EQ(a.error, b.error);
  ASSERT_EQ(a.encoding.has_value(), b.encoding.has_value()) << a.error;
  if (!a.encoding) return;
  EXPECT_EQ(a.encoding->feature_names(), b.encoding->feature_names());
  for (std::size_t c = 0; c < a.encoding->columns.size(); ++c) {
    const ColumnEncoding &x = a.encoding->columns[c], &y = b.encoding->columns[c];
    EXPECT_EQ(std::signbit(x.fill), std::signbit(y.fill)) << c;
    EXPECT_EQ(x.fill, y.fill) << c;
    EXPECT_EQ(x.categories, y.categories) << c;
    EXPECT_EQ(x.fill_category, y.fill_category) << c;
  }
}

TEST(TabularFitCells, NumbersFitAsTheirTextsDo) {
  const double nan = std::nan("");
  const std::vector<std::string> names = {"a", "b", "c"};
  const std::vector<std::vector<double>> numbers = {{1.5, nan, -0.0, 0.0, 7.0, 1e-310},
                                                    {3.0, 2.0, 1.0, 4.0, nan, 5e300}};
  const std::vector<std::string> colour = {"red", "blue", "NA", "red", "red", "blue"};
  expect_as_texts(names, numbers, colour, {}, true);
  expect_as_texts(names, numbers, colour, {.categorical = {"b"}}, true);    // b as categories
  expect_as_texts(names, numbers, colour, {.na_values = {"", "7"}}, true);  // 7 is missing
  // Errors: a missing cell with imputation off (its line), a column with no values, a
  // categorical name that is no column, two columns of one name, unequal lengths.
  expect_as_texts(names, numbers, colour, {}, false);
  expect_as_texts(names, {{nan, nan, nan, nan, nan, nan}, numbers[1]}, colour, {}, true);
  expect_as_texts(names, numbers, colour, {.categorical = {"z"}}, true);
  expect_as_texts({"a", "a", "c"}, numbers, colour, {}, true);
  expect_as_texts(names, {numbers[0], {1.0, 2.0}}, colour, {}, true);
  expect_as_texts(names, {{}, {}}, {}, {}, true);
  EXPECT_FALSE(
      fit(names, {{.numbers = numbers[1], .holds_numbers = true}}, {}, true).error.empty());
}

}  // namespace
}  // namespace bprop
