// The built-in GEMM: loops ordered so the innermost one runs over contiguous memory and
// vectorises. It serves small products (per-sample training of tiny nets), where a library call
// costs more than the arithmetic, every double product (gradient checks), and any product when
// the build has no GEMM library.
#include <cstddef>

#include "bprop/kernels.h"
#include "kernels/builtin_loops.h"

namespace bprop::kernels::builtin {

namespace {

// c[0..n) = beta·c, with beta == 0 writing zeros without reading c (it may hold NaN).
template <typename T>
void scale_row(T* c, int n, T beta) {
  if (beta == T(0)) {
    for (int j = 0; j < n; ++j) c[j] = T(0);
  } else if (beta != T(1)) {
    for (int j = 0; j < n; ++j) c[j] *= beta;
  }
}

}  // namespace

template <typename T>
void gemm(Transpose trans_a, Transpose trans_b, int m, int n, int k, T alpha, const T* a, int lda,
          const T* b, int ldb, T beta, T* c, int ldc) {
  auto row = [](const T* base, int r, int ld) {
    return base + static_cast<std::ptrdiff_t>(r) * ld;
  };
  auto out = [c, ldc](int r) { return c + static_cast<std::ptrdiff_t>(r) * ldc; };
  if (trans_b == Transpose::kYes && trans_a == Transpose::kNo) {
    // C[i][j] = A[i]·B[j]: both rows contiguous (Dense forward, y = x·Wᵀ).
    for (int i = 0; i < m; ++i) {
      T* ci = out(i);
      for (int j = 0; j < n; ++j) {
        const T s = alpha * dot(row(a, i, lda), row(b, j, ldb), k);
        ci[j] = beta == T(0) ? s : s + beta * ci[j];
      }
    }
    return;
  }
  for (int i = 0; i < m; ++i) scale_row(out(i), n, beta);
  if (trans_b == Transpose::kNo) {
    // C[i] += Σ_p op(A)[i][p] · B[p]: rows of B are contiguous (dW = dyᵀ·x, dx = dy·W).
    for (int p = 0; p < k; ++p) {
      const T* bp = row(b, p, ldb);
      for (int i = 0; i < m; ++i) {
        const T aip = trans_a == Transpose::kNo ? row(a, i, lda)[p] : row(a, p, lda)[i];
        axpy(out(i), bp, n, alpha * aip);
      }
    }
    return;
  }
  // Aᵀ·Bᵀ: no layer needs it; plain loops.
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      T sum = T(0);
      for (int p = 0; p < k; ++p) sum += row(a, p, lda)[i] * row(b, j, ldb)[p];
      out(i)[j] += alpha * sum;
    }
  }
}

template void gemm<float>(Transpose, Transpose, int, int, int, float, const float*, int,
                          const float*, int, float, float*, int);
template void gemm<double>(Transpose, Transpose, int, int, int, double, const double*, int,
                           const double*, int, double, double*, int);

}  // namespace bprop::kernels::builtin
