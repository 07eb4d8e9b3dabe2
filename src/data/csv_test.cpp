// CSV reader: the accepted dialect, and the bad inputs B1 to B7 of docs/reliability.md.
#include "bprop/data/csv.h"

#include <gtest/gtest.h>

#include <cmath>

#include "bprop/errors.h"
#include "testing/expect_error.h"

namespace bprop {
namespace {

using testing::expect_error;

Dataset parse(std::string_view text, CsvOptions o = {}) { return parse_csv(text, "d.csv", o); }

void expect_data_error(std::string_view text, std::initializer_list<std::string> fragments,
                       CsvOptions o = {}) {
  expect_error<DataError>([&] { parse(text, o); }, fragments);
}

TEST(Csv, ReadsHeaderFeaturesAndIntegerClasses) {
  const Dataset d = parse("a,b,label\n1,2,1\n3.5,-4e1,0\n+5, 6 ,1\n");
  EXPECT_EQ(d.inputs, (Matrix{{1, 2}, {3.5f, -40}, {5, 6}}));
  EXPECT_EQ(d.targets, (Matrix{{1}, {0}, {1}}));
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(d.target_names, (std::vector<std::string>{"label"}));
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"0", "1"}));
}

TEST(Csv, StringLabelsMapToSortedClassIndices) {
  const Dataset d = parse("x,species\n1,virginica\n2,setosa\n3,versicolor\n4,setosa\n");
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
  EXPECT_EQ(d.targets, (Matrix{{2}, {0}, {1}, {0}}));
}

TEST(Csv, IntegerLabelsSortNumericallyAndCanonicalise) {
  const Dataset d = parse("1,10\n2,2\n3,02\n4,-1\n");
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"-1", "2", "10"}));
  EXPECT_EQ(d.targets, (Matrix{{2}, {1}, {1}, {0}}));
}

TEST(Csv, FixedClassNamesComeFromTheModel) {
  CsvOptions o;
  o.class_names = {"0", "1", "2"};
  EXPECT_EQ(parse("1,2\n2,0\n", o).targets, (Matrix{{2}, {0}}));
  // B6: a label outside the model's classes, with position.
  expect_data_error("1,2\n2,0\n3,10\n", {"d.csv:3:3", "label '10'", "3 classes"}, o);
  expect_data_error("1,-1\n", {"d.csv:1:3", "label '-1'"}, o);
}

TEST(Csv, FixedClassNamesOfOneIntegerMatchByText) {
  // Audit 5, finding 09: a Python model's string classes "07" and "7" are two classes. Read by
  // value, every "7" was "07": a model right on every row scored 0.47.
  CsvOptions o;
  o.class_names = {"07", "7"};
  EXPECT_EQ(parse("1,7\n2,07\n3, 7\n", o).targets, (Matrix{{1}, {0}, {1}}));
  expect_data_error("1,7\n2,+7\n", {"d.csv:2:3", "label '+7'", "2 classes (07, 7)"}, o);
  // Names one per integer still read "07" as 7.
  o.class_names = {"2", "7"};
  EXPECT_EQ(parse("1,07\n2,+2\n", o).targets, (Matrix{{1}, {0}}));
}

TEST(Csv, TargetsByNameOrIndexAndRegressionValues) {
  CsvOptions o;
  o.targets = {"y", "0"};
  o.target_kind = CsvOptions::Targets::kValues;
  const Dataset d = parse("t,x,y\n0.5,1,2.5\n1.5,3,4\n", o);
  EXPECT_EQ(d.inputs, (Matrix{{1}, {3}}));
  EXPECT_EQ(d.targets, (Matrix{{2.5f, 0.5f}, {4, 1.5f}}));
  EXPECT_EQ(d.target_names, (std::vector<std::string>{"y", "t"}));
  EXPECT_TRUE(d.class_names.empty());
  o.targets = {"nope"};
  expect_data_error("t,x,y\n0.5,1,2.5\n", {"d.csv", "no target column 'nope'", "t, x, y"}, o);
}

TEST(Csv, AutoTreatsFractionalTargetsAsValues) {
  const Dataset d = parse("1,0.5\n2,1.25\n");
  EXPECT_TRUE(d.class_names.empty());
  EXPECT_EQ(d.targets, (Matrix{{0.5f}, {1.25f}}));
}

