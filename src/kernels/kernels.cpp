// The dispatching side of the kernel boundary. The build decides once which implementation backs
// each entry point; callers never choose. GEMMs go by size: the library for large float products,
// the built-in loops for small ones, where a library call costs more than the product itself
// (docs/benchmarks.md, "Measurements behind design choices").
#include "bprop/kernels.h"

#include <stdexcept>
#include <type_traits>

#include "bprop/kernels/matvec.h"
#include "kernels/blas_backend.h"
#include "kernels/small_gemm.h"

namespace bprop::kernels {

template <typename T>
void gemm(Transpose trans_a, Transpose trans_b, int m, int n, int k, T alpha, const T* a, int lda,
          const T* b, int ldb, T beta, T* c, int ldc) {
  if constexpr (std::is_same_v<T, float>) {
    const bool large = static_cast<long long>(m) * n * k >= kBlasMinWork;
    // One contiguous row: a matrix-vector product, bound by reading B, which the vector kernel
    // chosen for this CPU runs faster than the library's GEMM (docs/design.md, "Matrix-vector").
    if (large && m == 1 && (trans_a == Transpose::kNo || lda == 1)) {
      matvec::sgemv(trans_b, n, k, alpha, a, b, ldb, beta, c);
      return;
    }
    // Small-network products: the library's first call alone costs more than their whole run
    // (docs/design.md, "Small products without the library").
    if (large && small_gemm::sgemm(trans_a == Transpose::kYes, trans_b == Transpose::kYes, m, n, k,
                                   alpha, a, lda, b, ldb, beta, c, ldc)) {
      return;
    }
    if (large && detail::blas_sgemm(trans_a == Transpose::kYes, trans_b == Transpose::kYes, m, n, k,
                                    alpha, a, lda, b, ldb, beta, c, ldc)) {
      return;
    }
  }
  builtin::gemm(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

template <typename T>
void gemm(Transpose trans_a, Transpose trans_b, T alpha, const BasicMatrix<T>& a,
          const BasicMatrix<T>& b, T beta, BasicMatrix<T>& c) {
  const int m = trans_a == Transpose::kNo ? a.rows() : a.cols();
  const int k = trans_a == Transpose::kNo ? a.cols() : a.rows();
  const int kb = trans_b == Transpose::kNo ? b.rows() : b.cols();
  const int n = trans_b == Transpose::kNo ? b.cols() : b.rows();
  if (k != kb || c.rows() != m || c.cols() != n) {
    throw std::invalid_argument("kernels::gemm: shapes do not agree: op(A) " + std::to_string(m) +
                                "x" + std::to_string(k) + ", op(B) " + std::to_string(kb) + "x" +
                                std::to_string(n) + ", C " + c.shape());
  }
  gemm(trans_a, trans_b, m, n, k, alpha, a.data(), a.cols(), b.data(), b.cols(), beta, c.data(),
       c.cols());
}

std::string gemm_backend() { return detail::blas_name(); }

template <typename T>
void add_row(BasicMatrix<T>& y, const BasicMatrix<T>& bias) {
  const int n = y.cols();
  const T* b = bias.data();
  for (int r = 0; r < y.rows(); ++r) {
    T* row = y.row(r);
    for (int c = 0; c < n; ++c) row[c] += b[c];
  }
}

template <typename T>
void column_sums(const BasicMatrix<T>& x, BasicMatrix<T>& sums) {
  const int n = x.cols();
  T* __restrict s = sums.data();
  if (x.rows() == 0) {
    for (int c = 0; c < n; ++c) s[c] = T(0);
    return;
  }
  const T* first = x.row(0);
  for (int c = 0; c < n; ++c) s[c] = first[c];
  for (int r = 1; r < x.rows(); ++r) {
    const T* __restrict row = x.row(r);
#pragma omp simd
    for (int c = 0; c < n; ++c) s[c] += row[c];
  }
}

#define BPROP_INSTANTIATE_KERNELS(T)                                                              \
  template void gemm<T>(Transpose, Transpose, int, int, int, T, const T*, int, const T*, int, T,  \
                        T*, int);                                                                 \
  template void gemm<T>(Transpose, Transpose, T, const BasicMatrix<T>&, const BasicMatrix<T>&, T, \
                        BasicMatrix<T>&);                                                         \
  template void add_row<T>(BasicMatrix<T>&, const BasicMatrix<T>&);                               \
  template void column_sums<T>(const BasicMatrix<T>&, BasicMatrix<T>&);
BPROP_INSTANTIATE_KERNELS(float)
BPROP_INSTANTIATE_KERNELS(double)
#undef BPROP_INSTANTIATE_KERNELS

}  // namespace bprop::kernels
