// Binary cross-entropy from logits.
#include "bprop/losses/binary_cross_entropy.h"

#include <string>

#include "bprop/errors.h"
#include "bprop/kernels.h"
#include "kernels/elementwise.h"

namespace bprop {

template <typename T>
void BinaryCrossEntropy<T>::output(const Matrix& logits, Matrix& result) const {
  result.resize(logits.rows(), logits.cols());
  for (std::size_t i = 0; i < logits.size(); ++i) {
    result.data()[i] = kernels::elementwise::sigmoid(logits.data()[i]);
  }
}

// forward: L = 1/N Σ max(z,0) - z·y + log1p(e^-|z|). The gradient is written in the same pass
// (kernels::binary_cross_entropy), so backward() has nothing left to do.
template <typename T>
T BinaryCrossEntropy<T>::forward(const Matrix& logits, const Matrix& target) {
  if (logits.rows() != target.rows() || logits.cols() != target.cols()) {
    throw ShapeError("bce: logits " + logits.shape() + " and target " + target.shape() +
                     " differ in shape");
  }
  const std::size_t n = logits.size();
  for (std::size_t i = 0; i < n; ++i) {
    const T y = target.data()[i];
    if (!(y >= T(0) && y <= T(1))) {
      throw std::invalid_argument("bce: target " + std::to_string(y) + " at row " +
                                  std::to_string(i / logits.cols()) + " is outside [0, 1]");
    }
  }
  grad_.resize(logits.rows(), logits.cols());
  if (n == 0) return T(0);
  const T scale = T(1) / static_cast<T>(n);
  return static_cast<T>(kernels::binary_cross_entropy(logits, target, scale, grad_) /
                        static_cast<double>(n));
}

// backward: dL/dz = (σ(z) - y) / N, already computed by forward(). The sigmoid's derivative σ(1-σ)
// cancels against BCE's 1/(σ(1-σ)), which is why fusing them is both exact and stable.
template <typename T>
auto BinaryCrossEntropy<T>::backward() -> const Matrix& {
  return grad_;
}

template class BinaryCrossEntropy<float>;
template class BinaryCrossEntropy<double>;

}  // namespace bprop
