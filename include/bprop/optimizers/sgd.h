// SGD with optional momentum, Nesterov momentum and L2 weight decay, in PyTorch's convention:
//   g ← grad + weight_decay·w;  v ← momentum·v + g;  d ← nesterov ? g + momentum·v : v;  w ← w -
//   lr·d
// With momentum 0 this is the notebook's plain step w ← w - lr·grad.
#pragma once

#include "bprop/optimizer.h"

namespace bprop {

struct SgdOptions {
  double learning_rate = 0.01;
  double momentum = 0.0;
  bool nesterov = false;
  double weight_decay = 0.0;
};

template <typename T>
class Sgd final : public BasicOptimizer<T> {
 public:
  explicit Sgd(const SgdOptions& options = {});
  void update(BasicParameter<T>& p) override;
  std::string_view name() const override { return "sgd"; }
  const SgdOptions& options() const { return options_; }
  const SgdOptions* sgd_options() const override { return &options_; }

 private:
  SgdOptions options_;
};

}  // namespace bprop
