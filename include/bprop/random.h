// Rng: the library's only source of randomness (initialisation, shuffling, dropout).
// Self-contained (xoshiro256** seeded by splitmix64, Box-Muller normals) so a seed gives the same
// numbers with every compiler and standard library; std::*_distribution is implementation-defined.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace bprop {

class Rng {
 public:
  // The whole generator state: four words plus a cached second Box-Muller normal.
  struct State {
    std::array<uint64_t, 4> words{};
    double spare_normal = 0.0;
    bool has_spare = false;
    friend bool operator==(const State&, const State&) = default;
  };

  explicit Rng(uint64_t seed = 0);

  uint64_t next_u64();
  // Uniform in [0, 1) with 53 random bits.
  double uniform();
  // Uniform in [low, high).
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // Standard normal (mean 0, variance 1).
  double normal();
  // Uniform integer in [0, bound), unbiased; bound must be > 0.
  uint64_t below(uint64_t bound);
  // Fisher-Yates, so the permutation depends only on the seed.
  void shuffle(std::span<int> values);
  // Rewrites `order` (any contents) as 0..n-1 in blocks of `block` consecutive values: the blocks
  // in a shuffled order, then the values of each `window` consecutive blocks shuffled among
  // themselves. Reads of rows in that order stay within a window of blocks (--shuffle block).
  void shuffle_in_blocks(std::span<int> order, std::size_t block, std::size_t window);

  State state() const { return state_; }
  void set_state(const State& state) { state_ = state; }

 private:
  State state_;
};

}  // namespace bprop
