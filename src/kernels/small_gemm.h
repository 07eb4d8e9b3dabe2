// Internal: a register-tiled AVX-512 GEMM for the products of small-network training (batches and
// widths of a few hundred), which kernels::gemm sends here instead of to the GEMM library. At these
// shapes the library's first call costs more than a whole run: oneDNN generates its kernels on
// first use (docs/design.md, "Small products without the library").
#pragma once

namespace bprop::kernels::small_gemm {

// The largest m·n·k taken here; kernels::gemm sends float products from kBlasMinWork up to it.
inline constexpr long long kMaxWork = 1 << 21;
// op(B) with a stride between its columns (Bᵀ of a row-major B) is copied into panels of this
// many rows on the stack, so a deeper product is not taken.
inline constexpr int kMaxPackedDepth = 512;

// C = alpha·op(A)·op(B) + beta·C with kernels::gemm's contract (row-major, op(A) m x k, beta == 0
// writes C without reading it). Every C[i][j] is one running sum over p = 0..k-1 in order, one
// fused multiply-add per term, so it depends on neither m, n nor the other rows and columns.
// Returns false, writing nothing, when the CPU has no AVX-512 or the shape is not taken.
bool sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a, int lda,
           const float* b, int ldb, float beta, float* c, int ldc);

}  // namespace bprop::kernels::small_gemm
