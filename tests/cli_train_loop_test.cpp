// `bprop train`'s epoch loop from the outside: validation, early stopping, learning-rate schedules
// and progress lines.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "testing/run_command.h"

namespace bprop {
namespace {

testing::CommandResult run_cli(const std::string& args) {
  return testing::run_command(testing::bprop_cli() + " " + args);
}

struct EpochLine {
  int epoch;
  double val_loss;
  double lr;
};

// Parses the `--progress plain` lines on stderr.
std::vector<EpochLine> epoch_lines(const std::string& err) {
  std::vector<EpochLine> lines;
  const std::regex line(
      R"(epoch (\d+)/\d+: train loss [^,]+(?:, accuracy [^,]+)?(?:, val loss ([0-9.e+-]+))?[^\n]*, lr ([0-9.e+-]+),)");
  for (std::sregex_iterator it(err.begin(), err.end(), line), end; it != end; ++it) {
    const auto& m = *it;
    lines.push_back({std::stoi(m[1]), m[2].matched ? std::stod(m[2]) : -1.0, std::stod(m[3])});
  }
  return lines;
}

TEST(CliTrainLoop, ValidationSplitHoldsOutTheFractionAndReportsEveryEpoch) {
  const auto r = run_cli(
      "train --data moons --samples 400 --val-split 0.25 --epochs 5 "
      "--progress plain");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\ntrain +\S+ +\S+ % +300\n)"))) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\nvalidation +\S+ +\S+ % +100\n)"))) << r.out;
  const auto lines = epoch_lines(r.err);
  ASSERT_EQ(lines.size(), 5u) << r.err;
  for (const auto& l : lines) EXPECT_GT(l.val_loss, 0.0);
  EXPECT_NE(r.err.find("val accuracy"), std::string::npos);
}

TEST(CliTrainLoop, EarlyStoppingStopsAndRestoresTheBestEpochsWeights) {
  // A large network on 30 noisy points overfits at once, so validation loss rises.
  const auto r = run_cli(
      "train --data moons --samples 60 --noise 0.4 --val-split 0.5 --layers 128,relu,128,relu,1 "
      "--lr 0.01 --epochs 200 --patience 5 --progress plain");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = epoch_lines(r.err);
  ASSERT_FALSE(lines.empty());
  ASSERT_LT(lines.size(), 200u) << "did not stop early";
  std::size_t best = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].val_loss < lines[best].val_loss) best = i;
  }
  EXPECT_EQ(lines.size(), best + 1 + 5);  // patience epochs after the best
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(\nvalidation +([0-9.e+-]+) )"))) << r.out;
  // The final validation loss is the best epoch's, not the last epoch's.
  EXPECT_NEAR(std::stod(m[1]), lines[best].val_loss, 1e-4 * lines[best].val_loss);
  EXPECT_NE(r.out.find("(best " + std::to_string(lines[best].epoch) + ", stopped early)"),
            std::string::npos)
      << r.out;
}

// Trains with `flags` (plain progress) and checks each epoch's printed learning rate within
// `relative` (printed with 6 significant digits: 5e-6 covers the rounding; 0 = exact).
void expect_rates(const std::string& flags, const std::vector<double>& expected, double relative) {
  const auto r = run_cli("train --data circles " + flags + " --progress plain");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = epoch_lines(r.err);
  ASSERT_EQ(lines.size(), expected.size()) << r.err;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(lines[i].lr, expected[i], relative * expected[i]) << "epoch " << i + 1;
  }
}

TEST(CliTrainLoop, StepScheduleDecaysTheRateEveryLrStepEpochs) {
  expect_rates("--samples 100 --epochs 5 --lr 0.01 --schedule step --lr-step 2 --lr-gamma 0.5",
               {0.01, 0.01, 0.005, 0.005, 0.0025}, 0.0);
}

TEST(CliTrainLoop, CosineScheduleAnnealsFromLrToLrMin) {
  // lr = min + (base - min) (1 + cos(pi e / 4)) / 2 for e = 0..3 epochs done.
  expect_rates("--samples 100 --epochs 4 --lr 0.02 --schedule cosine --lr-min 0.002",
               {0.02, 0.0173640, 0.011, 0.00463604}, 5e-6);
}

TEST(CliTrainLoop, LinearScalingWarmsUpStepByStepToLrTimesBatchOver256) {
  // Batch 512 of 2048 samples: 4 steps an epoch; the scaled rate is 0.01 x 512 / 256 = 0.02,
  // reached from 0.01 over 2 epochs (8 steps). Each line shows its epoch's last step's rate.
  expect_rates(
      "--samples 2048 --batch 512 --epochs 3 --lr 0.01 --lr-scale linear --warmup-epochs 2",
      {0.01 + 0.01 * 3 / 8, 0.01 + 0.01 * 7 / 8, 0.02}, 5e-6);
  const auto plain = run_cli("train --data circles --warmup-epochs 2 --epochs 1");
  EXPECT_EQ(plain.exit_code, 1);
  EXPECT_NE(plain.err.find("--warmup-epochs needs --lr-scale linear"), std::string::npos)
      << plain.err;
}

TEST(CliTrainLoop, PlateauScheduleCutsTheRateWhenValidationStalls) {
  // lr 0.5 with SGD on tiny data: the validation loss stalls quickly, so the rate must fall.
  const auto r = run_cli(
      "train --data moons --samples 60 --noise 0.4 --val-split 0.5 --layers 64,relu,1 "
      "--optimizer sgd --lr 0.5 --epochs 40 --schedule plateau --lr-patience 1 --lr-gamma 0.5 "
      "--progress plain");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = epoch_lines(r.err);
  ASSERT_EQ(lines.size(), 40u);
  EXPECT_DOUBLE_EQ(lines.front().lr, 0.5);
  EXPECT_LT(lines.back().lr, 0.5);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const double ratio = lines[i].lr / lines[i - 1].lr;
    EXPECT_TRUE(ratio == 1.0 || std::abs(ratio - 0.5) < 1e-5) << "epoch " << lines[i].epoch;
  }
}

TEST(CliTrainLoop, QuietAndNoneSilenceProgress) {
  const std::string args = "train --data moons --samples 100 --epochs 3 ";
  EXPECT_EQ(run_cli(args + "--quiet").err, "");
  EXPECT_EQ(run_cli(args + "--progress none").err, "");
  EXPECT_EQ(epoch_lines(run_cli(args + "--progress plain").err).size(), 3u);
}

}  // namespace
}  // namespace bprop
