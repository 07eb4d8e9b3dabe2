// SmallNet's fused step for the commonest tiny net, Dense -> element-wise activation -> Dense:
// forward, loss gradient, backward and the SGD update in one function, with no per-layer switch.
// For the notebook's 2-2-1 the widths are compile-time constants, so the loops unroll and every
// activation and gradient stays in a register; every other width runs the same template with the
// widths read at run time (choose_step below). The arithmetic is general_step's, operation for
// operation (the same dot and axpy of builtin_loops.h, the same formulas of small_net_ops.h, the
// same zeros added), so the results are bitwise the layer path's
// (SmallNet.TrainsBitwiseLikeTheLayerPath runs both steps).
#include <cmath>

#include "bprop/small_net.h"
#include "core/small_net_ops.h"
#include "kernels/builtin_loops.h"

namespace bprop {

namespace {
// N values: on the stack (so in registers) for a width N known at compile time, else (N = 0) in
// the caller's buffer.
template <typename T, int N>
struct Values {
  T v[N];
  T* at(T*) { return v; }
};
template <typename T>
struct Values<T, 0> {
  T* at(T* buffer) { return buffer; }
};

// SmallNet::update() for one Dense stage with `weights` weights and `biases` biases, the plain
// step (momentum 0, the notebook's) without the velocity.
template <typename T, typename Stage>
[[gnu::always_inline]] inline void update_dense(const Stage& d, int weights, int biases, T lr,
                                                T momentum, T weight_decay, bool nesterov) {
  if (momentum == T(0)) {
    small_net::plain_sgd(weights, d.w, d.gw, lr, weight_decay);
    small_net::plain_sgd(biases, d.b, d.gb, lr, weight_decay);
  } else {
    small_net::sgd(weights, d.w, d.gw, d.vw, lr, momentum, weight_decay, nesterov);
    small_net::sgd(biases, d.b, d.gb, d.vb, lr, momentum, weight_decay, nesterov);
  }
  ++d.weight->slots.step;
  ++d.bias->slots.step;
}
}  // namespace

template <typename T>
template <int In, int Hidden, int Out, small_net::Op Act>
auto SmallNet<T>::fused_step(SmallNet& net, const T* __restrict x, const T* __restrict y,
                             bool want_loss) -> Step {
  const Stage& d1 = net.stages_[0];
  const Stage& act = net.stages_[1];
  const Stage& d2 = net.stages_[2];
  const int in = In > 0 ? In : d1.in;
  const int hidden = Hidden > 0 ? Hidden : d1.out;
  const int out = Out > 0 ? Out : d2.out;
  const LossKind kind = net.loss_kind_;
  if (!small_net::target_valid(kind, net.target_cols_, out, y)) return {T(0), false};

  Values<T, Hidden> h_values, a_values, da_values;
  Values<T, Out> z_values, g_values;
  T* __restrict h = h_values.at(d1.y);                  // Dense 1's output
  T* __restrict a = a_values.at(act.y);                 // the activation's
  T* __restrict z = z_values.at(d2.y);                  // the logits
  T* __restrict g = g_values.at(net.grad_a_.data());    // dL/dz
  T* __restrict da = da_values.at(net.grad_b_.data());  // dL/da, then dL/dh in place
  const T* __restrict w1 = d1.w;
  const T* __restrict w2 = d2.w;

  // Forward: h_j = x·W1_j + b1_j, a = act(h), z_j = a·W2_j + b2_j.
  for (int j = 0; j < hidden; ++j) h[j] = kernels::builtin::dot(x, w1 + j * in, in) + d1.b[j];
  for (int k = 0; k < hidden; ++k) a[k] = small_net::activate(Act, h[k], act.slope);
  for (int j = 0; j < out; ++j) z[j] = kernels::builtin::dot(a, w2 + j * hidden, hidden) + d2.b[j];
  T check = T(0);  // as in forward_backward
  // bce, the commonest, inline; the others through the general switch.
  const T loss = kind == LossKind::kBce
                     ? small_net::bce_loss_and_gradient(out, z, y, g, want_loss, check)
                     : small_net::loss_and_gradient(kind, out, z, y, g, want_loss, check);
  if (small_net::computes_loss(kind, want_loss) && !std::isfinite(loss)) return {loss, false};

  // Dense 2 (dW2, db2, da = g·W2), the activation, then Dense 1 (the first layer: no dL/dx).
  small_net::dense_gradients(out, hidden, g, a, d2.gw, d2.gb, check);
  small_net::dense_input_gradient(out, hidden, g, w2, da);
  for (int k = 0; k < hidden; ++k) {
    da[k] = small_net::activation_dx(Act, h[k], a[k], da[k], act.slope);
  }
  small_net::dense_gradients(hidden, in, da, x, d1.gw, d1.gb, check);
  if (check != T(0)) return {loss, false};
  if (net.meter_ != nullptr) net.meter_->add(small_net::count(kind, out, z, y));

  // update(), with the gradients just computed; plain SGD (the notebook's) inline.
  const T lr = static_cast<T>(net.optimizer_->learning_rate());
  update_dense(d1, in * hidden, hidden, lr, net.momentum_, net.weight_decay_, net.nesterov_);
  update_dense(d2, hidden * out, out, lr, net.momentum_, net.weight_decay_, net.nesterov_);
  return {loss, true};
}

template <typename T>
void SmallNet<T>::choose_step() {
  step_fn_ = &general_step;
  if (stages_.size() != 3 || stages_[0].op != Op::kDense || stages_[1].op == Op::kDense ||
      stages_[2].op != Op::kDense || !stages_[2].needs_dx) {
    return;
  }
  const int in = stages_[0].in, hidden = stages_[0].out, out = stages_[2].out;
  auto pick = [&]<Op Act>() -> StepFn {
    if (in == 2 && hidden == 2 && out == 1) return &fused_step<2, 2, 1, Act>;
    return &fused_step<0, 0, 0, Act>;
  };
  switch (stages_[1].op) {
    case Op::kRelu:
      step_fn_ = pick.template operator()<Op::kRelu>();
      break;
    case Op::kSigmoid:
      step_fn_ = pick.template operator()<Op::kSigmoid>();
      break;
    case Op::kTanh:
      step_fn_ = pick.template operator()<Op::kTanh>();
      break;
    case Op::kLeakyRelu:
      step_fn_ = pick.template operator()<Op::kLeakyRelu>();
      break;
    case Op::kIdentity:
      step_fn_ = pick.template operator()<Op::kIdentity>();
      break;
    case Op::kGelu:
      step_fn_ = pick.template operator()<Op::kGelu>();
      break;
    case Op::kDense:
    case Op::kOther:
      break;
  }
}

template void SmallNet<float>::choose_step();
template void SmallNet<double>::choose_step();

}  // namespace bprop
