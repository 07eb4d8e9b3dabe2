#include "bprop/matrix.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "bprop/errors.h"

namespace bprop {
namespace {

TEST(Matrix, RowMajorLayoutAndShape) {
  Matrix m{{1, 2, 3}, {4, 5, 6}};
  EXPECT_EQ(m.rows(), 2);
  EXPECT_EQ(m.cols(), 3);
  EXPECT_EQ(m.shape(), "2x3");
  EXPECT_EQ(m.data()[4], 5.0f);
  EXPECT_EQ(m(1, 2), 6.0f);
  EXPECT_EQ(m.row(1)[0], 4.0f);
}

TEST(Matrix, ResizeKeepsCapacitySoSmallerBatchesDoNotAllocate) {
  Matrix m(128, 10);
  const float* before = m.data();
  m.resize(7, 10);
  m.resize(128, 10);
  EXPECT_EQ(m.data(), before);
}

TEST(Matrix, StorageStartsOnACacheLine) {
  for (const int cols : {1, 3, 784}) {
    Matrix m(5, cols);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(m.data()) % 64, 0u) << cols;
    m.resize(9, cols + 1);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(m.data()) % 64, 0u) << cols;
    const MatrixD d(3, cols);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(d.data()) % 64, 0u) << cols;
  }
}

TEST(Matrix, RejectsRaggedInitializerAndNegativeShape) {
  EXPECT_THROW((Matrix{{1, 2}, {3}}), std::invalid_argument);
  EXPECT_THROW(Matrix(-1, 2), std::invalid_argument);
}

TEST(Matrix, CastsBetweenScalarTypes) {
  const MatrixD d = matrix_cast<double>(Matrix{{0.5f, -2.0f}});
  EXPECT_EQ(d(0, 1), -2.0);
}

}  // namespace
}  // namespace bprop
