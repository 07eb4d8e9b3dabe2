// The training step's passes (finiteness check, fused activation backward) against
// kernels::reference on odd and tiny shapes.
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <vector>

#include "bprop/kernels.h"
#include "testing/random_matrix.h"

namespace bprop::kernels {
namespace {

using testing::random_matrix;

template <typename T>
void expect_all_finite_matches_reference() {
  constexpr T kInf = std::numeric_limits<T>::infinity();
  const T specials[] = {std::numeric_limits<T>::quiet_NaN(),
                        -std::numeric_limits<T>::quiet_NaN(),
                        std::numeric_limits<T>::signaling_NaN(),
                        kInf,
                        -kInf,
                        std::numeric_limits<T>::max(),
                        -std::numeric_limits<T>::max(),
                        std::numeric_limits<T>::denorm_min(),
                        T(-0.0),
                        T(0)};
  for (const std::size_t n : {0u, 1u, 2u, 7u, 16u, 33u, 1000u}) {
    std::vector<T> x(n, T(1.5));
    EXPECT_TRUE(all_finite(n, x.data())) << n;
    for (std::size_t at : {std::size_t{0}, n / 2, n > 0 ? n - 1 : 0}) {
      if (at >= n) continue;
      for (const T special : specials) {
        std::vector<T> y = x;
        y[at] = special;
        EXPECT_EQ(all_finite(n, y.data()), reference::all_finite(n, y.data()))
            << "value " << special << " at " << at << " of " << n;
      }
    }
  }
}

TEST(GradientPasses, AllFiniteEqualsReferenceOnEverySpecialValue) {
  expect_all_finite_matches_reference<float>();
  expect_all_finite_matches_reference<double>();
}

template <typename T>
void expect_activation_backward_matches(FusedActivation f, int rows, int cols) {
  BasicMatrix<T> z = random_matrix<T>(rows, cols, 3);
  if (rows > 0) z(0, 0) = T(0);  // ReLU's kink: the derivative there is 0
  BasicMatrix<T> y = random_matrix<T>(rows, cols, 4);
  const BasicMatrix<T> dy = random_matrix<T>(rows, cols, 5);
  const T nan = std::numeric_limits<T>::quiet_NaN();
  BasicMatrix<T> dx(rows, cols, nan), dx_ref(rows, cols, nan);
  BasicMatrix<T> db(1, cols, nan), db_ref(1, cols, nan);
  activation_backward(f, z, y, dy, dx, db);
  reference::activation_backward(f, z, y, dy, dx_ref, db_ref);
  EXPECT_EQ(dx, dx_ref) << "kind " << static_cast<int>(f) << ", " << rows << "x" << cols;
  EXPECT_EQ(db, db_ref) << "kind " << static_cast<int>(f) << ", " << rows << "x" << cols;
  // The bias gradient is the column sums of dx, bit for bit.
  BasicMatrix<T> sums(1, cols);
  column_sums(dx, sums);
  EXPECT_EQ(db, sums);
}

TEST(GradientPasses, ActivationBackwardEqualsReferenceBitForBit) {
  const int shapes[][2] = {{0, 3}, {1, 1}, {1, 2}, {3, 1}, {2, 7}, {5, 17}, {13, 33}, {128, 10}};
  for (FusedActivation f :
       {FusedActivation::kRelu, FusedActivation::kSigmoid, FusedActivation::kTanh}) {
    for (const auto& s : shapes) {
      expect_activation_backward_matches<float>(f, s[0], s[1]);
      expect_activation_backward_matches<double>(f, s[0], s[1]);
    }
  }
}

}  // namespace
}  // namespace bprop::kernels
