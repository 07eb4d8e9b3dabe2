// LeakyReLU: y = x if x > 0 else slope · x, element-wise; x and y of shape (B, n).
#pragma once

#include "bprop/layers/activation.h"

namespace bprop {

template <typename T>
class LeakyReLU final : public Activation<T> {
 public:
  explicit LeakyReLU(int /*width*/ = 0, double slope = 0.01);
  std::string_view type() const override { return "leaky_relu"; }
  std::string spec() const override;
  double slope() const { return slope_; }
  LayerForm form() const override { return {LayerOp::kLeakyRelu, slope_}; }

 protected:
  void apply(const T* x, T* y, std::size_t n) const override;
  void derivative(const T* x, const T* y, const T* dy, T* dx, std::size_t n) const override;

 private:
  double slope_;
};

}  // namespace bprop
