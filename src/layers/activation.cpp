// The shared forward/backward frame of element-wise activations.
#include "bprop/layers/activation.h"

#include "bprop/errors.h"

namespace bprop {

template <typename T>
void Activation<T>::infer(const Matrix& input, Matrix& output) const {
  output.resize(input.rows(), input.cols());
  apply(input.data(), output.data(), input.size());
}

template <typename T>
auto Activation<T>::forward(const Matrix& input) -> const Matrix& {
  infer(input, output_);
  input_ = &input;
  return output_;
}

template <typename T>
auto Activation<T>::forward_fused(Matrix& linear, const Matrix& bias) -> const Matrix& {
  output_.resize(linear.rows(), linear.cols());
  kernels::bias_activation(*fused_kind(), linear, bias, output_);
  input_ = &linear;
  return output_;
}

template <typename T>
void Activation<T>::check_backward(const Matrix& grad_output) const {
  if (input_ == nullptr || grad_output.rows() != output_.rows() ||
      grad_output.cols() != output_.cols()) {
    throw ShapeError(std::string(this->type()) + ": backward got gradient " + grad_output.shape() +
                     ", expected the forward output's shape " + output_.shape());
  }
}

template <typename T>
auto Activation<T>::backward(const Matrix& grad_output) -> const Matrix& {
  check_backward(grad_output);
  grad_input_.resize(grad_output.rows(), grad_output.cols());
  derivative(input_->data(), output_.data(), grad_output.data(), grad_input_.data(),
             grad_output.size());
  return grad_input_;
}

template <typename T>
auto Activation<T>::backward_fused(const Matrix& grad_output, Matrix& bias_grad) -> const Matrix& {
  check_backward(grad_output);
  grad_input_.resize(grad_output.rows(), grad_output.cols());
  kernels::activation_backward(*fused_kind(), *input_, output_, grad_output, grad_input_,
                               bias_grad);
  return grad_input_;
}

template class Activation<float>;
template class Activation<double>;

}  // namespace bprop
