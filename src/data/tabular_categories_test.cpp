// Audit 5, finding 03: a column of numbers forced categorical was matched by text, so the file's
// "2.0" and Python's 2.0 (the cell "2") were two categories, every row unseen in one of the tools.
#include "tabular_categories.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "bprop/data/tabular.h"

namespace bprop {
namespace {

using tabular::category_index;
using Columns = std::vector<std::vector<std::string>>;

ColumnEncoding categorical(std::vector<std::string> categories) {
  return {.name = "code", .categories = std::move(categories)};
}

TEST(TabularCategories, NumbersAreNamedByValue) {
  EXPECT_EQ(tabular::number_category(2.0), "2");
  EXPECT_EQ(tabular::number_category(-0.0), "0");
  EXPECT_EQ(tabular::number_category(0.25), "0.25");
  const TabularOptions forced{.categorical = {"code"}};
  const auto e = fit_tabular_cells({"code"}, Columns{{"2.0", "1", "+2", "02", "1.0", "3e0"}}, "X",
                                   forced, false);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->columns[0].categories, (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(e->columns[0].fill_category, 1);  // "2" three times
  // The fit from numbers (Python's float column) names them alike.
  const std::vector<double> numbers = {2.0, 1.0, 2.0, 3.0};
  const TabularCells cells{.numbers = numbers, .holds_numbers = true};
  const auto from_numbers = fit_tabular_cells({"code"}, std::span(&cells, 1), "X", forced, false);
  ASSERT_TRUE(from_numbers.has_value());
  EXPECT_EQ(from_numbers->columns[0].categories, e->columns[0].categories);
  // A column with text keeps its texts apart.
  const auto text = fit_tabular_cells({"zip"}, Columns{{"02139", "2139", "none"}}, "X", {}, false);
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(text->columns[0].categories, (std::vector<std::string>{"02139", "2139", "none"}));
}

TEST(TabularCategories, NumbersMatchByValueTextsByText) {
  const ColumnEncoding numbers = categorical({"1", "2", "3"});
  for (const char* cell : {"2", "2.0", "+2", "02", "2e0"}) {
    EXPECT_EQ(category_index(numbers, cell), 1) << cell;
  }
  EXPECT_EQ(category_index(numbers, "4"), -1);
  EXPECT_EQ(category_index(numbers, "two"), -1);
  // A model fitted before categories were named by value ("2.0" as the file spelt it).
  EXPECT_EQ(category_index(categorical({"1.0", "2.0"}), "2"), 1);
  // Two spellings of one value in an older model: only their own texts match.
  const ColumnEncoding twice = categorical({"2", "2.0"});
  EXPECT_EQ(category_index(twice, "2.0"), 1);
  EXPECT_EQ(category_index(twice, "02"), -1);
  // Categories with text are texts: "2139" is not the postcode "02139".
  EXPECT_EQ(category_index(categorical({"02139", "none"}), "2139"), -1);
}

TEST(TabularCategories, EncodingMatchesNumbersByValueFromTextsAndNumbers) {
  TabularEncoding e{.columns = {categorical({"1.0", "2.0", "3.0"})}};
  TabularCounts counts;
  const Matrix texts = encode_tabular_columns({{"2", "3.0", "1"}}, "X", e, counts);
  EXPECT_EQ(texts, (Matrix{{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}));
  const std::vector<double> values = {2.0, 3.0, 1.0};
  const TabularCells cells{.numbers = values, .holds_numbers = true};
  EXPECT_EQ(encode_tabular_cells(std::span(&cells, 1), "X", e, counts), texts);
  EXPECT_EQ(counts.unseen, 0);
  // The file path (bprop predict) too.
  const std::string out = apply_tabular("code\n2\n03\n", "d.csv", e, {}, counts);
  EXPECT_NE(out.find("\n0,1,0\n0,0,1\n"), std::string::npos) << out;
  EXPECT_EQ(counts.unseen, 0);
}

}  // namespace
}  // namespace bprop
