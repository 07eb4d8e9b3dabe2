// small_gemm::sgemm: bit for bit the in-order fused sum its header promises, close to the
// reference GEMM, on every transpose, tile edge and lane direction; and which shapes it declines.
#include "kernels/small_gemm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "bprop/kernels.h"
#include "bprop/kernels/matvec.h"
#include "testing/random_matrix.h"

namespace bprop::kernels {
namespace {

struct Shape {
  int m, n, k;
};
// Panels of 32 columns (48 where three vectors remain), tiles of up to 8 rows (12 when one
// vector covers the columns), their heights balanced: rows and columns on both sides of every edge,
// op(B)ᵀ panels packed in 16 x 16 blocks with partial blocks on both sides, lanes along rows (few
// columns: 112x3, 100x4, 200x5 and 40x8, from Aᵀ or Bᵀ) and along columns, and the shapes of
// small-tabular training.
const Shape kShapes[] = {
    {1, 1, 1},      {9, 17, 5},    {8, 16, 3},    {7, 33, 2},    {16, 32, 64},   {17, 31, 65},
    {112, 100, 4},  {112, 3, 100}, {100, 4, 112}, {3, 100, 112}, {200, 100, 64}, {10, 100, 200},
    {200, 10, 100}, {2, 500, 7},   {200, 5, 100}, {40, 8, 33},   {25, 13, 17},   {100, 40, 200},
    {200, 2, 100},  {9, 47, 20},   {30, 81, 16}};

// What the header promises: alpha·(Σ_p in order, one fma each) [+ beta·C].
float in_order(const Matrix& a, bool ta, const Matrix& b, bool tb, int i, int j, int k, float alpha,
               float beta, float old) {
  float sum = 0.0f;
  for (int p = 0; p < k; ++p) {
    sum = std::fma(ta ? a(p, i) : a(i, p), tb ? b(j, p) : b(p, j), sum);
  }
  return beta == 0.0f ? alpha * sum : alpha * sum + beta * old;
}

void expect_promised_bits(Shape s, bool ta, bool tb, float alpha, float beta) {
  const Matrix a = testing::random_matrix<float>(ta ? s.k : s.m, ta ? s.m : s.k, 3U + s.m, 1.0f);
  const Matrix b = testing::random_matrix<float>(tb ? s.n : s.k, tb ? s.k : s.n, 5U + s.n, 1.0f);
  const int ldc = s.n + 3;  // a padded C: the padding must stay untouched
  std::vector<float> c(static_cast<std::size_t>(s.m) * ldc, 0.25f), ref;
  if (beta == 0.0f) {
    for (int i = 0; i < s.m; ++i) {
      for (int j = 0; j < s.n; ++j) c[i * ldc + j] = std::numeric_limits<float>::quiet_NaN();
    }
  }
  ref = c;
  reference::gemm(ta ? Transpose::kYes : Transpose::kNo, tb ? Transpose::kYes : Transpose::kNo, s.m,
                  s.n, s.k, alpha, a.data(), a.cols(), b.data(), b.cols(), beta, ref.data(), ldc);
  const std::vector<float> before = c;
  ASSERT_TRUE(small_gemm::sgemm(ta, tb, s.m, s.n, s.k, alpha, a.data(), a.cols(), b.data(),
                                b.cols(), beta, c.data(), ldc));
  const double tol = (s.k + 2) * 4.0 * std::numeric_limits<float>::epsilon();
  for (int i = 0; i < s.m; ++i) {
    for (int j = 0; j < ldc; ++j) {
      const float got = c[i * ldc + j];
      const auto where = ::testing::Message() << s.m << "x" << s.n << "x" << s.k << " tA=" << ta
                                              << " tB=" << tb << " at (" << i << "," << j << ")";
      if (j >= s.n) {
        ASSERT_EQ(got, before[i * ldc + j]) << where << ": padding written";
        continue;
      }
      const float want = in_order(a, ta, b, tb, i, j, s.k, alpha, beta, before[i * ldc + j]);
      ASSERT_EQ(std::memcmp(&got, &want, sizeof got), 0) << where << ": " << got << " " << want;
      ASSERT_NEAR(got, ref[i * ldc + j], tol) << where;
    }
  }
}

TEST(SmallGemm, EverySumIsTheInOrderFusedSumAndNearTheReference) {
  if (matvec::best_isa() != matvec::Isa::kAvx512) GTEST_SKIP() << "SKIPPED: no AVX-512 on this CPU";
  for (const Shape s : kShapes) {
    for (const bool ta : {false, true}) {
      for (const bool tb : {false, true}) {
        expect_promised_bits(s, ta, tb, 1.0f, 0.0f);
        expect_promised_bits(s, ta, tb, 0.5f, -2.0f);
        expect_promised_bits(s, ta, tb, 1.0f, 1.0f);
      }
    }
  }
}

TEST(SmallGemm, DeclinesProductsTooLargeOrTooDeepToPack) {
  if (matvec::best_isa() != matvec::Isa::kAvx512) GTEST_SKIP() << "SKIPPED: no AVX-512 on this CPU";
  const int deep = small_gemm::kMaxPackedDepth + 1, side = 16;
  std::vector<float> a(side * deep, 1.0f), b(side * deep, 1.0f), c(side * side, 7.0f);
  // Bᵀ with k past the panel: declined, C untouched; B itself at that depth is read in place.
  EXPECT_FALSE(small_gemm::sgemm(false, true, side, side, deep, 1.0f, a.data(), deep, b.data(),
                                 deep, 0.0f, c.data(), side));
  EXPECT_EQ(c[0], 7.0f);
  EXPECT_TRUE(small_gemm::sgemm(false, false, side, side, deep, 1.0f, a.data(), deep, b.data(),
                                side, 0.0f, c.data(), side));
  EXPECT_EQ(c[0], static_cast<float>(deep));
  const int wide = static_cast<int>(small_gemm::kMaxWork / (side * side)) + 1;
  EXPECT_FALSE(small_gemm::sgemm(false, false, side, wide, side, 1.0f, a.data(), side, b.data(),
                                 wide, 0.0f, c.data(), wide));
}

}  // namespace
}  // namespace bprop::kernels
