// SmallNet's general per-sample step: forward, loss gradient and backward over raw arrays, one
// switch per layer. The products are the built-in GEMM's loops (kernels/builtin_loops.h) with
// their zero-initialised outputs, the element-wise formulas those of small_net_ops.h, so the
// arithmetic is the layer path's for a batch of one; SmallNet.TrainsBitwiseLikeTheLayerPath fails
// otherwise.
#include <algorithm>
#include <cmath>

#include "bprop/small_net.h"
#include "core/small_net_ops.h"
#include "kernels/builtin_loops.h"

namespace bprop {

template <typename T>
auto SmallNet<T>::forward_backward(const T* x, const T* y, bool want_loss) -> Step {
  if (!small_net::target_valid(loss_kind_, target_cols_, stages_.back().out, y)) {
    return {T(0), false};
  }
  const T* in = x;
  for (const Stage& s : stages_) {
    T* __restrict out = s.y;
    if (s.op == Op::kDense) {  // z_j = x·W_j + b_j: the built-in GEMM's dot, then the bias add
      for (int j = 0; j < s.out; ++j) {
        out[j] = kernels::builtin::dot(in, s.w + j * s.in, s.in) + s.b[j];
      }
    } else {
      for (int k = 0; k < s.out; ++k) out[k] = small_net::activate(s.op, in[k], s.slope);
    }
    in = out;
  }
  T* g = grad_a_.data();
  T check = T(0);  // Σ (v - v) over every gradient (and bce's z): 0 when all are finite, else NaN
  const T loss =
      small_net::loss_and_gradient(loss_kind_, stages_.back().out, in, y, g, want_loss, check);
  if (small_net::computes_loss(loss_kind_, want_loss) && !std::isfinite(loss)) {
    return {loss, false};
  }

  for (std::size_t i = stages_.size(); i-- > 0;) {
    const Stage& s = stages_[i];
    const T* __restrict sx = i == 0 ? x : stages_[i - 1].y;  // the stage's input
    const T* __restrict sy = s.y;                            // and output
    const T* __restrict dy = g;
    T* __restrict dx = g == grad_a_.data() ? grad_b_.data() : grad_a_.data();
    switch (s.op) {
      case Op::kDense:
        small_net::dense_gradients(s.out, s.in, dy, sx, s.gw, s.gb, check);
        if (s.needs_dx && i > 0) small_net::dense_input_gradient(s.out, s.in, dy, s.w, dx);
        break;
      default:
        for (int k = 0; k < s.in; ++k)
          dx[k] = small_net::activation_dx(s.op, sx[k], sy[k], dy[k], s.slope);
        break;
    }
    g = dx;
  }
  if (check != T(0)) return {loss, false};
  if (meter_ != nullptr) meter_->add(small_net::count(loss_kind_, stages_.back().out, in, y));
  return {loss, true};
}

template <typename T>
auto SmallNet<T>::general_step(SmallNet& net, const T* x, const T* y, bool want_loss) -> Step {
  const Step s = net.forward_backward(x, y, want_loss);
  if (s.ok) net.update();
  return s;
}

#define BPROP_INSTANTIATE(T)                                                          \
  template SmallNet<T>::Step SmallNet<T>::forward_backward(const T*, const T*, bool); \
  template SmallNet<T>::Step SmallNet<T>::general_step(SmallNet&, const T*, const T*, bool);
BPROP_INSTANTIATE(float)
BPROP_INSTANTIATE(double)
#undef BPROP_INSTANTIATE

}  // namespace bprop
