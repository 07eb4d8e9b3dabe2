// Parameter: one learnable tensor with everything that belongs to it side by side: its value, its
// gradient (same shape) and the optimizer's slots. Optimizers see only Parameters, so their state
// can never be lost or mixed up by a copy, a move or a reallocation (no maps keyed by pointer).
#pragma once

#include <cstdint>
#include <string>

#include "bprop/matrix.h"

namespace bprop {

template <typename T>
struct OptimizerSlots {
  BasicMatrix<T> moment1;  // SGD velocity, or Adam's first moment; empty until first used
  BasicMatrix<T> moment2;  // Adam's second moment; empty until first used
  int64_t step = 0;        // updates applied to this parameter: one per optimizer step
};

template <typename T>
struct BasicParameter {
  BasicParameter() = default;
  BasicParameter(std::string name_, int rows, int cols)
      : name(std::move(name_)), value(rows, cols), grad(rows, cols) {}

  std::string name;  // "weight" or "bias": stable, used by model files and gradient reports
  BasicMatrix<T> value;
  BasicMatrix<T> grad;  // dLoss/dvalue, overwritten by every Layer::backward
  OptimizerSlots<T> slots;
};

using Parameter = BasicParameter<float>;

}  // namespace bprop
