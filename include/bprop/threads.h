// The threading policy. bprop runs its own kernels on the calling thread and lets only the GEMM
// library (oneDNN's OpenMP pool) use more threads, so there is exactly one pool and the cores are
// never oversubscribed. For a fixed thread count, training is bitwise reproducible.
#pragma once

namespace bprop {

// Threads a GEMM may use; 0 restores the default: OMP_NUM_THREADS when set, else 1 (a second
// thread pays only on an otherwise idle machine; docs/design.md, "Threads").
// Takes effect on the next GEMM of each calling thread. Throws std::invalid_argument when n < 0.
void set_num_threads(int n);
// The thread count GEMMs use now (the default resolved when 0 was set).
int num_threads();

}  // namespace bprop
