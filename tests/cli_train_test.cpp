// `bprop train` from the outside: the default XOR run, usage errors (a trailing activation before
// a loss on logits among them), built-in data, divergence,
// a target scale float32 cannot hold, and reproducibility.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>

#include "testing/cli_files.h"
#include "testing/run_command.h"

namespace bprop {
namespace {

testing::CommandResult run_cli(const std::string& args) {
  return testing::run_command(testing::bprop_cli() + " " + args);
}

// stdout without the wall-clock seconds, which differ between runs.
std::string without_times(const std::string& text) {
  return std::regex_replace(text, std::regex(R"([0-9.e+-]+ s\b)"), "T s");
}

TEST(CliTrain, DefaultRunLearnsXorWithTheTableAndSummaryLine) {
  const auto r = run_cli("");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("input        target   prediction   rounded"), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(XOR: 4/4 correct, loss [0-9.e+-]+, 300 epochs, [0-9.e+-]+ s\n$)")))
      << r.out;
  EXPECT_EQ(r.err, "");  // a fast run prints no progress when stderr is not a terminal
  EXPECT_EQ(without_times(run_cli("train").out), without_times(r.out));
}

TEST(CliTrain, SeedPresetKeepsTheNotebookRun) {
  const auto r = run_cli("train --preset seed --epochs 2000");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 -> dense:2 -> sigmoid -> dense:1 (9 parameters), loss bce, optimizer "
                       "sgd lr 0.01, batch 1, no shuffling"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("2000 epochs"), std::string::npos);
}

TEST(CliTrain, UnknownFlagIsAUsageErrorWithAHint) {
  const auto r = run_cli("train --no-such-flag");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("hint: "), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(CliTrain, UnknownLayerAndWrongOutputWidthNameTheFix) {
  const auto layer = run_cli("train --layers 4,swish,1");
  EXPECT_EQ(layer.exit_code, 1);
  EXPECT_NE(layer.err.find("unknown layer 'swish'"), std::string::npos) << layer.err;
  EXPECT_NE(layer.err.find("hint: "), std::string::npos);
  const auto width = run_cli("train --data circles --layers 8,relu,3");
  EXPECT_EQ(width.exit_code, 1);
  EXPECT_NE(width.err.find("needs 2"), std::string::npos) << width.err;
  EXPECT_NE(width.err.find("hint: end --layers with 2"), std::string::npos) << width.err;
}

// Audit 6, finding 05: bce and softmax-ce take logits, so an activation after the last Dense
// layer came before the loss's own sigmoid/softmax: `1,sigmoid` predicted class 1 on every row
// (p in 0.5-0.73) and `3,sigmoid` capped every probability at 0.576, exit 0.
TEST(CliTrain, AnActivationAfterTheLastDenseLayerIsRefusedBeforeALossOnLogits) {
  for (const std::string layers :
       {"16,relu,1,sigmoid", "16,relu,1,relu", "16,relu,1,tanh,dropout:0.1"}) {
    const auto r = run_cli("train --data moons --epochs 1 --layers " + layers);
    EXPECT_EQ(r.exit_code, 1) << layers << r.err;
    EXPECT_NE(r.err.find("after its last dense layer, but bce applies the sigmoid"),
              std::string::npos)
        << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  const auto softmax =
      run_cli("train --data circles --epochs 1 --loss softmax-ce --layers 8,2,sigmoid");
  EXPECT_EQ(softmax.exit_code, 1) << softmax.err;
  EXPECT_NE(softmax.err.find("softmax-ce applies the softmax"), std::string::npos) << softmax.err;
  // A dropout after the logits leaves them logits; mse trains on the sigmoid's outputs.
  EXPECT_EQ(run_cli("train --data moons --epochs 1 --layers 16,relu,1,dropout:0.1").exit_code, 0);
  EXPECT_EQ(
      run_cli("train --data moons --epochs 1 --loss mse --layers 16,relu,1,sigmoid").exit_code, 0);
}

TEST(CliTrain, BadValuesAreUsageErrors) {
  EXPECT_EQ(run_cli("train --data moons --val-split 1.5").exit_code, 1);
  EXPECT_EQ(run_cli("train --data moons --schedule linear").exit_code, 1);
  EXPECT_EQ(run_cli("train --layers 4,dropout:1.5,1").exit_code, 1);
  EXPECT_EQ(run_cli("train --data no-such-dataset-or-file").exit_code != 0, true);
  const auto both = run_cli("train --data moons --val-split 0.2 --val other.csv");
  EXPECT_EQ(both.exit_code, 1);
  EXPECT_NE(both.err.find("--val and --val-split"), std::string::npos) << both.err;
}

TEST(CliTrain, NonFiniteLossExitsFourNamingTheStep) {
  const auto r = run_cli("train --loss mse --lr 1e30");
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  EXPECT_NE(r.err.find("error: training diverged"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("at step "), std::string::npos) << r.err;
}

// 100 rows of a feature a in [-2.5, 2.5] and a target t = a * scale.
std::string scaled_targets_csv(double scale) {
  std::string text = "a,t\n";
  for (int i = 0; i < 100; ++i) {
    const double a = 2.5 * std::sin(1.7 * i) * std::cos(0.3 * i);
    char row[64];
    std::snprintf(row, sizeof row, "%.9g,%.9g\n", a, a * scale);
    text += row;
  }
  return text;
}

// Targets near FLT_MAX (t = a * 1e38, all finite floats) under --target-scaling standardize: the
// standardized run is fine, but folding sd ~1e38 into the output layer overflows its sums. It
// exited 0 with "RMSE -nan" and saved a model that predicted -inf; now exit 2 naming the target,
// and no model.
TEST(CliTrain, ATargetScaleFloat32CannotHoldIsRefusedAndNothingIsWritten) {
  const testing::CliFolder f;
  const std::string flags = " --layers 8,relu,1 --epochs 20 --target-scaling standardize -q -o ";
  const std::string data = f.write("d.csv", scaled_targets_csv(1e38));
  const auto r = f.cli("train -d " + data + flags + f.path("m.bprop"));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(testing::contains(
      r.err, "error: the regression target 't' of '" + data + "' is too large for float32"))
      << r.err;
  EXPECT_TRUE(testing::contains(r.err, "hint: rescale the target")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(f.path("m.bprop")));
  // The same data a thousand times smaller trains as before.
  const auto ok =
      f.cli("train -d " + f.write("s.csv", scaled_targets_csv(1e35)) + flags + f.path("s.bprop"));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(std::filesystem::exists(f.path("s.bprop")));
}

// --reduce ordered promises the same bits however the batch is cut; dropout's masks follow the
// rows each chunk holds (an audit found 2 processes 0.26 away from 1, exit 0).
TEST(CliTrain, ReduceOrderedRefusesDropoutAndWritesNothing) {
  const testing::CliFolder f;
  const std::string train = "train --data moons --epochs 1 --reduce ordered -q -o ";
  const auto r = f.cli(train + f.path("m.bprop") + " --layers 8,tanh,dropout:0.3,2");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(testing::contains(r.err, "dropout draws its masks for the rows each process"))
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(f.path("m.bprop")));
  EXPECT_EQ(f.cli(train + f.path("m.bprop") + " --layers 8,tanh,2").exit_code, 0);
}

TEST(CliTrain, GeneratedDataTrainsAndPrintsTheSummary) {
  const auto r = run_cli("train --data moons --samples 400 --epochs 30 --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("loss bce"), std::string::npos) << r.out;
  EXPECT_TRUE(
      std::regex_search(r.out, std::regex(R"(\ntrain +[0-9.e-]+ +(9[0-9]|100)\.[0-9]+ % +400\n)")))
      << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(moons: train accuracy [0-9.]+ %, loss)")))
      << r.out;
}

TEST(CliTrain, SameSeedGivesIdenticalRunsAndAnotherSeedDoesNot) {
  const std::string args =
      "train --data spirals --samples 300 --layers 32,relu,dropout:0.3,32,relu,1 --epochs 15 "
      "--val-split 0.2 --progress plain";
  const auto a = run_cli(args + " --seed 7");
  const auto b = run_cli(args + " --seed 7");
  const auto c = run_cli(args + " --seed 8");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  // Every epoch's losses and accuracies, printed to 5 digits, and the final metrics agree.
  auto strip = [](const std::string& s) {
    return std::regex_replace(without_times(s), std::regex(R"([0-9.]+ samples/s)"), "R samples/s");
  };
  EXPECT_EQ(strip(a.err), strip(b.err));
  EXPECT_EQ(without_times(a.out), without_times(b.out));
  EXPECT_NE(without_times(a.out), without_times(c.out));
}

// A data file without --epochs trains until the training loss stops improving (one hidden layer
// of 100, batch min(200, rows)) and says why it stopped; with --epochs the old defaults hold.
TEST(CliTrain, DataFileWithoutEpochsTrainsUntilTheLossStopsImproving) {
  const std::string csv = testing::temp_folder() + "/two.csv";
  {
    std::ofstream out(csv);
    out << "a,b,label\n";
    for (int i = 0; i < 60; ++i)
      out << i % 10 << "," << (i * 7) % 11 << "," << (i % 10 > 4) << "\n";
  }
  const auto r = run_cli("train --data " + csv + " --progress none");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 -> dense:100 -> relu -> dense:1 (401 parameters), loss bce, optimizer "
                       "adam lr 0.001, batch 60"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\nstopped "), std::string::npos) << r.out;
  // A coarser --min-delta (still without --epochs) ends it early, 10 epochs after the best.
  const auto coarse = run_cli("train --data " + csv + " --progress none --min-delta 0.01");
  ASSERT_EQ(coarse.exit_code, 0) << coarse.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      coarse.out, m,
      std::regex(R"(stopped after epoch ([0-9]+): the training loss did not fall by more than )"
                 R"(0.01 for 10 epochs; kept epoch ([0-9]+)'s weights)")))
      << coarse.out;
  EXPECT_LT(std::stoi(m[1]), 1000);
  EXPECT_EQ(std::stoi(m[2]) + 10, std::stoi(m[1]));

  const auto fixed = run_cli("train --data " + csv + " --epochs 3 --progress none");
  ASSERT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_NE(fixed.out.find("dense:64 -> relu -> dense:64 -> relu -> dense:1"), std::string::npos);
  EXPECT_NE(fixed.out.find("batch 32"), std::string::npos) << fixed.out;
  EXPECT_EQ(fixed.out.find("stopped"), std::string::npos) << fixed.out;
  const auto explicit_flags =
      run_cli("train --data " + csv + " --layers 8,tanh,1 --batch 4 --patience 2 --min-delta 0.5");
  ASSERT_EQ(explicit_flags.exit_code, 0) << explicit_flags.err;
  EXPECT_NE(explicit_flags.out.find("batch 4"), std::string::npos) << explicit_flags.out;
  EXPECT_NE(explicit_flags.out.find("more than 0.5 for 2 epochs"), std::string::npos)
      << explicit_flags.out;
}

// The epoch limit of a data file without --epochs: the number `train --help` states is the one the
// README states and the one a run that keeps improving stops at.
TEST(CliTrain, TheEpochLimitIsTheOneHelpAndTheReadmeState) {
  std::smatch m;
  const auto help = run_cli("train --help");
  ASSERT_TRUE(std::regex_search(help.out, m, std::regex(R"(1e-4\), at most ([0-9]+))")))
      << help.out;
  const std::string limit = m[1];
  std::ifstream readme_file(std::string(BPROP_SOURCE_DIR) + "/README.md");
  const std::string readme((std::istreambuf_iterator<char>(readme_file)),
                           std::istreambuf_iterator<char>());
  EXPECT_NE(readme.find("`--target-scaling`), at most " + limit + " epochs"), std::string::npos);
  const std::string csv = testing::temp_folder() + "/separable.csv";
  {
    std::ofstream out(csv);
    out << "a,b,label\n";
    for (int i = 0; i < 40; ++i) out << i << "," << (i * 7) % 11 << "," << (i % 2) << "\n";
  }
  // --min-delta 0: the loss of a set it can memorise keeps falling, so the limit ends the run.
  const auto r = run_cli("train --data " + csv + " --progress none --min-delta 0");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("stopped at the epoch limit (" + limit + ")"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace bprop
