// int8 dense kernels: acc (rows x out, int32) = bias[o] + Σ_i (x[r][i] − x_zero) · w[o][i], with
// x and w int8. Integer sums are exact in any order, so every variant gives the same bits as the
// reference loop (kernels/int8_test.cpp checks it on random and extreme cases); the fast ones only
// reorder. The AVX2 variant multiplies s8·s8 as int16 pairs (vpmovsxbw + vpmaddwd), which never
// saturates, unlike vpmaddubsw's int16 sums; the AVX-512 VNNI variant runs vpdpbusd on x + 128
// (unsigned) and subtracts 128 · Σ w from the bias. The best one the CPU runs is chosen once.
#pragma once

#include <cstdint>
#include <vector>

namespace bprop::kernels::int8 {

// Ordered: a CPU with AVX-512 VNNI has AVX2.
enum class Isa { kReference, kAvx2, kAvx512Vnni };

// The kernels' contract on sizes: with in <= kMaxInput and |bias| <= kMaxBias every partial sum of
// bias + Σ (x − x_zero)·w stays below 2^31 (255 · 127 · 32768 + 2^29 < 2^31), so the reference's
// int32 loop never overflows.
inline constexpr int kMaxInput = 32768;
inline constexpr int32_t kMaxBias = int32_t{1} << 29;

bool cpu_supports(Isa isa);
Isa best_isa();  // decided once per process
const char* isa_name(Isa isa);

// The weights laid out for one Isa. Reference: w as given (out x in). Fast kernels: blocks of 16
// outputs x 4 inputs, 64 bytes each (output o, input 4g + j at byte 4o + j), input-group-major
// within a block; `out` padded to 16 and `in` to 4 with zeros.
struct PackedWeights {
  Isa isa = Isa::kReference;
  int in = 0, out = 0;
  std::vector<int8_t> data;
  std::vector<int32_t> row_sums;  // Σ_i w[o][i]: folds the zero points into the bias
};

// w is (out x in), row-major. `isa` must be supported.
PackedWeights pack(Isa isa, const int8_t* w, int in, int out);

// The padded width of an x row the fast kernels read: `in` rounded up to 4 (the padding bytes
// meet zero weights, so any value there is fine, but they must be readable).
inline int padded_input(int in) { return (in + 3) / 4 * 4; }

// acc[r * out + o] for rows r < rows; x row r starts at x + r * ldx, ldx >= padded_input(in).
void dense(const PackedWeights& w, const int8_t* x, int rows, int ldx, int32_t x_zero,
           const int32_t* bias, int32_t* acc);

}  // namespace bprop::kernels::int8
