// B32 (docs/reliability.md) through the CLI: `bprop train --layers 100000,100000,100000` exits 1
// with a clear message before allocating (under ASan an 80 GB allocation attempt would abort
// instead).
#include <gtest/gtest.h>

#include "testing/fault.h"

namespace bprop {
namespace {

TEST(CliMaxMemory, HugeArchitectureExitsOneBeforeAllocating) {
  const auto r = testing::run_command(
      {BPROP_CLI_PATH, "train", "--layers", "100000,100000,100000", "--epochs", "1"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("more than the memory limit of 8 GiB"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--max-memory"), std::string::npos) << r.err;
}

TEST(CliMaxMemory, LimitIsConfigurable) {
  const auto refused =
      testing::run_command({BPROP_CLI_PATH, "train", "--max-memory", "1k", "--epochs", "1"});
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  const auto allowed =
      testing::run_command({BPROP_CLI_PATH, "train", "--max-memory", "1M", "--epochs", "1"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  const auto bad = testing::run_command({BPROP_CLI_PATH, "train", "--max-memory", "lots"});
  EXPECT_EQ(bad.exit_code, 1) << bad.err;
}

}  // namespace
}  // namespace bprop
