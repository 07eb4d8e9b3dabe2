// The training step's passes around the GEMMs: the finiteness check of every gradient and the
// activation backward fused with the bias gradient. Each is a memory pass over all parameters or
// over a batch's hidden activations, so each streams: no branches in the inner loops, one pass
// where there were two, and a vector width chosen at run time.
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "bprop/kernels.h"
#include "kernels/elementwise.h"
#include "kernels/row_split.h"
#include "kernels/simd_clones.h"

namespace bprop::kernels {

// One copy per vector ISA (simd_clones.h) of the two passes that run over every parameter or
// every hidden activation of a batch at each step.
namespace {
// A value is non-finite exactly when its exponent bits are all ones. Adding one unit of the lowest
// exponent bit to the masked exponent carries into the sign bit only then, so OR-ing those sums
// leaves the sign bit set iff some value is NaN or ±inf: integer and/add/or, which vectorise on
// any x86-64 (a float accumulation would be a serial chain of adds).
template <typename T>
[[gnu::always_inline]] inline bool all_finite_loop(std::size_t n, const T* x) {
  using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  constexpr int kMantissa = std::is_same_v<T, float> ? 23 : 52;
  constexpr int kWidth = 8 * sizeof(T);
  constexpr Bits kExponent = ((Bits(1) << (kWidth - 1)) - 1) & ~((Bits(1) << kMantissa) - 1);
  constexpr Bits kLowest = Bits(1) << kMantissa;
  static_assert(sizeof(Bits) == sizeof(T));
  Bits any = 0;
  for (std::size_t i = 0; i < n; ++i) {
    Bits bits;
    std::memcpy(&bits, x + i, sizeof bits);
    any |= (bits & kExponent) + kLowest;
  }
  return (any >> (kWidth - 1)) == 0;
}

// dx = derivative(z, y, dy) row by row, each value added into the bias gradient s as it is made
// (row 0 sets s, later rows add in order, as column_sums does): one pass over dx, not a second.
template <typename T, typename Derivative>
[[gnu::always_inline]] inline void backward_rows(int rows, int n, const T* z, const T* y,
                                                 const T* dy, T* dx, T* __restrict s,
                                                 Derivative derivative) {
  for (int r = 0; r < rows; ++r) {
    const std::size_t at = static_cast<std::size_t>(r) * static_cast<std::size_t>(n);
    const T* __restrict zr = z + at;
    const T* __restrict yr = y + at;
    const T* __restrict g = dy + at;
    T* __restrict d = dx + at;
    if (r == 0) {
#pragma omp simd
      for (int c = 0; c < n; ++c) {
        d[c] = derivative(zr[c], yr[c], g[c]);
        s[c] = d[c];
      }
    } else {
#pragma omp simd
      for (int c = 0; c < n; ++c) {
        const T v = derivative(zr[c], yr[c], g[c]);
        d[c] = v;
        s[c] += v;
      }
    }
  }
}

// The derivatives are the layers' own (elementwise.h).
template <typename T>
[[gnu::always_inline]] inline void activation_backward_loops(FusedActivation f, int rows, int n,
                                                             const T* z, const T* y, const T* dy,
                                                             T* dx, T* __restrict s) {
  if (rows == 0) {
    for (int c = 0; c < n; ++c) s[c] = T(0);
    return;
  }
  switch (f) {
    case FusedActivation::kRelu:
      return backward_rows(rows, n, z, y, dy, dx, s,
                           [](T x, T, T g) { return elementwise::relu_backward(x, g); });
    case FusedActivation::kSigmoid:
      return backward_rows(rows, n, z, y, dy, dx, s,
                           [](T, T out, T g) { return elementwise::sigmoid_backward(out, g); });
    case FusedActivation::kTanh:
      return backward_rows(rows, n, z, y, dy, dx, s,
                           [](T, T out, T g) { return elementwise::tanh_backward(out, g); });
  }
}

#define BPROP_PASS_CLONES(T)                                                                  \
  BPROP_SIMD_CLONES bool all_finite_clones(std::size_t n, const T* x) {                       \
    return all_finite_loop(n, x);                                                             \
  }                                                                                           \
  BPROP_SIMD_CLONES void activation_backward_clones(                                          \
      FusedActivation f, int rows, int n, const T* z, const T* y, const T* dy, T* dx, T* s) { \
    activation_backward_loops(f, rows, n, z, y, dy, dx, s);                                   \
  }
BPROP_PASS_CLONES(float)
BPROP_PASS_CLONES(double)
#undef BPROP_PASS_CLONES
}  // namespace

template <typename T>
bool all_finite(std::size_t n, const T* x) {
  constexpr std::size_t kMinChunk = std::size_t{1} << 15;
  std::atomic<bool> finite{true};
  detail::run_chunks(n, kMinChunk, [&](std::size_t i, std::size_t count) {
    if (!all_finite_clones(count, x + i)) finite.store(false, std::memory_order_relaxed);
  });
  return finite.load(std::memory_order_relaxed);
}

template <typename T>
void activation_backward(FusedActivation f, const BasicMatrix<T>& z, const BasicMatrix<T>& y,
                         const BasicMatrix<T>& dy, BasicMatrix<T>& dx, BasicMatrix<T>& bias_grad) {
  activation_backward_clones(f, z.rows(), z.cols(), z.data(), y.data(), dy.data(), dx.data(),
                             bias_grad.data());
}

namespace reference {

template <typename T>
bool all_finite(std::size_t n, const T* x) {
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i])) return false;
  }
  return true;
}

template <typename T>
void activation_backward(FusedActivation f, const BasicMatrix<T>& z, const BasicMatrix<T>& y,
                         const BasicMatrix<T>& dy, BasicMatrix<T>& dx, BasicMatrix<T>& bias_grad) {
  for (int r = 0; r < z.rows(); ++r) {
    for (int c = 0; c < z.cols(); ++c) {
      switch (f) {
        case FusedActivation::kRelu:
          dx(r, c) = z(r, c) > T(0) ? dy(r, c) : T(0);
          break;
        case FusedActivation::kSigmoid:
          dx(r, c) = dy(r, c) * y(r, c) * (T(1) - y(r, c));
          break;
        case FusedActivation::kTanh:
          dx(r, c) = dy(r, c) * (T(1) - y(r, c) * y(r, c));
          break;
      }
    }
  }
  for (int c = 0; c < z.cols(); ++c) {
    T sum = z.rows() > 0 ? dx(0, c) : T(0);
    for (int r = 1; r < z.rows(); ++r) sum += dx(r, c);
    bias_grad(0, c) = sum;
  }
}

}  // namespace reference

#define BPROP_INSTANTIATE_TRAINING_PASSES(NS, T)                                         \
  template bool NS::all_finite<T>(std::size_t, const T*);                                \
  template void NS::activation_backward<T>(FusedActivation, const BasicMatrix<T>&,       \
                                           const BasicMatrix<T>&, const BasicMatrix<T>&, \
                                           BasicMatrix<T>&, BasicMatrix<T>&);
BPROP_INSTANTIATE_TRAINING_PASSES(kernels, float)
BPROP_INSTANTIATE_TRAINING_PASSES(kernels, double)
BPROP_INSTANTIATE_TRAINING_PASSES(reference, float)
BPROP_INSTANTIATE_TRAINING_PASSES(reference, double)
#undef BPROP_INSTANTIATE_TRAINING_PASSES

}  // namespace bprop::kernels
