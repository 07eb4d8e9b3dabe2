// The CSV reader's rules for a model's columns: a first row of the model's names is the header
// whatever its cells look like, and a model's target is never guessed.
#include <gtest/gtest.h>

#include "bprop/data/csv.h"
#include "bprop/errors.h"
#include "csv_layout.h"
#include "testing/expect_error.h"

namespace bprop {
namespace {

using testing::expect_error;

CsvOptions model_options(std::vector<std::string> features, std::vector<std::string> targets) {
  CsvOptions o;
  o.feature_names = std::move(features);
  o.targets = std::move(targets);
  o.targets_from_model = true;
  o.feature_count = 3;
  o.presence = CsvOptions::Presence::kIfPresent;
  o.target_kind = CsvOptions::Targets::kValues;
  return o;
}

TEST(CsvModelColumns, AFirstRowOfTheModelsNamesIsTheHeaderInAnyOrder) {
  const CsvOptions o = model_options({"10", "20", "30"}, {"name:y"});
  EXPECT_TRUE(csv::names_model_columns({"30", "y", "10", "20"}, o, "d.csv"));
  EXPECT_TRUE(csv::names_model_columns({"id", "30", "10", "20"}, o, "d.csv"));  // text besides
  EXPECT_FALSE(csv::names_model_columns({"10", "20", "31"}, o, "d.csv"));
  EXPECT_FALSE(csv::names_model_columns({"10", "20", "30", "7"}, o, "d.csv"));   // a number besides
  EXPECT_FALSE(csv::names_model_columns({"10", "10", "20", "30"}, o, "d.csv"));  // a name twice
  CsvColumns columns;
  const Dataset d = parse_csv("30,y,10,20\n3,0,1,2\n6,0,4,5\n", "d.csv", o, &columns);
  EXPECT_TRUE(columns.header);
  EXPECT_EQ(d.inputs, (Matrix{{1, 2, 3}, {4, 5, 6}}));
  // Only numbers: a row of data could be the same (features 0 and 1 over 0/1 values), so
  // --header must say which (an audit found "1,0" over a model named 0,1 taken as its header).
  expect_error<DataError>(
      [&] {
        csv::names_model_columns({"10", "20", "30"}, o, "d.csv");
      },
      {"d.csv: the first row (10, 20, 30) holds the model's column names, "
       "but only numbers",
       "pass --header yes if it is the header, --header no if it is data"});
  expect_error<DataError>([&] { parse_csv("30,10,20\n3,1,2\n", "d.csv", o); },
                          {"d.csv: the first row (30, 10, 20)"});
  CsvOptions yes = o;
  yes.header = CsvOptions::Header::kYes;
  EXPECT_EQ(parse_csv("30,10,20\n3,1,2\n6,4,5\n", "d.csv", yes).inputs,
            (Matrix{{1, 2, 3}, {4, 5, 6}}));
  // Told otherwise, the row is data.
  CsvOptions no = o;
  no.header = CsvOptions::Header::kNo;
  EXPECT_EQ(parse_csv("10,20,30\n1,2,3\n", "d.csv", no).inputs, (Matrix{{10, 20, 30}, {1, 2, 3}}));
}

TEST(CsvModelColumns, AModelsTargetIsNotGuessedWhereTheFileCannotSayWhereItIs) {
  // Names only and no header: which of the four columns is 'y'?
  CsvOptions o = model_options({"x1", "x2", "x3"}, {"name:y"});
  expect_error<DataError>([&] { parse_csv("1,2,3,4\n", "d.csv", o); },
                          {"d.csv: no header row, so its columns go by position",
                           "or pass --target with the target's 0-based index"});
  EXPECT_EQ(parse_csv("1,2,3\n", "d.csv", o).inputs, (Matrix{{1, 2, 3}}));  // features only
  o.targets = {"0"};                                                        // the user's choice
  o.targets_from_model = false;
  const Dataset d = parse_csv("4,1,2,3\n", "d.csv", o);
  EXPECT_EQ(d.inputs, (Matrix{{1, 2, 3}}));
  // No names, and a header they cannot be checked against: the recorded index is not trusted.
  CsvOptions nameless = model_options({}, {"0"});
  expect_error<DataError>([&] { parse_csv("y,a,b,c\n4,1,2,3\n", "d.csv", nameless); },
                          {"the model has no column names, so the header (y, a, b, c)",
                           "the model records column 0 of the file it was trained on"});
  EXPECT_EQ(parse_csv("4,1,2,3\n", "d.csv", nameless).inputs, (Matrix{{1, 2, 3}}));
  nameless.targets.clear();
  expect_error<DataError>([&] { parse_csv("a,b,c,y\n1,2,3,4\n", "d.csv", nameless); },
                          {"(the model records none)"});
}

}  // namespace
}  // namespace bprop
