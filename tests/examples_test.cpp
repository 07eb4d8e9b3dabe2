// The examples/ walk-through runs end to end: data, train, evaluate, predict.
#include <gtest/gtest.h>

#include <regex>

#include "testing/run_command.h"

namespace bprop::testing {
namespace {

TEST(Examples, CsvWalkthroughTrainsEvaluatesAndPredicts) {
  const std::string work = temp_folder();
  const CommandResult r = run_command(std::string("bash '") + BPROP_SOURCE_DIR +
                                      "/examples/csv_walkthrough.sh' " + bprop_cli() + " " + work);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("saved the model to"), std::string::npos) << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(accuracy: ([0-9.]+) \(\d+/400\))")))
      << r.out;
  EXPECT_GT(std::stod(m[1]), 0.9) << r.out;
  EXPECT_NE(r.out.find("confusion matrix"), std::string::npos);
  EXPECT_NE(r.out.find("class,p_0,p_1\n"), std::string::npos) << r.out;
}

TEST(Examples, SameSeedGivesBitwiseIdenticalModelFiles) {
  // The same command twice (so the recorded command line matches too), with dropout and shuffling.
  const std::string work = temp_folder();
  const std::string train = bprop_cli() +
                            " train --data spirals --samples 200 --layers 16,relu,dropout:0.2,1 "
                            "--epochs 5 --quiet --out " +
                            work + "/m.bprop";
  ASSERT_EQ(run_command(train + " && cp " + work + "/m.bprop " + work + "/first.bprop").exit_code,
            0);
  ASSERT_EQ(run_command(train).exit_code, 0);
  EXPECT_EQ(run_command("cmp " + work + "/m.bprop " + work + "/first.bprop").exit_code, 0);
  const std::string other =
      std::regex_replace(train, std::regex("--epochs 5"), "--epochs 5 --seed 2");
  ASSERT_EQ(run_command(other).exit_code, 0);
  EXPECT_NE(run_command("cmp -s " + work + "/m.bprop " + work + "/first.bprop").exit_code, 0);
}

}  // namespace
}  // namespace bprop::testing
