// xoshiro256** (Blackman & Vigna) with splitmix64 seeding; Box-Muller for normals.
#include "bprop/random.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <utility>
#include <vector>

namespace bprop {

namespace {
uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

Rng::Rng(uint64_t seed) {
  for (auto& word : state_.words) word = splitmix64(seed);
}

uint64_t Rng::next_u64() {
  auto& s = state_.words;
  const uint64_t result = rotl(s[1] * 5, 7) * 9;
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double Rng::normal() {
  if (state_.has_spare) {
    state_.has_spare = false;
    return state_.spare_normal;
  }
  // 1 - uniform() is in (0, 1], so the logarithm is finite.
  const double radius = std::sqrt(-2.0 * std::log(1.0 - uniform()));
  const double angle = 2.0 * std::numbers::pi * uniform();
  state_.spare_normal = radius * std::sin(angle);
  state_.has_spare = true;
  return radius * std::cos(angle);
}

uint64_t Rng::below(uint64_t bound) {
  if (bound == 0) throw std::invalid_argument("Rng::below: bound must be positive");
  // Rejection sampling on the top of the range removes modulo bias. The cut-off is above
  // UINT64_MAX - bound, so a draw up to there is kept without the division that finds it.
  uint64_t x = next_u64();
  if (x > UINT64_MAX - bound) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    while (x >= limit) x = next_u64();
  }
  return x % bound;
}

void Rng::shuffle(std::span<int> values) {
  for (std::size_t i = values.size(); i > 1; --i) {
    std::swap(values[i - 1], values[below(i)]);
  }
}

void Rng::shuffle_in_blocks(std::span<int> order, std::size_t block, std::size_t window) {
  const std::size_t n = order.size();
  std::vector<int> blocks(static_cast<std::size_t>((n + block - 1) / block));
  std::iota(blocks.begin(), blocks.end(), 0);
  shuffle(blocks);
  std::size_t at = 0;
  for (std::size_t w = 0; w < blocks.size(); w += window) {
    const std::size_t start = at;
    const std::size_t end = std::min(blocks.size(), w + window);
    for (std::size_t b = w; b < end; ++b) {
      const std::size_t first = static_cast<std::size_t>(blocks[b]) * block;
      for (std::size_t r = first; r < std::min(n, first + block); ++r) {
        order[at++] = static_cast<int>(r);
      }
    }
    shuffle(order.subspan(start, at - start));
  }
}

}  // namespace bprop
