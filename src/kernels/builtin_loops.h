// The inner loops of the built-in GEMM, shared with the small-network path (small_net.cpp), which
// must round exactly as the layer path does. Every operation order is fixed by the source: dot()
// keeps eight partial sums in a fixed pattern instead of a `#pragma omp simd reduction` (whose
// order is the compiler's choice and could differ between two inlining sites), so the same inputs
// give the same bits wherever these are inlined. Vectorising them changes no result.
#pragma once

#include "kernels/elementwise.h"

namespace bprop::kernels::builtin {

// c[0..n) += s · b[0..n). Element-wise: vectorisation cannot change a bit.
template <typename T>
inline void axpy(T* __restrict c, const T* __restrict b, int n, T s) {
  if (n < 8) {  // tiny rows: the vector loop's set-up would cost more than the work
    for (int j = 0; j < n; ++j) c[j] += s * b[j];
    return;
  }
#pragma omp simd
  for (int j = 0; j < n; ++j) c[j] += s * b[j];
}

// Σ a[p]·b[p]. Below 8 terms: left to right from 0. From 8: partial sums acc[l] over
// p ≡ l (mod 8), combined as ((0+4)+(1+5))+((2+6)+(3+7)), then the tail left to right.
template <typename T>
inline T dot(const T* __restrict a, const T* __restrict b, int k) {
  if (k < 8) {
    T sum = T(0);
    for (int p = 0; p < k; ++p) sum += a[p] * b[p];
    return sum;
  }
  T acc[8];
  for (int l = 0; l < 8; ++l) acc[l] = a[l] * b[l];
  int p = 8;
  for (; p + 8 <= k; p += 8) {
    for (int l = 0; l < 8; ++l) acc[l] += a[p + l] * b[p + l];
  }
  T sum = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
  for (; p < k; ++p) sum += a[p] * b[p];
  return sum;
}

}  // namespace bprop::kernels::builtin
