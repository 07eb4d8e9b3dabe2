// Exit codes with one meaning each (issue 18): the same failure exits alike in every command, the
// hint fits the error, and `bprop --help` and the README list the same table as exit_codes.h.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "testing/cli_files.h"
#include "testing/run_command.h"
#include "tools/bprop/exit_codes.h"

namespace bprop::testing {
namespace {

std::string cli(const std::string& args) { return bprop_cli() + " " + args; }

// "code -> meaning" from lines matching `line` (group 1: the code, group 2: the meaning).
std::map<int, std::string> table(const std::string& text, const std::regex& line) {
  std::map<int, std::string> codes;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), line); it != std::sregex_iterator();
       ++it) {
    codes[std::stoi((*it)[1])] = (*it)[2];
  }
  return codes;
}

TEST(CliExitCodes, HelpAndReadmeListTheSameTable) {
  const CommandResult help = run_command(cli("--help"));
  ASSERT_EQ(help.exit_code, 0);
  const auto from_help = table(help.out, std::regex(R"(\n  (\d+) +([^\n]+))"));
  std::ifstream readme_file(std::string(BPROP_SOURCE_DIR) + "/README.md");
  const std::string readme((std::istreambuf_iterator<char>(readme_file)), {});
  const auto from_readme = table(readme, std::regex(R"(\n\| (\d+) \| ([^\n]+?) \|)"));
  EXPECT_EQ(from_help, from_readme);
  const int codes[] = {cli::kExitOk,          cli::kExitUsage,       cli::kExitData,
                       cli::kExitModel,       cli::kExitDiverged,    cli::kExitIo,
                       cli::kExitCheckpoint,  cli::kExitCheckFailed, cli::kExitReplicas,
                       cli::kExitInterrupted, cli::kExitTerminated};
  EXPECT_EQ(from_help.size(), std::size(codes));
  for (int code : codes) EXPECT_EQ(from_help.count(code), 1u) << code;
}

struct Files {
  std::string dir = temp_folder();
  std::string data = dir + "/d.csv";
  std::string model = dir + "/m.bprop";
  Files() {
    std::ostringstream csv;
    csv << "x1,x2,label\n";
    for (int i = 0; i < 12; ++i) csv << i % 4 << ',' << i % 3 << ',' << i % 2 << '\n';
    write_file(data, csv.str());
    const CommandResult r = run_command(cli("train -d " + data + " --epochs 1 -q -o " + model));
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST(CliExitCodes, AMissingInputExitsByWhatItIsInEveryCommand) {
  const Files f;
  const std::string none = f.dir + "/none";
  const std::pair<std::string, int> cases[] = {
      {"train -d " + none + ".csv", 2},
      {"evaluate -m " + f.model + " -d " + none + ".csv", 2},
      {"predict -m " + f.model + " -d " + none + ".csv", 2},
      {"report " + none + ".jsonl -o " + f.dir + "/r.html", 2},
      {"evaluate -m " + none + ".bprop -d " + f.data, 3},
      {"predict -m " + none + ".bprop -d " + f.data, 3},
      {"inspect " + none + ".bprop", 3},
      {"train -d " + f.data + " --resume " + none + ".ckpt", 3},
  };
  for (const auto& [args, code] : cases) {
    const CommandResult r = run_command(cli(args));
    EXPECT_EQ(r.exit_code, code) << args << "\n" << r.err;
    EXPECT_TRUE(contains(r.err, none)) << args << "\n" << r.err;
    EXPECT_FALSE(contains(r.err, "position shown")) << args << "\n" << r.err;
  }
}

TEST(CliExitCodes, AnUnwritableOutputExitsFiveInEveryCommand) {
  const Files f;
  const std::string out = f.dir + "/nodir/x";
  for (const std::string& args :
       {"train -d " + f.data + " -o " + out,
        "predict -m " + f.model + " -d " + f.data + " -o " + out, "dataset moons -o " + out,
        "report " + f.dir + "/r.jsonl -o " + out}) {
    const CommandResult r = run_command(cli(args));
    EXPECT_EQ(r.exit_code, 5) << args << "\n" << r.err;
    EXPECT_TRUE(contains(r.err, "does not exist")) << args << "\n" << r.err;
  }
}

TEST(CliExitCodes, DataThatDoesNotFitTheModelIsADataError) {
  const Files f;
  write_file(f.dir + "/wide.csv", "1,2,3,4\n");
  const CommandResult r = run_command(cli("predict -m " + f.model + " -d " + f.dir + "/wide.csv"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "4 feature columns, but the model takes 2")) << r.err;
}

TEST(CliExitCodes, AFailedGradcheckExitsSeven) {
  const CommandResult r = run_command(cli("gradcheck --tolerance 1e-30"));
  EXPECT_EQ(r.exit_code, 7) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "gradient check FAILED")) << r.out;
}

TEST(CliExitCodes, ALossThatCannotFitTheLabelsIsRefusedBeforeTrainingNamingThem) {
  const std::string dir = temp_folder();
  write_file(dir + "/three.csv", "x,species\n1,setosa\n2,versicolor\n3,virginica\n4,setosa\n");
  CommandResult r = run_command(cli("train -d " + dir + "/three.csv --loss bce"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "has 3 classes (setosa, versicolor, virginica)")) << r.err;
  EXPECT_TRUE(contains(r.err, "hint: use --loss softmax-ce")) << r.err;
  EXPECT_FALSE(contains(r.out, "network:")) << r.out;
  write_file(dir + "/values.csv", "x,y\n1,0.5\n2,1.5\n3,2.25\n");
  r = run_command(cli("train -d " + dir + "/values.csv --loss softmax-ce"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "hint: use --loss mse")) << r.err;
  // mse on classes would learn their positions in the class list: the labels' values only when
  // the labels are 0, 1, 2, ... (which trains as before).
  r = run_command(cli("train -d " + dir + "/three.csv --loss mse --epochs 1"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "read as 3 classes (setosa, versicolor, virginica)")) << r.err;
  EXPECT_TRUE(contains(r.err, "hint: for numeric targets add --task regress")) << r.err;
  write_file(dir + "/counts.csv", "x,n\n1,2\n2,7\n3,10\n4,7\n");
  r = run_command(cli("train -d " + dir + "/counts.csv --loss mse --epochs 1"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(contains(r.err, "3 classes (2, 7, 10)")) << r.err;
  r = run_command(cli("train -d " + dir + "/counts.csv --loss mse --task regress --epochs 1"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  write_file(dir + "/indices.csv", "x,n\n1,0\n2,1\n3,2\n4,1\n");
  r = run_command(cli("train -d " + dir + "/indices.csv --loss mse --epochs 1"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(CliExitCodes, SeedsAndSplitsAreCheckedBeforeTraining) {
  CommandResult r = run_command(cli("train --seed -1"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "expected a whole number >= 0, got '-1'")) << r.err;
  r = run_command(cli("train --data moons --samples 100 --val-split 0.9 --epochs 1 -q"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err,
                       "warning: --val-split 0.9 leaves 10 rows to train on and 90 to "
                       "validate with"))
      << r.err;
}

TEST(CliExitCodes, GradcheckRefusesDropoutWithAReason) {
  const CommandResult r = run_command(cli("gradcheck --layers 4,dropout:0.5,2"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "dropout draws a new random mask at every forward pass")) << r.err;
}

}  // namespace
}  // namespace bprop::testing
