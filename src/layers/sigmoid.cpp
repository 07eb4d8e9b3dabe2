// Sigmoid activation: forward and its derivative.
#include "bprop/layers/sigmoid.h"

#include <cmath>

namespace bprop {

// forward: y = σ(x) = 1 / (1 + e^-x)
template <typename T>
void Sigmoid<T>::apply(const T* x, T* y, std::size_t n) const {
  // Two branches so that exp() only ever sees a non-positive argument and never overflows.
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i] >= T(0)) {
      y[i] = T(1) / (T(1) + std::exp(-x[i]));
    } else {
      const T e = std::exp(x[i]);
      y[i] = e / (T(1) + e);
    }
  }
}

// backward: σ'(x) = σ(x)(1 - σ(x)) = y(1 - y), so dx = dy · y(1 - y)
template <typename T>
void Sigmoid<T>::derivative(const T* x, const T* y, const T* dy, T* dx, std::size_t n) const {
  (void)x;
  for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * y[i] * (T(1) - y[i]);
}

template class Sigmoid<float>;
template class Sigmoid<double>;

}  // namespace bprop
