// The bprop CLI as a user meets it: the default XOR run, the seed preset, gradcheck, and errors.
#include <gtest/gtest.h>

#include <regex>

#include "testing/run_command.h"

namespace bprop::testing {
namespace {

TEST(Cli, NoArgumentsTrainsXorAndPrintsTheTableAndSummary) {
  const CommandResult r = run_command(bprop_cli());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("input"), std::string::npos);
  EXPECT_NE(r.out.find("prediction"), std::string::npos);
  const std::regex summary(R"(XOR: 4/4 correct, loss [0-9.e-]+, \d+ epochs, [0-9.]+ s)");
  EXPECT_TRUE(std::regex_search(r.out, summary)) << r.out;
}

TEST(Cli, DefaultTrainLearnsXorInEverySeed) {
  // One process per seed, as a user would run it: 100 of 100 must reach 4/4.
  std::string script = "for s in $(seq 0 99); do " + bprop_cli() +
                       " train --seed $s | grep -c 'XOR: 4/4 correct'; done";
  const CommandResult r = run_command(script);
  int learned = 0;
  for (char c : r.out) learned += c == '1';
  EXPECT_EQ(learned, 100) << r.out << r.err;
}

TEST(Cli, SeedPresetRunsTheNotebookConfigurationAndReportsHonestly) {
  const CommandResult r = run_command(bprop_cli() + " train --preset seed --seed 3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 -> dense:2 -> sigmoid -> dense:1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sgd lr 0.01, batch 1, no shuffling"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("50000 epochs"), std::string::npos) << r.out;
  const std::regex summary(R"(XOR: [0-4]/4 correct, loss [0-9.e-]+, 50000 epochs)");
  EXPECT_TRUE(std::regex_search(r.out, summary)) << r.out;
}

TEST(Cli, SameSeedTwiceGivesIdenticalOutput) {
  const std::string command = bprop_cli() + " train --seed 5 --layers 4,tanh,1 | grep -v ' s$'";
  EXPECT_EQ(run_command(command).out, run_command(command).out);
}

TEST(Cli, GradcheckPassesForEveryLossAndPrintsErrors) {
  for (const std::string loss : {"mse", "bce", "softmax-ce"}) {
    const CommandResult r = run_command(bprop_cli() + " gradcheck --layers 5,gelu,4,leaky_relu,3 " +
                                        "--loss " + loss + " --seed 2");
    EXPECT_EQ(r.exit_code, 0) << loss << "\n" << r.out << r.err;
    EXPECT_NE(r.out.find("all gradients match"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("max abs err"), std::string::npos) << r.out;
  }
}

TEST(Cli, BadFlagsAndValuesGiveErrorHintAndExitOne) {
  for (const std::string args :
       {"train --bogus", "train --lr -1", "train --epochs abc", "train --loss hinge",
        "train --layers 4,swish,1", "train --layers 4,,1", "train --optimizer lbfgs",
        "train --init glorot", "train --batch 0", "gradcheck --layers 3,nope"}) {
    const CommandResult r = run_command(bprop_cli() + " " + args);
    EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.err;
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << args << "\n" << r.err;
    EXPECT_NE(r.err.find("hint: "), std::string::npos) << args << "\n" << r.err;
  }
}

TEST(Cli, HelpShowsDefaultsAndExitCodes) {
  const CommandResult r = run_command(bprop_cli() + " train --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--layers"), std::string::npos);
  EXPECT_NE(r.out.find("8,tanh,1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Exit codes"), std::string::npos);
}

}  // namespace
}  // namespace bprop::testing
