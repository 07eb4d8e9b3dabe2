// SmallNet's per-sample step: forward, loss gradient and backward over raw arrays, one switch per
// layer. Each formula is written as the layer path computes it for a batch of one: the built-in
// GEMM's loops (kernels/builtin_loops.h) with their zero-initialised outputs, the fused
// bias+activation and loss kernels (fused.cpp), the activations' derivative() and the losses'
// forward(). Any change there must be mirrored here; SmallNet.TrainsBitwiseLikeTheLayerPath fails
// otherwise.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "bprop/small_net.h"
#include "kernels/builtin_loops.h"

namespace bprop {

namespace {
// The layer path's two-branch sigmoid (x >= 0 ? 1/(1+e^-x) : e^x/(1+e^x)) without the branch,
// which mispredicts on hidden units whose sign changes from sample to sample: e^-|x| is e^-x on
// the first branch and e^x on the second, for -0 and NaN too, so every bit is the same.
template <typename T>
T sigmoid(T x) {
  const T e = std::exp(-std::abs(x));
  return (x >= T(0) ? T(1) : e) / (T(1) + e);
}
}  // namespace

template <typename T>
bool SmallNet<T>::target_valid(const T* y) const {
  const int n = loss_kind_ == LossKind::kSoftmaxIndices ? 1 : target_cols_;
  for (int i = 0; i < n; ++i) {
    if (loss_kind_ == LossKind::kBce && !(y[i] >= T(0) && y[i] <= T(1))) return false;
    if (loss_kind_ == LossKind::kSoftmaxIndices &&
        !(y[i] >= T(0) && y[i] < T(stages_.back().out) && y[i] == T(static_cast<int>(y[i])))) {
      return false;
    }
  }
  return true;
}

// The loss of one sample and g = dL/dz, exactly as BasicLoss::forward on a 1-row batch.
template <typename T>
T SmallNet<T>::loss_and_gradient(const T* z, const T* y, T* g) {
  const int n = stages_.back().out;
  switch (loss_kind_) {
    case LossKind::kBce: {  // L = 1/n Σ max(z,0) - z·y + log1p(e^-|z|);  dL/dz = (σ(z) - y)/n
      const T scale = T(1) / static_cast<T>(n);
      double loss = 0.0;
      for (int i = 0; i < n; ++i) {
        const T e = std::exp(-std::abs(z[i]));
        loss += static_cast<double>(std::max(z[i], T(0)) - z[i] * y[i] + std::log1p(e));
        const T sigma = (z[i] >= T(0) ? T(1) : e) / (T(1) + e);  // as sigmoid() above
        g[i] = (sigma - y[i]) * scale;
      }
      return static_cast<T>(loss / static_cast<double>(n));
    }
    case LossKind::kMse: {  // L = 1/n Σ (z - y)²;  dL/dz = 2(z - y)/n
      const T scale = T(2) / static_cast<T>(n);
      double sum = 0.0;
      for (int i = 0; i < n; ++i) {
        const T diff = z[i] - y[i];
        g[i] = diff * scale;
        sum += static_cast<double>(diff) * diff;
      }
      return static_cast<T>(sum / static_cast<double>(n));
    }
    case LossKind::kSoftmaxIndices:
    case LossKind::kSoftmaxProbabilities: {  // L = logsumexp(z) - Σ y·z;  dL/dz = softmax(z) - y
      const double loss = kernels::builtin::softmax_cross_entropy_row(
          z, y, loss_kind_ == LossKind::kSoftmaxIndices, n, T(1), g);  // scale 1/B, B = 1
      return static_cast<T>(loss);
    }
  }
  return T(0);
}

// count_correct for one sample: bce judges each output (logit >= 0 against target >= 0.5),
// softmax-ce the argmax (first maximum) against the label.
template <typename T>
void SmallNet<T>::count(const T* z, const T* y) {
  const int n = stages_.back().out;
  Correct c;
  if (loss_kind_ == LossKind::kBce) {
    for (int i = 0; i < n; ++i) c.correct += (z[i] >= T(0)) == (y[i] >= T(0.5));
    c.total = n;
  } else if (loss_kind_ != LossKind::kMse) {
    int best = 0, truth = 0;
    for (int k = 1; k < n; ++k) best = z[k] > z[best] ? k : best;
    if (loss_kind_ == LossKind::kSoftmaxIndices) {
      truth = static_cast<int>(y[0]);
    } else {
      for (int k = 1; k < n; ++k) truth = y[k] > y[truth] ? k : truth;
    }
    c.correct = best == truth;
    c.total = 1;
  }
  meter_->add(c);
}

template <typename T>
auto SmallNet<T>::forward_backward(const T* x, const T* y) -> Step {
  if (!target_valid(y)) return {T(0), false};
  const T* in = x;
  for (const Stage& s : stages_) {
    T* __restrict out = s.y;
    switch (s.op) {
      case Op::kDense:  // z_j = x·W_j + b_j: the built-in GEMM's dot, then the bias add
        for (int j = 0; j < s.out; ++j) {
          out[j] = kernels::builtin::dot(in, s.w + j * s.in, s.in) + s.b[j];
        }
        break;
      case Op::kRelu:  // y = max(0, x)
        for (int k = 0; k < s.out; ++k) out[k] = in[k] > T(0) ? in[k] : T(0);
        break;
      case Op::kSigmoid:  // y = 1 / (1 + e^-x)
        for (int k = 0; k < s.out; ++k) out[k] = sigmoid(in[k]);
        break;
      case Op::kTanh:
        for (int k = 0; k < s.out; ++k) out[k] = std::tanh(in[k]);
        break;
      case Op::kLeakyRelu:  // y = x > 0 ? x : slope·x
        for (int k = 0; k < s.out; ++k) out[k] = in[k] > T(0) ? in[k] : s.slope * in[k];
        break;
      case Op::kIdentity:
        std::copy(in, in + s.out, out);
        break;
      case Op::kGelu:  // y = x/2 · (1 + erf(x/√2))
        for (int k = 0; k < s.out; ++k) {
          out[k] = T(0.5) * in[k] * (T(1) + std::erf(in[k] * T(std::numbers::sqrt2 / 2)));
        }
        break;
    }
    in = out;
  }
  T* g = grad_a_.data();
  const T loss = loss_and_gradient(in, y, g);
  if (!std::isfinite(loss)) return {loss, false};

  T check = T(0);  // Σ (v - v) over every gradient: 0 when all are finite, NaN otherwise
  for (std::size_t i = stages_.size(); i-- > 0;) {
    const Stage& s = stages_[i];
    const T* __restrict sx = i == 0 ? x : stages_[i - 1].y;  // the stage's input
    const T* __restrict sy = s.y;                            // and output
    const T* __restrict dy = g;
    T* __restrict dx = g == grad_a_.data() ? grad_b_.data() : grad_a_.data();
    switch (s.op) {
      case Op::kDense: {
        // dW = dyᵀ·x (W_jk gets 0 + dy_j·x_k: the GEMM zeroes C, then adds), db = dy (the column
        // sums of one row), dx = dy·W (zeroed, then one axpy per output j, in order).
        for (int j = 0; j < s.out; ++j) {
          T* __restrict row = s.gw + j * s.in;
          const T d = dy[j];
          for (int k = 0; k < s.in; ++k) {
            row[k] = T(0) + d * sx[k];
            check += row[k] - row[k];
          }
          s.gb[j] = d;
          check += d - d;
        }
        if (s.needs_dx && i > 0) {  // (no memset call: it costs more than these few floats)
          for (int k = 0; k < s.in; ++k) dx[k] = T(0) + dy[0] * s.w[k];
          for (int j = 1; j < s.out; ++j) kernels::builtin::axpy(dx, s.w + j * s.in, s.in, dy[j]);
        }
        break;
      }
      case Op::kRelu:  // relu'(x) = [x > 0]
        for (int k = 0; k < s.in; ++k) dx[k] = sx[k] > T(0) ? dy[k] : T(0);
        break;
      case Op::kSigmoid:  // σ' = y(1 - y)
        for (int k = 0; k < s.in; ++k) dx[k] = dy[k] * sy[k] * (T(1) - sy[k]);
        break;
      case Op::kTanh:  // tanh' = 1 - y²
        for (int k = 0; k < s.in; ++k) dx[k] = dy[k] * (T(1) - sy[k] * sy[k]);
        break;
      case Op::kLeakyRelu:  // 1 if x > 0 else slope
        for (int k = 0; k < s.in; ++k) dx[k] = sx[k] > T(0) ? dy[k] : s.slope * dy[k];
        break;
      case Op::kIdentity:
        std::copy(dy, dy + s.in, dx);
        break;
      case Op::kGelu: {  // GELU'(x) = Φ(x) + x·φ(x)
        const T inv_sqrt_2pi = T(std::numbers::inv_sqrtpi / std::numbers::sqrt2);
        for (int k = 0; k < s.in; ++k) {
          const T cdf = T(0.5) * (T(1) + std::erf(sx[k] * T(std::numbers::sqrt2 / 2)));
          const T pdf = inv_sqrt_2pi * std::exp(T(-0.5) * sx[k] * sx[k]);
          dx[k] = dy[k] * (cdf + sx[k] * pdf);
        }
        break;
      }
    }
    g = dx;
  }
  if (check != T(0)) return {loss, false};
  if (meter_ != nullptr) count(in, y);
  return {loss, true};
}

template SmallNet<float>::Step SmallNet<float>::forward_backward(const float*, const float*);
template SmallNet<double>::Step SmallNet<double>::forward_backward(const double*, const double*);

}  // namespace bprop
