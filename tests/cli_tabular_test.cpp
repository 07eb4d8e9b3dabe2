// Tabular files as people have them (issue 11): missing cells, text columns, rows without a
// target, and every bad-input case with its exit code (2) and nothing written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "testing/run_command.h"

namespace bprop::testing {
namespace {

struct Files {
  std::string dir = temp_folder();
  std::string path(const std::string& name) const { return dir + "/" + name; }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }
  CommandResult cli(const std::string& args) const { return run_command(bprop_cli() + " " + args); }
};

// 40 rows: a number with gaps, a text column, a label that follows both.
std::string survey(const std::string& extra_row = "") {
  std::string text = "age,color,label\n";
  for (int i = 0; i < 40; ++i) {
    text += (i % 7 == 3 ? std::string("NA") : std::to_string(20 + i)) + ",";
    text += std::string(i % 3 == 0 ? "red" : (i % 5 == 4 ? "?" : "blue")) + ",";
    text += (i % 3 == 0 ? "yes" : "no") + std::string("\n");
  }
  return text + extra_row;
}

TEST(CliTabular, MissingCellsAndTextColumnsTrainPredictAndInspect) {
  const Files f;
  const std::string train = f.write("train.csv", survey(",blue,NA\n"));
  const CommandResult r = f.cli("train --data " + train + " --epochs 30 -q --out " + f.path("m"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("note: " + train +
                       ": 11 missing cells filled, 1 row without a target "
                       "dropped"),
            std::string::npos)
      << r.err;
  const CommandResult inspect = run_command(bprop_cli() + " inspect " + f.path("m"));
  EXPECT_NE(inspect.out.find("format version 2"), std::string::npos) << inspect.out;
  EXPECT_NE(inspect.out.find("age: number, missing -> 39.5 (training median)"), std::string::npos)
      << inspect.out;
  EXPECT_NE(inspect.out.find("color: 2 categories (blue, red), missing -> blue (most frequent)"),
            std::string::npos)
      << inspect.out;
  // Columns by name in another order, a missing cell, an unseen category: predicted, and said.
  const std::string rows = f.write("new.csv", "color,age\ngreen,30\nred,NA\n");
  const CommandResult p = f.cli("predict -m " + f.path("m") + " -d " + rows);
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_EQ(std::count(p.out.begin(), p.out.end(), '\n'), 3) << p.out;
  EXPECT_NE(p.err.find("1 missing cell filled, 1 unseen categories (encoded as zeros)"),
            std::string::npos)
      << p.err;
  const CommandResult e = f.cli("evaluate -m " + f.path("m") + " -d " + train);
  EXPECT_EQ(e.exit_code, 0) << e.err;
}

TEST(CliTabular, ImputeNoneKeepsTheStrictReader) {
  const Files f;
  const CommandResult r =
      f.cli("train --data " + f.write("t.csv", survey()) + " --impute none --out " + f.path("m"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("expected a number, got 'red'"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(f.path("m")));
}

void expect_refused(const Files& f, const std::string& csv, const std::string& flags,
                    const std::string& message) {
  const CommandResult r =
      f.cli("train --data " + f.write("bad.csv", csv) + " " + flags + " --out " + f.path("m"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(f.path("m")));
}

TEST(CliTabular, BadColumnsExitTwoWithNothingWritten) {
  const Files f;
  expect_refused(f, "a,b,y\nNA,1,0\n,2,1\n?,3,0\n", "", "column 'a' has no values");
  std::string ids = "id,x,y\n";
  for (int i = 0; i < 12; ++i) ids += "user" + std::to_string(i) + ",1,0\n";
  expect_refused(f, ids, "--max-categories 10",
                 "column 'id' has 12 distinct values, more than --max-categories 10");
  std::string stray = "a,y\n";
  for (int i = 0; i < 40; ++i) stray += std::to_string(i) + "," + std::to_string(i % 2) + "\n";
  expect_refused(f, stray + "n/a,1\n", "",
                 "bad.csv:42: column 'a' holds numbers but also the text 'n/a'; if it marks a "
                 "missing value add it to --na-values");
  // ... which --na-values accepts.
  const CommandResult ok =
      f.cli("train --data " + f.write("s.csv", stray + "n/a,1\n") + " --na-values n/a --epochs 2");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST(CliTabular, StrictCategoriesRefuseUnseenOnesLater) {
  const Files f;
  const CommandResult r = f.cli("train --data " + f.write("t.csv", survey()) +
                                " --epochs 5 --strict-categories --out " + f.path("m"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const CommandResult p =
      f.cli("predict -m " + f.path("m") + " -d " + f.write("new.csv", "age,color\n30,green\n") +
            " -o " + f.path("out.csv"));
  EXPECT_EQ(p.exit_code, 2) << p.err;
  EXPECT_NE(p.err.find("new.csv:2: column 'color': category 'green' was not in the training data"),
            std::string::npos)
      << p.err;
  EXPECT_FALSE(std::filesystem::exists(f.path("out.csv")));
}

}  // namespace
}  // namespace bprop::testing
