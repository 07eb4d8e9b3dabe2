// Row vector times matrix (kernels/matvec.h), one function per instruction set. The AVX-512 and
// AVX2 variants carry GCC/clang `target` attributes, so this portable file holds code for wider
// CPUs; best_isa() asks the CPU once which one to run. The baseline is the built-in GEMM.
#include "bprop/kernels/matvec.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>

#include "bprop/threads.h"
#include "kernels/isa_dispatch.h"
#include "kernels/row_split.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define BPROP_MATVEC_X86 1
#endif
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12's AVX-512 intrinsics pass _mm512_undefined_ps() to masked builtins, which trips
// -Wmaybe-uninitialized once they are inlined here (a known false positive).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace bprop::kernels::matvec {

namespace {

// y = alpha·s + beta·y, without reading y when beta == 0 (gemm's contract).
inline float finish(float s, float alpha, float beta, const float* y) {
  return beta == 0.0f ? alpha * s : alpha * s + beta * *y;
}

const float* row(const float* b, int r, int ldb) {
  return b + static_cast<std::ptrdiff_t>(r) * ldb;
}

#ifdef BPROP_MATVEC_X86

// op(B) = Bᵀ: y_j = x·B_j for rows j0..j0+R-1 of B, sharing each load of x; the last k % 16
// columns through masked loads. Eight rows at a time keep eight independent streams and
// accumulators in flight, which four do not (docs/benchmarks.md, "Measurements behind design
// choices").
template <int R>
__attribute__((target("avx512f"))) void dot_rows_avx512(int j0, int k, float alpha, const float* x,
                                                        const float* b, int ldb, float beta,
                                                        float* y) {
  const int body = k & ~15;
  const __mmask16 tail = static_cast<__mmask16>((1u << (k & 15)) - 1u);
  __m512 a[R];
  for (int r = 0; r < R; ++r) a[r] = _mm512_setzero_ps();
  for (int p = 0; p < body; p += 16) {
    const __m512 xv = _mm512_loadu_ps(x + p);
    for (int r = 0; r < R; ++r) {
      // 512 bytes ahead: B streams from L3, and the hardware prefetcher alone leaves the loop
      // waiting (a prefetch past the end of B is harmless: it never faults).
      _mm_prefetch(reinterpret_cast<const char*>(row(b, j0 + r, ldb) + p + 128), _MM_HINT_T0);
      a[r] = _mm512_fmadd_ps(_mm512_loadu_ps(row(b, j0 + r, ldb) + p), xv, a[r]);
    }
  }
  if (tail) {
    const __m512 xv = _mm512_maskz_loadu_ps(tail, x + body);
    for (int r = 0; r < R; ++r) {
      a[r] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, row(b, j0 + r, ldb) + body), xv, a[r]);
    }
  }
  for (int r = 0; r < R; ++r) {
    y[j0 + r] = finish(_mm512_reduce_add_ps(a[r]), alpha, beta, y + j0 + r);
  }
}

__attribute__((target("avx512f"))) void dots_avx512(int n, int k, float alpha, const float* x,
                                                    const float* b, int ldb, float beta, float* y) {
  int j = 0;
  for (; j + 8 <= n; j += 8) dot_rows_avx512<8>(j, k, alpha, x, b, ldb, beta, y);
  for (; j < n; ++j) dot_rows_avx512<1>(j, k, alpha, x, b, ldb, beta, y);
}

