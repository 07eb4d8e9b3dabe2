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

// Audit 6, finding 02: the encoding of a training file under --val-split is fitted without the
// held-out rows, as the scaling is: their cells made the medians, the most frequent category and
// the category list (a category seen only in validation got a column that never trained).
TEST(TabularFit, HeldOutRowsShapeNothing) {
  // Data rows (those with a target): 0 (a=1), 1 (a=NA), 2 (a=100, "rare"), 3 (a=3); the row
  // without a target is no data row, so it is never held out.
  const std::string text = "a,k,y\n1,p,0\nNA,q,1\n100,rare,0\n5,q,NA\n3,q,1\n";
  std::size_t rows_seen = 0;
  const HeldOutRows row_2 = [&](std::size_t rows) {
    rows_seen = rows;
    std::vector<bool> out(rows);
    out[2] = true;
    return out;
  };
  const auto fit = fit_and_parse_tabular(text, "t.csv", {}, {}, {}, {}, row_2);
  ASSERT_TRUE(fit.has_value());
  EXPECT_EQ(rows_seen, 4u);
  EXPECT_EQ(fit->encoding.columns[0].fill, 3.0);  // median of 1, 5, 3: not of 1, 100, 5, 3
  EXPECT_EQ(fit->encoding.columns[1].categories, (std::vector<std::string>{"p", "q"}));
  EXPECT_EQ(fit->data.size(), 4);  // every data row is still read, the held-out one included
  EXPECT_EQ(fit->counts.unseen, 1);
  // A missing cell only in a held-out row still needs the encoding that fills it.
  const auto only_there = fit_and_parse_tabular("a,y\n1,0\n2,1\nNA,0\n4,1\n", "t.csv", {}, {}, {},
                                                {}, [](std::size_t rows) {
                                                  std::vector<bool> out(rows);
                                                  out[2] = true;
                                                  return out;
                                                });
  ASSERT_TRUE(only_there.has_value());
  EXPECT_EQ(only_there->encoding.columns[0].fill, 2.0);  // of 1, 2, 4
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

// Cells given as columns (the Python module) fit the encoding a file of those cells gets.
TEST(TabularFit, CellsGivenAsColumnsFitWhatTheFileFits) {
  const std::vector<std::string> names = {"size", "color", "weight"};
  const std::vector<std::vector<std::string>> columns = {{"1", "2", "3", "?", "5"},
                                                         {"red", "blue", "red", "NA", "green"},
                                                         {"2.5", "", "4", "1e3", "7"}};
  const std::string text =
      "size,color,weight,y\n1,red,2.5,a\n2,blue,,b\n3,red,4,a\n?,NA,1e3,b\n5,green,7,a\n";
  const auto from_file = fit_tabular(text, "t.csv", {}, CsvOptions{}, TabularOptions{});
  const auto from_cells = fit_tabular_cells(names, columns, "X", TabularOptions{}, true);
  ASSERT_TRUE(from_file.has_value());
  ASSERT_TRUE(from_cells.has_value());
  EXPECT_EQ(from_cells->feature_names(), from_file->feature_names());
  ASSERT_EQ(from_cells->columns.size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(from_cells->columns[i].fill, from_file->columns[i].fill);
    EXPECT_EQ(from_cells->columns[i].categories, from_file->columns[i].categories);
    EXPECT_EQ(from_cells->columns[i].fill_category, from_file->columns[i].fill_category);
  }
  EXPECT_TRUE(from_cells->targets.empty());
  // Imputation off: the first missing cell is the error, by column and line (row 3 is line 5).
  try {
    fit_tabular_cells(names, columns, "X", TabularOptions{}, false);
    FAIL() << "a missing cell with imputation off";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("X:5: column 'size' has a missing cell ('?')"),
              std::string::npos)
        << e.what();
  }
  // Numbers only, none missing: no encoding; a column of another length: an error.
  EXPECT_FALSE(fit_tabular_cells({"a", "b"}, {{"1", "2"}, {"3", "4"}}, "X", {}, false));
  EXPECT_THROW(fit_tabular_cells({"a", "b"}, {{"1", "2"}, {"3"}}, "X", {}, true), DataError);
  EXPECT_THROW(fit_tabular_cells({"a"}, {{"1"}, {"3"}}, "X", {}, true), DataError);
}

}  // namespace
}  // namespace bprop
