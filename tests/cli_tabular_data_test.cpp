// The data a model with a tabular encoding reads after training (predict, evaluate, train --val,
// convert --like), through the whole-file reader and the stream: a column it reads named twice
// is refused; predict never reads the target column, evaluate drops the rows without a target.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "testing/cli_files.h"
#include "testing/run_command.h"

namespace bprop::testing {
namespace {

// 40 rows: a, b, a text column and a label that follows b.
std::string rows(bool header = true) {
  std::string text = header ? "a,b,colour,y\n" : "";
  const char* colours[] = {"red", "blue", "green"};
  for (int i = 0; i < 40; ++i) {
    text.append(std::to_string(i % 5)).append(",").append(std::to_string(i % 8));
    text.append(",").append(colours[i % 3]).append(i % 8 < 4 ? ",no\n" : ",yes\n");
  }
  return text;
}

// A folder with a tabular model `m` trained on rows().
struct Trained : CliFolder {
  Trained() {
    const CommandResult r =
        cli("train -d " + write("train.csv", rows()) + " --epochs 3 --seed 1 -q -o " + path("m"));
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
};

void expect_twice(const CommandResult& r, const std::string& file) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(file + ": the header names column 'b' twice (columns 0 and 2); the model "
                              "reads its columns by name"),
            std::string::npos)
      << r.err;
}

// Audit finding 05: the first 'b' (here a copy of 'a') was read with no word, exit 0.
TEST(CliTabularData, AColumnTheModelReadsNamedTwiceIsRefusedEverywhere) {
  const Trained f;
  std::string text = "b,a,b,colour,y\n";
  const std::string body = rows(false);
  for (std::size_t at = 0; at < body.size();) {
    const std::size_t end = body.find('\n', at) + 1;
    const std::string line = body.substr(at, end - at);
    text += line.substr(0, line.find(',')) + "," + line;  // the first b: a copy of a
    at = end;
  }
  const std::string dup = f.write("dup.csv", text);
  const std::string m = " -m " + f.path("m");
  expect_twice(f.cli("predict" + m + " -d " + dup + " -o " + f.path("p.csv")), dup);
  EXPECT_FALSE(std::filesystem::exists(f.path("p.csv")));
  expect_twice(run_command(bprop_cli() + " predict" + m + " -d -", text), "<stdin>");
  expect_twice(f.cli("evaluate" + m + " -d " + dup), dup);
  expect_twice(f.cli("train -d " + f.path("train.csv") + " --val " + dup + " --epochs 1 -q -o " +
                     f.path("m2")),
               dup);
  EXPECT_FALSE(std::filesystem::exists(f.path("m2")));
  expect_twice(f.cli("convert " + dup + " --like " + f.path("m") + " -o " + f.path("d.bpd")), dup);
  EXPECT_FALSE(std::filesystem::exists(f.path("d.bpd")));
  // A column the model does not read may be named twice (a join's two ID columns).
  const std::string ids = f.write("ids.csv", "id,a,id,b,colour\n1,2,1,3,red\n");
  const CommandResult ok = f.cli("predict" + m + " -d " + ids);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out.substr(0, 11), "class,p_no,") << ok.out;
}

// Audit finding 02: predict dropped the rows whose target cell was empty or NA (the rows to be
// scored), refused an unknown label and said "only a header" when no row had a target.
TEST(CliTabularData, PredictReadsEveryRowAndNoTargetCell) {
  const Trained f;
  const std::string text =
      "id,a,b,colour,y\n1,0,1,red,no\n2,1,5,blue,\n3,2,6,green,maybe\n"
      "4,3,7,red,NA\n5,4,2,blue,\n";
  const std::string data = f.write("new.csv", text);
  const std::string predict = "predict -m " + f.path("m") + " --keep id,y -d ";
  const CommandResult streamed = f.cli(predict + data);
  ASSERT_EQ(streamed.exit_code, 0) << streamed.err;
  EXPECT_EQ(std::count(streamed.out.begin(), streamed.out.end(), '\n'), 6) << streamed.out;
  EXPECT_NE(streamed.out.find("\n3,maybe,"), std::string::npos) << streamed.out;
  EXPECT_EQ(streamed.err.find("dropped"), std::string::npos) << streamed.err;
  const CommandResult whole = run_command(bprop_cli() + " " + predict + "-", text);
  EXPECT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_EQ(whole.out, streamed.out);
  // evaluate needs targets: the rows without one are left out and counted; the unknown label is
  // an error there, and a file with no target at all says so.
  const std::string labelled =
      f.write("l.csv", "a,b,colour,y\n0,1,red,no\n1,5,blue,\n2,6,red,NA\n");
  const CommandResult e = f.cli("evaluate -m " + f.path("m") + " -d " + labelled);
  EXPECT_EQ(e.exit_code, 0) << e.err;
  EXPECT_NE(e.err.find("l.csv: 2 rows without a target dropped"), std::string::npos) << e.err;
  EXPECT_EQ(f.cli("evaluate -m " + f.path("m") + " -d " + data).exit_code, 2);
  const std::string none = f.write("none.csv", "a,b,colour,y\n0,1,red,\n1,5,blue,NA\n");
  const CommandResult n = f.cli("evaluate -m " + f.path("m") + " -d " + none);
  EXPECT_EQ(n.exit_code, 2) << n.err;
  EXPECT_NE(n.err.find("none.csv: no row has a target value ('y'): all 2 rows lack it"),
            std::string::npos)
      << n.err;
  const CommandResult p = f.cli("predict -m " + f.path("m") + " -d " + none);
  EXPECT_EQ(p.exit_code, 0) << p.err;
  EXPECT_EQ(std::count(p.out.begin(), p.out.end(), '\n'), 3) << p.out;
}

}  // namespace
}  // namespace bprop::testing
