// Internal to kernels/int8: the vector kernels (int8_x86.cpp). `bias` is the folded bias (the
// zero points already taken out, see int8.cpp), padded with zeros to whole blocks of 16.
#pragma once

#include "bprop/kernels/int8.h"

namespace bprop::kernels::int8 {

inline constexpr int kBlock = 16;  // outputs per packed block
inline constexpr int kGroup = 4;   // inputs per packed group (one int32 of x)

void dense_avx2(const PackedWeights& w, const int8_t* x, int rows, int ldx, const int32_t* bias,
                int32_t* acc);
void dense_avx512_vnni(const PackedWeights& w, const int8_t* x, int rows, int ldx,
                       const int32_t* bias, int32_t* acc);

}  // namespace bprop::kernels::int8
