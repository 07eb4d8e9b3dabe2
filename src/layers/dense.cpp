// Dense layer: one GEMM forward, two GEMMs backward (one when dL/dx is not needed).
#include "bprop/layers/dense.h"

#include "bprop/errors.h"
#include "bprop/kernels.h"

namespace bprop {

using kernels::Transpose;

template <typename T>
Dense<T>::Dense(int in_features, int out_features)
    : in_(in_features),
      out_(out_features),
      params_{Parameter("weight", out_features, in_features), Parameter("bias", 1, out_features)} {
  if (in_features <= 0 || out_features <= 0) {
    throw ShapeError("Dense: widths must be positive, got in=" + std::to_string(in_features) +
                     " out=" + std::to_string(out_features));
  }
}

template <typename T>
void Dense<T>::initialize(const InitOptions& options, Rng& rng) {
  initialize_dense(params_[0].value, params_[1].value, options, rng);
}

template <typename T>
void Dense<T>::check_input(const Matrix& input) const {
  if (input.cols() != in_) {
    throw ShapeError("Dense(" + std::to_string(in_) + "->" + std::to_string(out_) +
                     "): input shape " + input.shape() + " has " + std::to_string(input.cols()) +
                     " columns, expected " + std::to_string(in_));
  }
}

template <typename T>
void Dense<T>::check_grad_output(const Matrix& grad_output) const {
  if (input_ == nullptr || grad_output.rows() != input_->rows() || grad_output.cols() != out_) {
    throw ShapeError("Dense(" + std::to_string(in_) + "->" + std::to_string(out_) +
                     "): backward got gradient " + grad_output.shape() +
                     (input_ ? " after a forward of " + input_->shape() : " before any forward"));
  }
}

template <typename T>
void Dense<T>::infer(const Matrix& input, Matrix& output) const {
  check_input(input);
  output.resize(input.rows(), out_);
  // Each row's outputs are the same whatever the other rows (kernels.h); training's forward
  // keeps gemm(), whose library path is faster on large batches.
  kernels::gemm_row_invariant(input, params_[0].value, output);
  kernels::add_row(output, params_[1].value);
}

// forward: y = x·Wᵀ + b
template <typename T>
auto Dense<T>::forward(const Matrix& input) -> const Matrix& {
  forward_linear(input);
  kernels::add_row(output_, params_[1].value);
  return output_;
}

template <typename T>
auto Dense<T>::forward_linear(const Matrix& input) -> Matrix& {
  check_input(input);
  output_.resize(input.rows(), out_);
  kernels::gemm(Transpose::kNo, Transpose::kYes, T(1), input, params_[0].value, T(0), output_);
  input_ = &input;
  return output_;
}

// backward, with dy = dL/dy (B x out):
//   dL/dW = dyᵀ·x            (out x in)   since y_bj = Σ_i x_bi W_ji + b_j
//   dL/db = Σ_b dy_b         (1 x out)    column sums
//   dL/dx = dy·W             (B x in)
template <typename T>
auto Dense<T>::backward(const Matrix& grad_output) -> const Matrix& {
  check_grad_output(grad_output);
  kernels::column_sums(grad_output, params_[1].grad);
  return backward_given_bias_grad(grad_output);
}

template <typename T>
auto Dense<T>::backward_given_bias_grad(const Matrix& grad_output) -> const Matrix& {
  check_grad_output(grad_output);
  kernels::gemm(Transpose::kYes, Transpose::kNo, T(1), grad_output, *input_, T(0), params_[0].grad);
  if (!this->needs_input_grad()) {
    grad_input_.resize(0, 0);
    return grad_input_;
  }
  grad_input_.resize(grad_output.rows(), in_);
  kernels::gemm(Transpose::kNo, Transpose::kNo, T(1), grad_output, params_[0].value, T(0),
                grad_input_);
  return grad_input_;
}

template class Dense<float>;
template class Dense<double>;

}  // namespace bprop