TEST(Csv, ClassesRefuseFractionalLabels) {  // B6: 2.5 as a class label
  CsvOptions o;
  o.target_kind = CsvOptions::Targets::kClasses;
  expect_data_error("1,0\n2,2.5\n", {"d.csv:2:3", "'2.5'", "not an integer"}, o);
}

TEST(Csv, ValueTargetsOutsideTheRangeAreRefused) {  // B6: a BCE target outside [0, 1]
  CsvOptions o;
  o.target_kind = CsvOptions::Targets::kValues;
  o.target_min = 0;
  o.target_max = 1;
  expect_data_error("1,0.5\n2,1.5\n", {"d.csv:2:3", "target '1.5' outside [0, 1]"}, o);
}

TEST(Csv, PresenceIfPresentDropsTheTargetColumn) {
  CsvOptions o;
  o.presence = CsvOptions::Presence::kIfPresent;
  o.feature_count = 2;
  o.targets = {"y"};
  EXPECT_EQ(parse("a,b,y\n1,2,0\n", o).inputs, (Matrix{{1, 2}}));
  EXPECT_EQ(parse("a,b\n1,2\n", o).inputs, (Matrix{{1, 2}}));
  o.targets = {"2"};
  EXPECT_EQ(parse("1,2,0\n", o).inputs, (Matrix{{1, 2}}));
  EXPECT_EQ(parse("1,2\n", o).inputs, (Matrix{{1, 2}}));
  expect_error<InputWidthError>([&] { parse("1,2,3,4\n", o); },
                                {"d.csv", "4 feature columns", "takes 2"});
}

// B1: empty file, header only, only blank lines.
TEST(Csv, EmptyHeaderOnlyAndBlankFilesHaveNoDataRows) {
  expect_data_error("", {"d.csv", "no data rows"});
  expect_data_error("a,b,y\n", {"d.csv", "no data rows"});
  expect_data_error("\n  \n\r\n", {"d.csv", "no data rows"});
  CsvOptions o;
  o.header = CsvOptions::Header::kYes;
  expect_data_error("1,2,3\n", {"d.csv", "no data rows"}, o);
}

// Audit 5, finding 07: features named by numbers over a text target. The header rule sees no text
// over a number, but the first row's label is a class of one row among classes of several.
TEST(Csv, AHeaderOfNumbersOverATextTargetIsNotTrainedAsAClass) {
  const std::string rows = "0.1,0.2,pos\n-0.1,0.3,neg\n0.2,0.1,pos\n-0.3,0.2,neg\n";
  expect_data_error("400,410,label\n" + rows,
                    {"d.csv:1:", "class label 'label' is in the first row only", "--header yes"});
  CsvOptions o;
  o.header = CsvOptions::Header::kYes;
  EXPECT_EQ(parse("400,410,label\n" + rows, o).class_names,
            (std::vector<std::string>{"neg", "pos"}));
  o.header = CsvOptions::Header::kNo;  // the user says it is data: a class of one row
  EXPECT_EQ(parse("400,410,label\n" + rows, o).class_names.size(), 3u);
  // Data whose first row is the only one of its class, among other one-row classes or numbers.
  EXPECT_EQ(parse("1,2,a\n3,4,b\n5,6,c\n5,6,c\n").class_names.size(), 3u);
  EXPECT_EQ(parse("1,2,7\n3,4,1\n5,6,1\n").class_names.size(), 2u);
  EXPECT_EQ(parse("1,2,a\n3,4,b\n5,6,b\n1,2,a\n").class_names.size(), 2u);
}

// B2: ragged rows, never realigned.
TEST(Csv, RaggedRowsAreRefused) {
  expect_data_error("a,b,y\n1,2,0\n1,2,3,4\n", {"d.csv:3:", "expected 3 fields", "got 4"});
  expect_data_error("1,2,0\n1,2\n", {"d.csv:2:", "expected 3 fields", "got 2"});
}

