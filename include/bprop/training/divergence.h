// Finding where training went non-finite. The trainer checks the loss and every gradient at every
// step (cheap: one pass over the gradients) and, only when something is non-finite, runs these
// to name the first layer responsible: "layer 3 (dense:1) output" or "layer 1 (dense:8) weight
// gradient". See DivergenceError in errors.h.
#pragma once

#include <span>
#include <string>

#include "bprop/kernels.h"
#include "bprop/matrix.h"
#include "bprop/network.h"

namespace bprop {

// True when no value is NaN or ±inf (kernels::all_finite: one vectorised pass over the bits).
template <typename T>
bool all_finite(std::span<const T> values) {
  return kernels::all_finite(values.size(), values.data());
}

// Runs the network layer by layer on `input` (inference mode) and names the first place a
// non-finite value appears: "the input batch", "layer 2 (tanh) output", or "" when none does.
template <typename T>
std::string locate_nonfinite_activation(const BasicNetwork<T>& network,
                                        const BasicMatrix<T>& input);

// The first parameter (in layer order) with a non-finite gradient, "layer 1 (dense:8) weight
// gradient", or "" when all are finite.
template <typename T>
std::string locate_nonfinite_gradient(const BasicNetwork<T>& network);

// The first parameter with a non-finite value, "layer 1 (dense:8) weight", or "".
template <typename T>
std::string locate_nonfinite_parameter(const BasicNetwork<T>& network);

}  // namespace bprop
