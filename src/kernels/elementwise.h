// The scalar element-wise math of training, written once: the activations and their derivatives,
// the stable sigmoid and binary cross-entropy, the softmax row, and the SGD and Adam element
// updates. The layers, the losses, the optimizers' kernels (elementwise_passes.cpp,
// gradient_passes.cpp) and the small-network path all call these, so their results agree bit for
// bit by construction, not by keeping copies in step. kernels::reference stays independent on
// purpose: it is the spec the fast kernels are tested against, and a shared typo would pass such a
// test.
//
// Every function is inline and branch-light so that it vectorises inside the callers'
// `#pragma omp simd` loops; each fixes its own operation order, which the callers must not change.
// It includes only the standard library, so that src/kernels/ may include it.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>

namespace bprop::kernels::elementwise {

// --- Activations: y = f(x), and dL/dx from dL/dy = dy (with x and/or y = f(x)). ---

// relu(x) = max(0, x); relu'(x) = [x > 0] (0 at x = 0, as in PyTorch). dy is taken by value, so
// a loop reads it unconditionally and vectorises (a conditional load would not).
// relu keeps a NaN (predict --allow-nonfinite promises NaN outputs for a NaN feature, as the C and
// ONNX exports give): `x > 0 ? x : 0` would make it 0. Written as a compare and a mask, it still
// maps -0 to +0, so every other value keeps its bits.
template <typename T>
inline T relu(T x) {
  return x <= T(0) ? T(0) : x;
}
template <typename T>
inline T relu_backward(T x, T dy) {
  return x > T(0) ? dy : T(0);
}

// σ(x) = 1/(1 + e^-x) from e = e^-|x|: 1/(1+e) for x >= 0 and e/(1+e) below, so exp() never sees
// a positive argument and never overflows. The select replaces a branch, which mispredicts on
// units whose sign changes from sample to sample; BCE reuses the same e for its loss term.
template <typename T>
inline T sigmoid_from_exp(T x, T e) {
  return (x >= T(0) ? T(1) : e) / (T(1) + e);
}
template <typename T>
inline T sigmoid(T x) {
  return sigmoid_from_exp(x, std::exp(-std::abs(x)));
}
// σ'(x) = σ(x)(1 - σ(x)) = y(1 - y).
template <typename T>
inline T sigmoid_backward(T y, T dy) {
  return dy * y * (T(1) - y);
}

// tanh'(x) = 1 - tanh(x)² = 1 - y².
template <typename T>
inline T tanh_backward(T y, T dy) {
  return dy * (T(1) - y * y);
}

// leaky_relu(x) = x if x > 0, else slope·x; its derivative is 1 or slope.
template <typename T>
inline T leaky_relu(T x, T slope) {
  return x > T(0) ? x : slope * x;
}
template <typename T>
inline T leaky_relu_backward(T x, T dy, T slope) {
  return x > T(0) ? dy : slope * dy;
}

// GELU, the exact (erf) form: y = x·Φ(x) = x/2 · (1 + erf(x/√2)).
template <typename T>
inline T gelu(T x) {
  return T(0.5) * x * (T(1) + std::erf(x * T(std::numbers::sqrt2 / 2)));
}
// GELU'(x) = Φ(x) + x·φ(x), φ(x) = e^(-x²/2)/√(2π).
template <typename T>
inline T gelu_backward(T x, T dy) {
  const T inv_sqrt_2pi = T(std::numbers::inv_sqrtpi / std::numbers::sqrt2);
  const T cdf = T(0.5) * (T(1) + std::erf(x * T(std::numbers::sqrt2 / 2)));
  const T pdf = inv_sqrt_2pi * std::exp(T(-0.5) * x * x);
  return dy * (cdf + x * pdf);
}

// --- Losses. ---

// Binary cross-entropy of logit x against target y, given e = e^-|x|:
// max(x, 0) - x·y + log1p(e^-|x|), which never overflows; its gradient is σ(x) - y.
template <typename T>
inline T binary_cross_entropy(T x, T y, T e) {
  return std::max(x, T(0)) - x * y + std::log1p(e);
}

// Mean squared error's sum over n values: writes g = (z - y)·scale and returns Σ (z - y)², summed
// in double (float sums of many samples drift).
template <typename T>
inline double squared_error_sum(const T* z, const T* y, std::size_t n, T scale, T* g) {
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const T diff = z[i] - y[i];
    g[i] = diff * scale;
    sum += static_cast<double>(diff) * diff;
  }
  return sum;
}

// Given p[0..n) = e^(z - max) of one row: sets `sum` = Σ p (in double, in order, >= 1) and
// scales p by (1/sum)·scale.
template <typename T>
inline void normalize_exps(T* p, int n, T scale, double& sum) {
  sum = 0.0;
  for (int c = 0; c < n; ++c) sum += p[c];
  const T inv = static_cast<T>(1.0 / sum) * scale;
  for (int c = 0; c < n; ++c) p[c] *= inv;
}

