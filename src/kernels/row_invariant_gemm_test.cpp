// gemm_row_invariant: the same bits as the reference (builtin::gemm's order) on odd shapes, and a
// row's outputs that do not depend on the rows around it, on the thread count or on the CPU path.
#include "kernels/row_invariant_gemm.h"

#include <gtest/gtest.h>

#include <cstring>

#include "bprop/kernels.h"
#include "bprop/kernels/matvec.h"
#include "bprop/threads.h"
#include "testing/random_matrix.h"

namespace bprop::kernels {
namespace {

using testing::random_matrix;

template <typename T>
bool same_bits(const BasicMatrix<T>& a, const BasicMatrix<T>& b) {
  // An empty matrix may have no storage: memcmp must not see its null pointer.
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         (a.size() == 0 || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

struct Shape {
  int m, n, k;
};
// Every tail: rows and outputs that do not fill a block (13 rows: strips of 8, 4 and 1), k below
// 8, k % 8 != 0, and a Fashion-MNIST layer.
const Shape kShapes[] = {{1, 1, 1},   {3, 5, 7},    {7, 13, 17},   {5, 3, 8},      {9, 7, 64},
                         {13, 6, 24}, {33, 31, 35}, {2, 256, 784}, {130, 10, 128}, {6, 1, 9},
                         {4, 2, 16},  {0, 3, 4},    {3, 4, 0}};

template <typename T>
void expect_reference_bits() {
  for (const Shape s : kShapes) {
    const auto x = random_matrix<T>(s.m, s.k, 7U + s.m, T(1));
    const auto w = random_matrix<T>(s.n, s.k, 11U + s.n, T(1));
    BasicMatrix<T> fast(s.m, s.n), ref(s.m, s.n), builtin_out(s.m, s.n);
    gemm_row_invariant(x, w, fast);
    reference::gemm_row_invariant(x, w, ref);
    builtin::gemm(Transpose::kNo, Transpose::kYes, s.m, s.n, s.k, T(1), x.data(), s.k, w.data(),
                  s.k, T(0), builtin_out.data(), s.n);
    EXPECT_TRUE(same_bits(fast, ref)) << s.m << "x" << s.n << "x" << s.k;
    // The order is builtin::gemm's, so inference keeps the bits small products always had.
    EXPECT_TRUE(same_bits(ref, builtin_out)) << s.m << "x" << s.n << "x" << s.k;
  }
}

TEST(RowInvariantGemm, MatchesReferenceInFloat) { expect_reference_bits<float>(); }

TEST(RowInvariantGemm, EverySupportedIsaMatchesTheReference) {
  using matvec::Isa;
  for (const Isa isa : {Isa::kBaseline, Isa::kAvx2, Isa::kAvx512}) {
    if (!matvec::cpu_supports(isa)) continue;
    for (const Shape s : kShapes) {
      const auto x = random_matrix<float>(s.m, s.k, 7U + s.m, 1.0f);
      const auto w = random_matrix<float>(s.n, s.k, 11U + s.n, 1.0f);
      Matrix fast(s.m, s.n), ref(s.m, s.n);
      detail::gemm_row_invariant_on(isa, x, w, fast);
      reference::gemm_row_invariant(x, w, ref);
      EXPECT_TRUE(same_bits(fast, ref))
          << matvec::isa_name(isa) << " " << s.m << "x" << s.n << "x" << s.k;
    }
  }
}
TEST(RowInvariantGemm, MatchesReferenceInDouble) { expect_reference_bits<double>(); }

// The panels form (blocks of rows, lanes along the outputs) at every row count, not only the
// ones gemm_row_invariant gives it: tiles of 3 rows and their tail, blocks of 48, outputs that
// fill no panel or several, k from dot()'s first block of 8 to tails of 1-7.
TEST(RowInvariantGemm, PanelsFormMatchesTheReference) {
  if (!matvec::cpu_supports(matvec::Isa::kAvx512)) GTEST_SKIP() << "no AVX-512 on this CPU";
  for (const int m : {1, 2, 3, 4, 7, 47, 48, 49, 100}) {
    for (const int n : {1, 5, 15, 16, 17, 33, 100}) {
      for (const int k : {8, 9, 15, 16, 23, 40, 64, 100}) {
        const auto x = random_matrix<float>(m, k, 7U + m, 1.0f);
        const auto w = random_matrix<float>(n, k, 11U + n + k, 1.0f);
        Matrix fast(m, n), ref(m, n);
        detail::gemm_row_invariant_panels(x, w, fast);
        reference::gemm_row_invariant(x, w, ref);
        EXPECT_TRUE(same_bits(fast, ref)) << m << "x" << n << "x" << k;
      }
    }
  }
}

// k = 784 runs one form at every row count; k = 100 the one-row form alone and the panels form
// (AVX-512) from 8 rows, which must agree too.
TEST(RowInvariantGemm, RowDoesNotDependOnTheOtherRowsOrThreads) {
  for (const int k : {784, 100}) {
    const auto all = random_matrix<float>(1000, k, 3U, 1.0f);
    const auto w = random_matrix<float>(256, k, 5U, 1.0f);
    const int row = 0;
    Matrix alone(1, 256);
    gemm_row_invariant(Matrix::view(const_cast<float*>(all.row(row)), 1, k), w, alone);
    const int previous = num_threads();
    for (const int threads : {1, 2, 3}) {
      set_num_threads(threads);
      for (const int rows : {1, 7, 8, 64, 300, 1000}) {
        const Matrix x = Matrix::view(const_cast<float*>(all.data()), rows, k);
        Matrix y(rows, 256);
        gemm_row_invariant(x, w, y);
        EXPECT_EQ(std::memcmp(y.row(row), alone.data(), 256 * sizeof(float)), 0)
            << rows << " rows, " << threads << " threads, k " << k;
      }
    }
    set_num_threads(previous);
  }
}

TEST(RowInvariantGemm, RefusesShapesThatDoNotAgree) {
  Matrix x(2, 3), w(4, 5), y(2, 4);
  EXPECT_THROW(gemm_row_invariant(x, w, y), std::invalid_argument);
}

}  // namespace
}  // namespace bprop::kernels
