// Mean squared error.
#include "bprop/losses/mean_squared_error.h"

#include "bprop/errors.h"
#include "kernels/elementwise.h"

namespace bprop {

// forward: L = 1/N Σ (p - y)², N = B·C
template <typename T>
T MeanSquaredError<T>::forward(const Matrix& prediction, const Matrix& target) {
  if (prediction.rows() != target.rows() || prediction.cols() != target.cols()) {
    throw ShapeError("mse: prediction " + prediction.shape() + " and target " + target.shape() +
                     " differ in shape");
  }
  grad_.resize(prediction.rows(), prediction.cols());
  const std::size_t n = prediction.size();
  // forward also writes the gradient dL/dp = 2 (p - y) / N, so backward() is a pure read.
  const T scale = T(2) / static_cast<T>(n);
  const double sum = kernels::elementwise::squared_error_sum(prediction.data(), target.data(), n,
                                                             scale, grad_.data());
  return static_cast<T>(n == 0 ? 0.0 : sum / static_cast<double>(n));
}

template <typename T>
auto MeanSquaredError<T>::backward() -> const Matrix& {
  return grad_;
}

template class MeanSquaredError<float>;
template class MeanSquaredError<double>;

}  // namespace bprop
