// Activation: the shared frame of element-wise layers y = f(x), x and y of the same shape (B, n).
// A concrete activation supplies f (apply) and the chain rule dx = dy * f'(x) (derivative);
// this base keeps the buffers and the shape checks.
#pragma once

#include <cstddef>
#include <optional>

#include "bprop/kernels.h"
#include "bprop/layer.h"

namespace bprop {

// The fused bias + activation kernel that computes a layer of this form, if there is one.
inline std::optional<kernels::FusedActivation> fused_activation(const LayerForm& form) {
  switch (form.op) {
    case LayerOp::kRelu:
      return kernels::FusedActivation::kRelu;
    case LayerOp::kSigmoid:
      return kernels::FusedActivation::kSigmoid;
    case LayerOp::kTanh:
      return kernels::FusedActivation::kTanh;
    default:
      return std::nullopt;
  }
}

template <typename T>
class Activation : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Matrix;
  using BasicLayer<T>::forward;  // keeps the deleted overload for temporaries visible

  const Matrix& forward(const Matrix& input) override;
  const Matrix& backward(const Matrix& grad_output) override;
  void infer(const Matrix& input, Matrix& output) const override;

  // The fused kernel that computes this activation, when there is one (see forward_fused).
  std::optional<kernels::FusedActivation> fused_kind() const {
    return fused_activation(this->form());
  }
  // forward() fused with the bias add of the Dense layer before it, in one pass: `linear` is that
  // layer's x·Wᵀ; it gets the bias added in place (becoming the Dense output, which is this
  // layer's input) and this layer's output is f(linear + bias). Needs fused_kind().
  const Matrix& forward_fused(Matrix& linear, const Matrix& bias);
  // backward() fused with the bias gradient of that Dense layer: returns dL/dx as backward()
  // does and writes bias_grad = its column sums in the same pass. Needs fused_kind().
  const Matrix& backward_fused(const Matrix& grad_output, Matrix& bias_grad);

 protected:
  // y[i] = f(x[i]) for i < n.
  virtual void apply(const T* x, T* y, std::size_t n) const = 0;
  // dx[i] = dy[i] * f'(x[i]); y = f(x) is given too, since sigmoid and tanh derive from it.
  virtual void derivative(const T* x, const T* y, const T* dy, T* dx, std::size_t n) const = 0;

 private:
  void check_backward(const Matrix& grad_output) const;

  const Matrix* input_ = nullptr;
  Matrix output_;
  Matrix grad_input_;
};

}  // namespace bprop
