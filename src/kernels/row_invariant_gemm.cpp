// Inference's product y = x·Wᵀ with every output summed in builtin::dot()'s order
// (kernels/builtin_loops.h), whatever the number of rows (kernels.h, gemm_row_invariant). The AVX2
// form holds dot()'s eight partial sums in the eight lanes of one register and multiplies and adds
// in separate instructions (this file compiles with -ffp-contract=off, so nothing fuses them), so
// it rounds exactly as the portable loop does; it only shares loads, over a block of rows and
// outputs. From 8 rows, 16 outputs and up to k = 256, AVX-512 CPUs run the panels form instead
// (row_invariant_panels.cpp: the lanes along the outputs, the same sums). Rows are split among
// bprop's threads: each row's sums stay the same.
#include "kernels/row_invariant_gemm.h"

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "bprop/kernels.h"
#include "bprop/kernels/matvec.h"
#include "bprop/threads.h"
#include "kernels/builtin_loops.h"
#include "kernels/row_split.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define BPROP_ROWS_X86 1
#endif
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12's AVX-512 cast intrinsics pass _mm512_undefined_ps() (and its 256-bit twin) on, which
// trips -W(maybe-)uninitialized once they are inlined here (a known false positive, as in matvec).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace bprop::kernels {

namespace {

// The part of a product one thread computes: rows [first, first + rows) of x and y.
template <typename T>
struct RowBlock {
  const T* x;
  const T* w;
  T* y;
  int rows, n, k;  // y is rows x n, x rows x k, w n x k; all contiguous
};

// Rows of a tile of the vector forms: each load of w serves this many rows.
constexpr int kBlockRows = 8;

template <typename T>
void rows_portable(const RowBlock<T>& b) {
  for (int i = 0; i < b.rows; ++i) {
    const T* xi = b.x + static_cast<std::ptrdiff_t>(i) * b.k;
    T* yi = b.y + static_cast<std::ptrdiff_t>(i) * b.n;
    for (int j = 0; j < b.n; ++j)
      yi[j] = builtin::dot(xi, b.w + static_cast<std::ptrdiff_t>(j) * b.k, b.k);
  }
}

#ifdef BPROP_ROWS_X86

constexpr int kBlockOutputs = 2;

// dot()'s finish from the eight lanes: ((0+4)+(1+5))+((2+6)+(3+7)), then the tail in order.
__attribute__((target("avx2"))) float finish_dot(__m256 acc, const float* x, const float* w,
                                                 int body, int k) {
  alignas(32) float lane[8];
  _mm256_store_ps(lane, acc);
  float sum =
      ((lane[0] + lane[4]) + (lane[1] + lane[5])) + ((lane[2] + lane[6]) + (lane[3] + lane[7]));
  for (int p = body; p < k; ++p) sum += x[p] * w[p];
  return sum;
}

// Outputs (i0..i0+R-1) x (j0..j0+C-1), sharing each load of x and of w across the block.
template <int R, int C>
__attribute__((target("avx2"))) void tile_avx2(const RowBlock<float>& b, int i0, int j0) {
  const int body = b.k & ~7;
  const float* x[R];
  const float* w[C];
  for (int r = 0; r < R; ++r) x[r] = b.x + static_cast<std::ptrdiff_t>(i0 + r) * b.k;
  for (int c = 0; c < C; ++c) w[c] = b.w + static_cast<std::ptrdiff_t>(j0 + c) * b.k;
  __m256 acc[R][C];
  for (int r = 0; r < R; ++r) {
    const __m256 xv = _mm256_loadu_ps(x[r]);
    for (int c = 0; c < C; ++c) acc[r][c] = _mm256_mul_ps(xv, _mm256_loadu_ps(w[c]));
  }
  for (int p = 8; p < body; p += 8) {
    __m256 wv[C];
    for (int c = 0; c < C; ++c) wv[c] = _mm256_loadu_ps(w[c] + p);
    for (int r = 0; r < R; ++r) {
      const __m256 xv = _mm256_loadu_ps(x[r] + p);
      for (int c = 0; c < C; ++c) acc[r][c] = _mm256_add_ps(acc[r][c], _mm256_mul_ps(xv, wv[c]));
    }
  }
  for (int r = 0; r < R; ++r) {
    float* y = b.y + static_cast<std::ptrdiff_t>(i0 + r) * b.n + j0;
    for (int c = 0; c < C; ++c) y[c] = finish_dot(acc[r][c], x[r], w[c], body, b.k);
  }
}

template <int R>
__attribute__((target("avx2"))) void row_strip_avx2(const RowBlock<float>& b, int i0) {
  int j = 0;
  for (; j + kBlockOutputs <= b.n; j += kBlockOutputs) tile_avx2<R, kBlockOutputs>(b, i0, j);
  for (; j < b.n; ++j) tile_avx2<R, 1>(b, i0, j);
}

__attribute__((target("avx2"))) void rows_avx2(const RowBlock<float>& b) {
  int i = 0;
  for (; i + 4 <= b.rows; i += 4) row_strip_avx2<4>(b, i);
  for (; i < b.rows; ++i) row_strip_avx2<1>(b, i);
}

// The AVX-512 form: one register holds two outputs' eight partial sums (lanes 0-7 output j, 8-15
// output j + 1), so each multiply and add does twice the AVX2 form's work in the same order.
__attribute__((target("avx512f"))) inline __m512 two_halves(const float* low, const float* high) {
  const __m512d wide = _mm512_castps_pd(_mm512_castps256_ps512(_mm256_loadu_ps(low)));
  return _mm512_castpd_ps(_mm512_insertf64x4(wide, _mm256_castps_pd(_mm256_loadu_ps(high)), 1));
}

// The same eight floats in both halves: one load, no shuffle.
__attribute__((target("avx512f"))) inline __m512 broadcast_half(const float* p) {
  return _mm512_castpd_ps(
      _mm512_broadcast_f64x4(_mm256_loadu_pd(reinterpret_cast<const double*>(p))));
}

// Outputs (i0..i0+R-1) x (j0..j0+2P-1).
template <int R, int P>
__attribute__((target("avx512f"))) void tile_avx512(const RowBlock<float>& b, int i0, int j0) {
  const int body = b.k & ~7;
  const float* x[R];
  const float* w[2 * P];
  for (int r = 0; r < R; ++r) x[r] = b.x + static_cast<std::ptrdiff_t>(i0 + r) * b.k;
  for (int c = 0; c < 2 * P; ++c) w[c] = b.w + static_cast<std::ptrdiff_t>(j0 + c) * b.k;
  __m512 acc[R][P];
  for (int p = 0; p < body; p += 8) {
    __m512 wv[P];
    for (int q = 0; q < P; ++q) wv[q] = two_halves(w[2 * q] + p, w[2 * q + 1] + p);
    for (int r = 0; r < R; ++r) {
      const __m512 xv = broadcast_half(x[r] + p);
      for (int q = 0; q < P; ++q) {
        const __m512 product = _mm512_mul_ps(xv, wv[q]);
        acc[r][q] = p == 0 ? product : _mm512_add_ps(acc[r][q], product);
      }
    }
  }
  for (int r = 0; r < R; ++r) {
    float* y = b.y + static_cast<std::ptrdiff_t>(i0 + r) * b.n + j0;
    for (int q = 0; q < P; ++q) {
      y[2 * q] = finish_dot(_mm512_castps512_ps256(acc[r][q]), x[r], w[2 * q], body, b.k);
      const __m256 high = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(acc[r][q]), 1));
      y[2 * q + 1] = finish_dot(high, x[r], w[2 * q + 1], body, b.k);
    }
  }
}

