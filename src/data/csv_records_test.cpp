// Which lines of a CSV file are records (audit 04): '#' lines are comments only before the first
// record (counted, so that readers say so), a blank line is an empty cell in a one-column file and
// else skipped and counted, blank lines at the end are nothing; the same in every reader (strict
// and tabular, whole and chunked).
#include "csv_records.h"

#include <gtest/gtest.h>

#include "bprop/data/csv_stream.h"
#include "bprop/data/tabular.h"
#include "bprop/data/tabular_stream.h"
#include "bprop/errors.h"
#include "testing/expect_error.h"

namespace bprop {
namespace {

using csv::LineKind;
using csv::LineRule;
using testing::expect_error;

TEST(CsvRecords, CommentsLeadAndBlankLinesAreCellsOnlyInOneColumn) {
  LineRule rule;
  EXPECT_EQ(csv::classify_line("# made by", 0, rule), LineKind::kNothing);
  EXPECT_EQ(csv::classify_line("  ", 10, rule), LineKind::kNothing);
  EXPECT_EQ(csv::classify_line("a,b", 13, rule), LineKind::kRecord);
  EXPECT_EQ(rule.first_record, 13u);
  EXPECT_EQ(csv::classify_line("#ff0000,1", 17, rule), LineKind::kRecord);
  EXPECT_EQ(csv::classify_line(" \t", 27, rule), LineKind::kBlank);
  rule.one_column = true;
  EXPECT_EQ(csv::classify_line("", 30, rule), LineKind::kRecord);
  rule.data_end = 31;
  EXPECT_EQ(csv::classify_line("", 31, rule), LineKind::kNothing);
  EXPECT_EQ(csv::trailing_blank_start("a\n1\n\n \r\n"), 4u);
  EXPECT_EQ(csv::trailing_blank_start("a\n1"), 3u);
  EXPECT_EQ(csv::trailing_blank_start("\n\n"), 0u);
}

CsvOptions value_options() {
  CsvOptions o;
  o.target_kind = CsvOptions::Targets::kValues;
  return o;
}

// Every row of the strict reader, whole and in chunks of every size.
void expect_rows_everywhere(const std::string& text, const CsvOptions& o, const Matrix& inputs,
                            std::size_t blank_lines, std::size_t comment_lines = 0) {
  CsvColumns columns;
  EXPECT_EQ(parse_csv(text, "d.csv", o, &columns).inputs, inputs);
  EXPECT_EQ(columns.blank_lines, blank_lines);
  EXPECT_EQ(columns.comment_lines, comment_lines);
  for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
    CsvStream stream(text, "d.csv", o, chunk);
    Dataset part;
    std::vector<std::vector<std::string>> kept;
    std::vector<float> values;
    while (stream.next(part, kept)) {
      values.insert(values.end(), part.inputs.values().begin(), part.inputs.values().end());
    }
    EXPECT_EQ(values, std::vector<float>(inputs.values().begin(), inputs.values().end())) << chunk;
    EXPECT_EQ(stream.columns().blank_lines, blank_lines) << chunk;
    EXPECT_EQ(stream.columns().comment_lines, comment_lines) << chunk;
  }
}

TEST(CsvRecords, TheStrictReaderKeepsHashRowsAndSaysWhatItSkipped) {
  // A leading comment block, blank lines between records, blank lines at the end.
  expect_rows_everywhere("# made by hand\n\nx,y\n1,2\n\n3,4\n \n5,6\n\n\n", value_options(),
                         Matrix{{1}, {3}, {5}}, 2, 1);
  // Audit 4, finding 02: a headerless file's first rows that start with '#' are that block too,
  // so they are counted for the reader's note instead of vanishing unsaid.
  CsvOptions headerless = value_options();
  headerless.header = CsvOptions::Header::kNo;
  expect_rows_everywhere("#1,1\n#2,2\n3,3\n4,4\n", headerless, Matrix{{3}, {4}}, 0, 2);
  // A '#' cell after the first record is a cell: here not a number, so an error naming it.
  expect_error<DataError>([] { parse_csv("x,y\n1,2\n#3,4\n", "d.csv", value_options()); },
                          {"d.csv:3:1: column 'x': expected a number, got '#3'"});
  // One column: a blank line between records is an empty cell, refused by the strict reader.
  CsvOptions one = value_options();
  one.presence = CsvOptions::Presence::kNone;
  expect_error<DataError>([&] { parse_csv("a\n1\n\n2\n\n", "d.csv", one); },
                          {"d.csv:3:1: column 'a': empty cell"});
  expect_rows_everywhere("a\n1\n2\n\n\n", one, Matrix{{1}, {2}}, 0);
}

// "\r\r\n" (a CRLF file converted to CRLF again) ends a line as "\r\n" does, in every reader: a
// last cell "a\r" was a class or category apart from "a", and "0.5\r" made a numeric column text.
TEST(CsvRecords, CarriageReturnsBeforeALineEndAreTheLineEnd) {
  expect_rows_everywhere("x,y\r\n1,2\r\r\n3,4\r\r\r\n5,6\r\n\r\r\n", value_options(),
                         Matrix{{1}, {3}, {5}}, 0);
  const std::string labels = "x,y\r\n1,a\r\n2,b\r\r\n3,a\r\r\n4,b\r\n";
  EXPECT_EQ(parse_csv(labels, "d.csv", {}).class_names, (std::vector<std::string>{"a", "b"}));
  const auto e = fit_tabular("y,c\r\na,red\r\nb,blue\r\r\na,red\r\r\n", "t.csv", {"y"}, {}, {});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->columns[0].categories, (std::vector<std::string>{"blue", "red"}));
  const auto x = fit_tabular("y,c,x\r\na,u,1\r\nb,v,NA\r\r\na,u,2.5\r\r\n", "t.csv", {"y"}, {}, {});
  ASSERT_TRUE(x.has_value());
  EXPECT_FALSE(x->columns[1].is_categorical());
  EXPECT_DOUBLE_EQ(x->columns[1].fill, 1.75);
  // Elsewhere a '\r' is text: a number followed by one is not a number.
  expect_error<DataError>([] { parse_csv("x,y\n1\r,2\n", "d.csv", value_options()); },
                          {"d.csv:2:1: column 'x': expected a number, got '1\\x0d'"});
}

