// Row vector times matrix in float, for GEMMs with one row (m = 1: single-sample inference,
// per-sample training of wide layers). Such a product reads every element of B once and does one
// multiply-add with it, so it is bound by reading B, and neither the library's GEMM nor the
// portable built-in loops (SSE2) come near that bound (docs/design.md, "Matrix-vector products").
// These kernels are compiled for AVX-512 and AVX2+FMA
// as well, and the one the CPU supports is chosen at run time, so the portable release build uses
// the CPU's full vector width. kernels::gemm routes m = 1 products here (kernels.h).
#pragma once

#include "bprop/kernels.h"

namespace bprop::kernels::matvec {

// Ordered (kernels/isa_dispatch.h): a CPU with AVX-512 has AVX2 and FMA.
enum class Isa { kBaseline, kAvx2, kAvx512 };

// Whether this CPU (and OS) runs `isa`; kBaseline always.
bool cpu_supports(Isa isa);
// The widest supported one, decided once per process.
Isa best_isa();
const char* isa_name(Isa isa);

// y (1 x n) = alpha · x (1 x k) · op(B) + beta · y, B row-major with leading dimension ldb:
// op(B) = B (k x n) or Bᵀ (B is n x k, as a Dense weight). x and y are contiguous. When
// beta == 0, y is written without being read (it may hold NaN). `isa` must be supported.
void sgemv(Isa isa, Transpose trans_b, int n, int k, float alpha, const float* x, const float* b,
           int ldb, float beta, float* y);
// The same with best_isa().
void sgemv(Transpose trans_b, int n, int k, float alpha, const float* x, const float* b, int ldb,
           float beta, float* y);

}  // namespace bprop::kernels::matvec
