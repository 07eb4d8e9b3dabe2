// Softmax cross-entropy fused with the softmax.
#include "bprop/losses/softmax_cross_entropy.h"

#include <string>

#include "bprop/errors.h"
#include "bprop/kernels.h"
#include "kernels/elementwise.h"

namespace bprop {

template <typename T>
void SoftmaxCrossEntropy<T>::output(const Matrix& logits, Matrix& result) const {
  result.resize(logits.rows(), logits.cols());
  for (int r = 0; r < logits.rows(); ++r) {
    kernels::elementwise::softmax_row(logits.row(r), result.row(r), logits.cols());
  }
}

// forward: L = 1/B Σ_b [logsumexp(z_b) - Σ_c y_bc z_bc]. The gradient (softmax(z_b) - y_b)/B is
// written in the same pass (kernels::softmax_cross_entropy), so backward() has nothing left to do.
template <typename T>
T SoftmaxCrossEntropy<T>::forward(const Matrix& logits, const Matrix& target) {
  const int classes = logits.cols();
  const bool indices = target.cols() == 1 && classes > 1;
  if (target.rows() != logits.rows() || (!indices && target.cols() != classes)) {
    throw ShapeError("softmax-ce: logits " + logits.shape() + " need a target of " +
                     std::to_string(logits.rows()) + "x1 (class indices) or " + logits.shape() +
                     " (probabilities), got " + target.shape());
  }
  if (indices) {
    for (int r = 0; r < logits.rows(); ++r) {
      const T label = target(r, 0);
      const int c = static_cast<int>(label);
      if (static_cast<T>(c) != label || c < 0 || c >= classes) {
        throw std::invalid_argument("softmax-ce: label " + std::to_string(label) + " at row " +
                                    std::to_string(r) + " is not a class index in [0, " +
                                    std::to_string(classes) + ")");
      }
    }
  }
  grad_.resize(logits.rows(), classes);
  if (logits.rows() == 0) return T(0);
  const T scale = T(1) / static_cast<T>(logits.rows());
  const double sum = kernels::softmax_cross_entropy(logits, target, indices, scale, grad_);
  return static_cast<T>(sum / logits.rows());
}

// backward: dL/dz_bc = (softmax(z_b)_c - y_bc) / B, already computed by forward().
template <typename T>
auto SoftmaxCrossEntropy<T>::backward() -> const Matrix& {
  return grad_;
}

template class SoftmaxCrossEntropy<float>;
template class SoftmaxCrossEntropy<double>;

}  // namespace bprop
