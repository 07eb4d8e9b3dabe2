// Audit 04: no data row is dropped silently. A '#' line after the first record is a record (hex
// colours such as #ff0000, as pandas writes them), a blank line in a one-column file is a missing
// cell, and blank lines skipped between the records of a wider file are counted out loud.
#include <gtest/gtest.h>

#include <algorithm>

#include "testing/cli_files.h"

namespace bprop::testing {
namespace {

int lines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(CliRows, HashCellsAreDataAtTrainAndPredict) {
  const CliFolder f;
  f.write("train.csv",
          "# colours as pandas writes them\ncolour,a,y\n#ff0000,1.0,yes\nblue,0.2,no\n"
          "#00ff00,0.9,no\nblue,0.95,yes\n#ff0000,0.8,yes\nblue,0.3,no\ngreen,0.85,yes\n"
          "green,0.1,no\n");
  CommandResult r = f.cli("train -d " + f.path("train.csv") + " --epochs 2 -o " +
                          f.path("m.bprop") + " --target y");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "data: " + f.path("train.csv") + ", 8 rows")) << r.out;
  EXPECT_TRUE(contains(r.out, "text columns one-hot: colour (4)")) << r.out;
  r = f.cli("predict -m " + f.path("m.bprop") + " -d " + f.path("train.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines(r.out), 9) << r.out;  // the header and 8 rows
}

TEST(CliRows, ABlankLineInAOneColumnFileIsAMissingCell) {
  const CliFolder f;
  f.write("one.csv", "a,y\n1.0,yes\n,no\n0.2,no\n0.9,yes\n0.1,no\n");
  ASSERT_EQ(
      f.cli("train -d " + f.path("one.csv") + " --epochs 2 -q -o " + f.path("m.bprop")).exit_code,
      0);
  f.write("new.csv", "a\n1.0\n\n0.2\n\n");  // the last blank line ends the file
  const CommandResult r = f.cli("predict -m " + f.path("m.bprop") + " -d " + f.path("new.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines(r.out), 4) << r.out;
  EXPECT_TRUE(contains(r.err, "1 missing cell filled")) << r.err;
}

TEST(CliRows, BlankLinesSkippedBetweenRecordsAreCountedAndACommentThereIsAnError) {
  const CliFolder f;
  std::string text = "x1,x2,y\n";
  for (int i = 0; i < 30; ++i) {
    text += std::to_string(i % 5) + "," + std::to_string(i % 3) + "," + std::to_string(i % 4);
    text += i % 10 == 5 ? ".5\n\n" : ".5\n";
  }
  f.write("train.csv", text + "\n\n");
  CommandResult r = f.cli("train -d " + f.path("train.csv") + " --epochs 2 -o " +
                          f.path("m.bprop") + " --task regress");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "30 rows")) << r.out;
  EXPECT_TRUE(contains(r.out, "3 blank lines between records skipped")) << r.out;
  for (const std::string command : {"predict", "evaluate"}) {
    r = f.cli(command + " -m " + f.path("m.bprop") + " -d " + f.path("train.csv"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.err, "3 blank lines between records skipped")) << command << r.err;
  }
  f.write("comment.csv", "x1,x2,y\n1,2,3\n# a comment after the first record\n2,1,0\n");
  r = f.cli("predict -m " + f.path("m.bprop") + " -d " + f.path("comment.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err,
                       "comment.csv:3: expected 3 fields (as in the header), got 1 (a "
                       "line starting with '#' is a comment only before the first record)"))
      << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

}  // namespace
}  // namespace bprop::testing
