// Optimizer: turns each Parameter's gradient into an update of its value. It sees Parameters only
// (never layer types) and keeps its state in Parameter::slots, so the state travels with the
// parameter. Network::step calls update() exactly once per parameter per step.
#pragma once

#include <string_view>

#include "bprop/parameter.h"

namespace bprop {

struct SgdOptions;  // optimizers/sgd.h

template <typename T>
class BasicOptimizer {
 public:
  explicit BasicOptimizer(double learning_rate) : learning_rate_(learning_rate) {}
  virtual ~BasicOptimizer() = default;

  // Applies one step to p using p.grad; advances p.slots.step by one.
  virtual void update(BasicParameter<T>& p) = 0;
  virtual std::string_view name() const = 0;
  // For SmallNet, which applies the update itself: the options when this optimizer is SGD
  // (optimizers/sgd.h), null for any other update rule.
  virtual const SgdOptions* sgd_options() const { return nullptr; }

  // Schedules change the learning rate between steps.
  double learning_rate() const { return learning_rate_; }
  void set_learning_rate(double learning_rate) { learning_rate_ = learning_rate; }

 private:
  double learning_rate_;
};

using Optimizer = BasicOptimizer<float>;

}  // namespace bprop
