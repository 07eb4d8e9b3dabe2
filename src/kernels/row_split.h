// Internal: bprop's own GEMM threads. A product is split into contiguous blocks of rows of C, and
// each block is one single-threaded library call. The GEMM library computes every row of C the
// same way whatever the number of rows in the call, so the result has the same bits for any
// thread count: --threads changes the speed, never the numbers (docs/design.md, "Threads").
// Blocks are taken, not assigned: the calling thread starts on them at once and a helper thread
// takes what is left when it runs, so a helper the OS has not scheduled delays nothing (OpenMP's
// static teams stalled every call at their barrier on this shared machine).
#pragma once

#include <cstddef>

namespace bprop::kernels::detail {

// A callable seen through a pointer, never copied or allocated (std::function may allocate, and a
// training step allocates nothing: tests/no_allocation_test.cpp).
template <typename... Args>
class TaskRef {
 public:
  template <typename F>
  TaskRef(const F& f)  // NOLINT: implicit, so a lambda passes as is
      : object_(&f),
        call_([](const void* o, Args... args) { (*static_cast<const F*>(o))(args...); }) {}
  void operator()(Args... args) const { call_(object_, args...); }

 private:
  const void* object_;
  void (*call_)(const void*, Args...);
};

// Runs task(0) ... task(parts - 1), each exactly once, on the calling thread and up to
// `threads - 1` helpers; returns when all are done. Runs them all on the calling thread when it is
// itself a helper, or when another thread is using the helpers now.
void run_parts(int threads, int parts, TaskRef<int> task);

// An element-wise pass over n elements on num_threads() threads: task(first, count) over
// contiguous chunks of whole 64-byte lines, each at least `min_chunk` elements; one call over all
// of them when n is smaller. Element-wise passes have the same bits however they are cut.
void run_chunks(std::size_t n, std::size_t min_chunk, TaskRef<std::size_t, std::size_t> task);

}  // namespace bprop::kernels::detail
