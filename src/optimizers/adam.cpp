// Adam and AdamW.
#include "bprop/optimizers/adam.h"

#include <cmath>

#include "bprop/errors.h"
#include "bprop/kernels.h"

namespace bprop {

template <typename T>
Adam<T>::Adam(const AdamOptions& options) : Adam(options, false) {}

template <typename T>
Adam<T>::Adam(const AdamOptions& options, bool decoupled)
    : BasicOptimizer<T>(options.learning_rate), options_(options), decoupled_(decoupled) {
  if (!(options.learning_rate >= 0) || !std::isfinite(options.learning_rate)) {
    throw ConfigError("adam: learning rate must be finite and >= 0");
  }
  if (!(options.beta1 >= 0 && options.beta1 < 1) || !(options.beta2 >= 0 && options.beta2 < 1)) {
    throw ConfigError("adam: betas must lie in [0, 1)");
  }
  if (!(options.epsilon > 0) || !(options.weight_decay >= 0)) {
    throw ConfigError("adam: epsilon must be > 0 and weight decay >= 0");
  }
}

template <typename T>
void Adam<T>::update(BasicParameter<T>& p) {
  const std::size_t n = p.value.size();
  if (p.slots.moment1.size() != n) p.slots.moment1 = BasicMatrix<T>(p.value.rows(), p.value.cols());
  if (p.slots.moment2.size() != n) p.slots.moment2 = BasicMatrix<T>(p.value.rows(), p.value.cols());
  const int64_t t = ++p.slots.step;
  const double lr = this->learning_rate();
  const T b1 = static_cast<T>(options_.beta1);
  const T b2 = static_cast<T>(options_.beta2);
  // 1 - β is taken in double before rounding: in float, 1 - 0.999f is 0.00099998713, 1.3e-5 off,
  // which skews v against the (double) bias correction and drifts float runs away from PyTorch's.
  const T one_minus_b1 = static_cast<T>(1.0 - options_.beta1);
  const T one_minus_b2 = static_cast<T>(1.0 - options_.beta2);
  const T wd = static_cast<T>(options_.weight_decay);
  const T eps = static_cast<T>(options_.epsilon);
  const T step_size = static_cast<T>(lr / (1.0 - std::pow(options_.beta1, static_cast<double>(t))));
  const T sqrt_c2 =
      static_cast<T>(std::sqrt(1.0 - std::pow(options_.beta2, static_cast<double>(t))));
  const T decay = static_cast<T>(1.0 - lr * options_.weight_decay);
  kernels::adam_update(n, p.value.data(), p.grad.data(), p.slots.moment1.data(),
                       p.slots.moment2.data(), b1, b2, one_minus_b1, one_minus_b2, step_size,
                       sqrt_c2, eps, wd, decay, decoupled_);
}

template class Adam<float>;
template class Adam<double>;
template class AdamW<float>;
template class AdamW<double>;

}  // namespace bprop
