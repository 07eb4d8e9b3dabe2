// Sigmoid activation: forward and its derivative.
#include "bprop/layers/sigmoid.h"

#include "kernels/elementwise.h"

namespace bprop {

// forward: y = σ(x) = 1 / (1 + e^-x)
template <typename T>
void Sigmoid<T>::apply(const T* x, T* y, std::size_t n) const {
  for (std::size_t i = 0; i < n; ++i) y[i] = kernels::elementwise::sigmoid(x[i]);
}

// backward: σ'(x) = σ(x)(1 - σ(x)) = y(1 - y), so dx = dy · y(1 - y)
template <typename T>
void Sigmoid<T>::derivative(const T* x, const T* y, const T* dy, T* dx, std::size_t n) const {
  (void)x;
  for (std::size_t i = 0; i < n; ++i) dx[i] = kernels::elementwise::sigmoid_backward(y[i], dy[i]);
}

template class Sigmoid<float>;
template class Sigmoid<double>;

}  // namespace bprop
