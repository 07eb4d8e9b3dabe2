// The small-product GEMM (kernels/small_gemm.h): C in panels of 32 or 48 columns, each in tiles of
// up to 8 rows held in AVX-512 registers while p runs from 0 to k-1. op(A) is read in place
// through strides (one broadcast per row and step), op(B) row by row when its rows are contiguous,
// else from a panel copied on the stack. Column edges use masked loads and stores.
#include "kernels/small_gemm.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "bprop/kernels/matvec.h"
#include "kernels/transpose16.h"

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
// A panel's widest tile: three vectors of 16 floats.
constexpr int kMaxPanelCols = 48;

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

// Writes a tile's sums: C = alpha·sum (no multiply when alpha is 1, which leaves the bits as they
// are) + beta·C when beta is not 0; C's columns t.c_cols apart (1: vector stores, more: a
// transposed C, scattered).
template <int R, int V>
__attribute__((target("avx512f"), always_inline)) inline void store_tile(const Tile& t,
                                                                         __m512 (&acc)[R][V]) {
  const __m512 alpha = _mm512_set1_ps(t.alpha), beta = _mm512_set1_ps(t.beta);
  const bool scaled = t.alpha != 1.0f, accumulate = t.beta != 0.0f;
  const Index c_rows = t.c_rows, c_cols = t.c_cols;
  const __mmask16 last = t.last;
  float* const c = t.c;
  const __m512i lanes =
      _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                         _mm512_set1_epi32(static_cast<int>(c_cols)));
#pragma GCC unroll 24
  for (int i = 0; i < R; ++i) {
#pragma GCC unroll 3
    for (int v = 0; v < V; ++v) {
      const __mmask16 mask = v + 1 < V ? __mmask16(0xFFFF) : last;
      float* ci = c + i * c_rows + 16 * v * c_cols;
      __m512 r = scaled ? _mm512_mul_ps(alpha, acc[i][v]) : acc[i][v];
      if (c_cols == 1) {
        if (accumulate) r = _mm512_add_ps(r, _mm512_mul_ps(beta, _mm512_maskz_loadu_ps(mask, ci)));
        _mm512_mask_storeu_ps(ci, mask, r);
      } else {
        if (accumulate) {
          const __m512 old = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), mask, lanes, ci, 4);
          r = _mm512_add_ps(r, _mm512_mul_ps(beta, old));
        }
        _mm512_mask_i32scatter_ps(ci, mask, lanes, r, 4);
      }
    }
  }
}

// C tile = alpha·Σ_p a_p·b_p + beta·C over R rows and V vectors of 16 columns. The operands'
// strides are copied into locals: read through `t` they would be reloaded at every step, since
// the stores into C might alias the Tile.
template <int R, int V>
__attribute__((target("avx512f"))) void tile_kernel(const Tile& t) {
  __m512 acc[R][V];
#pragma GCC unroll 24
  for (int i = 0; i < R; ++i) {
#pragma GCC unroll 3
    for (int v = 0; v < V; ++v) acc[i][v] = _mm512_setzero_ps();
  }
  const float* ap = t.a;
  const float* bp = t.b;
  const Index a_rows = t.a_rows, a_cols = t.a_cols, b_rows = t.b_rows;
  const __mmask16 last = t.last;
  for (int p = 0; p < t.k; ++p, ap += a_cols, bp += b_rows) {
    __m512 bv[V];
#pragma GCC unroll 3
    for (int v = 0; v < V; ++v) {
      bv[v] = v + 1 < V ? _mm512_loadu_ps(bp + 16 * v) : _mm512_maskz_loadu_ps(last, bp + 16 * v);
    }
#pragma GCC unroll 24
    for (int i = 0; i < R; ++i) {
      const __m512 ai = _mm512_set1_ps(ap[i * a_rows]);
#pragma GCC unroll 3
      for (int v = 0; v < V; ++v) acc[i][v] = _mm512_fmadd_ps(ai, bv[v], acc[i][v]);
    }
  }
  store_tile<R, V>(t, acc);
}

using TileKernel = void (*)(const Tile&);

// The tallest tile per width: R·V accumulators, V vectors of op(B) and a broadcast stay within
// the 32 registers, and a one-vector tile gets enough independent sums to hide the FMA latency.
constexpr int kMaxRowsOneVector = 12;
constexpr int kMaxRowsTwoVectors = 8;
constexpr int kMaxRowsThreeVectors = 8;
// The most columns of a product with op(A) = A, op(B) = Bᵀ that is computed as Cᵀ (see
// lanes_along_rows).
constexpr int kMaxSwappedColumns = 8;

template <int V, int... R>
TileKernel pick_from(int rows, std::integer_sequence<int, R...>) {
  static constexpr TileKernel kByRows[] = {tile_kernel<R + 1, V>...};
  return kByRows[rows - 1];
}

TileKernel pick(int vectors, int rows) {
  switch (vectors) {
    case 1:
      return pick_from<1>(rows, std::make_integer_sequence<int, kMaxRowsOneVector>{});
    case 2:
      return pick_from<2>(rows, std::make_integer_sequence<int, kMaxRowsTwoVectors>{});
    default:
      return pick_from<3>(rows, std::make_integer_sequence<int, kMaxRowsThreeVectors>{});
  }
}

