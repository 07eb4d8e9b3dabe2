// Plain-loop kernels: the executable specification. Kept forever; fast kernels are tested against
// these on odd and tiny shapes.
#include <cstddef>

#include "bprop/kernels.h"

namespace bprop::kernels::reference {

template <typename T>
void gemm(Transpose trans_a, Transpose trans_b, int m, int n, int k, T alpha, const T* a, int lda,
          const T* b, int ldb, T beta, T* c, int ldc) {
  auto at = [&](int i, int p) {
    return trans_a == Transpose::kNo ? a[static_cast<std::ptrdiff_t>(i) * lda + p]
                                     : a[static_cast<std::ptrdiff_t>(p) * lda + i];
  };
  auto bt = [&](int p, int j) {
    return trans_b == Transpose::kNo ? b[static_cast<std::ptrdiff_t>(p) * ldb + j]
                                     : b[static_cast<std::ptrdiff_t>(j) * ldb + p];
  };
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      T sum = T(0);
      for (int p = 0; p < k; ++p) sum += at(i, p) * bt(p, j);
      T& out = c[static_cast<std::ptrdiff_t>(i) * ldc + j];
      out = beta == T(0) ? alpha * sum : alpha * sum + beta * out;
    }
  }
}

template void gemm<float>(Transpose, Transpose, int, int, int, float, const float*, int,
                          const float*, int, float, float*, int);
template void gemm<double>(Transpose, Transpose, int, int, int, double, const double*, int,
                           const double*, int, double, double*, int);

}  // namespace bprop::kernels::reference
