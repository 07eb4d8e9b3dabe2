// Tanh activation: forward and its derivative.
#include "bprop/layers/tanh.h"

#include <cmath>

#include "kernels/elementwise.h"

namespace bprop {

// forward: y = tanh(x)
template <typename T>
void Tanh<T>::apply(const T* x, T* y, std::size_t n) const {
  for (std::size_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
}

// backward: tanh'(x) = 1 - tanh(x)² = 1 - y², so dx = dy · (1 - y²)
template <typename T>
void Tanh<T>::derivative(const T* x, const T* y, const T* dy, T* dx, std::size_t n) const {
  (void)x;
  for (std::size_t i = 0; i < n; ++i) dx[i] = kernels::elementwise::tanh_backward(y[i], dy[i]);
}

template class Tanh<float>;
template class Tanh<double>;

}  // namespace bprop