// Writes softmax(z)·scale of one row z[0..n) into p in three passes (the max, e^(z-max) into p,
// then the sum and p·(1/sum)·scale); returns the max and sets `sum` = Σ e^(z-max) (>= 1), so
// that logsumexp(z) = max + log(sum). Subtracting the max keeps every exp() argument <= 0. With
// `exps_ready`, p holds e^(z-max) already (a batch's exps made in one vector pass).
template <typename T>
inline T scaled_softmax_row(const T* z, int n, T scale, T* p, double& sum,
                            bool exps_ready = false) {
  const T max = *std::max_element(z, z + n);
  for (int c = 0; !exps_ready && c < n; ++c) p[c] = std::exp(z[c] - max);
  normalize_exps(p, n, scale, sum);
  return max;
}

// Writes softmax(z) of one row into p and returns logsumexp(z).
template <typename T>
inline double softmax_row(const T* z, T* p, int n) {
  double sum = 0.0;
  const T max = scaled_softmax_row(z, n, T(1), p, sum);
  return static_cast<double>(max) + std::log(sum);
}

// Softmax cross-entropy of one row of logits z[0..n) against a class index: writes
// g = (softmax(z) - onehot)·scale and returns the row's loss logsumexp(z) - z[label] less its
// log(sum) term, that is max - z[label], with `sum` = Σ e^(z-max) (>= 1): a batch adds the logs
// of many rows as the log of their product.
template <typename T>
inline double softmax_cross_entropy_index_row(const T* z, int label, int n, T scale, T* g,
                                              double& sum, bool exps_ready = false) {
  const T max = scaled_softmax_row(z, n, scale, g, sum, exps_ready);
  g[label] -= scale;
  return static_cast<double>(max) - static_cast<double>(z[label]);
}

// Softmax cross-entropy of one row of logits z[0..n) against a class index (`indices`: y[0] is the
// label) or a probability row y[0..n); writes g = (softmax(z) - y)·scale and returns the row's
// loss logsumexp(z) - Σ y·z. `exps_ready`: as scaled_softmax_row.
template <typename T>
inline double softmax_cross_entropy_row(const T* z, const T* y, bool indices, int n, T scale, T* g,
                                        bool exps_ready = false) {
  double sum = 0.0;
  if (indices) {
    const double rest =
        softmax_cross_entropy_index_row(z, static_cast<int>(y[0]), n, scale, g, sum, exps_ready);
    return rest + std::log(sum);
  }
  const T max = scaled_softmax_row(z, n, scale, g, sum, exps_ready);
  const double lse = static_cast<double>(max) + std::log(sum);
  double loss = 0.0;
  for (int c = 0; c < n; ++c) {
    loss += static_cast<double>(y[c]) * (lse - static_cast<double>(z[c]));
    g[c] -= y[c] * scale;
  }
  return loss;
}

// --- Optimizer updates of one weight w with gradient grad, in PyTorch's convention. ---

// SGD without momentum: w -= lr·(grad + wd·w).
template <typename T>
inline void sgd_step(T& w, T grad, T lr, T wd) {
  w -= lr * (grad + wd * w);
}
// SGD with momentum mu and velocity v: v = mu·v + (grad + wd·w); w -= lr·v.
template <typename T>
inline void sgd_momentum_step(T& w, T& v, T grad, T lr, T mu, T wd) {
  v = mu * v + (grad + wd * w);
  w -= lr * v;
}
// Nesterov: g = grad + wd·w; v = mu·v + g; w -= lr·(g + mu·v).
template <typename T>
inline void sgd_nesterov_step(T& w, T& v, T grad, T lr, T mu, T wd) {
  const T g = grad + wd * w;
  v = mu * v + g;
  w -= lr * (g + mu * v);
}

// The per-step constants of Adam (optimizers/adam.cpp computes them): step_size = lr/(1-β1^t),
// sqrt_c2 = sqrt(1-β2^t); 1 - β is rounded from double, not computed in T.
template <typename T>
struct AdamCoefficients {
  T beta1, beta2, one_minus_beta1, one_minus_beta2, step_size, sqrt_c2, epsilon;
};

// Adam's moments and step for gradient g (weight decay already applied by the caller):
// m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; w -= step_size·m / (sqrt(v)/sqrt_c2 + ε).
template <typename T>
inline void adam_step(T& w, T& m, T& v, T g, AdamCoefficients<T> c) {
  m = c.beta1 * m + c.one_minus_beta1 * g;
  v = c.beta2 * v + c.one_minus_beta2 * g * g;
  w -= c.step_size * m / (std::sqrt(v) / c.sqrt_c2 + c.epsilon);
}

}  // namespace bprop::kernels::elementwise
