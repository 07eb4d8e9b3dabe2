// LeakyReLU activation: forward and its derivative.
#include "bprop/layers/leaky_relu.h"

#include <cmath>
#include <sstream>

#include "bprop/errors.h"
#include "kernels/elementwise.h"

namespace bprop {

template <typename T>
LeakyReLU<T>::LeakyReLU(int /*width*/, double slope) : slope_(slope) {
  if (!std::isfinite(slope)) throw ConfigError("leaky_relu: slope must be finite");
}

template <typename T>
std::string LeakyReLU<T>::spec() const {
  std::ostringstream text;
  text.precision(17);
  text << "leaky_relu:" << slope_;
  return text.str();
}

// forward: y = x if x > 0, else slope · x
template <typename T>
void LeakyReLU<T>::apply(const T* x, T* y, std::size_t n) const {
  const T slope = static_cast<T>(slope_);
  for (std::size_t i = 0; i < n; ++i) y[i] = kernels::elementwise::leaky_relu(x[i], slope);
}

// backward: y' = 1 if x > 0 else slope, so dx = dy · (x > 0 ? 1 : slope)
template <typename T>
void LeakyReLU<T>::derivative(const T* x, const T* y, const T* dy, T* dx, std::size_t n) const {
  (void)y;
  const T slope = static_cast<T>(slope_);
  for (std::size_t i = 0; i < n; ++i) {
    dx[i] = kernels::elementwise::leaky_relu_backward(x[i], dy[i], slope);
  }
}

template class LeakyReLU<float>;
template class LeakyReLU<double>;

}  // namespace bprop