template <int R>
__attribute__((target("avx512f"))) void row_strip_avx512(const RowBlock<float>& b, int i0) {
  int j = 0;
  for (; j + 4 <= b.n; j += 4) tile_avx512<R, 2>(b, i0, j);
  for (; j + 2 <= b.n; j += 2) tile_avx512<R, 1>(b, i0, j);
  for (; j < b.n; ++j) tile_avx2<R, 1>(b, i0, j);
}

__attribute__((target("avx512f"))) void rows_avx512(const RowBlock<float>& b) {
  int i = 0;
  for (; i + 8 <= b.rows; i += 8) row_strip_avx512<8>(b, i);
  for (; i + 4 <= b.rows; i += 4) row_strip_avx512<4>(b, i);
  for (; i < b.rows; ++i) row_strip_avx512<1>(b, i);
}

#endif  // BPROP_ROWS_X86

template <typename T>
void rows_on(matvec::Isa isa, const RowBlock<T>& b) {
#ifdef BPROP_ROWS_X86
  if constexpr (std::is_same_v<T, float>) {
    // dot() sums k < 8 terms left to right, which the eight-lane form does not.
    if (b.k >= 8 && isa == matvec::Isa::kAvx512) return rows_avx512(b);
    if (b.k >= 8 && isa == matvec::Isa::kAvx2) return rows_avx2(b);
  }
#endif
  (void)isa;
  rows_portable(b);
}

// Rows per thread's part: enough work per part that starting a helper pays.
constexpr long long kRowsMinWorkPerPart = 1 << 16;

