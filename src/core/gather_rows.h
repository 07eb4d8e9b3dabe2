// Copying a batch's rows, in the epoch's sample order, out of a data set: the training loop's
// gather (train.cpp).
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
// would first wait for its lines from memory: the row this many places ahead in the order (into
// the next batch at the end) is requested while the current one is copied: all of it up to 4 KiB
// (the hardware prefetcher follows a longer row once its copy has begun). Whole rows 4 ahead
// beat their first 256 bytes 8 ahead (docs/benchmarks.md, issue 12 round three).
inline constexpr std::size_t kPrefetchRowsAhead = 4;

// Rows up to this many values are copied by a loop: a memcpy call costs more than such a copy.
inline constexpr std::size_t kInlineCopyValues = 16;

inline void prefetch_bytes(const void* start, std::size_t bytes) {
  const char* p = static_cast<const char*>(start);
  const std::size_t size = std::min<std::size_t>(bytes, 4096);
  for (std::size_t line = 0; line < size; line += 64) __builtin_prefetch(p + line);
}

// Copies rows order[begin, end) of `from` into `to`; a batch of large rows (Fashion-MNIST's is
// 400 KB of rows scattered over the data set) in two halves on the GEMM threads.
template <typename T>
void gather_rows(const BasicMatrix<T>& from, const std::vector<int>& order, std::size_t begin,
                 std::size_t end, BasicMatrix<T>& to) {
  to.resize(static_cast<int>(end - begin), from.cols());
  const std::size_t width = static_cast<std::size_t>(from.cols());
  const auto copy = [&](std::size_t first, std::size_t last) {
    for (std::size_t i = first; i < last; ++i) {
      if (i + kPrefetchRowsAhead < order.size()) {
        prefetch_bytes(from.row(order[i + kPrefetchRowsAhead]), width * sizeof(T));
      }
      const T* source = from.row(order[i]);
      T* row = to.row(static_cast<int>(i - begin));
      if (width <= kInlineCopyValues) {  // a tabular row or a class index: no call per row
        for (std::size_t c = 0; c < width; ++c) row[c] = source[c];
      } else {
        std::memcpy(row, source, width * sizeof(T));
      }
    }
  };
  constexpr std::size_t kSplitBytes = std::size_t{1} << 17;
  if ((end - begin) * width * sizeof(T) < kSplitBytes || num_threads() < 2) return copy(begin, end);
  const std::size_t middle = begin + (end - begin) / 2;
  kernels::detail::run_parts(
      2, 2, [&](int part) { part == 0 ? copy(begin, middle) : copy(middle, end); });
}

}  // namespace bprop::detail
