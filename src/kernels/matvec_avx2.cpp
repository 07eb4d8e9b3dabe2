// The AVX2+FMA forms of the matrix-vector products (kernels/matvec_avx2.h), compiled with a
// `target` attribute so the portable build carries them; matvec.cpp runs them on CPUs with AVX2 but
// no AVX-512.
#include "kernels/matvec_avx2.h"

#include <algorithm>
#include <cstddef>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

namespace bprop::kernels::matvec::avx2 {

namespace {

__attribute__((target("avx2,fma"))) float sum8(__m256 v) {
  const __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(t, _mm_shuffle_ps(t, t, 1)));
}

}  // namespace

__attribute__((target("avx2,fma"))) void dots(int n, int k, float alpha, const float* x,
                                              const float* b, int ldb, float beta, float* y) {
  const int body = k & ~7;
  for (int j = 0; j < n; j += 2) {
    const float* r0 = row(b, j, ldb);
    const float* r1 = j + 1 < n ? r0 + ldb : r0;  // an odd last row is computed twice
    __m256 a0 = _mm256_setzero_ps(), a1 = a0;
    for (int p = 0; p < body; p += 8) {
      const __m256 xv = _mm256_loadu_ps(x + p);
      a0 = _mm256_fmadd_ps(_mm256_loadu_ps(r0 + p), xv, a0);
      a1 = _mm256_fmadd_ps(_mm256_loadu_ps(r1 + p), xv, a1);
    }
    float s0 = sum8(a0), s1 = sum8(a1);
    for (int p = body; p < k; ++p) {
      s0 += r0[p] * x[p];
      s1 += r1[p] * x[p];
    }
    y[j] = finish(s0, alpha, beta, y + j);
    if (j + 1 < n) y[j + 1] = finish(s1, alpha, beta, y + j + 1);
  }
}

__attribute__((target("avx2,fma"))) void axpys(int n, int k, float alpha, const float* x,
                                               const float* b, int ldb, float beta, float* y) {
  const int body = n & ~7;
  for (int j0 = 0; j0 < body; j0 += 32) {
    const int blocks = std::min(4, (body - j0) / 8);
    __m256 a[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                   _mm256_setzero_ps()};
    for (int p = 0; p < k; ++p) {
      const __m256 xp = _mm256_set1_ps(x[p]);
      const float* bp = row(b, p, ldb) + j0;
      for (int i = 0; i < blocks; ++i) {
        a[i] = _mm256_fmadd_ps(_mm256_loadu_ps(bp + 8 * i), xp, a[i]);
      }
    }
    for (int i = 0; i < blocks; ++i) {
      __m256 out = _mm256_mul_ps(a[i], _mm256_set1_ps(alpha));
      if (beta != 0.0f) {
        out = _mm256_fmadd_ps(_mm256_loadu_ps(y + j0 + 8 * i), _mm256_set1_ps(beta), out);
      }
      _mm256_storeu_ps(y + j0 + 8 * i, out);
    }
  }
  for (int j = body; j < n; ++j) {
    float s = 0.0f;
    for (int p = 0; p < k; ++p) s += x[p] * row(b, p, ldb)[j];
    y[j] = finish(s, alpha, beta, y + j);
  }
}

}  // namespace bprop::kernels::matvec::avx2

#endif
