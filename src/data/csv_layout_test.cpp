// The CSV reader's column roles (issue 18): features by a model's names, the default target by
// position, ambiguous targets, --drop and --keep, delimiters, and whole-number targets.
#include "csv_layout.h"

#include <gtest/gtest.h>

#include "bprop/data/csv.h"
#include "bprop/errors.h"
#include "testing/expect_error.h"

namespace bprop {
namespace {

using testing::expect_error;

Dataset parse(std::string_view text, const CsvOptions& o = {}, CsvColumns* columns = nullptr) {
  return parse_csv(text, "d.csv", o, columns);
}

TEST(CsvLayout, FeaturesFollowTheModelsNamesInAnyOrderAndTheRestIsIgnored) {
  CsvOptions o;
  o.feature_names = {"x1", "x2"};
  o.presence = CsvOptions::Presence::kIfPresent;
  CsvColumns columns;
  const Dataset d = parse("id,x2,note,x1\n7,2,a,1\n8,4,b,3\n", o, &columns);
  EXPECT_EQ(d.inputs, (Matrix{{1, 2}, {3, 4}}));
  EXPECT_EQ(d.feature_names, o.feature_names);
  EXPECT_EQ(columns.ignored, (std::vector<std::string>{"id", "note"}));
  expect_error<InputWidthError>([&] { parse("x1,y\n1,2\n", o); },
                                {"missing 1 of the model's feature columns: x2",
                                 "the model's features: x1, x2; the header has: x1, y"});
  // Without a header: by position, only when the width fits.
  EXPECT_EQ(parse("1,2\n3,4\n", o).inputs, (Matrix{{1, 2}, {3, 4}}));
  o.feature_count = 2;
  expect_error<InputWidthError>([&] { parse("1,2,3,4\n", o); },
                                {"no header row, so columns go by position"});
}

// An empty cell over a number is a missing value, not a name: such a first row is data (here
// refused for its empty cell, naming it) instead of a header that takes the row away.
TEST(CsvLayout, AFirstRowWithAnEmptyCellIsNotAHeader) {
  CsvColumns columns;
  expect_error<DataError>([&] { parse("3,,0\n4,4,1\n5,5,0\n", {}, &columns); },
                          {"d.csv:1:3: column 1: empty cell"});
  EXPECT_EQ(parse(",b,y\n3,4,0\n5,5,1\n", {}, &columns).size(), 2);
  EXPECT_TRUE(columns.header);
}

TEST(CsvLayout, TheDefaultTargetIsTheLastColumnEvenWhenAHeaderNamesItsIndex) {
  CsvColumns columns;
  const Dataset d = parse("6,4,a,b,c\n5.1,3.5,1.4,0.2,0\n4.9,3,1.4,0.2,1\n", {}, &columns);
  EXPECT_EQ(columns.targets, (std::vector<std::size_t>{4}));
  EXPECT_EQ(d.target_names, (std::vector<std::string>{"c"}));
  CsvOptions o;
  o.targets = {"4"};
  expect_error<DataError>([&] { parse("6,4,a,b,c\n5.1,3.5,1.4,0.2,0\n", o); },
                          {"'4' is both the header name of column 1 and the 0-based index of "
                           "'c' (column 4); write name:4 or index:4"});
  o.targets = {"name:4"};
  o.target_kind = CsvOptions::Targets::kValues;
  EXPECT_EQ(parse("6,4,a,b,c\n5.1,3.5,1.4,0.2,0\n", o).target_names,
            (std::vector<std::string>{"4"}));
  o.targets = {"index:4"};
  EXPECT_EQ(parse("6,4,a,b,c\n5.1,3.5,1.4,0.2,0\n", o).target_names,
            (std::vector<std::string>{"c"}));
}

TEST(CsvLayout, DroppedColumnsAreLeftOutAndKeptColumnsComeBackAsText) {
  CsvOptions o;
  o.drop = {"id"};
  o.keep = {"id"};
  CsvColumns columns;
  const Dataset d = parse("id,x,y\nr1,1,0\nr2,2,1\n", o, &columns);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"x"}));
  EXPECT_EQ(columns.kept_names, (std::vector<std::string>{"id"}));
  EXPECT_EQ(columns.kept, (std::vector<std::vector<std::string>>{{"r1", "r2"}}));
  o.drop = {"y"};
  expect_error<DataError>([&] { parse("id,x,y\nr1,1,0\n", o); }, {"both the target and dropped"});
  o.drop = {"nope"};
  expect_error<DataError>([&] { parse("id,x,y\nr1,1,0\n", o); }, {"no --drop column 'nope'"});
}

