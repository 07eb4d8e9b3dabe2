// Internal to Int8Predictor: the per-row loops around the kernels, quantizing float inputs and
// requantizing int32 sums, portable and AVX-512 (with the VNNI kernel). Both do the same integer
// and float operations in the same order as int8/arithmetic.h, so they give the same bits
// (Int8Quantize.EveryKernelGivesTheSameOutputsAndPredictorWrapsThem compares them).
#pragma once

#include <cstdint>

namespace bprop::int8 {

// q[i] = quantize_input(x[i], inverse_scale, zero) for i < n.
void quantize_row(bool avx512, const float* x, int n, float inverse_scale, int32_t zero, int8_t* q);
// y[o] = requantize(acc[o], {multiplier[o], shift[o]}, zero) for o < n.
void requantize_row(bool avx512, const int32_t* acc, const int32_t* multiplier,
                    const int32_t* shift, int32_t zero, int n, int8_t* y);

}  // namespace bprop::int8
