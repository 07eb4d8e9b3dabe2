// GELU activation: forward and its derivative.
#include "bprop/layers/gelu.h"

#include "kernels/elementwise.h"

namespace bprop {

// forward: y = x · Φ(x) = x/2 · (1 + erf(x/√2)), the exact (erf) form
template <typename T>
void GELU<T>::apply(const T* x, T* y, std::size_t n) const {
  for (std::size_t i = 0; i < n; ++i) y[i] = kernels::elementwise::gelu(x[i]);
}

// backward: y' = Φ(x) + x · φ(x) with φ(x) = e^(-x²/2) / √(2π), so dx = dy · (Φ(x) + x φ(x))
template <typename T>
void GELU<T>::derivative(const T* x, const T* y, const T* dy, T* dx, std::size_t n) const {
  (void)y;
  for (std::size_t i = 0; i < n; ++i) dx[i] = kernels::elementwise::gelu_backward(x[i], dy[i]);
}

template class GELU<float>;
template class GELU<double>;

}  // namespace bprop
