// Dense (fully connected): y = x·Wᵀ + b.  x:(B, in)  W:(out, in)  b:(1, out)  y:(B, out)
// The same layout as torch.nn.Linear, so weights compare one to one with PyTorch.
#pragma once

#include <array>

#include "bprop/layer.h"

namespace bprop {

template <typename T>
class Dense final : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Matrix;
  using BasicLayer<T>::forward;  // keeps the deleted overload for temporaries visible
  using typename BasicLayer<T>::Parameter;

  Dense(int in_features, int out_features);

  const Matrix& forward(const Matrix& input) override;
  const Matrix& backward(const Matrix& grad_output) override;
  void infer(const Matrix& input, Matrix& output) const override;
  // forward() without the bias: returns x·Wᵀ, which becomes this layer's output once the caller
  // adds the bias. The network uses it to fuse the bias into a following activation's pass.
  Matrix& forward_linear(const Matrix& input);
  // backward() when the caller has already written the bias gradient (the column sums of
  // grad_output): the network fuses them into the following activation's backward pass.
  const Matrix& backward_given_bias_grad(const Matrix& grad_output);

  std::span<Parameter> parameters() override { return params_; }
  std::span<const Parameter> parameters() const override { return params_; }
  void initialize(const InitOptions& options, Rng& rng) override;

  std::string_view type() const override { return "dense"; }
  std::string spec() const override { return "dense:" + std::to_string(out_); }
  int input_width() const override { return in_; }
  int output_width(int /*input_width*/) const override { return out_; }
  LayerForm form() const override { return {LayerOp::kDense}; }

  Parameter& weight() { return params_[0]; }
  Parameter& bias() { return params_[1]; }

 private:
  void check_input(const Matrix& input) const;
  void check_grad_output(const Matrix& grad_output) const;

  int in_;
  int out_;
  std::array<Parameter, 2> params_;  // weight (out x in), bias (1 x out)
  const Matrix* input_ = nullptr;    // the batch of the last forward(), needed for dW
  Matrix output_;
  Matrix grad_input_;
};

}  // namespace bprop