// B3: cells that atof would turn into silent wrong values.
TEST(Csv, NonNumericCellsNameLineAndColumn) {
  expect_data_error("a,b,y\n1,5abc,0\n", {"d.csv:2:3", "expected a number, got '5abc'"});
  expect_data_error("a,b,y\n1,abc,0\n", {"d.csv:2:3", "got 'abc'"});
  expect_data_error("a,b,y\n1,0x1A,0\n", {"d.csv:2:3", "got '0x1A'"});
  expect_data_error("a,b,y\n1,,0\n", {"d.csv:2:3", "empty cell"});
  expect_data_error("a,b,y\n1,\"1,5\",0\n", {"d.csv:2:3", "got '1,5'"});
  CsvOptions semicolon;
  semicolon.delimiter = ';';
  expect_data_error("a;b;y\n1;1,5;0\n", {"d.csv:2:3", "got '1,5'"}, semicolon);
  // A BOM is stripped once at the start, never inside a cell.
  EXPECT_EQ(parse("\xEF\xBB\xBF"
                  "1,2,0\n3,4,1\n")
                .inputs,
            (Matrix{{1, 2}, {3, 4}}));
  expect_data_error(
      "1,2,0\n\xEF\xBB\xBF"
      "3,4,1\n",
      {"d.csv:2:1", "\\xef\\xbb\\xbf3"});
}

// B4: non-finite values.
TEST(Csv, NonFiniteValuesAreRefusedUnlessAllowed) {
  expect_data_error("1,nan,0\n", {"d.csv:1:3", "non-finite value 'nan'"});
  expect_data_error("1,-inf,0\n", {"d.csv:1:3", "non-finite value '-inf'"});
  expect_data_error("1,1e999,0\n", {"d.csv:1:3", "'1e999' is out of range"});
  expect_data_error("1,1e39,0\n", {"d.csv:1:3", "out of range for a float"});
  CsvOptions o;
  o.allow_nonfinite = true;
  EXPECT_TRUE(std::isnan(parse("1,nan,0\n", o).inputs(0, 1)));
  o.target_kind = CsvOptions::Targets::kValues;
  expect_data_error("1,2,nan\n", {"d.csv:1:5", "non-finite"}, o);  // never in targets
}

// B5: CRLF, no final newline, quoting, comments.
TEST(Csv, CrlfMissingNewlineQuotesAndComments) {
  const Dataset d = parse("# a comment\r\n\r\n\"x 1\",b,y\r\n1.5,2,0\r\n\r\n\"3\",4,1");
  EXPECT_EQ(d.inputs, (Matrix{{1.5f, 2}, {3, 4}}));
  // After the first record, a '#' line is a record (audit 04: '#ff0000' is a colour, not a
  // comment), so a comment there is a ragged row.
  expect_data_error("x,b,y\n1.5,2,0\n# more\n3,4,1\n",
                    {"d.csv:3: expected 3 fields (as in the header), got 1",
                     "a line starting with '#' is a comment only before the first record"});
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"x 1", "b"}));
  const Dataset q = parse("x,label\n1,\"a, \"\"quoted\"\" name\"\n2,b\n");
  EXPECT_EQ(q.class_names, (std::vector<std::string>{"a, \"quoted\" name", "b"}));
  expect_data_error("x,y\n1,ab\"c\n", {"d.csv:2:5", "double quote inside an unquoted field"});
  expect_data_error("x,y\n1,\"abc\n2,d\n", {"d.csv:2:3", "unterminated quoted field"});
  expect_data_error("x,y\n1,\"a\"b\n", {"d.csv:2:6", "after a closing quote"});
}

// B7: line-length and column caps.
TEST(Csv, LineAndColumnCapsAreEnforced) {
  CsvOptions o;
  o.max_line_bytes = 16;
  expect_data_error("1,2,0\n" + std::string(40, '1') + ",0\n",
                    {"d.csv:2", "42 bytes", "limit of 16"}, o);
  o = {};
  o.max_columns = 4;
  expect_data_error("1,2,3,4,5\n", {"d.csv:1:", "more than 4 fields"}, o);
  expect_data_error("1,2,3,4,\n", {"d.csv:1:", "more than 4 fields"}, o);
  // A header declaring more columns than the data has is a ragged row.
  expect_data_error("a,b,c,d,y\n1,2,0\n", {"d.csv:2:", "expected 5 fields", "got 3"});
}

TEST(Csv, ReadCsvNamesAMissingFile) {
  expect_error<DataError>([] { read_csv("/nonexistent/x.csv"); },
                          {"/nonexistent/x.csv", "No such file"});
}

}  // namespace
}  // namespace bprop
