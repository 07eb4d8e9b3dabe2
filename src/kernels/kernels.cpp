// The dispatching side of the kernel boundary. The build decides once which implementation backs
// each entry point; callers never choose.
#include "bprop/kernels.h"

#include <stdexcept>

namespace bprop::kernels {

template <typename T>
void gemm(Transpose trans_a, Transpose trans_b, int m, int n, int k, T alpha, const T* a, int lda,
          const T* b, int ldb, T beta, T* c, int ldc) {
  reference::gemm(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
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
  T* s = sums.data();
  for (int c = 0; c < n; ++c) s[c] = T(0);
  for (int r = 0; r < x.rows(); ++r) {
    const T* row = x.row(r);
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
