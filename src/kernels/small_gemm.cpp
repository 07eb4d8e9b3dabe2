// The small-product GEMM (kernels/small_gemm.h): C in tiles of up to 8 rows x 32 columns, each tile
// held in sixteen AVX-512 registers while p runs from 0 to k-1. op(A) is read in place through
// strides (one broadcast per row and step), op(B) row by row when its rows are contiguous, else
// from a panel copied on the stack. Column edges use masked loads and stores.
#include "kernels/small_gemm.h"

#include <algorithm>
#include <cstddef>

#include "bprop/kernels/matvec.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define BPROP_SMALL_GEMM_X86 1
#endif
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12's AVX-512 intrinsics pass _mm512_undefined_ps() to masked builtins, which trips
// -Wmaybe-uninitialized once inlined (the same false positive as in matvec.cpp).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace bprop::kernels::small_gemm {

#ifdef BPROP_SMALL_GEMM_X86
namespace {

using Index = std::ptrdiff_t;
constexpr int kTileRows = 8;
// Two vectors of 16 floats.
constexpr int kTileCols = 32;

// Element (i, j) of a matrix at data[i·rows + j·cols]: op(A), op(B) and C, transposed or not.
struct View {
  const float* data;
  Index rows, cols;
};

// One tile's operands: op(A)'s rows from `a`, op(B)'s k rows of a panel from `b` (consecutive
// columns, rows `b_rows` apart), C's tile at `c`.
struct Tile {
  const float* a;
  Index a_rows, a_cols;
  const float* b;
  Index b_rows;
  float* c;
  Index c_rows, c_cols;
  int k;
  __mmask16 last;  // the lanes of the tile's last vector that are inside C
  float alpha, beta;
};

// C tile = alpha·Σ_p a_p·b_p + beta·C over R rows and V vectors of 16 columns.
template <int R, int V>
__attribute__((target("avx512f"))) void tile_kernel(const Tile& t) {
  __m512 acc[R][V];
#pragma GCC unroll 8
  for (int i = 0; i < R; ++i) {
#pragma GCC unroll 2
    for (int v = 0; v < V; ++v) acc[i][v] = _mm512_setzero_ps();
  }
  for (int p = 0; p < t.k; ++p) {
    const float* bp = t.b + p * t.b_rows;
    __m512 bv[V];
#pragma GCC unroll 2
    for (int v = 0; v < V; ++v) {
      bv[v] = v + 1 < V ? _mm512_loadu_ps(bp + 16 * v) : _mm512_maskz_loadu_ps(t.last, bp + 16 * v);
    }
    const float* ap = t.a + p * t.a_cols;
#pragma GCC unroll 8
    for (int i = 0; i < R; ++i) {
      const __m512 ai = _mm512_set1_ps(ap[i * t.a_rows]);
#pragma GCC unroll 2
      for (int v = 0; v < V; ++v) acc[i][v] = _mm512_fmadd_ps(ai, bv[v], acc[i][v]);
    }
  }
  const __m512 alpha = _mm512_set1_ps(t.alpha), beta = _mm512_set1_ps(t.beta);
  // C's columns are t.c_cols apart: 1 stores vectors, more (a transposed C) scatters them.
  const __m512i lanes =
      _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                         _mm512_set1_epi32(static_cast<int>(t.c_cols)));
#pragma GCC unroll 8
  for (int i = 0; i < R; ++i) {
#pragma GCC unroll 2
    for (int v = 0; v < V; ++v) {
      const __mmask16 mask = v + 1 < V ? __mmask16(0xFFFF) : t.last;
      float* ci = t.c + i * t.c_rows + 16 * v * t.c_cols;
      __m512 r = _mm512_mul_ps(alpha, acc[i][v]);
      if (t.c_cols == 1) {
        if (t.beta != 0.0f)
          r = _mm512_add_ps(r, _mm512_mul_ps(beta, _mm512_maskz_loadu_ps(mask, ci)));
        _mm512_mask_storeu_ps(ci, mask, r);
      } else {
        if (t.beta != 0.0f) {
          const __m512 old = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), mask, lanes, ci, 4);
          r = _mm512_add_ps(r, _mm512_mul_ps(beta, old));
        }
        _mm512_mask_i32scatter_ps(ci, mask, lanes, r, 4);
      }
    }
  }
}

