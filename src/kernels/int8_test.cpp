// The int8 kernels of every instruction set this CPU runs against the reference loop, bit for bit:
// random shapes from 1 to 1024 wide (odd sizes, tails of the 16-output blocks and 4-input groups),
// several rows, extreme values (every product -128·-128, sums near the int32 bound at the widest
// input a stage takes), all-zero channels, and both extreme zero points.
#include "bprop/kernels/int8.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <vector>

namespace bprop::kernels::int8 {
namespace {

struct Case {
  int rows, in, out;
  int32_t x_zero;
  std::vector<int8_t> x, w;  // x: rows x padded_input(in) (padding filled with junk)
  std::vector<int32_t> bias;
};

Case random_case(std::mt19937& gen, int rows, int in, int out) {
  std::uniform_int_distribution<int> byte(-128, 127);
  std::uniform_int_distribution<int32_t> b(-kMaxBias, kMaxBias);
  Case c{rows, in, out, byte(gen), {}, {}, {}};
  c.x.resize(static_cast<std::size_t>(rows) * padded_input(in));
  for (int8_t& v : c.x) v = static_cast<int8_t>(byte(gen));
  c.w.resize(static_cast<std::size_t>(in) * out);
  for (int8_t& v : c.w) v = static_cast<int8_t>(byte(gen));
  c.bias.resize(static_cast<std::size_t>(out));
  for (int32_t& v : c.bias) v = b(gen);
  return c;
}

std::vector<int32_t> run(Isa isa, const Case& c) {
  const PackedWeights w = pack(isa, c.w.data(), c.in, c.out);
  std::vector<int32_t> acc(static_cast<std::size_t>(c.rows) * c.out, 0x5A5A5A5A);
  dense(w, c.x.data(), c.rows, padded_input(c.in), c.x_zero, c.bias.data(), acc.data());
  return acc;
}

// The reference in int64, independent of kernels/int8.cpp: the sums must fit int32 exactly.
std::vector<int32_t> exact(const Case& c) {
  std::vector<int32_t> acc;
  for (int r = 0; r < c.rows; ++r) {
    for (int o = 0; o < c.out; ++o) {
      int64_t s = c.bias[o];
      for (int i = 0; i < c.in; ++i) {
        s += (int64_t{c.x[static_cast<std::size_t>(r) * padded_input(c.in) + i]} - c.x_zero) *
             c.w[static_cast<std::size_t>(o) * c.in + i];
      }
      EXPECT_LE(s, INT32_MAX);
      EXPECT_GE(s, INT32_MIN);
      acc.push_back(static_cast<int32_t>(s));
    }
  }
  return acc;
}

void expect_all_isas_equal(const Case& c, const char* what) {
  const std::vector<int32_t> want = exact(c);
  for (Isa isa : {Isa::kReference, Isa::kAvx2, Isa::kAvx512Vnni}) {
    if (!cpu_supports(isa)) continue;
    ASSERT_EQ(run(isa, c), want) << what << ": " << isa_name(isa) << " rows=" << c.rows
                                 << " in=" << c.in << " out=" << c.out << " zero=" << c.x_zero;
  }
}

TEST(Int8Kernels, RandomShapesMatchTheReferenceBitForBit) {
  std::mt19937 gen(15);
  std::uniform_int_distribution<int> width(1, 1024), rows(1, 9);
  const int fixed[][2] = {{1, 1},    {3, 5},    {4, 16},   {5, 17},  {784, 256}, {256, 128},
                          {128, 10}, {1024, 1}, {1, 1024}, {63, 33}, {65, 47},   {2, 3}};
  for (const auto& s : fixed)
    expect_all_isas_equal(random_case(gen, 1 + s[0] % 6, s[0], s[1]), "fixed");
  for (int t = 0; t < 60; ++t) {
    expect_all_isas_equal(random_case(gen, rows(gen), width(gen), width(gen) / 8 + 1), "random");
  }
  std::printf("int8 kernels: tested up to %s\n", isa_name(best_isa()));
}

// Every product is (−128 − 127)·(−128) or 127·127 at the widest input: vpmaddubsw's int16 pair
// sums would saturate here, and the int32 sums come near 2^31.
TEST(Int8Kernels, ExtremeValuesAtTheWidestInputDoNotSaturate) {
  std::mt19937 gen(3);
  for (int8_t wv : {int8_t{-128}, int8_t{127}}) {
    for (int32_t zero : {-128, 127}) {
      Case c = random_case(gen, 3, kMaxInput, 17);
      c.x_zero = zero;
      const int8_t xv = zero == -128 ? int8_t{127} : int8_t{-128};
      for (int8_t& v : c.x) v = xv;
      for (int8_t& v : c.w) v = wv;
      for (int32_t& v : c.bias) v = wv > 0 ? kMaxBias : -kMaxBias;
      expect_all_isas_equal(c, "extreme");
    }
  }
}

TEST(Int8Kernels, AllZeroChannelsGiveTheirBias) {
  std::mt19937 gen(4);
  Case c = random_case(gen, 5, 37, 33);
  for (int o = 0; o < c.out; o += 2) {
    for (int i = 0; i < c.in; ++i) c.w[static_cast<std::size_t>(o) * c.in + i] = 0;
  }
  expect_all_isas_equal(c, "zero channels");
  for (Isa isa : {Isa::kReference, Isa::kAvx2, Isa::kAvx512Vnni}) {
    if (!cpu_supports(isa)) continue;
    const std::vector<int32_t> acc = run(isa, c);
    for (int r = 0; r < c.rows; ++r) EXPECT_EQ(acc[static_cast<std::size_t>(r) * c.out], c.bias[0]);
  }
}

TEST(Int8Kernels, PackRefusesAnIsaTheCpuLacks) {
  const int8_t w[1] = {1};
  for (Isa isa : {Isa::kAvx2, Isa::kAvx512Vnni}) {
    if (!cpu_supports(isa)) {
      EXPECT_THROW(pack(isa, w, 1, 1), std::invalid_argument);
    }
  }
  EXPECT_NO_THROW(pack(Isa::kReference, w, 1, 1));
}

}  // namespace
}  // namespace bprop::kernels::int8
