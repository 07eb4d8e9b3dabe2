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

  // Dense 2: dW2 = gᵀ·a (0 + g_j·a_k, as the GEMM's zeroed output), db2 = g, da = g·W2.
  for (int j = 0; j < out; ++j) {
    T* __restrict row = d2.gw + j * hidden;
    for (int k = 0; k < hidden; ++k) {
      const T v = T(0) + g[j] * a[k];
      row[k] = v;
      check += v - v;
    }
    d2.gb[j] = g[j];
    check += g[j] - g[j];
  }
  for (int k = 0; k < hidden; ++k) da[k] = T(0) + g[0] * w2[k];
  for (int j = 1; j < out; ++j) kernels::builtin::axpy(da, w2 + j * hidden, hidden, g[j]);
  // The activation, then Dense 1 (the first layer: no dL/dx).
  for (int k = 0; k < hidden; ++k) {
    da[k] = small_net::activation_dx(Act, h[k], a[k], da[k], act.slope);
  }
  for (int j = 0; j < hidden; ++j) {
    T* __restrict row = d1.gw + j * in;
    for (int k = 0; k < in; ++k) {
      const T v = T(0) + da[j] * x[k];
      row[k] = v;
      check += v - v;
    }
    d1.gb[j] = da[j];
    check += da[j] - da[j];
  }
  if (check != T(0)) return {loss, false};
  if (net.meter_ != nullptr) net.meter_->add(small_net::count(kind, out, z, y));

  // update(), with the gradients just computed; plain SGD (the notebook's) inline.
  const T lr = static_cast<T>(net.optimizer_->learning_rate());
  const T mu = net.momentum_, wd = net.weight_decay_;
  if (mu == T(0)) {
    small_net::plain_sgd(in * hidden, d1.w, d1.gw, lr, wd);
    small_net::plain_sgd(hidden, d1.b, d1.gb, lr, wd);
    small_net::plain_sgd(hidden * out, d2.w, d2.gw, lr, wd);
    small_net::plain_sgd(out, d2.b, d2.gb, lr, wd);
  } else {
    small_net::sgd(in * hidden, d1.w, d1.gw, d1.vw, lr, mu, wd, net.nesterov_);
    small_net::sgd(hidden, d1.b, d1.gb, d1.vb, lr, mu, wd, net.nesterov_);
    small_net::sgd(hidden * out, d2.w, d2.gw, d2.vw, lr, mu, wd, net.nesterov_);
    small_net::sgd(out, d2.b, d2.gb, d2.vb, lr, mu, wd, net.nesterov_);
  }
  ++d1.weight->slots.step;
  ++d1.bias->slots.step;
  ++d2.weight->slots.step;
  ++d2.bias->slots.step;
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
      break;
  }
}

template void SmallNet<float>::choose_step();
template void SmallNet<double>::choose_step();

}  // namespace bprop
