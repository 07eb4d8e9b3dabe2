// Internal: gemm_row_invariant's form for one instruction set, single-threaded, so tests can
// check every form the CPU supports against the reference (the public entry runs the best one).
#pragma once

#include "bprop/kernels/matvec.h"
#include "bprop/matrix.h"

namespace bprop::kernels::detail {

// y = x·wᵀ as gemm_row_invariant computes it, with `isa`'s form (it must be supported).
void gemm_row_invariant_on(matvec::Isa isa, const Matrix& x, const Matrix& w, Matrix& y);

}  // namespace bprop::kernels::detail