// acc[i] += xp · B_p[16i, 16i + 16), the last block masked; each line of `ahead` (a row of B
// kRowsAhead further on) is prefetched, which beat the hardware prefetcher alone
// (docs/benchmarks.md, "Measurements behind design choices"; a prefetch past the end of B never
// faults).
constexpr int kRowsAhead = 8;
template <int NB>
__attribute__((target("avx512f"), always_inline)) inline void axpy_row(__m512* acc, __mmask16 last,
                                                                       float xp, const float* bp,
                                                                       const float* ahead) {
  const __m512 xv = _mm512_set1_ps(xp);
  for (int i = 0; i < NB; ++i)
    _mm_prefetch(reinterpret_cast<const char*>(ahead + 16 * i), _MM_HINT_T0);
  for (int i = 0; i + 1 < NB; ++i)
    acc[i] = _mm512_fmadd_ps(_mm512_loadu_ps(bp + 16 * i), xv, acc[i]);
  acc[NB - 1] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(last, bp + 16 * (NB - 1)), xv, acc[NB - 1]);
}

// op(B) = B: y[j0, j0 + 16·NB) accumulates x_p·B_p over all p, the whole panel of outputs in NB
// registers, so B streams once, row after row, and x is only broadcast. With few blocks the FMA
// latency (4 cycles) would idle the two FMA pipes, so C partial sums take turns over p and are
// added at the end. Faster than the dot form over W (dots_avx512) for a Dense layer stored
// transposed, as the Predictor stores it (docs/design.md, "Matrix-vector products").
template <int NB, int C>
__attribute__((target("avx512f"))) void axpy_panel_avx512(int j0, int w, int k, float alpha,
                                                          const float* x, const float* b, int ldb,
                                                          float beta, float* y) {
  const __mmask16 last = static_cast<__mmask16>((1u << (w - 16 * (NB - 1))) - 1u);  // 1..16 lanes
  __m512 a[C][NB];
  for (int c = 0; c < C; ++c) {
    for (int i = 0; i < NB; ++i) a[c][i] = _mm512_setzero_ps();
  }
  int p = 0;
  for (; p + C <= k; p += C) {
    for (int c = 0; c < C; ++c) {
      axpy_row<NB>(a[c], last, x[p + c], row(b, p + c, ldb) + j0,
                   row(b, p + c + kRowsAhead, ldb) + j0);
    }
  }
  for (; p < k; ++p) {
    axpy_row<NB>(a[0], last, x[p], row(b, p, ldb) + j0, row(b, p + kRowsAhead, ldb) + j0);
  }
  for (int i = 0; i < NB; ++i) {
    __m512 s = a[0][i];
    for (int c = 1; c < C; ++c) s = _mm512_add_ps(s, a[c][i]);
    const __mmask16 m = i + 1 < NB ? static_cast<__mmask16>(0xFFFF) : last;
    __m512 out = _mm512_mul_ps(s, _mm512_set1_ps(alpha));
    if (beta != 0.0f) {
      out = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, y + j0 + 16 * i), _mm512_set1_ps(beta), out);
    }
    _mm512_mask_storeu_ps(y + j0 + 16 * i, m, out);
  }
}

// Chains per block count: enough independent sums for two FMA pipes of latency 4, within the 32
// registers.
constexpr int chains(int blocks) { return blocks <= 2 ? 4 : blocks <= 8 ? 2 : 1; }

using Panel = void (*)(int, int, int, float, const float*, const float*, int, float, float*);
template <int C, int... I>
constexpr std::array<Panel, sizeof...(I)> make_panels(std::integer_sequence<int, I...>) {
  return {&axpy_panel_avx512<I + 1, C>...};
}
// By chain count (1, 2, 4), then by blocks: a part of a panel keeps the whole panel's chains, so
// each output is summed as when one thread runs the panel.
constexpr std::array<std::array<Panel, 16>, 3> kPanels = {
    make_panels<1>(std::make_integer_sequence<int, 16>{}),
    make_panels<2>(std::make_integer_sequence<int, 16>{}),
    make_panels<4>(std::make_integer_sequence<int, 16>{})};

void run_panel(int chain_count, int j0, int w, int k, float alpha, const float* x, const float* b,
               int ldb, float beta, float* y) {
  const std::size_t by_chains = chain_count == 1 ? 0 : chain_count == 2 ? 1 : 2;
  const std::size_t blocks = static_cast<std::size_t>((w + 15) / 16 - 1);
  kPanels[by_chains][blocks](j0, w, k, alpha, x, b, ldb, beta, y);
}

