// The Trainer's per-sample loop through SmallNet: the same bookkeeping as the layer loop in
// train.cpp (step count, callbacks, epoch loss, position), one sample per step, no row copies.
#include "bprop/train.h"

namespace bprop {

template <typename T>
bool Trainer<T>::run_small_net_steps(const Matrix& inputs, const Matrix& targets) {
  const std::size_t n = static_cast<std::size_t>(inputs.rows());
  for (std::size_t i = position_; i < n; ++i) {
    const int row = order_[i];
    const typename SmallNet<T>::Step s =
        small_net_.forward_backward(inputs.row(row), targets.row(row));
    if (!s.ok) {  // the layer path redoes this sample and reports it (nothing has changed yet)
      position_ = i;
      return false;
    }
    ++step_;
    if (options_.after_backward) options_.after_backward(step_);
    small_net_.update();
    epoch_loss_sum_ += static_cast<double>(s.loss);  // × a batch of 1
    position_ = i + 1 < n ? i + 1 : 0;
    if (options_.after_step && !options_.after_step(step_)) {
      stop_requested_ = true;
      return true;
    }
  }
  return true;
}

template bool Trainer<float>::run_small_net_steps(const Matrix&, const Matrix&);
template bool Trainer<double>::run_small_net_steps(const Matrix&, const Matrix&);

}  // namespace bprop
