// The kernel boundary: the only functions that know how arithmetic is made fast (BLAS, SIMD).
// Layers, losses and optimizers call these and nothing below them. kernels::reference holds the
// plain-loop versions, the executable spec every fast kernel is tested against.
#pragma once

#include "bprop/matrix.h"

namespace bprop::kernels {

enum class Transpose { kNo, kYes };

// C = alpha * op(A) * op(B) + beta * C, row-major. op(A) is m x k, op(B) is k x n, C is m x n.
// When beta == 0, C is written without being read (it may hold NaN).
template <typename T>
void gemm(Transpose trans_a, Transpose trans_b, int m, int n, int k, T alpha, const T* a, int lda,
          const T* b, int ldb, T beta, T* c, int ldc);

// Matrix form of gemm with shape checks; C must already have the shape of op(A) * op(B).
template <typename T>
void gemm(Transpose trans_a, Transpose trans_b, T alpha, const BasicMatrix<T>& a,
          const BasicMatrix<T>& b, T beta, BasicMatrix<T>& c);

// y[r][c] += bias[c] for every row r: adds a 1 x n row to each row of an m x n matrix.
template <typename T>
void add_row(BasicMatrix<T>& y, const BasicMatrix<T>& bias);

// sums (1 x n) = the column sums of x (m x n), overwriting sums.
template <typename T>
void column_sums(const BasicMatrix<T>& x, BasicMatrix<T>& sums);

namespace reference {
template <typename T>
void gemm(Transpose trans_a, Transpose trans_b, int m, int n, int k, T alpha, const T* a, int lda,
          const T* b, int ldb, T beta, T* c, int ldc);
}  // namespace reference

}  // namespace bprop::kernels
