// GELU activation: forward and its derivative.
#include "bprop/layers/gelu.h"

#include <cmath>
#include <numbers>

namespace bprop {

// forward: y = x · Φ(x) = x/2 · (1 + erf(x/√2)), the exact (erf) form
template <typename T>
void GELU<T>::apply(const T* x, T* y, std::size_t n) const {
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = T(0.5) * x[i] * (T(1) + std::erf(x[i] * T(std::numbers::sqrt2 / 2)));
  }
}

// backward: y' = Φ(x) + x · φ(x) with φ(x) = e^(-x²/2) / √(2π), so dx = dy · (Φ(x) + x φ(x))
template <typename T>
void GELU<T>::derivative(const T* x, const T* y, const T* dy, T* dx, std::size_t n) const {
  (void)y;
  const T inv_sqrt_2pi = T(std::numbers::inv_sqrtpi / std::numbers::sqrt2);
  for (std::size_t i = 0; i < n; ++i) {
    const T cdf = T(0.5) * (T(1) + std::erf(x[i] * T(std::numbers::sqrt2 / 2)));
    const T pdf = inv_sqrt_2pi * std::exp(T(-0.5) * x[i] * x[i]);
    dx[i] = dy[i] * (cdf + x[i] * pdf);
  }
}

template class GELU<float>;
template class GELU<double>;

}  // namespace bprop
