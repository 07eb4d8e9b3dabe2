// Per-sample weights around any loss.
#include "bprop/losses/sample_weighted.h"

#include <cmath>
#include <cstring>
#include <string>

#include "bprop/errors.h"

namespace bprop {

namespace {
template <typename T>
void copy_row(const BasicMatrix<T>& from, int row, int cols, BasicMatrix<T>& to) {
  to.resize(1, cols);
  std::memcpy(to.data(), from.row(row), static_cast<std::size_t>(cols) * sizeof(T));
}
}  // namespace

template <typename T>
T SampleWeighted<T>::forward(const Matrix& prediction, const Matrix& target) {
  if (target.cols() < 2 || target.rows() != prediction.rows()) {
    throw ShapeError("sample-weighted " + std::string(inner_.name()) + ": target " +
                     target.shape() + " must have the prediction's " +
                     std::to_string(prediction.rows()) +
                     " rows and at least 2 columns (the target, then the weight)");
  }
  const int rows = target.rows();
  const int cols = target.cols() - 1;
  inner_target_.resize(rows, cols);
  for (int r = 0; r < rows; ++r) {
    const T w = target(r, cols);
    if (!(w >= T(0)) || !std::isfinite(static_cast<double>(w))) {
      throw std::invalid_argument("sample-weighted " + std::string(inner_.name()) + ": row " +
                                  std::to_string(r) + " has weight " + std::to_string(w) +
                                  "; weights must be finite and >= 0");
    }
    std::memcpy(inner_target_.row(r), target.row(r), static_cast<std::size_t>(cols) * sizeof(T));
  }
  // The value needs each row's own loss; the gradient comes from one batch call, made last so
  // that the inner loss's state is the batch's.
  double sum = 0.0;
  for (int r = 0; r < rows; ++r) {
    copy_row(prediction, r, prediction.cols(), row_prediction_);
    copy_row(inner_target_, r, cols, row_target_);
    sum += static_cast<double>(target(r, cols)) *
           static_cast<double>(inner_.forward(row_prediction_, row_target_));
  }
  inner_.forward(prediction, inner_target_);
  grad_ = inner_.backward();
  for (int r = 0; r < rows; ++r) {
    const T w = target(r, cols);
    T* g = grad_.row(r);
    for (int c = 0; c < grad_.cols(); ++c) g[c] *= w;
  }
  return static_cast<T>(rows == 0 ? 0.0 : sum / rows);
}

template class SampleWeighted<float>;
template class SampleWeighted<double>;

}  // namespace bprop