int max_rows(int vectors) {
  return vectors == 1 ? kMaxRowsOneVector
                      : (vectors == 2 ? kMaxRowsTwoVectors : kMaxRowsThreeVectors);
}

// Copies `cols` columns of op(B) = Bᵀ, that is rows of B (contiguous in p, ldb apart), into a
// panel whose rows are `stride` apart: 16 x 16 blocks through registers, transposed by shuffles.
__attribute__((target("avx512f"))) void pack_transposed(const float* b, Index ldb, int cols, int k,
                                                        int stride, float* packed) {
  for (int jb = 0; jb < cols; jb += 16) {
    const int block_cols = std::min(16, cols - jb);
    for (int pb = 0; pb < k; pb += 16) {
      const int depth = std::min(16, k - pb);
      const auto in_depth = static_cast<__mmask16>((1u << depth) - 1u);
      __m512 r[16];
      for (int j = 0; j < 16; ++j) {
        r[j] = j < block_cols ? _mm512_maskz_loadu_ps(in_depth, b + (jb + j) * ldb + pb)
                              : _mm512_setzero_ps();
      }
      transpose16(r);
      for (int q = 0; q < depth; ++q) _mm512_store_ps(packed + (pb + q) * stride + jb, r[q]);
    }
  }
}

// Columns j0..j0+cols-1 of C for every row: op(B)'s panel read in place or copied, then the
// tiles, their heights balanced (200 rows in 25 tiles of 8, 10 in two of 5, not 8 and 2).
void column_panel(int m, int k, const View& a, const View& b, const View& c, int j0, int cols,
                  float alpha, float beta) {
  alignas(64) float packed[kMaxPackedDepth * kMaxPanelCols];
  const int vectors = (cols + 15) / 16;
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
  if (b.cols != 1) {  // op(B) = Bᵀ: the panel's columns are rows of B (b.rows == 1)
    pack_transposed(t.b, b.cols, cols, k, 16 * vectors, packed);
    t.b = packed;
    t.b_rows = 16 * vectors;
  }
  const int last_lanes = cols - 16 * (vectors - 1);
  t.last = static_cast<__mmask16>((1u << last_lanes) - 1u);
  const int tiles = (m + max_rows(vectors) - 1) / max_rows(vectors);
  float* c_out = const_cast<float*>(c.data);
  for (int tile = 0, i0 = 0; tile < tiles; ++tile) {
    const int rows = m / tiles + (tile < m % tiles ? 1 : 0);
    t.a = a.data + i0 * a.rows;
    t.c = c_out + i0 * c.rows + j0 * c.cols;
    pick(vectors, rows)(t);
    i0 += rows;
  }
}

// Vector lanes run along C's columns; when C has few columns and many more rows they run along
// the rows of Cᵀ = op(B)ᵀ·op(A)ᵀ instead (the same sums, each term's factors swapped). With op(A)
// = Aᵀ, op(A)'s columns are contiguous and read in place as the panel, worth it when it saves
// half the vectors (the scattered stores into C cost the rest). With op(A) = A and op(B) = Bᵀ
// (a Dense forward into a few outputs), A is packed like Bᵀ would have been; at most 8 columns
// in one vector of 16 lanes, the FMAs that the unused lanes waste cost more than the packing.
bool lanes_along_rows(bool trans_a, bool trans_b, int m, int n) {
  const auto vectors = [](int width) { return (width + 15) / 16; };
  if (trans_a) return 2LL * n * vectors(m) <= static_cast<long long>(m) * vectors(n);
  return trans_b && n <= kMaxSwappedColumns && m >= 4 * n;
}

}  // namespace

bool sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a, int lda,
           const float* b, int ldb, float beta, float* c, int ldc) {
  if (matvec::best_isa() != matvec::Isa::kAvx512) return false;
  if (static_cast<long long>(m) * n * k > kMaxWork || m <= 0 || n <= 0 || k <= 0) return false;
  View va{a, trans_a ? 1 : lda, trans_a ? lda : 1};
  View vb{b, trans_b ? 1 : ldb, trans_b ? ldb : 1};
  View vc{c, ldc, 1};
  if (lanes_along_rows(trans_a, trans_b, m, n)) {
    std::swap(m, n);
    va = View{vb.data, vb.cols, vb.rows};
    vb = View{a, trans_a ? lda : 1, trans_a ? 1 : lda};
    vc = View{c, 1, ldc};
  }
  if (vb.cols != 1 && k > kMaxPackedDepth) return false;
  // Panels of two vectors, and one of three where an odd count would leave a single vector, whose
  // tile needs a broadcast per FMA (100 columns: 32 + 32 + 36, not 32 + 32 + 32 + 4).
  for (int j0 = 0; j0 < n;) {
    const int left = (n - j0 + 15) / 16;
    const int cols = std::min(n - j0, 16 * (left == 3 ? 3 : std::min(left, 2)));
    column_panel(m, k, va, vb, vc, j0, cols, alpha, beta);
    j0 += cols;
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
