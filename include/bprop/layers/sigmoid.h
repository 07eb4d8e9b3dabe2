// Sigmoid: y = σ(x) = 1 / (1 + e^-x), element-wise; x and y of shape (B, n).
#pragma once

#include "bprop/layers/activation.h"

namespace bprop {

template <typename T>
class Sigmoid final : public Activation<T> {
 public:
  explicit Sigmoid(int /*width*/ = 0) {}
  std::string_view type() const override { return "sigmoid"; }
  LayerForm form() const override { return {LayerOp::kSigmoid}; }

 protected:
  void apply(const T* x, T* y, std::size_t n) const override;
  void derivative(const T* x, const T* y, const T* dy, T* dx, std::size_t n) const override;
};

}  // namespace bprop