using TileKernel = void (*)(const Tile&);

template <int V>
TileKernel pick(int rows) {
  static constexpr TileKernel kByRows[kTileRows] = {
      tile_kernel<1, V>, tile_kernel<2, V>, tile_kernel<3, V>, tile_kernel<4, V>,
      tile_kernel<5, V>, tile_kernel<6, V>, tile_kernel<7, V>, tile_kernel<8, V>};
  return kByRows[rows - 1];
}

// Columns j0..j0+cols-1 of C for every row: op(B)'s panel read in place or copied, then the tiles.
void column_panel(int m, int k, const View& a, const View& b, const View& c, int j0, int cols,
                  float alpha, float beta) {
  alignas(64) float packed[kMaxPackedDepth * kTileCols];
  Tile t{.a = nullptr,
         .a_rows = a.rows,
         .a_cols = a.cols,
         .b = b.data + j0 * b.cols,
         .b_rows = b.rows,
         .c = nullptr,
         .c_rows = c.rows,
         .c_cols = c.cols,
         .k = k,
         .last = 0,
         .alpha = alpha,
         .beta = beta};
  if (b.cols != 1) {
    for (int j = 0; j < cols; ++j) {
      const float* column = b.data + (j0 + j) * b.cols;
      for (int p = 0; p < k; ++p) packed[p * kTileCols + j] = column[p * b.rows];
    }
    t.b = packed;
    t.b_rows = kTileCols;
  }
  const int vectors = cols > 16 ? 2 : 1;
  const int last_lanes = cols - 16 * (vectors - 1);
  t.last = static_cast<__mmask16>((1u << last_lanes) - 1u);
  float* c_out = const_cast<float*>(c.data);
  for (int i0 = 0; i0 < m; i0 += kTileRows) {
    const int rows = std::min(kTileRows, m - i0);
    t.a = a.data + i0 * a.rows;
    t.c = c_out + i0 * c.rows + j0 * c.cols;
    (vectors == 2 ? pick<2>(rows) : pick<1>(rows))(t);
  }
}

// Vector lanes run along C's columns; when C has few columns and many more rows, and op(A)'s
// columns are contiguous (A transposed), they run along the rows of Cᵀ = op(B)ᵀ·op(A)ᵀ instead
// (the same sums, each term's factors swapped), with op(A) read in place as the panel. Packing a
// panel of op(A) would cost more than the lanes it saves.
bool lanes_along_rows(bool trans_a, int m, int n) {
  const auto vectors = [](int width) { return (width + 15) / 16; };
  return trans_a && 2LL * n * vectors(m) <= static_cast<long long>(m) * vectors(n);
}

}  // namespace

bool sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a, int lda,
           const float* b, int ldb, float beta, float* c, int ldc) {
  if (matvec::best_isa() != matvec::Isa::kAvx512) return false;
  if (static_cast<long long>(m) * n * k > kMaxWork || m <= 0 || n <= 0 || k <= 0) return false;
  View va{a, trans_a ? 1 : lda, trans_a ? lda : 1};
  View vb{b, trans_b ? 1 : ldb, trans_b ? ldb : 1};
  View vc{c, ldc, 1};
  if (lanes_along_rows(trans_a, m, n)) {
    std::swap(m, n);
    va = View{vb.data, vb.cols, vb.rows};
    vb = View{a, trans_a ? lda : 1, trans_a ? 1 : lda};
    vc = View{c, 1, ldc};
  }
  if (vb.cols != 1 && k > kMaxPackedDepth) return false;
  for (int j0 = 0; j0 < n; j0 += kTileCols) {
    column_panel(m, k, va, vb, vc, j0, std::min(kTileCols, n - j0), alpha, beta);
  }
  return true;
}
#else
bool sgemm(bool, bool, int, int, int, float, const float*, int, const float*, int, float, float*,
           int) {
  return false;
}
#endif

}  // namespace bprop::kernels::small_gemm
