// Internal: a 16 x 16 float transpose in AVX-512 registers, for the small GEMM's packed panels
// (small_gemm.cpp) and softmax's rows turned into lanes (vector_exp.cpp). x86-64 only.
#pragma once

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

namespace bprop::kernels {

// Transposes a 16 x 16 block held as 16 row vectors into its 16 column vectors: pairs of rows
// interleaved, then 4 x 4 blocks within each 128-bit lane, then the lanes themselves.
__attribute__((target("avx512f"), always_inline)) inline void transpose16(__m512 (&r)[16]) {
  __m512 t[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
  }
  // r[4g + c]'s 128-bit lane L: column 4L + c of rows 4g..4g+3.
  for (int i = 0; i < 16; i += 4) {
    r[i] = _mm512_shuffle_ps(t[i], t[i + 2], 0x44);
    r[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], 0xEE);
    r[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0x44);
    r[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
  }
  for (int c = 0; c < 4; ++c) {
    const __m512 even01 = _mm512_shuffle_f32x4(r[c], r[4 + c], 0x88);
    const __m512 odd01 = _mm512_shuffle_f32x4(r[c], r[4 + c], 0xDD);
    const __m512 even23 = _mm512_shuffle_f32x4(r[8 + c], r[12 + c], 0x88);
    const __m512 odd23 = _mm512_shuffle_f32x4(r[8 + c], r[12 + c], 0xDD);
    t[c] = _mm512_shuffle_f32x4(even01, even23, 0x88);
    t[8 + c] = _mm512_shuffle_f32x4(even01, even23, 0xDD);
    t[4 + c] = _mm512_shuffle_f32x4(odd01, odd23, 0x88);
    t[12 + c] = _mm512_shuffle_f32x4(odd01, odd23, 0xDD);
  }
  for (int i = 0; i < 16; ++i) r[i] = t[i];
}

}  // namespace bprop::kernels

#endif
