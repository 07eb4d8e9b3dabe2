// Row vector times matrix (kernels/matvec.h), one function per instruction set. The AVX-512
// variants here (and the AVX2 ones in matvec_avx2.cpp) carry GCC/clang `target` attributes, so the
// portable build holds code for wider CPUs; best_isa() asks the CPU once which one to run. The
// baseline is the built-in GEMM.
#include "bprop/kernels/matvec.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>

#include "bprop/threads.h"
#include "kernels/isa_dispatch.h"
#include "kernels/matvec_avx2.h"
#include "kernels/row_split.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define BPROP_MATVEC_X86 1
#endif
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12's AVX-512 intrinsics pass _mm512_undefined_ps() to masked builtins, which trips
// -Wmaybe-uninitialized (and, fully unrolled, -Wuninitialized) once they are inlined here (a known
// false positive).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace bprop::kernels::matvec {

namespace {

#ifdef BPROP_MATVEC_X86

// Every loop over accumulators carries `#pragma GCC unroll` (clang reads it too): fully unrolled,
// the accumulators stay in registers. Without it GCC 12 kept them in registers and also stored each
// one to the stack after every multiply-add, a store per FMA that doubled the time of a product
// that fits in L1 (docs/benchmarks.md, "Latency"). No summation order depends on it.

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
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r) a[r] = _mm512_setzero_ps();
  for (int p = 0; p < body; p += 16) {
    const __m512 xv = _mm512_loadu_ps(x + p);
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
      // 512 bytes ahead: B streams from L3, and the hardware prefetcher alone leaves the loop
      // waiting (a prefetch past the end of B is harmless: it never faults).
      _mm_prefetch(reinterpret_cast<const char*>(row(b, j0 + r, ldb) + p + 128), _MM_HINT_T0);
      a[r] = _mm512_fmadd_ps(_mm512_loadu_ps(row(b, j0 + r, ldb) + p), xv, a[r]);
    }
  }
  if (tail) {
    const __m512 xv = _mm512_maskz_loadu_ps(tail, x + body);
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
      a[r] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, row(b, j0 + r, ldb) + body), xv, a[r]);
    }
  }
#pragma GCC unroll 8
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
#pragma GCC unroll 16
  for (int i = 0; i < NB; ++i)
    _mm_prefetch(reinterpret_cast<const char*>(ahead + 16 * i), _MM_HINT_T0);
#pragma GCC unroll 16
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
#pragma GCC unroll 4
  for (int c = 0; c < C; ++c) {
#pragma GCC unroll 16
    for (int i = 0; i < NB; ++i) a[c][i] = _mm512_setzero_ps();
  }
  int p = 0;
  for (; p + C <= k; p += C) {
#pragma GCC unroll 4
    for (int c = 0; c < C; ++c) {
      axpy_row<NB>(a[c], last, x[p + c], row(b, p + c, ldb) + j0,
                   row(b, p + c + kRowsAhead, ldb) + j0);
    }
  }
  for (; p < k; ++p) {
    axpy_row<NB>(a[0], last, x[p], row(b, p, ldb) + j0, row(b, p + kRowsAhead, ldb) + j0);
  }
#pragma GCC unroll 16
  for (int i = 0; i < NB; ++i) {
    __m512 s = a[0][i];
#pragma GCC unroll 4
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
    return dots ? avx2::dots(n, k, alpha, x, b, ldb, beta, y)
                : avx2::axpys(n, k, alpha, x, b, ldb, beta, y);
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
