// Plain-loop kernels: the executable specification. Kept forever; fast kernels are tested against
// these on odd and tiny shapes.
#include <algorithm>
#include <cmath>
#include <cstddef>

#include "bprop/kernels.h"
#include "kernels/elementwise_instances.h"

namespace bprop::kernels::reference {

template <typename T>
void gemm(Transpose trans_a, Transpose trans_b, int m, int n, int k, T alpha, const T* a, int lda,
          const T* b, int ldb, T beta, T* c, int ldc) {
  auto at = [&](int i, int p) {
    return trans_a == Transpose::kNo ? a[static_cast<std::ptrdiff_t>(i) * lda + p]
                                     : a[static_cast<std::ptrdiff_t>(p) * lda + i];
  };
  auto bt = [&](int p, int j) {
    return trans_b == Transpose::kNo ? b[static_cast<std::ptrdiff_t>(p) * ldb + j]
                                     : b[static_cast<std::ptrdiff_t>(j) * ldb + p];
  };
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      T sum = T(0);
      for (int p = 0; p < k; ++p) sum += at(i, p) * bt(p, j);
      T& out = c[static_cast<std::ptrdiff_t>(i) * ldc + j];
      out = beta == T(0) ? alpha * sum : alpha * sum + beta * out;
    }
  }
}

// The layers' own formulas: ReLU max(0, x), NaN kept; the two-branch sigmoid whose exp() never
// overflows.
template <typename T>
T activate(FusedActivation f, T x) {
  switch (f) {
    case FusedActivation::kRelu:
      return x > T(0) || std::isnan(x) ? x : T(0);
    case FusedActivation::kSigmoid:
      if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
      return std::exp(x) / (T(1) + std::exp(x));
    case FusedActivation::kTanh:
      return std::tanh(x);
  }
  return x;
}

template <typename T>
void bias_activation(FusedActivation f, BasicMatrix<T>& z, const BasicMatrix<T>& bias,
                     BasicMatrix<T>& y) {
  for (int r = 0; r < z.rows(); ++r) {
    for (int c = 0; c < z.cols(); ++c) {
      z(r, c) += bias(0, c);
      y(r, c) = activate(f, z(r, c));
    }
  }
}

template <typename T>
double softmax_cross_entropy(const BasicMatrix<T>& z, const BasicMatrix<T>& target, bool indices,
                             T grad_scale, BasicMatrix<T>& grad) {
  double loss = 0.0;
  for (int r = 0; r < z.rows(); ++r) {
    T max = z(r, 0);
    for (int c = 1; c < z.cols(); ++c) max = std::max(max, z(r, c));
    double sum = 0.0;
    for (int c = 0; c < z.cols(); ++c) sum += std::exp(static_cast<double>(z(r, c) - max));
    const double lse = static_cast<double>(max) + std::log(sum);
    for (int c = 0; c < z.cols(); ++c) {
      const T y = indices ? T(static_cast<int>(target(r, 0)) == c ? 1 : 0) : target(r, c);
      const T p = static_cast<T>(std::exp(static_cast<double>(z(r, c)) - lse));
      grad(r, c) = (p - y) * grad_scale;
      loss += static_cast<double>(y) * (lse - static_cast<double>(z(r, c)));
    }
  }
  return loss;
}

template <typename T>
double binary_cross_entropy(const BasicMatrix<T>& z, const BasicMatrix<T>& target, T grad_scale,
                            BasicMatrix<T>& grad) {
  double loss = 0.0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const T x = z.data()[i];
    const T y = target.data()[i];
    loss += static_cast<double>(std::max(x, T(0)) - x * y + std::log1p(std::exp(-std::abs(x))));
    grad.data()[i] = (activate(FusedActivation::kSigmoid, x) - y) * grad_scale;
  }
  return loss;
}

template <typename T>
void sgd_update(std::size_t n, T* w, const T* grad, T* v, T lr, T mu, T wd, bool nesterov) {
  for (std::size_t i = 0; i < n; ++i) {
    const T g = grad[i] + wd * w[i];
    if (mu == T(0)) {
      w[i] -= lr * g;
      continue;
    }
    v[i] = mu * v[i] + g;
    w[i] -= lr * (nesterov ? g + mu * v[i] : v[i]);
  }
}

template <typename T>
void adam_update(std::size_t n, T* w, const T* grad, T* m, T* v, T beta1, T beta2,
                 T one_minus_beta1, T one_minus_beta2, T step_size, T sqrt_c2, T epsilon, T wd,
                 T decay, bool decoupled) {
  for (std::size_t i = 0; i < n; ++i) {
    T g = grad[i];
    if (decoupled) {
      w[i] *= decay;
    } else {
      g += wd * w[i];
    }
    m[i] = beta1 * m[i] + one_minus_beta1 * g;
    v[i] = beta2 * v[i] + one_minus_beta2 * g * g;
    w[i] -= step_size * m[i] / (std::sqrt(v[i]) / sqrt_c2 + epsilon);
  }
}

template void gemm<float>(Transpose, Transpose, int, int, int, float, const float*, int,
                          const float*, int, float, float*, int);
template void gemm<double>(Transpose, Transpose, int, int, int, double, const double*, int,
                           const double*, int, double, double*, int);
BPROP_INSTANTIATE_ELEMENTWISE_PASSES(float)
BPROP_INSTANTIATE_ELEMENTWISE_PASSES(double)

}  // namespace bprop::kernels::reference
