// GELU: y = x · Φ(x) = x/2 · (1 + erf(x/√2)), the exact (erf) form, element-wise; x and y of shape
// (B, n).
#pragma once

#include "bprop/layers/activation.h"

namespace bprop {

template <typename T>
class GELU final : public Activation<T> {
 public:
  explicit GELU(int /*width*/ = 0) {}
  std::string_view type() const override { return "gelu"; }
  LayerForm form() const override { return {LayerOp::kGelu}; }

 protected:
  void apply(const T* x, T* y, std::size_t n) const override;
  void derivative(const T* x, const T* y, const T* dy, T* dx, std::size_t n) const override;
};

}  // namespace bprop
