// ReLU activation: forward and its derivative.
#include "bprop/layers/relu.h"

namespace bprop {

// forward: y = max(0, x)
template <typename T>
void ReLU<T>::apply(const T* x, T* y, std::size_t n) const {
  for (std::size_t i = 0; i < n; ++i) y[i] = x[i] > T(0) ? x[i] : T(0);
}

// backward: relu'(x) = 1 if x > 0 else 0 (0 at x = 0, as in PyTorch), so dx = dy · [x > 0]
template <typename T>
void ReLU<T>::derivative(const T* x, const T* y, const T* dy, T* dx, std::size_t n) const {
  (void)y;
  // dy is read unconditionally so that the loop vectorises (a conditional load would not).
  for (std::size_t i = 0; i < n; ++i) {
    const T g = dy[i];
    dx[i] = x[i] > T(0) ? g : T(0);
  }
}

template class ReLU<float>;
template class ReLU<double>;

}  // namespace bprop
