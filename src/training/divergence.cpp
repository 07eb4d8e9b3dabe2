// Locating the first non-finite activation, gradient or parameter of a network.
#include "bprop/training/divergence.h"

namespace bprop {

namespace {

template <typename T>
std::string layer_name(const BasicNetwork<T>& network, std::size_t i) {
  return "layer " + std::to_string(i + 1) + " (" + network.layer(i).spec() + ")";
}

template <typename T>
std::string locate_in_parameters(const BasicNetwork<T>& network, bool gradients) {
  for (std::size_t i = 0; i < network.size(); ++i) {
    for (const auto& p : network.layer(i).parameters()) {
      if (!all_finite<T>((gradients ? p.grad : p.value).values())) {
        return layer_name(network, i) + " " + p.name + (gradients ? " gradient" : "");
      }
    }
  }
  return "";
}

}  // namespace

template <typename T>
std::string locate_nonfinite_activation(const BasicNetwork<T>& network,
                                        const BasicMatrix<T>& input) {
  if (!all_finite<T>(input.values())) return "the input batch";
  BasicMatrix<T> a, b;
  const BasicMatrix<T>* x = &input;
  for (std::size_t i = 0; i < network.size(); ++i) {
    BasicMatrix<T>& out = (x == &a) ? b : a;
    network.layer(i).infer(*x, out);
    if (!all_finite<T>(out.values())) return layer_name(network, i) + " output";
    x = &out;
  }
  return "";
}

template <typename T>
std::string locate_nonfinite_gradient(const BasicNetwork<T>& network) {
  return locate_in_parameters(network, true);
}

template <typename T>
std::string locate_nonfinite_parameter(const BasicNetwork<T>& network) {
  return locate_in_parameters(network, false);
}

#define BPROP_INSTANTIATE_DIVERGENCE(T)                                       \
  template std::string locate_nonfinite_activation<T>(const BasicNetwork<T>&, \
                                                      const BasicMatrix<T>&); \
  template std::string locate_nonfinite_gradient<T>(const BasicNetwork<T>&);  \
  template std::string locate_nonfinite_parameter<T>(const BasicNetwork<T>&);
BPROP_INSTANTIATE_DIVERGENCE(float)
BPROP_INSTANTIATE_DIVERGENCE(double)
#undef BPROP_INSTANTIATE_DIVERGENCE

}  // namespace bprop
