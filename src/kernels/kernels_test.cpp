// Fast GEMM kernels against the plain-loop reference, on odd and tiny shapes, every transpose,
// padded leading dimensions, alpha/beta, and NaN-filled outputs when beta == 0.
#include "bprop/kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace bprop::kernels {
namespace {

struct Shape {
  int m, n, k;
};

// Shapes below kBlasMinWork (the built-in loops), from it up to small_gemm::kMaxWork (the
// small-product kernel on AVX-512 CPUs) and above (the library), and one row (matrix-vector).
const Shape kShapes[] = {{1, 1, 1},     {1, 2, 2},    {2, 1, 3},    {3, 5, 7},      {7, 13, 17},
                         {1, 64, 64},   {17, 33, 65}, {33, 31, 35}, {128, 10, 128}, {10, 128, 128},
                         {1, 256, 784}, {129, 67, 5}, {4, 3, 0},    {130, 130, 130}};

template <typename T>
using GemmFn = void (*)(Transpose, Transpose, int, int, int, T, const T*, int, const T*, int, T, T*,
                        int);

template <typename T>
void expect_matches_reference(GemmFn<T> fast, Transpose ta, Transpose tb, Shape s, T alpha,
                              T beta) {
  std::mt19937 gen(static_cast<unsigned>(s.m * 131 + s.n * 17 + s.k));
  std::uniform_real_distribution<T> dist(T(-1), T(1));
  const int pad = 3;  // leading dimensions larger than the row width
  const int a_rows = ta == Transpose::kNo ? s.m : s.k, a_cols = ta == Transpose::kNo ? s.k : s.m;
  const int b_rows = tb == Transpose::kNo ? s.k : s.n, b_cols = tb == Transpose::kNo ? s.n : s.k;
  const int lda = a_cols + pad, ldb = b_cols + pad, ldc = s.n + pad;
  std::vector<T> a(static_cast<std::size_t>(a_rows) * lda),
      b(static_cast<std::size_t>(b_rows) * ldb);
  for (T& v : a) v = dist(gen);
  for (T& v : b) v = dist(gen);
  std::vector<T> c_ref(static_cast<std::size_t>(s.m) * ldc), c_fast;
  for (T& v : c_ref) v = beta == T(0) ? std::numeric_limits<T>::quiet_NaN() : dist(gen);
  c_fast = c_ref;
  reference::gemm(ta, tb, s.m, s.n, s.k, alpha, a.data(), lda, b.data(), ldb, beta, c_ref.data(),
                  ldc);
  fast(ta, tb, s.m, s.n, s.k, alpha, a.data(), lda, b.data(), ldb, beta, c_fast.data(), ldc);
  // Terms are in [-1, 1]: rounding error grows at most like k·eps.
  const double tol = (s.k + 2) * 4.0 * std::numeric_limits<T>::epsilon();
  for (int i = 0; i < s.m; ++i) {
    for (int j = 0; j < s.n; ++j) {
      const T want = c_ref[static_cast<std::size_t>(i) * ldc + j];
      const T got = c_fast[static_cast<std::size_t>(i) * ldc + j];
      ASSERT_NEAR(got, want, tol) << "m=" << s.m << " n=" << s.n << " k=" << s.k
                                  << " tA=" << (ta == Transpose::kYes)
                                  << " tB=" << (tb == Transpose::kYes) << " at (" << i << "," << j
                                  << ")";
    }
  }
}

template <typename T>
void check_all(GemmFn<T> fast) {
  for (const Shape& s : kShapes) {
    for (Transpose ta : {Transpose::kNo, Transpose::kYes}) {
      for (Transpose tb : {Transpose::kNo, Transpose::kYes}) {
        expect_matches_reference<T>(fast, ta, tb, s, T(1), T(0));
        expect_matches_reference<T>(fast, ta, tb, s, T(0.5), T(-2));
        expect_matches_reference<T>(fast, ta, tb, s, T(1), T(1));
      }
    }
  }
}

TEST(Kernels, GemmMatchesReferenceInFloat) { check_all<float>(&gemm<float>); }
TEST(Kernels, GemmMatchesReferenceInDouble) { check_all<double>(&gemm<double>); }
TEST(Kernels, BuiltinGemmMatchesReferenceInFloat) { check_all<float>(&builtin::gemm<float>); }
TEST(Kernels, BuiltinGemmMatchesReferenceInDouble) { check_all<double>(&builtin::gemm<double>); }

TEST(Kernels, MatrixGemmRejectsMismatchedShapes) {
  Matrix a(2, 3), b(4, 2), c(2, 2);
  EXPECT_THROW(gemm(Transpose::kNo, Transpose::kNo, 1.0f, a, b, 0.0f, c), std::invalid_argument);
}

TEST(Kernels, BackendIsTheLibraryWhenBuiltWithIt) {
#if BPROP_USE_BLAS
  EXPECT_NE(gemm_backend().find("oneDNN"), std::string::npos) << gemm_backend();
#else
  EXPECT_NE(gemm_backend().find("built-in"), std::string::npos) << gemm_backend();
#endif
}

}  // namespace
}  // namespace bprop::kernels
