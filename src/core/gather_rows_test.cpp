#include "core/gather_rows.h"

#include <gtest/gtest.h>

#include <vector>

#include "bprop/threads.h"

namespace bprop::detail {
namespace {

// A matrix whose value at (r, c) is r * 1000 + c, so any misplaced value shows where it came from.
Matrix numbered(int rows, int cols) {
  Matrix m(rows, cols);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) m(r, c) = static_cast<float>(r * 1000 + c);
  }
  return m;
}

void expect_gathered(const Matrix& from, const std::vector<int>& order, std::size_t begin,
                     std::size_t end, const Matrix& to) {
  ASSERT_EQ(to.rows(), static_cast<int>(end - begin));
  ASSERT_EQ(to.cols(), from.cols());
  for (std::size_t i = begin; i < end; ++i) {
    for (int c = 0; c < from.cols(); ++c) {
      ASSERT_EQ(to(static_cast<int>(i - begin), c), from(order[i], c))
          << "row " << i << " col " << c;
    }
  }
}

// Every width on both sides of the inline-copy limit, a class-index column (width 1) among them,
// from the middle of an order into a reused batch matrix.
TEST(GatherRows, CopiesTheOrderedRowsOfEveryWidth) {
  const std::vector<int> order = {7, 2, 9, 0, 4, 4, 1, 8, 3, 6, 5};
  Matrix batch;
  for (const int width : {1, 3, 8, 15, 16, 17, 33, 100}) {
    const Matrix from = numbered(10, width);
    gather_rows(from, order, 2, 9, batch);
    expect_gathered(from, order, 2, 9, batch);
    gather_rows(from, order, 9, 11, batch);  // the batch shrinks: the last, short batch
    expect_gathered(from, order, 9, 11, batch);
  }
}

// A batch large enough to be copied in two halves on two threads.
TEST(GatherRows, CopiesALargeBatchInTwoParts) {
  const int threads = num_threads();
  set_num_threads(2);
  const Matrix from = numbered(300, 256);
  std::vector<int> order(300);
  for (int i = 0; i < 300; ++i) order[static_cast<std::size_t>(i)] = (i * 7) % 300;
  Matrix batch;
  gather_rows(from, order, 10, 290, batch);
  set_num_threads(threads);
  expect_gathered(from, order, 10, 290, batch);
}

}  // namespace
}  // namespace bprop::detail
