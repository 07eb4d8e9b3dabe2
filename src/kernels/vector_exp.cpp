// glibc's expf, vectorised (kernels/vector_exp.h). Each step is the scalar code's operation in the
// same order and precision, with the same fused multiply-adds (read from __expf_fma's code), so
// every lane rounds as the scalar call does; vector_exp_test.cpp compares them bit for bit.
#include "kernels/vector_exp.h"

#include <cstdint>

#include "bprop/kernels/matvec.h"
#include "kernels/transpose16.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define BPROP_VECTOR_EXP_X86 1
#endif
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12's AVX-512 intrinsics pass undefined vectors to masked builtins (matvec.cpp says more).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace bprop::kernels::vector_exp {

bool available() { return matvec::best_isa() == matvec::Isa::kAvx512; }

#ifdef BPROP_VECTOR_EXP_X86
namespace {

// glibc's __exp2f_data (sysdeps/ieee754/flt-32/math_config.h, exp2f_data.c) as bit patterns:
// tab[i] = bits(2^(i/32)) - (i << 47), 32/ln2, the cubic's coefficients scaled for 32, and the
// shift that rounds to an integer in the low bits.
constexpr uint64_t kTable[32] = {
    0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51,
    0x3fef72b83c7d517b, 0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1,
    0x3fef06fe0a31b715, 0x3feef1a7373aa9cb, 0x3feedea64c123422, 0x3feece086061892d,
    0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429, 0x3feea47eb03a5585,
    0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
    0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d,
    0x3feee89f995ad3ad, 0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069,
    0x3fef5818dcfba487, 0x3fef7c97337b9b5f, 0x3fefa4afa2a490da, 0x3fefd0765b6e4540};
constexpr uint64_t kInvLn2N = 0x40471547652b82fe;
constexpr uint64_t kPoly[3] = {0x3ebc6af84b912394, 0x3f2ebfce50fac4f3, 0x3f962e42ff0c52d6};
constexpr uint64_t kShift = 0x4338000000000000;
// Where the scalar code leaves its main path: above log(2^128) it overflows to +inf; below
// log(2^-150) it returns +0 (so does -inf); below log(2^-149) the smallest subnormal, 2^-149.
constexpr uint32_t kOverflowAbove = 0x42b17217, kZeroBelow = 0xc2cff1b4, kTiniestBelow = 0xc2ce8ecf;

__attribute__((target("avx512f"))) inline __m512d bits_pd(uint64_t bits) {
  return _mm512_castsi512_pd(_mm512_set1_epi64(static_cast<long long>(bits)));
}

__attribute__((target("avx512f"))) inline __m512 bits_ps(uint32_t bits) {
  return _mm512_castsi512_ps(_mm512_set1_epi32(static_cast<int>(bits)));
}

// A vector's low and high 8 lanes, and two halves joined: the double-precision steps below work on
// 8 lanes at a time.
__attribute__((target("avx512f"))) inline __m256 low8(__m512 v) {
  return _mm512_castps512_ps256(v);
}

__attribute__((target("avx512f"))) inline __m256 high8(__m512 v) {
  return _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1));
}

__attribute__((target("avx512f"))) inline __m512 join8(__m256 low, __m256 high) {
  return _mm512_castpd_ps(
      _mm512_insertf64x4(_mm512_castps_pd(_mm512_castps256_ps512(low)), _mm256_castps_pd(high), 1));
}

// The main path for 8 lanes (__expf_fma's instructions, in order).
__attribute__((target("avx512f"))) inline __m256 exp8(__m256 x) {
  const __m512d xd = _mm512_cvtps_pd(x);
  const __m512d inv_ln2n = bits_pd(kInvLn2N), shift = bits_pd(kShift);
  const __m512d kd_shifted = _mm512_fmadd_pd(inv_ln2n, xd, shift);
  const __m512i ki = _mm512_castpd_si512(kd_shifted);
  const __m512d kd = _mm512_sub_pd(kd_shifted, shift);
  const __m512d r = _mm512_fmsub_pd(inv_ln2n, xd, kd);
  // tab[ki % 32] from four registers of the table, then + (ki << 47): s = 2^(k/32).
  const __m512i* tab = reinterpret_cast<const __m512i*>(kTable);
  const __m512i index = _mm512_and_si512(ki, _mm512_set1_epi64(31));
  const __m512i low =
      _mm512_permutex2var_epi64(_mm512_loadu_si512(tab), index, _mm512_loadu_si512(tab + 1));
  const __m512i high =
      _mm512_permutex2var_epi64(_mm512_loadu_si512(tab + 2), index, _mm512_loadu_si512(tab + 3));
  const __m512i t =
      _mm512_mask_blend_epi64(_mm512_test_epi64_mask(index, _mm512_set1_epi64(16)), low, high);
  const __m512d s = _mm512_castsi512_pd(_mm512_add_epi64(t, _mm512_slli_epi64(ki, 47)));
  const __m512d z = _mm512_fmadd_pd(r, bits_pd(kPoly[0]), bits_pd(kPoly[1]));
  const __m512d r2 = _mm512_mul_pd(r, r);
  __m512d y = _mm512_fmadd_pd(r, bits_pd(kPoly[2]), _mm512_set1_pd(1.0));
  y = _mm512_fmadd_pd(z, r2, y);
  return _mm512_cvtpd_ps(_mm512_mul_pd(y, s));
}

