// Identity activation: forward and its derivative.
#include "bprop/layers/identity.h"

#include <algorithm>

namespace bprop {

// forward: y = x
template <typename T>
void Identity<T>::apply(const T* x, T* y, std::size_t n) const {
  std::copy(x, x + n, y);
}

// backward: dx = dy
template <typename T>
void Identity<T>::derivative(const T* x, const T* y, const T* dy, T* dx, std::size_t n) const {
  (void)x;
  (void)y;
  std::copy(dy, dy + n, dx);
}

template class Identity<float>;
template class Identity<double>;

}  // namespace bprop