// Rows per part: enough work that handing a part to a helper pays, in whole tiles of kBlockRows
// rows (a part of one row would run the one-row tiles, which read all of w once per row).
int rows_per_part(int m, int n, int k) {
  const long long work = static_cast<long long>(m) * n * std::max(k, 1);
  const long long parts = std::clamp<long long>(work / kRowsMinWorkPerPart, 1, m);
  const long long rows = (m + parts - 1) / parts;
  return static_cast<int>((rows + kBlockRows - 1) / kBlockRows * kBlockRows);
}

// The panels form runs from this many rows (packing w, a pass over it, then pays for itself),
// for at least one whole panel of outputs (with fewer its lanes go unused, and the other form
// was faster), and up to this k: beyond it a panel (k x 16 floats) and a tile's rows no longer
// stay in L1 together (docs/design.md, "The panels form").
constexpr int kPanelMinRows = 8;
constexpr int kPanelMaxK = 256;

bool panels_pay(matvec::Isa isa, int m, int n, int k) {
  return isa == matvec::Isa::kAvx512 && m >= kPanelMinRows && n >= detail::kPanelOutputs &&
         k >= 8 && k <= kPanelMaxK;
}

// The rows of x in parts for bprop's threads: part(first, rows) for each.
template <typename Part>
void in_parts(int m, int n, int k, const Part& part) {
  const int per_part = rows_per_part(m, n, k);
  const int parts = (m + per_part - 1) / per_part;
  detail::run_parts(num_threads(), parts, [&](int p) {
    const int first = p * per_part;
    const int rows = std::min(per_part, m - first);
    if (rows > 0) part(first, rows);
  });
}

#ifdef BPROP_ROWS_X86
// The panels form over x's rows in parts; w is packed once, into this thread's buffer.
void panels_in_parts(const Matrix& x, const Matrix& w, Matrix& y) {
  const int m = x.rows(), n = w.rows(), k = x.cols();
  thread_local std::vector<float> panels;
  const int count = (n + detail::kPanelOutputs - 1) / detail::kPanelOutputs;
  panels.resize(static_cast<std::size_t>(count) * detail::kPanelOutputs * k);
  detail::pack_panels(w.data(), n, k, panels.data());
  // A lambda naming `panels` would read the running thread's own (empty) buffer: pass the pointer.
  const float* packed = panels.data();
  in_parts(m, n, k, [&](int first, int rows) {
    detail::rows_panels_avx512(x.row(first), packed, y.row(first), rows, n, k);
  });
}
#endif

}  // namespace

template <typename T>
void gemm_row_invariant(const BasicMatrix<T>& x, const BasicMatrix<T>& w, BasicMatrix<T>& y) {
  const int m = x.rows(), n = w.rows(), k = x.cols();
  if (w.cols() != k || y.rows() != m || y.cols() != n) {
    throw std::invalid_argument("kernels::gemm_row_invariant: shapes do not agree: x " + x.shape() +
                                ", w " + w.shape() + ", y " + y.shape());
  }
  if (m == 0 || n == 0) return;
  const matvec::Isa isa = matvec::best_isa();
#ifdef BPROP_ROWS_X86
  if constexpr (std::is_same_v<T, float>) {
    if (panels_pay(isa, m, n, k)) return panels_in_parts(x, w, y);
  }
#endif
  in_parts(m, n, k, [&](int first, int rows) {
    rows_on(isa, RowBlock<T>{x.row(first), w.data(), y.row(first), rows, n, k});
  });
}

namespace detail {
void gemm_row_invariant_on(matvec::Isa isa, const Matrix& x, const Matrix& w, Matrix& y) {
  rows_on(isa, RowBlock<float>{x.data(), w.data(), y.data(), x.rows(), w.rows(), x.cols()});
}

void gemm_row_invariant_panels(const Matrix& x, const Matrix& w, Matrix& y) {
#ifdef BPROP_ROWS_X86
  if (x.cols() >= 8 && x.rows() > 0 && w.rows() > 0) return panels_in_parts(x, w, y);
#endif
  gemm_row_invariant_on(matvec::Isa::kBaseline, x, w, y);
}
}  // namespace detail

namespace reference {
template <typename T>
void gemm_row_invariant(const BasicMatrix<T>& x, const BasicMatrix<T>& w, BasicMatrix<T>& y) {
  rows_portable(RowBlock<T>{x.data(), w.data(), y.data(), x.rows(), w.rows(), x.cols()});
}
template void gemm_row_invariant<float>(const Matrix&, const Matrix&, Matrix&);
template void gemm_row_invariant<double>(const BasicMatrix<double>&, const BasicMatrix<double>&,
                                         BasicMatrix<double>&);
}  // namespace reference

template void gemm_row_invariant<float>(const Matrix&, const Matrix&, Matrix&);
template void gemm_row_invariant<double>(const BasicMatrix<double>&, const BasicMatrix<double>&,
                                         BasicMatrix<double>&);

}  // namespace bprop::kernels
