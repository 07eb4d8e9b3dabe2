// Fused element-wise kernels: each makes one pass where the unfused layers made two or three, and
// hoists every branch (activation kind, momentum, Nesterov, AdamW) out of the inner loop so the
// loop vectorises. They compute the same formulas as kernels::reference, operation for operation.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <type_traits>

#include "bprop/kernels.h"
#include "kernels/elementwise.h"
#include "kernels/elementwise_instances.h"
#include "kernels/row_split.h"
#include "kernels/simd_clones.h"
#include "kernels/vector_exp.h"

namespace bprop::kernels {

// The forward's bias and activation pass runs over a batch's hidden values at every step: one copy
// per vector ISA (simd_clones.h) over the same loop.
namespace {
template <typename T>
[[gnu::always_inline]] inline void bias_activation_loops(FusedActivation f, int rows, int n, T* z,
                                                         const T* __restrict b, T* y) {
  for (int r = 0; r < rows; ++r) {
    const std::size_t at = static_cast<std::size_t>(r) * static_cast<std::size_t>(n);
    T* __restrict zr = z + at;
    T* __restrict yr = y + at;
    switch (f) {
      case FusedActivation::kRelu:
#pragma omp simd
        for (int c = 0; c < n; ++c) {
          zr[c] += b[c];
          yr[c] = elementwise::relu(zr[c]);
        }
        break;
      case FusedActivation::kSigmoid:
        for (int c = 0; c < n; ++c) {
          zr[c] += b[c];
          yr[c] = elementwise::sigmoid(zr[c]);
        }
        break;
      case FusedActivation::kTanh:
        for (int c = 0; c < n; ++c) {
          zr[c] += b[c];
          yr[c] = std::tanh(zr[c]);
        }
        break;
    }
  }
}

#define BPROP_BIAS_ACTIVATION_CLONES(T)                                                   \
  BPROP_SIMD_CLONES void bias_activation_clones(FusedActivation f, int rows, int n, T* z, \
                                                const T* b, T* y) {                       \
    bias_activation_loops(f, rows, n, z, b, y);                                           \
  }
BPROP_BIAS_ACTIVATION_CLONES(float)
BPROP_BIAS_ACTIVATION_CLONES(double)
#undef BPROP_BIAS_ACTIVATION_CLONES
}  // namespace

template <typename T>
void bias_activation(FusedActivation f, BasicMatrix<T>& z, const BasicMatrix<T>& bias,
                     BasicMatrix<T>& y) {
  bias_activation_clones(f, z.rows(), z.cols(), z.data(), bias.data(), y.data());
}

// Rows first.. of a float batch: all their e^(z - max) into grad at once, sixteen per vector
// instruction with glibc's expf to the bit (kernels/vector_exp.h), where the rows called the
// scalar expf once per class. Returns false, writing nothing, where that kernel does not run
// (double, no AVX-512).
template <typename T>
bool batch_exps(const BasicMatrix<T>& z, int first, BasicMatrix<T>& grad) {
  if constexpr (std::is_same_v<T, float>) {
    if (!vector_exp::available()) return false;
    const int n = z.cols();
    for (int r = first; r < z.rows(); ++r) {
      const T* zr = z.row(r);
      T* g = grad.row(r);
      const T max = *std::max_element(zr, zr + n);
      for (int c = 0; c < n; ++c) g[c] = zr[c] - max;
    }
    vector_exp::exp_in_place(grad.row(first), static_cast<std::size_t>(z.rows() - first) * n);
    return true;
  }
  return false;
}

// With class indices and at most 16 classes, a float batch's rows in groups of 16, a lane per
// row (vector_exp::softmax_16_rows: the row formula's bits), each row's loss term and sum passed
// to add_row_loss in row order. Returns how many rows it did (0 where that kernel does not run).
template <typename T, typename AddRowLoss>
int softmax_row_groups(const BasicMatrix<T>& z, const BasicMatrix<T>& target, T scale,
                       BasicMatrix<T>& grad, const AddRowLoss& add_row_loss) {
  if constexpr (std::is_same_v<T, float>) {
    if (z.cols() > 16 || !vector_exp::available()) return 0;
    float max[16];
    double sum[16];
    int r = 0;
    for (; r + 16 <= z.rows(); r += 16) {
      vector_exp::softmax_16_rows(z.row(r), z.cols(), scale, grad.row(r), max, sum);
      for (int i = 0; i < 16; ++i) {
        const int label = static_cast<int>(target(r + i, 0));
        grad(r + i, label) -= scale;
        add_row_loss(static_cast<double>(max[i]) - static_cast<double>(z(r + i, label)), sum[i]);
      }
    }
    return r;
  }
  return 0;
}

// Per row: one pass for the max, one for e^(z-max) into grad, one summing them and turning grad
// into (p - y)·scale (the rows in groups of 16 or their exps in one vector pass, where those
// kernels run). The 1/B of the loss's backward is folded into the last pass. With class indices,
// one log serves many rows: Σ log(sum_r) = log(Π sum_r), each sum_r in [1, classes], the product
// logged and restarted before it could overflow.
template <typename T>
double softmax_cross_entropy(const BasicMatrix<T>& z, const BasicMatrix<T>& target, bool indices,
                             T grad_scale, BasicMatrix<T>& grad) {
  double loss = 0.0;
  if (indices) {
    constexpr double kMaxProduct = 0x1p900;  // times a sum below 2^31 stays finite
    double logs = 0.0, product = 1.0;
    const auto add_row_loss = [&](double row_loss, double sum) {
      loss += row_loss;
      if (product > kMaxProduct) {
        logs += std::log(product);
        product = 1.0;
      }
      product *= sum;
    };
    const int grouped = softmax_row_groups(z, target, grad_scale, grad, add_row_loss);
    const bool exps_ready = batch_exps(z, grouped, grad);
    for (int r = grouped; r < z.rows(); ++r) {
      double sum = 0.0;  // set by the row's call, which must come first
      const double row_loss = elementwise::softmax_cross_entropy_index_row(
          z.row(r), static_cast<int>(target(r, 0)), z.cols(), grad_scale, grad.row(r), sum,
          exps_ready);
      add_row_loss(row_loss, sum);
    }
    return loss + logs + std::log(product);
  }
  const bool exps_ready = batch_exps(z, 0, grad);
  for (int r = 0; r < z.rows(); ++r) {
    loss += elementwise::softmax_cross_entropy_row(z.row(r), target.row(r), indices, z.cols(),
                                                   grad_scale, grad.row(r), exps_ready);
  }
  return loss;
}

// One exp per element serves both the loss term log1p(e^-|z|) and σ(z).
template <typename T>
double binary_cross_entropy(const BasicMatrix<T>& z, const BasicMatrix<T>& target, T grad_scale,
                            BasicMatrix<T>& grad) {
  double loss = 0.0;
  const T* zs = z.data();
  const T* ys = target.data();
  T* g = grad.data();
  for (std::size_t i = 0; i < z.size(); ++i) {
    const T x = zs[i];
    const T y = ys[i];
    const T e = std::exp(-std::abs(x));
    loss += static_cast<double>(elementwise::binary_cross_entropy(x, y, e));
    g[i] = (elementwise::sigmoid_from_exp(x, e) - y) * grad_scale;
  }
  return loss;
}

// The optimizer updates run over every parameter each step: one copy per vector ISA, chosen at
// run time (simd_clones.h), over the same loops; Adam, bound by its square root and division,
// also in AVX-512.
namespace {
template <typename T>
[[gnu::always_inline]] inline void sgd_loops(std::size_t n, T* __restrict w,
                                             const T* __restrict grad, T* __restrict v, T lr, T mu,
                                             T wd, bool nesterov) {
  if (mu == T(0)) {
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i) elementwise::sgd_step(w[i], grad[i], lr, wd);
  } else if (!nesterov) {
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i)
      elementwise::sgd_momentum_step(w[i], v[i], grad[i], lr, mu, wd);
  } else {
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i)
      elementwise::sgd_nesterov_step(w[i], v[i], grad[i], lr, mu, wd);
  }
}

