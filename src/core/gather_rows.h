// Internal: the training step's batch gather, the shuffled rows of the data set copied into one
// contiguous batch (BasicTrainer::train_batch). Here rather than in train.cpp so that its test
// (gather_rows_test.cpp) can call it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <vector>

#include "bprop/matrix.h"
#include "bprop/threads.h"
#include "kernels/row_split.h"

namespace bprop::detail {

// The rows of a batch are scattered over a data set larger than the caches, so each row's copy
// would first wait for its lines from memory: a row ahead in the order (into the next batch at
// the end) is requested while the current one is copied, all of it up to 4 KiB (the hardware
// prefetcher follows a longer row). Whole rows 4 ahead beat their first 256 bytes 8 ahead
// (docs/benchmarks.md, issue 12 round three); short rows go 2 KiB ahead: 4 rows of 160 bytes
// were copied before their lines came (docs/python.md).
constexpr std::size_t kPrefetchRowsAhead = 4, kPrefetchBytesAhead = 2048;

inline void prefetch_bytes(const void* start, std::size_t bytes) {
  const char* p = static_cast<const char*>(start);
  for (std::size_t line = 0; line < std::min<std::size_t>(bytes, 4096); line += 64) {
    __builtin_prefetch(p + line);
  }
}

// Copies rows order[begin, end) of `from` into `to`; a batch of large rows (Fashion-MNIST's is
// 400 KB of rows scattered over the data set) in two halves on the GEMM threads.
template <typename T>
void gather_rows(const BasicMatrix<T>& from, const std::vector<int>& order, std::size_t begin,
                 std::size_t end, BasicMatrix<T>& to) {
  to.resize(static_cast<int>(end - begin), from.cols());
  const std::size_t width = static_cast<std::size_t>(from.cols());
  if (width == 1) {  // class labels: one assignment each, not a memcpy call
    for (std::size_t i = begin; i < end; ++i) {
      to(static_cast<int>(i - begin), 0) = from(order[i], 0);
    }
    return;
  }
  const std::size_t row_bytes = width * sizeof(T);
  const std::size_t ahead =
      std::max(kPrefetchRowsAhead, kPrefetchBytesAhead / std::max<std::size_t>(row_bytes, 1));
  const auto copy = [&](std::size_t first, std::size_t last) {
    for (std::size_t i = first; i < last; ++i) {
      if (i + ahead < order.size()) prefetch_bytes(from.row(order[i + ahead]), row_bytes);
      std::memcpy(to.row(static_cast<int>(i - begin)), from.row(order[i]), row_bytes);
    }
  };
  constexpr std::size_t kSplitBytes = std::size_t{1} << 17;
  if ((end - begin) * row_bytes < kSplitBytes || num_threads() < 2) return copy(begin, end);
  const std::size_t middle = begin + (end - begin) / 2;
  kernels::detail::run_parts(
      2, 2, [&](int part) { part == 0 ? copy(begin, middle) : copy(middle, end); });
}

}  // namespace bprop::detail
