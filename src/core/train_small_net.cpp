// The Trainer's per-sample loop through SmallNet: the same bookkeeping as the layer loop in
// train.cpp (step count, observers, epoch loss, position, stops), one sample per step, no row
// copies.
#include "bprop/train.h"

namespace bprop {

template <typename T>
bool BasicTrainer<T>::run_small_net_steps(const Matrix& inputs, const Matrix& targets) {
  const std::size_t n = static_cast<std::size_t>(inputs.rows());
  const bool want_loss = loss_wanted_;
  const bool trace = !observers_.on_step.empty();
  const bool hooks = step_hooks();
  for (std::size_t i = position_; i < n; ++i) {
    const int row = order_[i];
    const T* x = inputs.row(row);
    const T* y = targets.row(row);
    // With observers between backward and update, two calls; else one fused step.
    const typename SmallNet<T>::Step s = trace ? small_net_.forward_backward(x, y, want_loss)
                                               : small_net_.train_step(x, y, want_loss);
    if (!s.ok) {  // the layer path redoes this sample and reports it (nothing has changed yet)
      position_ = i;
      return false;
    }
    ++step_;
    if (trace) {
      notify_step(i);
      small_net_.update();
    }
    // NaN when the loss was not wanted and not computed: so is then the epoch's.
    epoch_loss_sum_ += static_cast<double>(s.loss);  // × a batch of 1
    position_ = i + 1 < n ? i + 1 : 0;
    if (hooks && after_step()) return true;
  }
  return true;
}

template bool BasicTrainer<float>::run_small_net_steps(const Matrix&, const Matrix&);
template bool BasicTrainer<double>::run_small_net_steps(const Matrix&, const Matrix&);

}  // namespace bprop
