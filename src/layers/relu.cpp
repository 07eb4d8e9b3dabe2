// ReLU activation: forward and its derivative.
#include "bprop/layers/relu.h"

#include "kernels/elementwise.h"

namespace bprop {

// forward: y = max(0, x)
template <typename T>
void ReLU<T>::apply(const T* x, T* y, std::size_t n) const {
  for (std::size_t i = 0; i < n; ++i) y[i] = kernels::elementwise::relu(x[i]);
}

// backward: relu'(x) = 1 if x > 0 else 0 (0 at x = 0, as in PyTorch), so dx = dy · [x > 0]
template <typename T>
void ReLU<T>::derivative(const T* x, const T* y, const T* dy, T* dx, std::size_t n) const {
  (void)y;
  for (std::size_t i = 0; i < n; ++i) dx[i] = kernels::elementwise::relu_backward(x[i], dy[i]);
}

template class ReLU<float>;
template class ReLU<double>;

}  // namespace bprop