// Products of at least this many multiply-adds split their outputs over the GEMM threads: a
// single sample's first Dense layer of 784 x 256 then reads half of W on each core.
constexpr long long kMinSplitWork = 1 << 16;

bool split(int n, int k) { return n >= 32 && static_cast<long long>(n) * k >= kMinSplitWork; }

void axpys_avx512(int n, int k, float alpha, const float* x, const float* b, int ldb, float beta,
                  float* y) {
  for (int j0 = 0; j0 < n; j0 += 256) {
    const int w = std::min(256, n - j0);
    const int c = chains((w + 15) / 16);
    // Two parts of whole 16-column blocks, or the whole panel as one part.
    const int half = split(w, k) ? (w + 15) / 16 / 2 * 16 : w;
    detail::run_parts(half < w ? num_threads() : 1, half < w ? 2 : 1, [&](int part) {
      run_panel(c, j0 + part * half, part == 0 ? half : w - half, k, alpha, x, b, ldb, beta, y);
    });
  }
}

void dots_split_avx512(int n, int k, float alpha, const float* x, const float* b, int ldb,
                       float beta, float* y) {
  if (!split(n, k)) return dots_avx512(n, k, alpha, x, b, ldb, beta, y);
  const int half = n / 2 / 16 * 16;  // rows: each is its own sum, however they are grouped
  detail::run_parts(num_threads(), 2, [&](int part) {
    const int first = part * half;
    dots_avx512(part == 0 ? half : n - half, k, alpha, x, row(b, first, ldb), ldb, beta, y + first);
  });
}

__attribute__((target("avx2,fma"))) inline float sum8(__m256 v) {
  const __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(t, _mm_shuffle_ps(t, t, 1)));
}

// The AVX2 forms: eight lanes, the last k % 8 (or n % 8) elements in scalar code.
__attribute__((target("avx2,fma"))) void dots_avx2(int n, int k, float alpha, const float* x,
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

__attribute__((target("avx2,fma"))) void axpys_avx2(int n, int k, float alpha, const float* x,
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

#endif  // BPROP_MATVEC_X86

Isa detect() {
#ifdef BPROP_MATVEC_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return Isa::kAvx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Isa::kAvx2;
#endif
  return Isa::kBaseline;
}

}  // namespace

using Dispatch = IsaDispatch<Isa, detect>;

bool cpu_supports(Isa isa) { return Dispatch::supports(isa); }

Isa best_isa() { return Dispatch::best(); }

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::kAvx512:
      return "avx512";
    case Isa::kAvx2:
      return "avx2";
    case Isa::kBaseline:
      break;
  }
  return "baseline";
}

void sgemv(Isa isa, Transpose trans_b, int n, int k, float alpha, const float* x, const float* b,
           int ldb, float beta, float* y) {
  const bool dots = trans_b == Transpose::kYes;
#ifdef BPROP_MATVEC_X86
  if (isa == Isa::kAvx512) {
    return dots ? dots_split_avx512(n, k, alpha, x, b, ldb, beta, y)
                : axpys_avx512(n, k, alpha, x, b, ldb, beta, y);
  }
  if (isa == Isa::kAvx2) {
    return dots ? dots_avx2(n, k, alpha, x, b, ldb, beta, y)
                : axpys_avx2(n, k, alpha, x, b, ldb, beta, y);
  }
#endif
  (void)dots;
  (void)isa;
  builtin::gemm(Transpose::kNo, trans_b, 1, n, k, alpha, x, k, b, ldb, beta, y, n);
}

void sgemv(Transpose trans_b, int n, int k, float alpha, const float* x, const float* b, int ldb,
           float beta, float* y) {
  sgemv(best_isa(), trans_b, n, k, alpha, x, b, ldb, beta, y);
}

}  // namespace bprop::kernels::matvec