TEST(CsvLayout, SemicolonAndTabDelimitersAreDetectedFromTheFirstRecord) {
  CsvOptions o;
  EXPECT_EQ(csv::detect_delimiter("a;b;c\n1;2;3\n", o), ';');
  EXPECT_EQ(csv::detect_delimiter("1,5;2,5;0\n", o), ';');  // decimal commas
  EXPECT_EQ(csv::detect_delimiter("a\tb\n", o), '\t');
  EXPECT_EQ(csv::detect_delimiter("# note; here\na,b\n", o), ',');
  EXPECT_EQ(csv::detect_delimiter("\"a;b\",c\n", o), ',');
  EXPECT_EQ(csv::detect_delimiter("x,note\n1,a;b\n", o), ',');
  o.delimiter = '|';
  EXPECT_EQ(csv::detect_delimiter("a;b\n", o), '|');
  CsvColumns columns;
  EXPECT_EQ(parse("x\ty\tlabel\n1\t2\t0\n", {}, &columns).inputs, (Matrix{{1, 2}}));
  EXPECT_EQ(columns.delimiter, '\t');
}

TEST(CsvLayout, EmptyTabSeparatedCellsAreEmptyNotSkipped) {
  expect_error<DataError>([] { parse("x\ty\tlabel\n1\t\t0\n"); },
                          {"d.csv:2:3", "column 'y': empty cell"});
}

TEST(CsvLayout, SpaceDelimiterMergesRuns) {
  // Columns aligned with runs of spaces, spaces at both ends of a line, a CRLF line end.
  CsvOptions o;
  o.delimiter = ' ';
  CsvColumns columns;
  const Dataset d = parse("  x    y  label\n  1   20  0 \r\n 30    4  1\n", o, &columns);
  EXPECT_EQ(d.inputs, (Matrix{{1, 20}, {30, 4}}));
  EXPECT_EQ(columns.names, (std::vector<std::string>{"x", "y", "label"}));
  // Other delimiters keep every empty cell (only spaces merge).
  expect_error<DataError>([] { parse("x;y;label\n1;;0\n"); }, {"d.csv:2:3", "empty cell"});
}

TEST(CsvLayout, ManyDistinctWholeNumbersAreValuesAndFewAreClasses) {
  std::string text = "x,y\n";
  for (int i = 0; i < 30; ++i) text += std::to_string(i) + "," + std::to_string(100 + i) + "\n";
  CsvColumns columns;
  const Dataset values = parse(text, {}, &columns);
  EXPECT_TRUE(values.class_names.empty());
  EXPECT_EQ(columns.task, "30 distinct whole numbers in 30 rows, so a quantity");
  CsvOptions o;
  o.target_kind = CsvOptions::Targets::kClasses;
  EXPECT_EQ(parse(text, o).class_names.size(), 30u);
  // 21 classes over 300 rows: labels that repeat are classes.
  std::string many = "x,y\n";
  for (int i = 0; i < 300; ++i) many += std::to_string(i) + "," + std::to_string(i % 21) + "\n";
  EXPECT_EQ(parse(many).class_names.size(), 21u);
}

TEST(CsvLayout, NumbersThatAreNotSayWhichColumnAndWhy) {
  expect_error<DataError>(
      [] { parse("a;b;y\n1,5;2;0\n"); },
      {"d.csv:2:1: column 'a': expected a number, got '1,5'", "a decimal comma?"});
  CsvOptions o;
  o.delimiter = ',';
  expect_error<DataError>([&] { parse("a,b,y\n1;2,3,0\n", o); }, {"pass --delimiter"});
}

}  // namespace
}  // namespace bprop
