// The kernel boundary: the only functions that know how arithmetic is made fast (BLAS, SIMD).
// Layers, losses and optimizers call these and nothing below them. kernels::reference holds the
// plain-loop versions, the executable spec every fast kernel is tested against.
#pragma once

#include <cstddef>
#include <string>

#include "bprop/matrix.h"

namespace bprop::kernels {

enum class Transpose { kNo, kYes };

// C = alpha * op(A) * op(B) + beta * C, row-major. op(A) is m x k, op(B) is k x n, C is m x n.
// When beta == 0, C is written without being read (it may hold NaN). Float products of at least
// kBlasMinWork multiply-adds go to the GEMM library (oneDNN when built with BPROP_USE_BLAS), or,
// when op(A) is one contiguous row, to the matrix-vector kernel (kernels/matvec.h), or, up to
// 2^21 on AVX-512 CPUs, to bprop's small-product kernel (src/kernels/small_gemm.h);
// smaller ones, and all doubles, stay in an inlined loop kernel that pays no call or dispatch
// overhead. The choice depends only on the shape, so results are reproducible run to run.
template <typename T>
void gemm(Transpose trans_a, Transpose trans_b, int m, int n, int k, T alpha, const T* a, int lda,
          const T* b, int ldb, T beta, T* c, int ldc);

// Matrix form of gemm with shape checks; C must already have the shape of op(A) * op(B).
template <typename T>
void gemm(Transpose trans_a, Transpose trans_b, T alpha, const BasicMatrix<T>& a,
          const BasicMatrix<T>& b, T beta, BasicMatrix<T>& c);

// Inference's product y (m x n) = x (m x k) · wᵀ (w is n x k, a Dense weight), y written. Every
// y[i][j] is summed in one fixed order, builtin::gemm's (dot() in src/kernels/builtin_loops.h),
// which depends on neither m nor the other rows: a row's outputs are the same bits alone, in a
// file of a million rows, in any chunk and on any thread count (docs/design.md, "Batch-invariant
// inference"). gemm() instead picks its path by size, and the GEMM library's blocking depends on
// m. A vector form for the CPU keeps that order exactly.
template <typename T>
void gemm_row_invariant(const BasicMatrix<T>& x, const BasicMatrix<T>& w, BasicMatrix<T>& y);

// m·n·k from which a float GEMM goes to the library (measured: docs/design.md, "GEMM library").
inline constexpr long long kBlasMinWork = 8192;

// "oneDNN 2.6.3 (libdnnl.so.2)", or "built-in loops" when the build has no GEMM library or it
// could not be loaded. Loads the library on first use.
std::string gemm_backend();

// y[r][c] += bias[c] for every row r: adds a 1 x n row to each row of an m x n matrix.
template <typename T>
void add_row(BasicMatrix<T>& y, const BasicMatrix<T>& bias);

// sums (1 x n) = the column sums of x (m x n), overwriting sums.
template <typename T>
void column_sums(const BasicMatrix<T>& x, BasicMatrix<T>& sums);

// The activations that have fused kernels (bias_activation, activation_backward). An activation
// layer (bprop::Activation<T>, layers/activation.h) names its own through its form().
enum class FusedActivation { kRelu, kSigmoid, kTanh };

// One pass over z (m x n): z += bias (1 x n) in place, then y = f(z). y must have z's shape. The
// formulas are the layers' own (src/kernels/elementwise.h), so fusing changes no bit.
template <typename T>
void bias_activation(FusedActivation f, BasicMatrix<T>& z, const BasicMatrix<T>& bias,
                     BasicMatrix<T>& y);

// Softmax cross-entropy forward and backward in one pass over the logits z (B x C). target is
// (B x 1) class indices (already validated) when `indices`, else (B x C) probabilities. Writes
// grad = (softmax(z) - y) * grad_scale and returns Σ_b [logsumexp(z_b) - Σ_c y_bc z_bc].
template <typename T>
double softmax_cross_entropy(const BasicMatrix<T>& z, const BasicMatrix<T>& target, bool indices,
                             T grad_scale, BasicMatrix<T>& grad);

// Binary cross-entropy from logits z and targets y (same shape), forward and backward in one pass:
// writes grad = (σ(z) - y) * grad_scale and returns Σ [max(z,0) - z·y + log1p(e^-|z|)].
template <typename T>
double binary_cross_entropy(const BasicMatrix<T>& z, const BasicMatrix<T>& target, T grad_scale,
                            BasicMatrix<T>& grad);

// SGD in PyTorch's convention over n values: g = grad + wd·w; v = mu·v + g;
// w -= lr · (nesterov ? g + mu·v : v). With mu == 0, v is not touched (may be null): w -= lr·g.
template <typename T>
void sgd_update(std::size_t n, T* w, const T* grad, T* v, T lr, T mu, T wd, bool nesterov);

// Adam/AdamW over n values (see optimizers/adam.h): step_size = lr/(1-β1^t),
// sqrt_c2 = sqrt(1-β2^t), decay = 1 - lr·wd (AdamW only; Adam adds wd·w to the gradient).
// 1 - β comes in from the caller, rounded from double (optimizers/adam.cpp says why).
template <typename T>
void adam_update(std::size_t n, T* w, const T* grad, T* m, T* v, T beta1, T beta2,
                 T one_minus_beta1, T one_minus_beta2, T step_size, T sqrt_c2, T epsilon, T wd,
                 T decay, bool decoupled);

// The training step's own passes (src/kernels/gradient_passes.cpp).

// True when none of x[0..n) is NaN or ±inf. One branch-free pass over the bits (vectorises).
template <typename T>
bool all_finite(std::size_t n, const T* x);

// The backward pass of an activation fused with the bias gradient of the Dense layer before it:
// dx = dy · f'(z) (the layers' own formulas, from z = the activation's
// input and y = its output) and bias_grad (1 x n) = the column sums of dx, summed in
// column_sums' order, so the result equals the two separate passes bit for bit.
template <typename T>
void activation_backward(FusedActivation f, const BasicMatrix<T>& z, const BasicMatrix<T>& y,
                         const BasicMatrix<T>& dy, BasicMatrix<T>& dx, BasicMatrix<T>& bias_grad);

namespace reference {
template <typename T>
void gemm_row_invariant(const BasicMatrix<T>& x, const BasicMatrix<T>& w, BasicMatrix<T>& y);
template <typename T>
void gemm(Transpose trans_a, Transpose trans_b, int m, int n, int k, T alpha, const T* a, int lda,
          const T* b, int ldb, T beta, T* c, int ldc);
template <typename T>
void bias_activation(FusedActivation f, BasicMatrix<T>& z, const BasicMatrix<T>& bias,
                     BasicMatrix<T>& y);
template <typename T>
double softmax_cross_entropy(const BasicMatrix<T>& z, const BasicMatrix<T>& target, bool indices,
                             T grad_scale, BasicMatrix<T>& grad);
template <typename T>
double binary_cross_entropy(const BasicMatrix<T>& z, const BasicMatrix<T>& target, T grad_scale,
                            BasicMatrix<T>& grad);
template <typename T>
void sgd_update(std::size_t n, T* w, const T* grad, T* v, T lr, T mu, T wd, bool nesterov);
template <typename T>
void adam_update(std::size_t n, T* w, const T* grad, T* m, T* v, T beta1, T beta2,
                 T one_minus_beta1, T one_minus_beta2, T step_size, T sqrt_c2, T epsilon, T wd,
                 T decay, bool decoupled);
template <typename T>
bool all_finite(std::size_t n, const T* x);
template <typename T>
void activation_backward(FusedActivation f, const BasicMatrix<T>& z, const BasicMatrix<T>& y,
                         const BasicMatrix<T>& dy, BasicMatrix<T>& dx, BasicMatrix<T>& bias_grad);
}  // namespace reference

// The loop kernel behind small GEMMs (and all GEMMs when no library is available); exposed so
// tests and benchmarks can compare it with the library at the same shape.
namespace builtin {
template <typename T>
void gemm(Transpose trans_a, Transpose trans_b, int m, int n, int k, T alpha, const T* a, int lda,
          const T* b, int ldb, T beta, T* c, int ldc);
}  // namespace builtin

}  // namespace bprop::kernels
