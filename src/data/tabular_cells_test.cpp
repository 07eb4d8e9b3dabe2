#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "bprop/data/tabular.h"
#include "bprop/errors.h"
#include "data/tabular_table.h"

namespace bprop {
namespace {

using Columns = std::vector<std::vector<std::string>>;

// An encoding with a numeric column (median 2.5), a categorical one (blue, green, red; most
// frequent red) and a second numeric one (median 10).
TabularEncoding encoding(bool strict = false) {
  TabularEncoding e;
  e.na_values = {"NA", "?", "nan"};
  e.columns = {{.name = "size", .fill = 2.5},
               {.name = "color", .categories = {"blue", "green", "red"}, .fill_category = 2},
               {.name = "weight", .fill = 10.0}};
  e.strict_categories = strict;
  return e;
}

struct Encoded {
  Matrix inputs;
  TabularCounts counts;
  std::string error;
};

template <typename F>
Encoded run(F encode) {
  Encoded result;
  try {
    result.inputs = encode(result.counts);
  } catch (const DataError& e) {
    result.error = e.what();
  }
  return result;
}

// The same bits (signs of zero too), counts and errors.
void expect_same(const Encoded& direct, const Encoded& file) {
  EXPECT_EQ(direct.error, file.error);
  EXPECT_EQ(direct.counts.imputed, file.counts.imputed);
  EXPECT_EQ(direct.counts.unseen, file.counts.unseen);
  ASSERT_EQ(direct.inputs.rows(), file.inputs.rows());
  ASSERT_EQ(direct.inputs.cols(), file.inputs.cols());
  for (std::size_t i = 0; i < direct.inputs.size(); ++i) {
    const float a = direct.inputs.data()[i], b = file.inputs.data()[i];
    EXPECT_EQ(std::signbit(a), std::signbit(b)) << i;
    EXPECT_TRUE(a == b || (std::isnan(a) && std::isnan(b))) << i << ": " << a << " vs " << b;
  }
}

// The direct encoding and the file path (cells as CSV text, read back) agree.
void expect_as_the_file_path(const Columns& columns, const TabularEncoding& e) {
  expect_same(run([&](TabularCounts& c) { return encode_tabular_columns(columns, "X", e, c); }),
              run([&](TabularCounts& c) {
                return tabular::encode_columns_as_text(tabular::text_cells(columns), "X", e, c);
              }));
}

TEST(TabularCells, CellsEncodeAsTheFileWithThemEncodes) {
  expect_as_the_file_path({{"1", " 2", "+3.5", "NA", "", "-0", "1e-45", "3.4028234e38", "5"},
                           {"red", "blue", "NA", "teal", "", "green", "red", "blue", "red"},
                           {"0.1", "1e5", "?", "-7", "nan", "1.17549435e-38", "2", "3", "4"}},
                          encoding());
}

TEST(TabularCells, CellsTheFilePathRefusesGetItsErrors) {
  const TabularEncoding e = encoding();
  for (const std::string bad :
       {"abc", "1e39", "inf", "-inf", "1.5x", "\"1\"", "1,5", "1e999", "0x10"}) {
    expect_as_the_file_path({{"1", bad}, {"red", "red"}, {"1", "2"}}, e);
  }
  // An unseen category under strict_categories; columns of unequal length; no rows.
  expect_as_the_file_path({{"1", "2"}, {"red", "teal"}, {"1", "2"}}, encoding(true));
  expect_as_the_file_path({{"1", "2"}, {"red"}, {"1", "2"}}, e);
  expect_as_the_file_path({{}, {}, {}}, e);
  expect_as_the_file_path({{"1"}, {"red"}}, e);
  TabularEncoding twice = e;  // a model from before two columns of one name were refused
  twice.columns[2].name = "size";
  expect_as_the_file_path({{"1", "2"}, {"red", "blue"}, {"7", "8"}}, twice);
  EXPECT_NE(run([&](TabularCounts& c) {
              return encode_tabular_columns({{"1", "x"}, {"red", "red"}, {"1", "2"}}, "X", e, c);
            }).error.find("X:3:"),
            std::string::npos);  // row 1 is line 3
}

// Numbers given as numbers encode as their shortest round-trip texts do.
TEST(TabularCells, NumbersEncodeAsTheirTexts) {
  const std::vector<double> size = {1.0, std::nan(""), -0.0, 0.1, 1e-40, 3.4e38, 123456789.123};
  const std::vector<double> weight = {2.0, 3.0, std::nan(""), 1e300 * 0.0, -5.5, 7.0, 1e-7};
  const std::vector<std::string> color = {"red", "blue", "", "teal", "green", "red", "NA"};
  const auto texts = [](const std::vector<double>& numbers) {
    std::vector<std::string> out;
    for (const double x : numbers) {
      char text[32];
      out.emplace_back(text, std::isnan(x) ? text : std::to_chars(text, text + 32, x).ptr);
    }
    return out;
  };
  for (const bool strict : {false, true}) {
    const TabularEncoding e = encoding(strict);
    const std::vector<TabularCells> cells = {{.numbers = size, .holds_numbers = true},
                                             {.texts = color},
                                             {.numbers = weight, .holds_numbers = true}};
    const Encoded direct =
        run([&](TabularCounts& c) { return encode_tabular_cells(cells, "X", e, c); });
    const Columns as_texts = {texts(size), color, texts(weight)};  // to_chars, independently
    const Encoded file = run([&](TabularCounts& c) {
      return tabular::encode_columns_as_text(tabular::text_cells(as_texts), "X", e, c);
    });
    expect_same(direct, file);
    if (!strict) {
      EXPECT_EQ(direct.counts.imputed, 4);  // two NaN, "" and NA
    }
  }
}

TEST(TabularCells, NumberNaValuesAndMisuseAreHandled) {
  TabularEncoding e = encoding();
  e.na_values.push_back("-999");
  ASSERT_TRUE(e.numbers_can_be_missing());
  ASSERT_FALSE(encoding().numbers_can_be_missing());
  const std::vector<double> size = {-999.0, 4.0};
  const std::vector<std::string> color = {"red", "red"}, weight = {"1", "2"};
  const std::vector<TabularCells> cells = {
      {.numbers = size, .holds_numbers = true}, {.texts = color}, {.texts = weight}};
  TabularCounts counts;
  const Matrix m = encode_tabular_cells(cells, "X", e, counts);
  EXPECT_EQ(counts.imputed, 1);  // -999 is missing here: it took the file path
  EXPECT_EQ(m(0, 0), 2.5f);
  EXPECT_EQ(m(1, 0), 4.0f);
  // Numbers for a categorical column: their texts name the categories.
  const std::vector<double> numbers = {1.0, 2.0};
  const std::vector<std::string> one_two = {"1", "2"};
  const std::vector<TabularCells> as_numbers = {
      {.texts = weight}, {.numbers = numbers, .holds_numbers = true}, {.texts = weight}};
  TabularEncoding digits = encoding();
  digits.columns[1].categories = {"1", "3"};
  TabularCounts from_numbers, from_texts;
  const Matrix a = encode_tabular_cells(as_numbers, "X", digits, from_numbers);
  const Matrix b = encode_tabular_columns({weight, one_two, weight}, "X", digits, from_texts);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_TRUE(std::equal(a.data(), a.data() + a.size(), b.data()));
  EXPECT_EQ(from_numbers.unseen, 1);
  EXPECT_EQ(from_texts.unseen, 1);
}

}  // namespace
}  // namespace bprop
