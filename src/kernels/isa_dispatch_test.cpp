// IsaDispatch: the CPU is asked once, and every variant up to the best one is supported.
#include "kernels/isa_dispatch.h"

#include <gtest/gtest.h>

namespace bprop::kernels {
namespace {

enum class FakeIsa { kPlain, kWide, kWidest };

int detect_calls = 0;

FakeIsa detect_wide() {
  ++detect_calls;
  return FakeIsa::kWide;
}

TEST(IsaDispatch, AsksTheCpuOnceAndSupportsEveryVariantUpToTheBest) {
  using Dispatch = IsaDispatch<FakeIsa, detect_wide>;
  EXPECT_EQ(Dispatch::best(), FakeIsa::kWide);
  EXPECT_TRUE(Dispatch::supports(FakeIsa::kPlain));
  EXPECT_TRUE(Dispatch::supports(FakeIsa::kWide));
  EXPECT_FALSE(Dispatch::supports(FakeIsa::kWidest));
  EXPECT_EQ(detect_calls, 1);
}

}  // namespace
}  // namespace bprop::kernels
