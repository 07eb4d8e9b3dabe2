// The matrix-vector kernels of every instruction set this CPU runs, against the reference GEMM, on
// odd and tiny shapes (lengths around the 8- and 16-lane widths), both forms of B, padded leading
// dimensions, alpha/beta, and NaN in y when beta == 0; and kernels::gemm routing rows to them.
#include "bprop/kernels/matvec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace bprop::kernels::matvec {
namespace {

struct Shape {
  int n, k;
};
const Shape kShapes[] = {{1, 1},     {1, 17},    {2, 3},    {3, 5},   {5, 16},   {7, 33},
                         {8, 8},     {16, 15},   {17, 64},  {33, 31}, {63, 65},  {64, 129},
                         {65, 1},    {100, 3},   {3, 100},  {4, 0},   {10, 128}, {129, 67},
                         {256, 784}, {784, 256}, {2, 300},  {40, 7},  {241, 17}, {256, 1},
                         {257, 3},   {300, 5},   {512, 40}, {1000, 9}};

void check(Isa isa, Transpose tb, Shape s, float alpha, float beta) {
  std::mt19937 gen(static_cast<unsigned>(s.n * 131 + s.k));
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  const int b_rows = tb == Transpose::kNo ? s.k : s.n, b_cols = tb == Transpose::kNo ? s.n : s.k;
  const int ldb = b_cols + 5;
  std::vector<float> x(static_cast<std::size_t>(s.k)), b(static_cast<std::size_t>(b_rows) * ldb);
  for (float& v : x) v = dist(gen);
  for (float& v : b) v = dist(gen);
  std::vector<float> want(static_cast<std::size_t>(s.n));
  for (float& v : want) v = beta == 0.0f ? std::numeric_limits<float>::quiet_NaN() : dist(gen);
  std::vector<float> got = want;
  reference::gemm(Transpose::kNo, tb, 1, s.n, s.k, alpha, x.data(), s.k, b.data(), ldb, beta,
                  want.data(), s.n);
  sgemv(isa, tb, s.n, s.k, alpha, x.data(), b.data(), ldb, beta, got.data());
  const float tol = static_cast<float>(s.k + 2) * 4.0f * std::numeric_limits<float>::epsilon();
  for (int j = 0; j < s.n; ++j) {
    ASSERT_NEAR(got[static_cast<std::size_t>(j)], want[static_cast<std::size_t>(j)], tol)
        << isa_name(isa) << " n=" << s.n << " k=" << s.k << " tB=" << (tb == Transpose::kYes)
        << " alpha=" << alpha << " beta=" << beta << " at " << j;
  }
}

TEST(Matvec, EverySupportedIsaMatchesTheReference) {
  int tested = 0;
  for (Isa isa : {Isa::kBaseline, Isa::kAvx2, Isa::kAvx512}) {
    if (!cpu_supports(isa)) continue;
    ++tested;
    for (const Shape& s : kShapes) {
      for (Transpose tb : {Transpose::kNo, Transpose::kYes}) {
        check(isa, tb, s, 1.0f, 0.0f);
        check(isa, tb, s, 0.5f, -2.0f);
        check(isa, tb, s, 1.0f, 1.0f);
      }
    }
  }
  EXPECT_GE(tested, 1);
  std::printf("matvec: tested up to %s\n", isa_name(best_isa()));
}

TEST(Matvec, BestIsaIsSupported) {
  EXPECT_TRUE(cpu_supports(Isa::kBaseline));
  EXPECT_TRUE(cpu_supports(best_isa()));
}

// gemm sends m = 1 here when the row is contiguous: op(A) = A, or Aᵀ of a k x 1 matrix (lda 1,
// the dW of a one-unit layer); a strided column (lda > 1) stays with the GEMM. All must agree.
TEST(Matvec, GemmRoutesRowsAndStillMatchesTheReference) {
  const int n = 300, k = 200;  // above kBlasMinWork
  std::mt19937 gen(7);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (int lda : {1, 3}) {
    for (Transpose tb : {Transpose::kNo, Transpose::kYes}) {
      std::vector<float> a(static_cast<std::size_t>(k) * lda), b(static_cast<std::size_t>(n) * k);
      for (float& v : a) v = dist(gen);
      for (float& v : b) v = dist(gen);
      std::vector<float> want(n, 0.0f), got(n, 0.0f);
      const int ldb = tb == Transpose::kNo ? n : k;
      reference::gemm(Transpose::kYes, tb, 1, n, k, 1.0f, a.data(), lda, b.data(), ldb, 0.0f,
                      want.data(), n);
      gemm(Transpose::kYes, tb, 1, n, k, 1.0f, a.data(), lda, b.data(), ldb, 0.0f, got.data(), n);
      for (int j = 0; j < n; ++j) ASSERT_NEAR(got[j], want[j], 1e-4f) << "lda " << lda;
    }
  }
}

}  // namespace
}  // namespace bprop::kernels::matvec