// The tabular reader: rows as (cells of the first column, row count), whole file and in chunks.
TEST(CsvRecords, TheTabularReaderKeepsHashCellsAndOneColumnBlanksAsMissing) {
  const std::string train =
      "# exported\ncolour,a,y\n#ff0000,1,yes\nblue,0.2,no\n#00ff00,0.9,no\n\n"
      "blue,0.95,yes\n#ff0000,0.8,yes\n";
  CsvOptions o;
  const auto e = fit_tabular(train, "t.csv", {"y"}, o, {});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->columns[0].categories, (std::vector<std::string>{"#00ff00", "#ff0000", "blue"}));
  o.class_names = {"no", "yes"};
  o.target_kind = CsvOptions::Targets::kClasses;
  TabularCounts counts;
  const Dataset d = parse_tabular_csv(train, "t.csv", *e, o, counts, nullptr);
  EXPECT_EQ(d.size(), 5);
  EXPECT_EQ(counts.blank_lines, 1);
  EXPECT_EQ(counts.comment_lines, 1);
  EXPECT_EQ(describe_counts(counts),
            "1 blank line skipped, 1 comment line ('#' before the first record) skipped");
  for (std::size_t chunk = 1; chunk <= train.size(); chunk += 7) {
    TabularStream stream(train, "t.csv", *e, o, chunk);
    Dataset part;
    std::vector<std::vector<std::string>> kept;
    int rows = 0;
    while (stream.next(part, kept)) rows += part.size();
    EXPECT_EQ(rows, 5) << chunk;
    EXPECT_EQ(stream.counts().blank_lines, 1) << chunk;
    EXPECT_EQ(stream.counts().comment_lines, 1) << chunk;
  }
  // One column: the blank line is a missing cell, imputed; the blank lines at the end are nothing.
  const auto one = fit_tabular("a,y\n1.0,yes\n,no\n0.2,no\n0.9,yes\n", "o.csv", {"y"}, {}, {});
  ASSERT_TRUE(one.has_value());
  CsvOptions predict;
  predict.presence = CsvOptions::Presence::kIfPresent;
  predict.class_names = {"no", "yes"};
  const std::string rows = "a\n1.0\n\n0.2\n\n\n";
  TabularCounts filled;
  EXPECT_EQ(parse_tabular_csv(rows, "n.csv", *one, predict, filled, nullptr).size(), 3);
  EXPECT_EQ(filled.imputed, 1);
  for (std::size_t chunk = 1; chunk <= rows.size(); ++chunk) {
    TabularStream stream(rows, "n.csv", *one, predict, chunk);
    Dataset part;
    std::vector<std::vector<std::string>> kept;
    int count = 0;
    while (stream.next(part, kept)) count += part.size();
    EXPECT_EQ(count, 3) << chunk;
  }
}

}  // namespace
}  // namespace bprop
