// SmallNet's per-element formulas, shared by its general step (small_net_step.cpp) and its fused
// two-layer step (small_net_fused.cpp) so that both round alike. The scalar formulas are
// kernels/elementwise.h's, which the layers, losses and optimizers call too; the loops around them
// run in the layer path's order for a batch of one (SmallNet.TrainsBitwiseLikeTheLayerPath).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

#include "bprop/small_net.h"
#include "bprop/training/accuracy.h"
#include "kernels/builtin_loops.h"
#include "kernels/elementwise.h"

namespace bprop::small_net {

namespace ew = kernels::elementwise;

template <typename T>
inline T activate(Op op, T x, T slope) {
  switch (op) {
    case Op::kRelu:
      return ew::relu(x);
    case Op::kSigmoid:
      return ew::sigmoid(x);
    case Op::kTanh:
      return std::tanh(x);
    case Op::kLeakyRelu:
      return ew::leaky_relu(x, slope);
    case Op::kGelu:
      return ew::gelu(x);
    case Op::kIdentity:
    case Op::kDense:
    case Op::kOther:
      break;
  }
  return x;
}

// dL/dx of an element-wise activation with input x, output y and dL/dy = dy.
template <typename T>
inline T activation_dx(Op op, T x, T y, T dy, T slope) {
  switch (op) {
    case Op::kRelu:
      return ew::relu_backward(x, dy);
    case Op::kSigmoid:
      return ew::sigmoid_backward(y, dy);
    case Op::kTanh:
      return ew::tanh_backward(y, dy);
    case Op::kLeakyRelu:
      return ew::leaky_relu_backward(x, dy, slope);
    case Op::kGelu:
      return ew::gelu_backward(x, dy);
    case Op::kIdentity:
    case Op::kDense:
    case Op::kOther:
      break;
  }
  return dy;
}

// A Dense layer's parameter gradients for one sample, as the layer path's GEMM writes them:
// dW = dyᵀ·x (W_jk gets 0 + dy_j·x_k: the GEMM zeroes C, then adds) and db = dy (the column sums
// of one row). `check` gains v - v of each: 0 while all are finite, NaN otherwise.
template <typename T>
[[gnu::always_inline]] inline void dense_gradients(int out, int in, const T* __restrict dy,
                                                   const T* __restrict x, T* __restrict gw,
                                                   T* __restrict gb, T& check) {
  for (int j = 0; j < out; ++j) {
    T* __restrict row = gw + j * in;
    const T d = dy[j];
    for (int k = 0; k < in; ++k) {
      const T v = T(0) + d * x[k];
      row[k] = v;
      check += v - v;
    }
    gb[j] = d;
    check += d - d;
  }
}

// A Dense layer's dL/dx for one sample: dx = dy·W (zeroed, then one axpy per output j, in order,
// as the GEMM; no memset call: it costs more than these few values).
template <typename T>
[[gnu::always_inline]] inline void dense_input_gradient(int out, int in, const T* __restrict dy,
                                                        const T* __restrict w, T* __restrict dx) {
  for (int k = 0; k < in; ++k) dx[k] = T(0) + dy[0] * w[k];
  for (int j = 1; j < out; ++j) kernels::builtin::axpy(dx, w + j * in, in, dy[j]);
}

// Whether target row y (target_cols values, or one class index) is one the loss accepts.
template <typename T>
inline bool target_valid(LossKind kind, int target_cols, int classes, const T* y) {
  if (kind == LossKind::kBce) {
    for (int i = 0; i < target_cols; ++i) {
      if (!(y[i] >= T(0) && y[i] <= T(1))) return false;
    }
  } else if (kind == LossKind::kSoftmaxIndices) {
    return y[0] >= T(0) && y[0] < T(classes) && y[0] == T(static_cast<int>(y[0]));
  }
  return true;
}

// Whether loss_and_gradient computes the loss: with want_loss false, bce skips its log1p (as
// costly as the rest of a 2-2-1 step) and returns NaN. Its loss is finite exactly when every z is
// (y is in [0, 1]), which `check` then tests: it gains z - z, 0 for finite z and NaN otherwise.
// The other losses always compute theirs, whose finiteness the caller checks.
inline bool computes_loss(LossKind kind, bool want_loss) {
  return want_loss || kind != LossKind::kBce;
}

// bce's loss of one sample and g = dL/dz, as BinaryCrossEntropy::forward/backward on one row:
//   L = 1/n Σ max(z,0) - z·y + log1p(e^-|z|);  dL/dz = (σ(z) - y)/n.
template <typename T>
inline T bce_loss_and_gradient(int n, const T* z, const T* y, T* g, bool want_loss, T& check) {
  const T scale = T(1) / static_cast<T>(n);
  double loss = 0.0;
  for (int i = 0; i < n; ++i) {
    const T e = std::exp(-std::abs(z[i]));
    if (want_loss) {
      loss += static_cast<double>(ew::binary_cross_entropy(z[i], y[i], e));
    } else {
      check += z[i] - z[i];
    }
    g[i] = (ew::sigmoid_from_exp(z[i], e) - y[i]) * scale;
  }
  return want_loss ? static_cast<T>(loss / static_cast<double>(n))
                   : std::numeric_limits<T>::quiet_NaN();
}

// The loss of one sample and g = dL/dz, exactly as BasicLoss::forward on a 1-row batch.
template <typename T>
inline T loss_and_gradient(LossKind kind, int n, const T* z, const T* y, T* g, bool want_loss,
                           T& check) {
  switch (kind) {
    case LossKind::kBce:
      return bce_loss_and_gradient(n, z, y, g, want_loss, check);
    case LossKind::kMse: {  // L = 1/n Σ (z - y)²;  dL/dz = 2(z - y)/n
      const T scale = T(2) / static_cast<T>(n);
      const double sum = ew::squared_error_sum(z, y, static_cast<std::size_t>(n), scale, g);
      return static_cast<T>(sum / static_cast<double>(n));
    }
    case LossKind::kSoftmaxIndices:
    case LossKind::kSoftmaxProbabilities:  // L = logsumexp(z) - Σ y·z;  dL/dz = softmax(z) - y
      return static_cast<T>(ew::softmax_cross_entropy_row(z, y, kind == LossKind::kSoftmaxIndices,
                                                          n, T(1), g));  // scale 1/B, B = 1
  }
  return T(0);
}

// count_correct for one sample: bce judges each output (logit >= 0 against target >= 0.5),
// softmax-ce the argmax (first maximum) against the label; mse counts nothing.
template <typename T>
[[gnu::always_inline]] inline AccuracyCounts count(LossKind kind, int n, const T* z, const T* y) {
  AccuracyCounts c;
  if (kind == LossKind::kBce) {
    for (int i = 0; i < n; ++i) c.correct += (z[i] >= T(0)) == (y[i] >= T(0.5));
    c.total = n;
  } else if (kind != LossKind::kMse) {
    int best = 0, truth = 0;
    for (int k = 1; k < n; ++k) best = z[k] > z[best] ? k : best;
    if (kind == LossKind::kSoftmaxIndices) {
      truth = static_cast<int>(y[0]);
    } else {
      for (int k = 1; k < n; ++k) truth = y[k] > y[truth] ? k : truth;
    }
    c.correct = best == truth;
    c.total = 1;
  }
  return c;
}

// kernels::sgd_update without momentum: w -= lr·(grad + wd·w).
template <typename T>
[[gnu::always_inline]] inline void plain_sgd(int n, T* __restrict w, const T* __restrict grad, T lr,
                                             T wd) {
  for (int i = 0; i < n; ++i) ew::sgd_step(w[i], grad[i], lr, wd);
}

// kernels::sgd_update, formula for formula (element-wise, so order is free):
//   g = grad + wd·w;  v = mu·v + g;  w -= lr·(nesterov ? g + mu·v : v);  with mu = 0: w -= lr·g.
template <typename T>
inline void sgd(int n, T* __restrict w, const T* __restrict grad, T* __restrict v, T lr, T mu, T wd,
                bool nesterov) {
  if (mu == T(0)) {
    plain_sgd(n, w, grad, lr, wd);
  } else if (!nesterov) {
    for (int i = 0; i < n; ++i) ew::sgd_momentum_step(w[i], v[i], grad[i], lr, mu, wd);
  } else {
    for (int i = 0; i < n; ++i) ew::sgd_nesterov_step(w[i], v[i], grad[i], lr, mu, wd);
  }
}

}  // namespace bprop::small_net
