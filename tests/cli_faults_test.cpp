// Faults through the CLI: divergence exits 4 naming the step, batch and layer (docs/reliability.md
// B24).
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace bprop
