// `bprop dataset` (built-in generators as CSV) and `bprop train --log` (JSON lines).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "testing/run_command.h"

namespace bprop::testing {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(CliDataset, WritesTheGeneratorAsCsvDeterministically) {
  const CommandResult a = run_command(bprop_cli() + " dataset moons --samples 10 --seed 3");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto lines = lines_of(a.out);
  ASSERT_EQ(lines.size(), 11u) << a.out;
  EXPECT_EQ(lines[0], "x1,x2,label");
  EXPECT_TRUE(lines[1].ends_with(",0")) << lines[1];
  EXPECT_TRUE(lines[2].ends_with(",1")) << lines[2];
  EXPECT_EQ(run_command(bprop_cli() + " dataset moons --samples 10 --seed 3").out, a.out);
  EXPECT_NE(run_command(bprop_cli() + " dataset moons --samples 10 --seed 4").out, a.out);
}

TEST(CliDataset, WritesAFileAndRefusesUnknownNames) {
  const std::string path = temp_folder() + "/circles.csv";
  const CommandResult r = run_command(bprop_cli() + " dataset circles --samples 6 -o " + path);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(lines_of(text.str()).size(), 7u);
  const CommandResult bad = run_command(bprop_cli() + " dataset petals");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("error: "), std::string::npos);
}

// --samples and --noise change only the generators: xor's four points and a file's rows were
// used whole while the flag was taken without a word (audit 5, beside its findings).
TEST(CliDataset, GeneratorFlagsAreRefusedWhereTheyWouldChangeNothing) {
  const std::string file = temp_folder() + "/d.csv";
  std::ofstream(file) << "a,y\n1,0\n2,1\n3,0\n4,1\n";
  for (const std::string& command : std::vector<std::string>{
           " dataset xor --samples 10", " dataset xor --noise 0.2",
           " train --data xor --samples 10", " train --data " + file + " --samples 2 --epochs 1",
           " train --data " + file + " --noise 0.1 --epochs 1"}) {
    const CommandResult r = run_command(bprop_cli() + command);
    EXPECT_EQ(r.exit_code, 1) << command << r.err;
    EXPECT_NE(r.err.find("sets the spirals, moons and circles generators, but the data is"),
              std::string::npos)
        << r.err;
    EXPECT_TRUE(r.out.empty()) << command << r.out;
  }
  EXPECT_EQ(run_command(bprop_cli() + " train --data moons --samples 40 --epochs 1").exit_code, 0);
}

// The flags that say how to read a file were ignored with a built-in data set (`--task regress`
// trained moons' classes, `--target` named nothing): refused, naming the flag.
TEST(CliDataset, FileFlagsAreRefusedWithABuiltInDataSet) {
  for (const std::string flag : {"--target y", "--drop x1", "--task regress", "--header yes",
                                 "--delimiter tab", "--impute none", "--strict-categories"}) {
    const CommandResult r = run_command(bprop_cli() + " train --data moons --epochs 1 " + flag);
    EXPECT_EQ(r.exit_code, 1) << flag << r.err;
    const std::string name = flag.substr(0, flag.find(' '));
    EXPECT_NE(
        r.err.find(name + " says how to read a data file, but 'moons' is a built-in data set"),
        std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("bprop dataset moons -o moons.csv"), std::string::npos) << r.err;
  }
}

TEST(CliTrainLog, WritesConfigThenOneEpochRecordPerEpochThenFinal) {
  const std::string path = temp_folder() + "/run.jsonl";
  const CommandResult r = run_command(bprop_cli() +
                                      " train --data moons --samples 100 --epochs 4 --val-split "
                                      "0.2 --quiet --log " +
                                      path);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const auto lines = lines_of(text.str());
  ASSERT_EQ(lines.size(), 6u) << text.str();
  EXPECT_NE(lines[0].find("\"type\":\"config\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("--epochs 4"), std::string::npos) << lines[0];
  for (int e = 1; e <= 4; ++e) {
    EXPECT_NE(lines[e].find("\"type\":\"epoch\""), std::string::npos) << lines[e];
    EXPECT_NE(lines[e].find("\"epoch\":" + std::to_string(e)), std::string::npos) << lines[e];
    EXPECT_NE(lines[e].find("\"val_accuracy\":"), std::string::npos) << lines[e];
    EXPECT_NE(lines[e].find("\"lr\":0.001"), std::string::npos) << lines[e];
  }
  EXPECT_NE(lines[5].find("\"type\":\"final\""), std::string::npos) << lines[5];
}

// A regression run prints RMSE, MAE and R² per split and logs them, with the scatter's points.
TEST(CliTrainLog, RegressionSummaryAndLogHaveRmseMaeR2) {
  const std::string dir = temp_folder();
  {
    std::ofstream csv(dir + "/reg.csv");
    csv << "a,b,y\n";
    for (int i = 0; i < 40; ++i)
      csv << i % 7 << "," << i % 5 << "," << 2 * (i % 7) - (i % 5) << ".5\n";
  }
  const CommandResult r = run_command(bprop_cli() + " train --data " + dir +
                                      "/reg.csv --epochs 3 --quiet --log " + dir + "/run.jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("RMSE          MAE       R²"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("reg.csv: train RMSE "), std::string::npos) << r.out;
  std::ifstream in(dir + "/run.jsonl");
  std::stringstream text;
  text << in.rdbuf();
  const auto lines = lines_of(text.str());
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines.back().find("\"regression\":{\"on\":\"training\",\"rmse\":"), std::string::npos)
      << lines.back();
  EXPECT_NE(lines.back().find("\"r2\":"), std::string::npos);
}

}  // namespace
}  // namespace bprop::testing
