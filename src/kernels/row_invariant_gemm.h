// Internal: gemm_row_invariant's form for one instruction set, single-threaded, so tests can
// check every form the CPU supports against the reference (the public entry runs the best one).
#pragma once

#include "bprop/kernels/matvec.h"
#include "bprop/matrix.h"

namespace bprop::kernels::detail {

// y = x·wᵀ as gemm_row_invariant computes it, with `isa`'s form (it must be supported).
void gemm_row_invariant_on(matvec::Isa isa, const Matrix& x, const Matrix& w, Matrix& y);

// The AVX-512 form for blocks of rows (row_invariant_panels.cpp), on x86 only: w (n x k) packed
// as ceil(n / kPanelOutputs) panels of k x kPanelOutputs (wᵀ; outputs past n are zeros), then
// y = x·wᵀ for `rows` rows from them. k >= 8 (dot() sums fewer terms left to right).
constexpr int kPanelOutputs = 16;
void pack_panels(const float* w, int n, int k, float* panels);
void rows_panels_avx512(const float* x, const float* panels, float* y, int rows, int n, int k);
// gemm_row_invariant through that form whatever the row count (the CPU must have AVX-512).
void gemm_row_invariant_panels(const Matrix& x, const Matrix& w, Matrix& y);

}  // namespace bprop::kernels::detail
