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

TEST(Matrix, AViewWritesThroughAndKeepsItsStorage) {
  float storage[6] = {};
  Matrix m{{1, 2, 3}, {4, 5, 6}};
  m.move_into(storage);
  EXPECT_TRUE(m.is_view());
  EXPECT_EQ(m.data(), storage);
  EXPECT_EQ(storage[5], 6.0f);
  m = Matrix{{7, 8}, {9, 10}, {11, 12}};  // same count: copied in, still the same view
  EXPECT_EQ(m.data(), storage);
  EXPECT_EQ(m.shape(), "3x2");
  EXPECT_EQ(storage[0], 7.0f);
  Matrix moved = std::move(m);  // a moved view still views the storage
  EXPECT_EQ(moved.data(), storage);
  Matrix copy = moved;  // a copy owns its elements
  EXPECT_FALSE(copy.is_view());
  EXPECT_NE(copy.data(), storage);
  EXPECT_EQ(copy, moved);
  EXPECT_THROW(moved = Matrix(2, 2), std::invalid_argument);
  EXPECT_THROW(moved.resize(4, 4), std::invalid_argument);
  moved.resize(2, 3);
  EXPECT_EQ(moved.data(), storage);
}

}  // namespace
}  // namespace bprop
