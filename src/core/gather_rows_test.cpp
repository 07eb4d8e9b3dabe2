// detail::gather_rows: the batch holds rows order[begin, end) of the data, whatever the row width
// (one label, a short tabular row, a row past the 4 KiB prefetch cap) and on one or two threads.
#include "core/gather_rows.h"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

#include "bprop/threads.h"

namespace bprop {
namespace {

void expect_gathered(int rows, int width, std::size_t begin, std::size_t end) {
  Matrix data(rows, width);
  std::iota(data.data(), data.data() + data.size(), 0.0f);
  std::vector<int> order(static_cast<std::size_t>(rows));
  for (int i = 0; i < rows; ++i) order[static_cast<std::size_t>(i)] = (i * 7 + 3) % rows;
  Matrix batch(1, 1, -1.0f);
  detail::gather_rows(data, order, begin, end, batch);
  ASSERT_EQ(batch.rows(), static_cast<int>(end - begin));
  ASSERT_EQ(batch.cols(), width);
  for (std::size_t i = begin; i < end; ++i) {
    for (int c = 0; c < width; ++c) {
      ASSERT_EQ(batch(static_cast<int>(i - begin), c), data(order[i], c))
          << "width " << width << ", batch row " << i - begin << ", column " << c;
    }
  }
}

TEST(GatherRows, CopiesTheOrderedRowsOfEveryWidth) {
  for (const int width : {1, 3, 40, 1100}) {
    expect_gathered(50, width, 0, 50);
    expect_gathered(50, width, 10, 37);  // a batch inside the epoch: prefetches run past its end
    expect_gathered(50, width, 45, 50);  // the last batch: nothing to prefetch past the order
    expect_gathered(50, width, 20, 20);  // empty
  }
}

TEST(GatherRows, LargeBatchesSplitOverTwoThreadsGatherTheSameRows) {
  const int threads = num_threads();
  set_num_threads(2);
  expect_gathered(300, 1100, 0, 200);  // 880 KB: above the split size
  set_num_threads(threads);
}

}  // namespace
}  // namespace bprop
