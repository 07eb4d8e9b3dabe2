#include "bprop/data/tabular.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "bprop/errors.h"

namespace bprop {
namespace {

TabularEncoding fit(std::string_view text, const TabularOptions& options = {}) {
  auto e = fit_tabular(text, "t.csv", {}, CsvOptions{}, options);
  if (!e) throw std::logic_error("no encoding needed");
  return *e;
}

std::string apply(std::string_view text, const TabularEncoding& e, TabularCounts& counts) {
  return apply_tabular(text, "p.csv", e, CsvOptions{}, counts);
}

TEST(Tabular, NumericFilesNeedNoEncoding) {
  EXPECT_FALSE(fit_tabular("a,b,y\n1,2,x\n3,4,z\n", "t.csv", {}, {}, {}).has_value());
}

// A first row with a missing cell over numbers is data: it was taken for a header, and its row
// lost, with columns named "3", "" and "0" (audit 5, found beside finding 02 of audit 4).
TEST(Tabular, AFirstRowWithAMissingCellIsNotAHeader) {
  const std::string headerless = "3,,0\n4,4,1\n5,5,0\n";
  EXPECT_THROW(fit(headerless), DataError);  // names are needed, and there are none
  const TabularEncoding e = fit("a,b,y\n3,,0\n4,4,1\n5,5,0\n");
  TabularCounts counts;
  CsvOptions by_position;
  by_position.header = CsvOptions::Header::kAuto;
  EXPECT_EQ(apply_tabular(",b,y\n3,,0\n", "p.csv", fit(",b,y\n3,,0\n4,4,1\n"), by_position, counts),
            "\"\",\"b\",\"y\"\n3,4,0\n");  // an empty name among names is still a header
  EXPECT_EQ(e.columns[1].fill, 4.5);
}

TEST(Tabular, MissingNumbersBecomeTheTrainingMedian) {
  const std::string train = "a,b,y\n1,NA,0\n2,5,1\n10,?,0\n,7,1\n";
  const TabularEncoding e = fit(train);
  ASSERT_EQ(e.columns.size(), 2u);
  EXPECT_DOUBLE_EQ(e.columns[0].fill, 2.0);  // median of 1, 2, 10
  EXPECT_DOUBLE_EQ(e.columns[1].fill, 6.0);  // median of 5, 7
  EXPECT_EQ(e.targets, std::vector<std::string>{"y"});
  // Every text cell of the output is quoted, so names with commas or quotes survive.
  TabularCounts counts;
  EXPECT_EQ(apply(train, e, counts), "\"a\",\"b\",\"y\"\n1,6,0\n2,5,1\n10,6,0\n2,7,1\n");
  EXPECT_EQ(counts.imputed, 3);
  EXPECT_EQ(describe_counts(counts), "3 missing cells filled");
}

TEST(Tabular, TextColumnsAreOneHotWithTheTrainingVocabulary) {
  const TabularEncoding e = fit("size,color,y\n1,red,a\n2,blue,b\n3,red,a\n4,NA,b\n");
  EXPECT_EQ(e.feature_names(), (std::vector<std::string>{"size", "color=blue", "color=red"}));
  EXPECT_EQ(e.columns[1].fill_category, 1);  // red is the most frequent
  TabularCounts counts;
  // Columns by name in any order; an unseen category is all zeros; missing = most frequent;
  // a file without the target is fine (prediction).
  EXPECT_EQ(apply("color,size\nblue,5\ngreen,6\nnull,7\n", e, counts),
            "\"size\",\"color=blue\",\"color=red\"\n5,1,0\n6,0,0\n7,0,1\n");
  EXPECT_EQ(counts.unseen, 1);
  EXPECT_EQ(counts.imputed, 1);
  TabularEncoding strict = e;
  strict.strict_categories = true;
  EXPECT_THROW(apply("size,color\n6,green\n", strict, counts), DataError);
}

TEST(Tabular, HeaderIsFoundOverTextOnlyColumns) {
  const TabularEncoding e = fit("V1,V2,party\ny,n,rep\nn,n,dem\ny,y,rep\n");
  EXPECT_EQ(e.feature_names(), (std::vector<std::string>{"V1=n", "V1=y", "V2=n", "V2=y"}));
  EXPECT_EQ(e.targets, std::vector<std::string>{"party"});
}

TEST(Tabular, RowsWithoutATargetAreDropped) {
  const std::string train = "a,y\n1,x\n2,NA\n3,z\n";
  const TabularEncoding e = fit(train);
  TabularCounts counts;
  EXPECT_EQ(apply(train, e, counts), "\"a\",\"y\"\n1,\"x\"\n3,\"z\"\n");
  EXPECT_EQ(counts.dropped_rows, 1);
  EXPECT_EQ(describe_counts(counts), "1 row without a target dropped");
}

void expect_error(std::string_view text, const std::string& part, const TabularOptions& o = {}) {
  try {
    fit_tabular(text, "t.csv", {}, {}, o);
    ADD_FAILURE() << "no error for: " << text;
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(Tabular, BadColumnsAreClearErrors) {
  expect_error("a,b,y\nNA,1,0\n?,2,1\n", "column 'a' has no values");
  std::string ids = "id,y\n";
  for (int i = 0; i < 5; ++i) {
    ids += 'u';
    ids += std::to_string(i) + ",1\n";
  }
  expect_error(ids, "column 'id' has 5 distinct values, more than --max-categories 3",
               {.max_categories = 3});
  std::string stray = "a,y\n";
  for (int i = 0; i < 30; ++i) stray += std::to_string(i) + ",1\n";
  stray += "oops,1\n";
  expect_error(stray, "t.csv:32: column 'a' holds numbers but also the text 'oops'");
  // The same column is accepted as categories when asked to, by its name only.
  EXPECT_TRUE(fit_tabular(stray, "t.csv", {}, {}, {.categorical = {"a"}}).has_value());
  expect_error(stray, "t.csv: --categorical names no column 'A'; the columns are 'a', 'y'",
               {.categorical = {"A"}});
  // Two columns of one name would both read the first (the encoding finds columns by name).
  const std::string twice = "x,c,x,y\n1,a,50,0\n2,b,60,1\n3,a,70,0\n";
  expect_error(twice,
               "t.csv: two columns are named 'x' (columns 0 and 2); a model with a "
               "tabular encoding finds its columns by name: rename one, or leave one out "
               "with --drop");
  CsvOptions drop;
  drop.drop = {"2"};
  EXPECT_TRUE(fit_tabular(twice, "t.csv", {}, drop, {}).has_value());
  EXPECT_THROW(
      fit_tabular_cells({"x", "x"}, {{"a", "b"}, {"1", "2"}}, "X", {.python_names = true}, true),
      DataError);
}

// Missing cells are filled, not text: a column of 30 numbers, 10 empty cells and one stray text
// is refused as the same column without the empty cells is (it became 31 categories).
TEST(Tabular, MissingCellsDoNotHideAStrayText) {
  for (const std::string missing : {"", "NA"}) {
    std::string gaps = "a,y\n";
    for (int i = 0; i < 40; ++i) gaps += (i % 4 == 3 ? missing : std::to_string(i)) + ",1\n";
    expect_error(gaps + "oops,1\n", "t.csv:42: column 'a' holds numbers but also the text 'oops'");
  }
}

// A number among na_values is a value (as pandas reads them): "-999" marks -999.0 and -9.99e2 too,
// in training and in data read for the model; they were read as the number -999.
TEST(Tabular, ANumberAmongNaValuesMatchesByValue) {
  const TabularOptions o{.na_values = {"NA", "-999"}};
  const TabularEncoding e = fit("a,y\n1,0\n-999.0,1\n2,0\n-9.99e2,1\n3,0\n-999.5,1\n", o);
  EXPECT_DOUBLE_EQ(e.columns[0].fill, 1.5);  // median of 1, 2, 3, -999.5
  TabularCounts counts;
  EXPECT_EQ(apply("a\n-999.00\n+999\n-999\n", e, counts), "\"a\"\n1.5\n+999\n1.5\n");
  EXPECT_EQ(counts.imputed, 2);
  // A file whose only missing cells are numbers needs the encoding.
  EXPECT_TRUE(fit_tabular("a,y\n1,0\n-999.0,1\n", "t.csv", {}, {}, o).has_value());
  EXPECT_FALSE(fit_tabular("a,y\n1,0\n-999.5,1\n", "t.csv", {}, {}, o).has_value());
}

TEST(Tabular, PredictDataMustHaveTheColumnsAndNumbersWhereTrainingHadThem) {
  const TabularEncoding e = fit("a,c,y\n1,u,0\nNA,v,1\n");
  TabularCounts counts;
  EXPECT_THROW(apply("c,y\nu,0\n", e, counts), DataError);
  try {
    apply("a,c\nabc,u\n", e, counts);
    ADD_FAILURE();
  } catch (const DataError& err) {
    EXPECT_NE(std::string(err.what()).find("p.csv:2: column 'a': expected a number, got 'abc'"),
              std::string::npos)
        << err.what();
  }
  // Headerless data as wide as the training file is taken by position.
  EXPECT_EQ(apply("2,v\n", e, counts), "\"a\",\"c=u\",\"c=v\"\n2,0,1\n");
}

TEST(Tabular, CellsEncodeToTheNumbersTheSameCellsInAFileGive) {
  const TabularEncoding e = fit("a,c,y\n1.5,u,0\nNA,v,1\n0.1,u,0\n");
  const std::vector<std::vector<std::string>> columns = {{"0.1", "", "3e-7", "NA"},
                                                         {"v", "u", "", "w"}};
  TabularCounts from_cells, from_file;
  const Matrix cells = encode_tabular_columns(columns, "X", e, from_cells);
  CsvOptions predict;  // as `bprop predict` reads a file for a model: targets if present
  predict.presence = CsvOptions::Presence::kIfPresent;
  const Dataset file =
      parse_tabular_csv("c,a\nv,0.1\nu,\n,3e-7\nw,NA\n", "p.csv", e, predict, from_file);
  ASSERT_EQ(cells.rows(), 4);
  ASSERT_EQ(cells.cols(), 3);
  EXPECT_TRUE(std::equal(cells.data(), cells.data() + cells.size(), file.inputs.data()));
  EXPECT_EQ(describe_counts(from_cells), describe_counts(from_file));
  EXPECT_EQ(from_cells.unseen, 1);  // "w"
  try {
    encode_tabular_columns({{"1", "abc"}, {"u", "v"}}, "X", e, from_cells);
    ADD_FAILURE();
  } catch (const DataError& err) {  // row 1 is line 3 of the file these cells would make
    EXPECT_NE(std::string(err.what()).find("X:3: column 'a': expected a number, got 'abc'"),
              std::string::npos)
        << err.what();
  }
  EXPECT_THROW(encode_tabular_columns({{"1"}}, "X", e, from_cells), DataError);
  EXPECT_THROW(encode_tabular_columns({{"1"}, {"u", "v"}}, "X", e, from_cells), DataError);
  EXPECT_THROW(encode_tabular_columns({{}, {}}, "X", e, from_cells), DataError);
}

}  // namespace
}  // namespace bprop
