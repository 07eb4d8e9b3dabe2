#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bprop/data/tabular.h"
#include "bprop/errors.h"

namespace bprop {
namespace {

void expect_same_matrix(const Matrix& a, const Matrix& b) {
  ASSERT_EQ(a.rows(), b.rows());
  ASSERT_EQ(a.cols(), b.cols());
  for (int r = 0; r < a.rows(); ++r) {
    for (int c = 0; c < a.cols(); ++c) EXPECT_EQ(a(r, c), b(r, c)) << r << "," << c;
  }
}

// fit_and_parse_tabular gives what fit_tabular and then parse_tabular_csv give, with the
// training file's options (targets cleared for the encoded read), under every header setting.
void expect_as_two_calls(const std::string& text, CsvOptions csv) {
  CsvOptions encoded = csv;
  encoded.targets.clear();
  const auto fit = fit_and_parse_tabular(text, "t.csv", {}, csv, TabularOptions{}, encoded);
  const auto e = fit_tabular(text, "t.csv", {}, csv, TabularOptions{});
  ASSERT_TRUE(fit.has_value());
  ASSERT_TRUE(e.has_value());
  TabularCounts counts;
  const Dataset d = parse_tabular_csv(text, "t.csv", *e, encoded, counts);
  EXPECT_EQ(fit->encoding.feature_names(), e->feature_names());
  ASSERT_EQ(fit->encoding.columns.size(), e->columns.size());
  for (std::size_t i = 0; i < e->columns.size(); ++i) {
    EXPECT_EQ(fit->encoding.columns[i].fill, e->columns[i].fill);
    EXPECT_EQ(fit->encoding.columns[i].fill_category, e->columns[i].fill_category);
  }
  expect_same_matrix(fit->data.inputs, d.inputs);
  expect_same_matrix(fit->data.targets, d.targets);
  EXPECT_EQ(fit->data.class_names, d.class_names);
  EXPECT_EQ(fit->data.feature_names, d.feature_names);
  EXPECT_EQ(fit->counts.imputed, counts.imputed);
  EXPECT_EQ(fit->counts.dropped_rows, counts.dropped_rows);
}

TEST(TabularFit, ReadingTheCellsOnceGivesWhatTheTwoCallsGive) {
  const std::string text =
      "size,color,weight,y\n1,red,2.5,a\n2,blue,NA,b\n3,red,4,a\n?,NA,1e3,b\n5,green,7,NA\n";
  expect_as_two_calls(text, CsvOptions{});
  CsvOptions header_yes;
  header_yes.header = CsvOptions::Header::kYes;  // the encoded read decides it again
  expect_as_two_calls(text, header_yes);
  CsvOptions semicolons;
  semicolons.delimiter = ';';
  std::string with_semicolons = text;
  for (char& ch : with_semicolons) ch = ch == ',' ? ';' : ch;
  expect_as_two_calls(with_semicolons, semicolons);
}

TEST(TabularFit, NumericFilesNeedNoEncodingAndErrorsAreTheFits) {
  EXPECT_FALSE(fit_and_parse_tabular("a,b,y\n1,2,x\n3,4,z\n", "t.csv", {}, {}, {}, {}));
  EXPECT_THROW(fit_and_parse_tabular("a,b,y\nNA,2,x\n?,4,z\n", "t.csv", {}, {}, {}, {}),
               DataError);  // column a is entirely missing
}

// The median fill of an even and an odd count of unsorted values (nth_element, not a sort).
TEST(TabularFit, MedianFillsOfUnsortedColumns) {
  const auto fill = [](const std::string& text) {
    const auto e = fit_tabular(text, "t.csv", {}, CsvOptions{}, TabularOptions{});
    if (!e) throw std::logic_error("no encoding needed");
    return e->columns[0].fill;
  };
  EXPECT_EQ(fill("a,y\n9,0\n-4,1\n7,0\nNA,1\n1,0\n30,1\n2,0\n"), 4.5);  // (2 + 7) / 2
  EXPECT_EQ(fill("a,y\n9,0\n-4,1\n7,0\nNA,1\n1,0\n30,1\n"), 7.0);
}

}  // namespace
}  // namespace bprop
