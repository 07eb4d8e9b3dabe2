// Internal: the AVX2+FMA forms of kernels/matvec.h's products (eight lanes, the last k % 8 or
// n % 8 elements in scalar code), for CPUs without AVX-512. matvec.cpp picks them at run time.
// Also the two helpers both files use.
#pragma once

#include <cstddef>

namespace bprop::kernels::matvec {

// Row r of a row-major matrix with leading dimension ldb.
inline const float* row(const float* b, int r, int ldb) {
  return b + static_cast<std::ptrdiff_t>(r) * ldb;
}

// y = alpha·s + beta·y, without reading y when beta == 0 (gemm's contract).
inline float finish(float s, float alpha, float beta, const float* y) {
  return beta == 0.0f ? alpha * s : alpha * s + beta * *y;
}

namespace avx2 {

#if defined(__x86_64__) || defined(__i386__)
// y = alpha·x·Bᵀ + beta·y, B (n x k) row-major: dot products over rows of B.
void dots(int n, int k, float alpha, const float* x, const float* b, int ldb, float beta, float* y);
// y = alpha·x·B + beta·y, B (k x n) row-major: rows of B scaled by x and accumulated.
void axpys(int n, int k, float alpha, const float* x, const float* b, int ldb, float beta,
           float* y);
#endif

}  // namespace avx2

}  // namespace bprop::kernels::matvec
