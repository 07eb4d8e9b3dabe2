#include "bprop/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numeric>
#include <set>
#include <vector>

namespace bprop {
namespace {

TEST(Rng, SameSeedSameSequenceDifferentSeedDifferentSequence) {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.next_u64();
    EXPECT_EQ(x, b.next_u64());
    EXPECT_NE(x, c.next_u64());
  }
}

TEST(Rng, KnownFirstValueIsStableAcrossCompilersAndLibraries) {
  // xoshiro256** seeded by splitmix64(0): pinning it catches accidental changes to the generator,
  // which would silently change every seeded result users have recorded.
  Rng rng(0);
  EXPECT_EQ(rng.next_u64(), 0x99ec5f36cb75f2b4ULL);
}

TEST(Rng, NormalHasUnitVarianceAndStateRoundTrips) {
  Rng rng(7);
  double sum = 0, sum_sq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double x = rng.normal();
    sum += x;
    sum_sq += x * x;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sum_sq / n, 1.0, 0.01);
  const Rng::State saved = rng.state();
  const double next = rng.normal();
  rng.set_state(saved);
  EXPECT_EQ(rng.normal(), next);
}

TEST(Rng, ShuffleIsAPermutationAndBelowIsInRange) {
  Rng rng(3);
  std::vector<int> v(50);
  std::iota(v.begin(), v.end(), 0);
  rng.shuffle(v);
  std::vector<int> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 50; ++i) EXPECT_EQ(sorted[i], i);
  for (int i = 0; i < 1000; ++i) EXPECT_LT(rng.below(7), 7u);
}

// below() draws exactly what the plain rejection rule draws (a cut-off at
// UINT64_MAX - UINT64_MAX % bound, then the remainder): every seeded shuffle depends on it. The
// bounds above 2^63 reject about half of the draws, so the rejection path runs too.
TEST(Rng, BelowMatchesThePlainRejectionRule) {
  Rng fast(11), plain(11);
  const uint64_t bounds[] = {
      1, 2, 3, 7, 112, 1000003, (1ULL << 32) + 5, (1ULL << 63) + 1, UINT64_MAX - 2, UINT64_MAX};
  for (const uint64_t bound : bounds) {
    for (int i = 0; i < 2000; ++i) {
      const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
      uint64_t x = plain.next_u64();
      while (x >= limit) x = plain.next_u64();
      ASSERT_EQ(fast.below(bound), x % bound) << "bound " << bound << ", draw " << i;
    }
  }
}

TEST(Rng, ShuffleInBlocksKeepsEachWindowOfBlocksTogether) {
  Rng rng(4);
  std::vector<int> order(1003, -1);  // a last, partial block
  rng.shuffle_in_blocks(order, 10, 4);
  std::vector<int> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 1003; ++i) ASSERT_EQ(sorted[i], i);
  order.assign(1000, -1);
  rng.shuffle_in_blocks(order, 10, 4);
  // Each run of 40 positions holds exactly 4 whole blocks of 10 rows, in a shuffled order.
  for (std::size_t w = 0; w < 1000; w += 40) {
    std::set<int> blocks;
    for (std::size_t i = w; i < w + 40; ++i) blocks.insert(order[i] / 10);
    EXPECT_EQ(blocks.size(), 4u) << "window at " << w;
  }
  std::vector<int> identity(1000);
  std::iota(identity.begin(), identity.end(), 0);
  EXPECT_NE(order, identity);
}

}  // namespace
}  // namespace bprop
