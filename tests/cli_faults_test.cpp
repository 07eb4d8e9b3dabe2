// Faults through the CLI: divergence exits 4 naming the step, batch and layer (docs/reliability.md
// B24).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "testing/fault.h"

namespace bprop {
namespace {

TEST(CliFaults, DivergenceExitsFourNamingStepBatchAndLayer) {
  const auto r =
      testing::run_command({BPROP_CLI_PATH, "train", "--optimizer", "sgd", "--lr", "1e30", "--loss",
                            "mse", "--layers", "8,1", "--epochs", "50"});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  for (const char* part : {"diverged at step ", ", batch ", "layer ", "was not applied"}) {
    EXPECT_NE(r.err.find(part), std::string::npos) << part << " missing from: " << r.err;
  }
}

// The log of a diverged run ends with a record that says so (issue 18), and `bprop report` still
// draws the epochs before it.
TEST(CliFaults, ADivergedRunsLogEndsWithAStoppedRecord) {
  char folder[] = "/tmp/bprop-faults-XXXXXX";
  ASSERT_NE(::mkdtemp(folder), nullptr);
  const std::string dir = folder;
  const auto r = testing::run_command({BPROP_CLI_PATH, "train", "--optimizer", "sgd", "--lr",
                                       "1e30", "--loss", "mse", "--layers", "8,1", "--epochs", "50",
                                       "--log", dir + "/log.jsonl"});
  ASSERT_EQ(r.exit_code, 4) << r.err;
  std::ifstream in(dir + "/log.jsonl");
  std::string line, last;
  while (std::getline(in, line)) last = line;
  EXPECT_EQ(last.rfind("{\"type\":\"stopped\",\"reason\":\"diverged\"", 0), 0u) << last;
  EXPECT_NE(last.find("\"message\":\"training diverged at step "), std::string::npos) << last;
  const auto report = testing::run_command(
      {BPROP_CLI_PATH, "report", dir + "/log.jsonl", "-o", dir + "/report.html"});
  EXPECT_EQ(report.exit_code, 0) << report.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace bprop
