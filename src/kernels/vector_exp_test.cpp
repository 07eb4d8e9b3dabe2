// vector_exp::exp_in_place: the bits of std::exp (glibc's expf) on every lane, across the whole
// float range, the special cases and the thresholds where the scalar code leaves its main path,
// and writing only the n values it is given. (All 2^32 floats were compared once, by hand: no
// difference; docs/design.md, "Softmax's exps".)
#include "kernels/vector_exp.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace bprop::kernels {
namespace {

void expect_bits_of_std_exp(std::vector<float> x) {
  std::vector<float> want(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) want[i] = std::exp(x[i]);
  const std::vector<float> in = x;
  vector_exp::exp_in_place(x.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    ASSERT_EQ(std::bit_cast<uint32_t>(x[i]), std::bit_cast<uint32_t>(want[i]))
        << "e^" << in[i] << " (bits 0x" << std::hex << std::bit_cast<uint32_t>(in[i]) << "): got "
        << x[i] << ", std::exp " << want[i];
  }
}

TEST(VectorExp, EveryLaneHasTheBitsOfStdExpAcrossTheFloatRange) {
  if (!vector_exp::available()) GTEST_SKIP() << "SKIPPED: no AVX-512 on this CPU";
  std::vector<float> x;
  for (uint64_t bits = 0; bits < (uint64_t{1} << 32); bits += 4099) {
    x.push_back(std::bit_cast<float>(static_cast<uint32_t>(bits)));
  }
  expect_bits_of_std_exp(x);
}

TEST(VectorExp, SpecialValuesAndThresholdsHaveTheBitsOfStdExp) {
  if (!vector_exp::available()) GTEST_SKIP() << "SKIPPED: no AVX-512 on this CPU";
  constexpr float kInf = std::numeric_limits<float>::infinity();
  std::vector<float> x = {0.0f,
                          -0.0f,
                          kInf,
                          -kInf,
                          std::numeric_limits<float>::quiet_NaN(),
                          -std::numeric_limits<float>::quiet_NaN(),
                          std::numeric_limits<float>::denorm_min(),
                          -88.0f,
                          88.0f};
  // log(2^128), log(2^-150), log(2^-149) and a few floats on each side of them.
  for (const uint32_t edge : {0x42b17217u, 0xc2cff1b4u, 0xc2ce8ecfu}) {
    for (uint32_t d = 0; d < 8; ++d) {
      x.push_back(std::bit_cast<float>(edge - d));
      x.push_back(std::bit_cast<float>(edge + d));
    }
  }
  // Softmax's arguments: z - max, from 0 down to far below the underflow.
  for (float v = 0.0f; v > -120.0f; v -= 0.0137f) x.push_back(v);
  expect_bits_of_std_exp(x);
}

TEST(VectorExp, WritesOnlyTheValuesItIsGiven) {
  if (!vector_exp::available()) GTEST_SKIP() << "SKIPPED: no AVX-512 on this CPU";
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{15}, std::size_t{16},
                              std::size_t{17}, std::size_t{40}}) {
    std::vector<float> x(n + 20, 0.5f);
    vector_exp::exp_in_place(x.data(), n);
    for (std::size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i], i < n ? std::exp(0.5f) : 0.5f) << "n " << n << ", element " << i;
    }
  }
}

}  // namespace
}  // namespace bprop::kernels
