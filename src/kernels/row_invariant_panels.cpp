// gemm_row_invariant's AVX-512 form for blocks of rows, with the lanes along the outputs: each
// register holds one of dot()'s eight partial sums for 16 outputs, so dot()'s combination and
// tail are vector adds shared by 16 outputs, where the other forms finish every output alone
// (a store and seven scalar adds). Every output still sums exactly as builtin::dot() does: the
// same products, added in the same order, multiplied and added in separate instructions (this
// file compiles with -ffp-contract=off). It reads w as packed panels of 16 outputs (wᵀ, k x 16
// each), which a block of rows repays; one row keeps the other forms, which read w as it is.
#include "kernels/row_invariant_gemm.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include <algorithm>
#include <cstddef>

namespace bprop::kernels::detail {

namespace {

constexpr int kLanes = kPanelOutputs;
// Rows sharing each load of a panel's row (4 registers each: 4 * kTileRows of the 32).
constexpr int kTileRows = 6;
// Rows whose inputs stay in cache while every panel passes over them.
constexpr int kBlockRows = 48;

struct Panels {
  const float* x;       // rows x k
  const float* panels;  // ceil(n / 16) panels of k x 16
  float* y;             // rows x n
  int n, k;
};

// Rows i0..i0+R-1 of panel `q`'s outputs. dot()'s partial sums are made two at a time, l and
// l + 4 for l = 0..3, each pair added as soon as it is complete, in the order dot() combines
// them: ((0+4)+(1+5)) + ((2+6)+(3+7)). Four registers a row instead of eight let a tile hold
// twice the rows, so each load of the panel serves more of them.
template <int R>
__attribute__((target("avx512f"))) void panel_tile(const Panels& b, int i0, int q) {
  const int k = b.k, body = k & ~7;
  const float* panel = b.panels + static_cast<std::ptrdiff_t>(q) * k * kLanes;
  const float* x[R];
  for (int r = 0; r < R; ++r) x[r] = b.x + static_cast<std::ptrdiff_t>(i0 + r) * k;
  __m512 held[R][2];
  for (int l = 0; l < 4; ++l) {
    __m512 low[R], high[R];
    const __m512 w_low = _mm512_loadu_ps(panel + l * kLanes);
    const __m512 w_high = _mm512_loadu_ps(panel + (l + 4) * kLanes);
    for (int r = 0; r < R; ++r) {
      low[r] = _mm512_mul_ps(_mm512_set1_ps(x[r][l]), w_low);
      high[r] = _mm512_mul_ps(_mm512_set1_ps(x[r][l + 4]), w_high);
    }
    for (int p = 8 + l; p < body; p += 8) {
      const __m512 wl = _mm512_loadu_ps(panel + static_cast<std::ptrdiff_t>(p) * kLanes);
      const __m512 wh = _mm512_loadu_ps(panel + static_cast<std::ptrdiff_t>(p + 4) * kLanes);
      for (int r = 0; r < R; ++r) {
        low[r] = _mm512_add_ps(low[r], _mm512_mul_ps(_mm512_set1_ps(x[r][p]), wl));
        high[r] = _mm512_add_ps(high[r], _mm512_mul_ps(_mm512_set1_ps(x[r][p + 4]), wh));
      }
    }
    for (int r = 0; r < R; ++r) {
      const __m512 pair = _mm512_add_ps(low[r], high[r]);
      held[r][l / 2] = l % 2 == 0 ? pair : _mm512_add_ps(held[r][l / 2], pair);
    }
  }
  const int outputs = std::min(kLanes, b.n - q * kLanes);
  const __mmask16 store = static_cast<__mmask16>((1U << outputs) - 1U);
  for (int r = 0; r < R; ++r) {
    __m512 sum = _mm512_add_ps(held[r][0], held[r][1]);
    for (int p = body; p < k; ++p) {
      const __m512 wv = _mm512_loadu_ps(panel + static_cast<std::ptrdiff_t>(p) * kLanes);
      sum = _mm512_add_ps(sum, _mm512_mul_ps(_mm512_set1_ps(x[r][p]), wv));
    }
    _mm512_mask_storeu_ps(b.y + static_cast<std::ptrdiff_t>(i0 + r) * b.n + q * kLanes, store, sum);
  }
}

}  // namespace

void pack_panels(const float* w, int n, int k, float* panels) {
  const int count = (n + kLanes - 1) / kLanes;
  for (int q = 0; q < count; ++q) {
    float* panel = panels + static_cast<std::ptrdiff_t>(q) * k * kLanes;
    for (int c = 0; c < kLanes; ++c) {
      const int j = q * kLanes + c;
      const float* row = w + static_cast<std::ptrdiff_t>(j) * k;
      for (int p = 0; p < k; ++p) panel[p * kLanes + c] = j < n ? row[p] : 0.0f;
    }
  }
}

__attribute__((target("avx512f"))) void rows_panels_avx512(const float* x, const float* panels,
                                                           float* y, int rows, int n, int k) {
  const Panels b{x, panels, y, n, k};
  const int count = (n + kLanes - 1) / kLanes;
  for (int first = 0; first < rows; first += kBlockRows) {
    const int last = std::min(rows, first + kBlockRows);
    for (int q = 0; q < count; ++q) {
      int i = first;
      for (; i + kTileRows <= last; i += kTileRows) panel_tile<kTileRows>(b, i, q);
      for (; i < last; ++i) panel_tile<1>(b, i, q);
    }
  }
}

}  // namespace bprop::kernels::detail

#endif  // x86
