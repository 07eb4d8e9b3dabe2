// The vector int8 kernels (kernels/int8.h), compiled with `target` attributes so the portable
// build carries them; int8.cpp calls one only when the CPU runs it. Both walk the packed layout:
// per block of 16 outputs, per group of 4 inputs, 64 bytes of weights, and broadcast each row's
// 4 inputs (one int32) against them, so no horizontal sum is needed per output.
#include <cstring>

#include "kernels/int8_fast.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define BPROP_INT8_X86 1
#endif

namespace bprop::kernels::int8 {

#ifdef BPROP_INT8_X86

namespace {

inline int32_t load4(const int8_t* p) {
  int32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

struct Tile {
  const int8_t* w;     // the first block's weights
  std::size_t stride;  // bytes from one block to the next
  int groups;
  const int8_t* x;
  int ldx;
  const int32_t* bias;  // the first block's 16 folded biases
  int32_t* acc;         // row 0, the first block's first output
  int out;              // acc's row stride
  int valid;            // outputs left from the first block on
};

// AVX2: each 16 bytes (4 outputs x 4 inputs) sign-extended to int16 and multiplied by the row's 4
// inputs as int16 (vpmaddwd: pairs of exact products summed into int32), so a[r][q] holds outputs
// 4q..4q+3, two partial sums each, added pairwise at the end.
template <int R>
__attribute__((target("avx2"))) void tile_avx2(const Tile& t) {
  __m256i a[R][4];
  for (int r = 0; r < R; ++r) {
    for (int q = 0; q < 4; ++q) a[r][q] = _mm256_setzero_si256();
  }
  for (int g = 0; g < t.groups; ++g) {
    const int8_t* wg = t.w + static_cast<std::size_t>(g) * 64;
    __m256i w[4];
    for (int q = 0; q < 4; ++q) {
      w[q] = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(wg + 16 * q)));
    }
    for (int r = 0; r < R; ++r) {
      const __m128i x16 = _mm_cvtepi8_epi16(_mm_cvtsi32_si128(load4(t.x + r * t.ldx + 4 * g)));
      const __m256i xb = _mm256_broadcastq_epi64(x16);
      for (int q = 0; q < 4; ++q) a[r][q] = _mm256_add_epi32(a[r][q], _mm256_madd_epi16(w[q], xb));
    }
  }
  for (int r = 0; r < R; ++r) {
    // hadd gives outputs (0 1 4 5 | 2 3 6 7); the 64-bit permute puts them in order.
    const __m256i lo = _mm256_permute4x64_epi64(_mm256_hadd_epi32(a[r][0], a[r][1]), 0xD8);
    const __m256i hi = _mm256_permute4x64_epi64(_mm256_hadd_epi32(a[r][2], a[r][3]), 0xD8);
    alignas(32) int32_t sums[16];
    _mm256_store_si256(
        reinterpret_cast<__m256i*>(sums),
        _mm256_add_epi32(lo, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(t.bias))));
    _mm256_store_si256(
        reinterpret_cast<__m256i*>(sums + 8),
        _mm256_add_epi32(hi, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(t.bias + 8))));
    const int n = t.valid < kBlock ? t.valid : kBlock;
    std::memcpy(t.acc + static_cast<std::ptrdiff_t>(r) * t.out, sums, sizeof(int32_t) * n);
  }
}

// AVX-512 VNNI: vpdpbusd adds four u8·s8 products into each int32 lane; x + 128 is the u8 (the
// bias was folded for it). R rows by N blocks share each weight load and each broadcast.
template <int R, int N>
__attribute__((target("avx512f,avx512vnni"))) void tile_vnni(const Tile& t) {
  __m512i a[R][N];
  for (int r = 0; r < R; ++r) {
    for (int n = 0; n < N; ++n) a[r][n] = _mm512_setzero_si512();
  }
  const __m512i flip = _mm512_set1_epi32(static_cast<int32_t>(0x80808080u));
  for (int g = 0; g < t.groups; ++g) {
    __m512i w[N];
    for (int n = 0; n < N; ++n) w[n] = _mm512_loadu_si512(t.w + n * t.stride + 64 * g);
    for (int r = 0; r < R; ++r) {
      const __m512i xb = _mm512_xor_si512(_mm512_set1_epi32(load4(t.x + r * t.ldx + 4 * g)), flip);
      for (int n = 0; n < N; ++n) a[r][n] = _mm512_dpbusd_epi32(a[r][n], xb, w[n]);
    }
  }
  for (int n = 0; n < N; ++n) {
    const int valid = t.valid - kBlock * n;
    const __mmask16 mask =
        valid >= kBlock ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << valid) - 1u);
    const __m512i b = _mm512_loadu_si512(t.bias + kBlock * n);
    for (int r = 0; r < R; ++r) {
      _mm512_mask_storeu_epi32(t.acc + static_cast<std::ptrdiff_t>(r) * t.out + kBlock * n, mask,
                               _mm512_add_epi32(a[r][n], b));
    }
  }
}

Tile tile_at(const PackedWeights& w, const int8_t* x, int ldx, const int32_t* bias, int32_t* acc,
             int r, int block) {
  const int groups = padded_input(w.in) / kGroup;
  const std::size_t stride = static_cast<std::size_t>(groups) * kBlock * kGroup;
  return {w.data.data() + block * stride,
          stride,
          groups,
          x + static_cast<std::ptrdiff_t>(r) * ldx,
          ldx,
          bias + kBlock * block,
          acc + static_cast<std::ptrdiff_t>(r) * w.out + kBlock * block,
          w.out,
          w.out - kBlock * block};
}

}  // namespace

void dense_avx2(const PackedWeights& w, const int8_t* x, int rows, int ldx, const int32_t* bias,
                int32_t* acc) {
  const int blocks = (w.out + kBlock - 1) / kBlock;
  for (int b = 0; b < blocks; ++b) {
    int r = 0;
    for (; r + 2 <= rows; r += 2) tile_avx2<2>(tile_at(w, x, ldx, bias, acc, r, b));
    for (; r < rows; ++r) tile_avx2<1>(tile_at(w, x, ldx, bias, acc, r, b));
  }
}

void dense_avx512_vnni(const PackedWeights& w, const int8_t* x, int rows, int ldx,
                       const int32_t* bias, int32_t* acc) {
  const int blocks = (w.out + kBlock - 1) / kBlock;
  int b = 0;
  for (; b + 4 <= blocks; b += 4) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) tile_vnni<4, 4>(tile_at(w, x, ldx, bias, acc, r, b));
    for (; r < rows; ++r) tile_vnni<1, 4>(tile_at(w, x, ldx, bias, acc, r, b));
  }
  for (; b < blocks; ++b) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) tile_vnni<4, 1>(tile_at(w, x, ldx, bias, acc, r, b));
    for (; r < rows; ++r) tile_vnni<1, 1>(tile_at(w, x, ldx, bias, acc, r, b));
  }
}

#else  // not x86: int8.cpp never calls these (cpu_supports is false)

void dense_avx2(const PackedWeights&, const int8_t*, int, int, const int32_t*, int32_t*) {}
void dense_avx512_vnni(const PackedWeights&, const int8_t*, int, int, const int32_t*, int32_t*) {}

#endif

}  // namespace bprop::kernels::int8
