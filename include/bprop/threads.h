// The threading policy. bprop runs its own kernels on the calling thread; only large matrix
// products use more threads: bprop splits them by rows into single-threaded GEMM library calls
// (docs/design.md, "Threads"). Every row is computed the same way on any thread count, so results
// have the same bits whatever the count: it changes the speed only.
#pragma once

namespace bprop {

// Threads a matrix product may use; 0 restores the default: OMP_NUM_THREADS when set, else 1 (on
// shared 2-core machines a second thread lost more than it won: docs/benchmarks.md). Takes effect
// on the next product. Throws std::invalid_argument when n < 0.
void set_num_threads(int n);
// The thread count products use now (the default resolved when 0 was set).
int num_threads();

}  // namespace bprop
