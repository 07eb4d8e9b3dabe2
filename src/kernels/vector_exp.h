// Internal: e^x over an array of floats with glibc's expf algorithm, sixteen at a time in AVX-512,
// for softmax cross-entropy's exps (kernels::softmax_cross_entropy), which called the scalar expf
// once per class and row. The result is glibc's to the bit, so the loss and gradient keep theirs.
#pragma once

#include <cstddef>

namespace bprop::kernels::vector_exp {

// Whether this CPU runs exp_in_place (AVX-512).
bool available();

// x[i] = e^x[i] for i < n, each the float that glibc 2.28+'s expf returns on an FMA CPU
// (sysdeps/ieee754/flt-32/e_expf.c, __expf_fma): x in double, k = round(x·32/ln2), 2^(k/32)
// from a 32-entry table, a cubic in the remainder, rounded once to float; its special cases
// (underflow, overflow, NaN) likewise. Requires available().
void exp_in_place(float* x, std::size_t n);

}  // namespace bprop::kernels::vector_exp
