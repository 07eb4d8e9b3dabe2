// Adam (Kingma & Ba) and AdamW (Loshchilov & Hutter), in PyTorch's convention. With t the number
// of steps taken by this parameter (p.slots.step, advanced once per step):
//   Adam:  g ← grad + weight_decay·w          AdamW: w ← w - lr·weight_decay·w,  g ← grad
//   m ← β1·m + (1-β1)·g;  v ← β2·v + (1-β2)·g²
//   w ← w - lr/(1-β1^t) · m / (sqrt(v)/sqrt(1-β2^t) + ε)
#pragma once

#include "bprop/optimizer.h"

namespace bprop {

struct AdamOptions {
  double learning_rate = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
  double weight_decay = 0.0;  // L2 for Adam, decoupled decay for AdamW
};

template <typename T>
class Adam : public BasicOptimizer<T> {
 public:
  explicit Adam(const AdamOptions& options = {});
  void update(BasicParameter<T>& p) override;
  std::string_view name() const override { return decoupled_ ? "adamw" : "adam"; }
  const AdamOptions& options() const { return options_; }

 protected:
  Adam(const AdamOptions& options, bool decoupled);

 private:
  AdamOptions options_;
  bool decoupled_;
};

template <typename T>
class AdamW final : public Adam<T> {
 public:
  // PyTorch's AdamW default weight decay is 0.01; AdamOptions{} leaves it 0, so say it explicitly.
  explicit AdamW(const AdamOptions& options = {.weight_decay = 0.01}) : Adam<T>(options, true) {}
};

}  // namespace bprop