// 16 lanes: the main path, then the scalar code's special cases in its order of precedence.
__attribute__((target("avx512f"))) inline __m512 exp16(__m512 x) {
  __m512 y = join8(exp8(low8(x)), exp8(high8(x)));
  const __mmask16 tiniest = _mm512_cmp_ps_mask(x, bits_ps(kTiniestBelow), _CMP_LT_OQ);
  y = _mm512_mask_mov_ps(y, tiniest, bits_ps(0x00000001));
  const __mmask16 zero = _mm512_cmp_ps_mask(x, bits_ps(kZeroBelow), _CMP_LT_OQ);
  y = _mm512_mask_mov_ps(y, zero, _mm512_setzero_ps());
  const __mmask16 overflow = _mm512_cmp_ps_mask(x, bits_ps(kOverflowAbove), _CMP_GT_OQ);
  y = _mm512_mask_mov_ps(y, overflow, bits_ps(0x7f800000));
  const __mmask16 nan = _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q);
  return _mm512_mask_add_ps(y, nan, x, x);  // NaN: x + x, as the scalar code
}

}  // namespace

__attribute__((target("avx512f"))) void exp_in_place(float* x, std::size_t n) {
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(x + i, exp16(_mm512_loadu_ps(x + i)));
  if (i < n) {
    const auto lanes = static_cast<__mmask16>((1u << (n - i)) - 1u);
    _mm512_mask_storeu_ps(x + i, lanes, exp16(_mm512_maskz_loadu_ps(lanes, x + i)));
  }
}

namespace {
// Σ_c e_c in double, class by class, for the 16 lanes: the low and the high 8 lanes.
struct Sums {
  __m512d low, high;
};

__attribute__((target("avx512f"), always_inline)) inline void add(Sums& s, __m512 e) {
  s.low = _mm512_add_pd(s.low, _mm512_cvtps_pd(low8(e)));
  s.high = _mm512_add_pd(s.high, _mm512_cvtps_pd(high8(e)));
}
}  // namespace

__attribute__((target("avx512f"))) void softmax_16_rows(const float* z, int n, float scale,
                                                        float* g, float* max, double* sum) {
  const auto classes = static_cast<__mmask16>((1u << n) - 1u);
  __m512 v[16];
  for (int r = 0; r < 16; ++r) v[r] = _mm512_maskz_loadu_ps(classes, z + r * n);
  transpose16(v);  // v[c]: class c of the 16 rows
  __m512 largest = v[0];
  for (int c = 1; c < n; ++c) {  // as std::max_element: a later logit wins only when larger
    largest = _mm512_mask_mov_ps(largest, _mm512_cmp_ps_mask(largest, v[c], _CMP_LT_OQ), v[c]);
  }
  Sums s{_mm512_setzero_pd(), _mm512_setzero_pd()};
  for (int c = 0; c < n; ++c) {
    v[c] = exp16(_mm512_sub_ps(v[c], largest));
    add(s, v[c]);
  }
  const __m512d one = _mm512_set1_pd(1.0);
  const __m512 inv = _mm512_mul_ps(join8(_mm512_cvtpd_ps(_mm512_div_pd(one, s.low)),
                                         _mm512_cvtpd_ps(_mm512_div_pd(one, s.high))),
                                   _mm512_set1_ps(scale));
  for (int c = 0; c < n; ++c) v[c] = _mm512_mul_ps(v[c], inv);
  transpose16(v);
  for (int r = 0; r < 16; ++r) _mm512_mask_storeu_ps(g + r * n, classes, v[r]);
  _mm512_storeu_ps(max, largest);
  _mm512_storeu_pd(sum, s.low);
  _mm512_storeu_pd(sum + 8, s.high);
}
#else
void exp_in_place(float*, std::size_t) {}
void softmax_16_rows(const float*, int, float, float*, float*, double*) {}
#endif

}  // namespace bprop::kernels::vector_exp