template <typename T>
[[gnu::always_inline]] inline void adam_loops(std::size_t n, T* __restrict w,
                                              const T* __restrict grad, T* __restrict m,
                                              T* __restrict v, T beta1, T beta2, T one_minus_b1,
                                              T one_minus_b2, T step_size, T sqrt_c2, T epsilon,
                                              T wd, T decay, bool decoupled) {
  const elementwise::AdamCoefficients<T> c{beta1,     beta2,   one_minus_b1, one_minus_b2,
                                           step_size, sqrt_c2, epsilon};
  if (decoupled) {
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i) {
      w[i] *= decay;
      elementwise::adam_step(w[i], m[i], v[i], grad[i], c);
    }
  } else {
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i)
      elementwise::adam_step(w[i], m[i], v[i], grad[i] + wd * w[i], c);
  }
}

#define BPROP_OPTIMIZER_CLONES(T)                                                                  \
  BPROP_SIMD_CLONES void sgd_clones(std::size_t n, T* w, const T* grad, T* v, T lr, T mu, T wd,    \
                                    bool nesterov) {                                               \
    sgd_loops(n, w, grad, v, lr, mu, wd, nesterov);                                                \
  }                                                                                                \
  BPROP_SIMD_CLONES_WIDE void adam_clones(std::size_t n, T* w, const T* grad, T* m, T* v, T beta1, \
                                          T beta2, T one_minus_b1, T one_minus_b2, T step_size,    \
                                          T sqrt_c2, T epsilon, T wd, T decay, bool decoupled) {   \
    adam_loops(n, w, grad, m, v, beta1, beta2, one_minus_b1, one_minus_b2, step_size, sqrt_c2,     \
               epsilon, wd, decay, decoupled);                                                     \
  }
BPROP_OPTIMIZER_CLONES(float)
BPROP_OPTIMIZER_CLONES(double)
#undef BPROP_OPTIMIZER_CLONES
}  // namespace

// The updates run over the parameter arrays on all GEMM threads when the arrays are large (each
// element's arithmetic is its own, so the bits do not depend on the cut).
constexpr std::size_t kMinUpdateChunk = std::size_t{1} << 15;

template <typename T>
void sgd_update(std::size_t n, T* w, const T* grad, T* v, T lr, T mu, T wd, bool nesterov) {
  detail::run_chunks(n, kMinUpdateChunk, [&](std::size_t i, std::size_t count) {
    sgd_clones(count, w + i, grad + i, v + i, lr, mu, wd, nesterov);
  });
}

template <typename T>
void adam_update(std::size_t n, T* w, const T* grad, T* m, T* v, T beta1, T beta2, T one_minus_b1,
                 T one_minus_b2, T step_size, T sqrt_c2, T epsilon, T wd, T decay, bool decoupled) {
  detail::run_chunks(n, kMinUpdateChunk, [&](std::size_t i, std::size_t count) {
    adam_clones(count, w + i, grad + i, m + i, v + i, beta1, beta2, one_minus_b1, one_minus_b2,
                step_size, sqrt_c2, epsilon, wd, decay, decoupled);
  });
}

BPROP_INSTANTIATE_ELEMENTWISE_PASSES(float)
BPROP_INSTANTIATE_ELEMENTWISE_PASSES(double)

}  // namespace bprop::kernels
