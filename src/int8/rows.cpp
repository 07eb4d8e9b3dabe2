// The per-row loops of Int8Predictor (int8/rows.h).
#include "int8/rows.h"

#include "int8/arithmetic.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define BPROP_INT8_ROWS_X86 1
#endif
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12's AVX-512 intrinsics pass _mm512_undefined_*() to masked builtins, which trips
// -Wmaybe-uninitialized once they are inlined here (a known false positive; matvec.cpp too).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace bprop::int8 {

namespace {

#ifdef BPROP_INT8_ROWS_X86

// quantize_input on 16 lanes: NaN to 0, clamp to ±1000, add ±0.5, truncate, add the zero point,
// saturate to int8 (the clamp of the scalar version).
__attribute__((target("avx512f"))) void quantize_avx512(const float* x, int n, float inverse_scale,
                                                        int32_t zero, int8_t* q) {
  const __m512 scale = _mm512_set1_ps(inverse_scale), low = _mm512_set1_ps(-1000.0f);
  const __m512 high = _mm512_set1_ps(1000.0f), up = _mm512_set1_ps(0.5f);
  const __m512 down = _mm512_set1_ps(-0.5f), none = _mm512_setzero_ps();
  const __m512i z = _mm512_set1_epi32(zero);
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    __m512 t = _mm512_mul_ps(_mm512_loadu_ps(x + i), scale);
    t = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(t, t, _CMP_ORD_Q), t);
    t = _mm512_min_ps(_mm512_max_ps(t, low), high);
    const __m512 half = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(t, none, _CMP_GE_OQ), down, up);
    const __m512i v = _mm512_add_epi32(_mm512_cvttps_epi32(_mm512_add_ps(t, half)), z);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(q + i), _mm512_cvtsepi32_epi8(v));
  }
  for (; i < n; ++i) q[i] = quantize_input(x[i], inverse_scale, zero);
}

__attribute__((target("avx512f"))) inline __m512i wide(const int32_t* p) {
  return _mm512_cvtepi32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}

// requantize on 8 lanes of int64: acc · multiplier, + 2^(shift−1), arithmetic shift, + zero,
// saturate to int8.
__attribute__((target("avx512f"))) void requantize_avx512(const int32_t* acc,
                                                          const int32_t* multiplier,
                                                          const int32_t* shift, int32_t zero, int n,
                                                          int8_t* y) {
  const __m512i one = _mm512_set1_epi64(1), z = _mm512_set1_epi64(zero);
  int o = 0;
  for (; o + 8 <= n; o += 8) {
    const __m512i s = wide(shift + o);
    const __m512i product = _mm512_mul_epi32(wide(acc + o), wide(multiplier + o));
    const __m512i round = _mm512_sllv_epi64(one, _mm512_sub_epi64(s, one));
    const __m512i v = _mm512_add_epi64(_mm512_srav_epi64(_mm512_add_epi64(product, round), s), z);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(y + o), _mm512_cvtsepi64_epi8(v));
  }
  for (; o < n; ++o) y[o] = requantize(acc[o], {multiplier[o], shift[o]}, zero);
}

#endif

}  // namespace

void quantize_row(bool avx512, const float* x, int n, float inverse_scale, int32_t zero,
                  int8_t* q) {
#ifdef BPROP_INT8_ROWS_X86
  if (avx512) return quantize_avx512(x, n, inverse_scale, zero, q);
#endif
  (void)avx512;
  for (int i = 0; i < n; ++i) q[i] = quantize_input(x[i], inverse_scale, zero);
}

void requantize_row(bool avx512, const int32_t* acc, const int32_t* multiplier,
                    const int32_t* shift, int32_t zero, int n, int8_t* y) {
#ifdef BPROP_INT8_ROWS_X86
  if (avx512) return requantize_avx512(acc, multiplier, shift, zero, n, y);
#endif
  (void)avx512;
  for (int o = 0; o < n; ++o) y[o] = requantize(acc[o], {multiplier[o], shift[o]}, zero);
}

}  // namespace bprop::int8
