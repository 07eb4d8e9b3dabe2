// The integer arithmetic an int8 model is defined by, shared by the host kernels, the quantizer
// and (as C text) the C export, so that all of them compute the same bits.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "bprop/int8/quantization.h"

namespace bprop::int8 {

// A positive real multiplier M as multiplier · 2^−shift, multiplier in [2^30, 2^31), shift in
// [1, 62]; M below 2^−62·2^30 loses bits (multiplier < 2^30, possibly 0: the output is the zero
// point) and M ≥ 2^30 saturates (any non-zero sum is then beyond int8 anyway).
struct FixedMultiplier {
  int32_t multiplier = 0;
  int shift = 1;
};

inline FixedMultiplier fixed_multiplier(double m) {
  int exponent = 0;
  const double fraction = std::frexp(m, &exponent);  // m = fraction · 2^exponent, fraction ∈ [½, 1)
  int64_t q = std::llround(fraction * 2147483648.0);  // · 2^31
  if (q == (int64_t{1} << 31)) q /= 2, ++exponent;
  int shift = 31 - exponent;
  if (shift < 1) return {INT32_MAX, 1};
  if (shift > 62) {
    q = shift - 62 >= 63 ? 0 : (q + (int64_t{1} << (shift - 63))) >> (shift - 62);
    shift = 62;
  }
  return {static_cast<int32_t>(q), shift};
}

// round(acc · M) + zero, rounding halves up, clamped to int8.
inline int8_t requantize(int32_t acc, FixedMultiplier m, int32_t zero) {
  const int64_t product = int64_t{acc} * m.multiplier;
  const int64_t rounded = (product + (int64_t{1} << (m.shift - 1))) >> m.shift;
  return static_cast<int8_t>(std::clamp<int64_t>(rounded + zero, -128, 127));
}

// A preprocessed float input as int8: round(v · inverse_scale) + zero, halves away from zero;
// NaN becomes the zero point. Branch-free, so the loops over it vectorize; the C export writes
// the same float operations with branches (src/export/c_int8.cpp).
inline int8_t quantize_input(float v, float inverse_scale, int32_t zero) {
  float t = v * inverse_scale;
  t = t == t ? t : 0.0f;
  t = std::min(std::max(t, -1000.0f), 1000.0f);
  const int32_t q = static_cast<int32_t>(t + (t >= 0.0f ? 0.5f : -0.5f)) + zero;
  return static_cast<int8_t>(std::clamp<int32_t>(q, -128, 127));
}

}  // namespace bprop::int8
