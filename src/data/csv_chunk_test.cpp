// The parallel CSV reader: the same dataset, and the same error for a bad file, for any thread
// count and read block size, in memory or from a file; and a file that changes while it is read.
#include "csv_chunk.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "bprop/data/csv.h"
#include "bprop/errors.h"
#include "csv_source.h"
#include "testing/cli_files.h"
#include "testing/expect_error.h"

namespace bprop {
namespace {

// Every way of reading `text`: in memory with 1 to 6 threads, and from a file with small blocks.
struct Reading {
  std::string how;
  CsvOptions options;
  bool file;
};

std::vector<Reading> readings(const CsvOptions& base) {
  std::vector<Reading> all;
  for (int threads = 1; threads <= 6; ++threads) {
    CsvOptions o = base;
    o.threads = threads;
    all.push_back({"memory, threads " + std::to_string(threads), o, false});
    for (std::size_t block : {std::size_t{7}, std::size_t{64}, std::size_t{1000}}) {
      o.read_block_bytes = block;
      all.push_back(
          {"file, threads " + std::to_string(threads) + ", block " + std::to_string(block), o,
           true});
    }
  }
  return all;
}

std::string temp_path() {
  return (std::filesystem::temp_directory_path() /
          ("bprop_csv_chunk_" + std::to_string(::getpid()) + ".csv"))
      .string();
}

Dataset read(const std::string& text, const Reading& r, CsvColumns* columns) {
  if (!r.file) return parse_csv(text, "d.csv", r.options, columns);
  const std::string path = temp_path();
  testing::write_file(path, text);
  struct Remove {
    std::string path;
    ~Remove() { std::filesystem::remove(path); }
  } remove{path};
  CsvOptions o = r.options;
  Dataset d = read_csv(path, o, columns);
  d.name = "d.csv";
  return d;
}

// "what" of the error reading `text` throws, with the file's path shown as d.csv.
std::string error_of(const std::string& text, const Reading& r) {
  try {
    read(text, r, nullptr);
  } catch (const DataError& e) {
    std::string what = e.what();
    const std::string path = temp_path();
    for (std::size_t at; (at = what.find(path)) != std::string::npos;) {
      what.replace(at, path.size(), "d.csv");
    }
    return what;
  }
  return "no error";
}

std::string messy_file() {
  std::string text = "\xEF\xBB\xBF# a comment\nid,x1,\"x 2\",label\n\n";
  for (int r = 0; r < 300; ++r) {
    const std::string id = r % 7 == 0 ? "\"id, " + std::to_string(r) + "\"" : std::to_string(r);
    const std::string x2 = r % 5 == 0 ? " +" + std::to_string(r) + "e-2 " : std::to_string(-r);
    const char* label = r % 3 == 0 ? "cat" : (r % 3 == 1 ? "dog" : "\"bird\"");
    text += id + "," + std::to_string(r * 0.25) + "," + x2 + "," + label;
    text += r % 11 == 0 ? "\r\n" : "\n";
    if (r % 13 == 0) text += "\n   \n";  // blank lines between records: skipped
  }
  return text;
}

TEST(CsvParallel, EveryThreadCountAndBlockSizeReadsTheSameData) {
  const std::string text = messy_file();
  CsvOptions base;
  base.keep = {"id"};
  base.drop = {"id"};
  CsvColumns expected_columns;
  const Dataset expected = parse_csv(text, "d.csv", base, &expected_columns);
  ASSERT_EQ(expected.size(), 300);
  EXPECT_EQ(expected.class_names, (std::vector<std::string>{"bird", "cat", "dog"}));
  EXPECT_EQ(expected_columns.kept[0][7], "id, 7");
  EXPECT_FLOAT_EQ(expected.inputs(5, 1), 0.05f);
  for (const Reading& r : readings(base)) {
    CsvColumns columns;
    const Dataset d = read(text, r, &columns);
    EXPECT_EQ(d.inputs, expected.inputs) << r.how;
    EXPECT_EQ(d.targets, expected.targets) << r.how;
    EXPECT_EQ(d.class_names, expected.class_names) << r.how;
    EXPECT_EQ(d.feature_names, expected.feature_names) << r.how;
    EXPECT_EQ(columns.kept, expected_columns.kept) << r.how;
  }
}

// Rows "i,i,i" for i in [0, rows), with `bad` lines replaced.
std::string numbers(int rows, const std::vector<std::pair<int, std::string>>& bad) {
  std::string text = "a,b,y\n";
  for (int i = 0; i < rows; ++i) {
    std::string line = std::to_string(i) + "," + std::to_string(i) + "," + std::to_string(i % 4);
    for (const auto& [at, replacement] : bad) {
      if (at == i) line = replacement;
    }
    text += line + "\n";
  }
  return text;
}

void expect_same_error(const std::string& text, const CsvOptions& base, const std::string& want) {
  for (const Reading& r : readings(base)) {
    const std::string what = error_of(text, r);
    EXPECT_NE(what.find(want), std::string::npos) << r.how << ": " << what;
  }
}

TEST(CsvParallel, AStructuralErrorAnywhereComesBeforeABadCell) {
  // A bad cell on line 11 and a ragged row on line 281: a sequential reader checks every row's
  // field count before it reads any cell.
  expect_same_error(numbers(300, {{9, "1,x,2"}, {279, "1,2"}}), {},
                    "d.csv:281: expected 3 fields (as in the header), got 2");
  expect_same_error(numbers(300, {{9, "1,x,2"}}), {}, "d.csv:11:3: column 'b': expected a number");
  expect_same_error(numbers(300, {{290, "1,\"x\"y,2"}}), {},
                    "d.csv:292:6: unexpected text after a closing quote");
}

TEST(CsvParallel, TheFirstBadCellInFileOrderIsReported) {
  CsvOptions values;
  values.target_kind = CsvOptions::Targets::kValues;
  values.target_min = 0;
  values.target_max = 3;
  // Target errors count only for values, and then by row: row 4's target before row 200's cell.
  expect_same_error(numbers(300, {{3, "1,1,5"}, {199, "1,nan,1"}}), values,
                    "d.csv:5:5: column 'y': target '5' outside [0, 3]");
  expect_same_error(numbers(300, {{3, "1,1,9"}, {199, "1,nan,1"}}), {},
                    "d.csv:201:3: column 'b': non-finite value 'nan'");
  // A bad feature before a bad target in the same row.
  expect_same_error(numbers(300, {{250, "1,x,7"}}), values, "d.csv:252:3: column 'b'");
}

// Audit 5, finding 07: a header of numbers over a text target, with each class's rows in every
// part: the counts of the parts are joined before the first row's label is judged.
TEST(CsvParallel, AHeaderOfNumbersOverATextTargetIsRefusedWhateverTheParts) {
  std::string text = "400,410,label\n";
  for (int i = 0; i < 300; ++i) text += std::to_string(i) + ",1," + (i % 2 ? "pos\n" : "neg\n");
  expect_same_error(text, {}, "d.csv:1:9: class label 'label' is in the first row only");
}

TEST(CsvParallel, LabelsAreMergedInFileOrder) {
  // The first fractional label in the file is the one named, whichever part found it.
  CsvOptions classes;
  classes.target_kind = CsvOptions::Targets::kClasses;
  expect_same_error(numbers(300, {{150, "1,1,2.5"}, {260, "1,1,3.5"}}), classes,
                    "d.csv:152:5: class label '2.5' is not an integer");
  CsvOptions fixed;
  fixed.class_names = {"0", "1", "2", "3"};
  expect_same_error(numbers(300, {{270, "1,1,7"}}), fixed, "d.csv:272:5: label '7' is not one");
}

TEST(CsvParallel, LinesLongerThanTheReadBlockAreReadWhole) {
  std::string text = "a,b\n";
  for (int i = 0; i < 50; ++i)
    text += "0." + std::string(57, '0') + std::to_string(i % 10) + ",0\n";
  CsvOptions o;
  o.max_line_bytes = 70;
  const Dataset expected = parse_csv(text, "d.csv", o);
  for (const Reading& r : readings(o)) EXPECT_EQ(read(text, r, nullptr).inputs, expected.inputs);
  text += std::string(100, '2') + ",1\n";
  expect_same_error(text, o, "d.csv:52: line is 102 bytes long, over the limit of 70 bytes");
}

TEST(CsvParallel, AFileThatChangesWhileItIsReadIsRefused) {
  const std::string path = temp_path();
  testing::write_file(path, numbers(100, {}));
  {
    const csv::TextSource source(path, "d.csv", 1 << 20);
    source.check_unchanged();
    std::FILE* f = std::fopen(path.c_str(), "a");
    std::fputs("1,2,3\n", f);
    std::fclose(f);
    testing::expect_error<DataError>([&] { source.check_unchanged(); },
                                     {"d.csv: the file changed while it was being read"});
  }
  {
    const csv::TextSource source(path, "d.csv", 1 << 20);
    std::filesystem::resize_file(path, 10);
    testing::expect_error<DataError>(
        [&] { source.for_each_piece(0, source.size(), 64, [](std::string_view) {}); },
        {"d.csv: the file changed while it was being read"});
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace bprop
