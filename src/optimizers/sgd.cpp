// Stochastic gradient descent.
#include "bprop/optimizers/sgd.h"

#include <cmath>

#include "bprop/errors.h"
#include "bprop/kernels.h"

namespace bprop {

template <typename T>
Sgd<T>::Sgd(const SgdOptions& options)
    : BasicOptimizer<T>(options.learning_rate), options_(options) {
  if (!(options.learning_rate >= 0) || !std::isfinite(options.learning_rate)) {
    throw ConfigError("sgd: learning rate must be finite and >= 0");
  }
  if (!(options.momentum >= 0) || !(options.weight_decay >= 0)) {
    throw ConfigError("sgd: momentum and weight decay must be >= 0");
  }
  if (options.nesterov && options.momentum == 0) {
    throw ConfigError("sgd: Nesterov needs a momentum > 0 (hint: --momentum 0.9)");
  }
}

template <typename T>
void Sgd<T>::update(BasicParameter<T>& p) {
  const T lr = static_cast<T>(this->learning_rate());
  const T mu = static_cast<T>(options_.momentum);
  const T wd = static_cast<T>(options_.weight_decay);
  const std::size_t n = p.value.size();
  // The velocity starts at zero, so the first step's v equals g as in PyTorch.
  if (mu != T(0) && p.slots.moment1.size() != n) {
    p.slots.moment1 = BasicMatrix<T>(p.value.rows(), p.value.cols());
  }
  kernels::sgd_update(n, p.value.data(), p.grad.data(),
                      mu != T(0) ? p.slots.moment1.data() : nullptr, lr, mu, wd, options_.nesterov);
  ++p.slots.step;
}

template class Sgd<float>;
template class Sgd<double>;

}  // namespace bprop
