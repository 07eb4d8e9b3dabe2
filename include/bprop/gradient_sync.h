// GradientSync: the training loop's one seam between backward and the optimizer step, and its one
// place for decisions that must agree across processes. A single process uses the identity (this
// base class). A data-parallel trainer (MPI, one replica per process) derives from it: reduce()
// turns this process's gradient into the global batch's, e.g. scale by `rows`, all-reduce (sum)
// the buffer in place, divide by the global batch size; any() is a logical-or all-reduce, so
// that early stopping, divergence and a stop signal end every replica at the same step. share()
// and sum() let each process run only its part of every batch and still agree on the loss.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace bprop {

// Rows [begin, end) of the epoch's sample order.
struct RowRange {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t size() const { return end - begin; }
};

template <typename T>
class BasicGradientSync {
 public:
  virtual ~BasicGradientSync() = default;
  // The contiguous part of the global batch `batch` that this process runs forward and backward;
  // it may be empty (a batch smaller than the number of processes). One process: all of it.
  virtual RowRange share(RowRange batch) { return batch; }
  // The sum over processes of `local` (this process's loss × its rows): the global batch's loss
  // sum, the same on every process, so the divergence decision and the epoch loss agree.
  virtual double sum(double local) { return local; }
  // `gradients` is Network::gradient_arena(): every parameter's dLoss/dparam, averaged over the
  // `rows` samples of the batch this process ran (its share(); 0 rows: the buffer is zero). Called
  // once per step, before the finiteness check, gradient observers and the optimizer step see it.
  virtual void reduce(std::span<T> gradients, int rows) {
    (void)gradients;
    (void)rows;
  }
  // A loop-level decision (stop now, the loss diverged, stop early): true on every process when
  // it is true on any. One process: its own answer.
  virtual bool any(bool local) { return local; }
  // Ordered reduction (OrderedGradientSync, docs/distributed.md): the result is bitwise the same
  // for any number of processes. The loop then runs each of own_chunks() forward and backward on
  // its own, hands every chunk's gradient to keep_chunk(), and combine_chunks() replaces the
  // gradient with the whole batch's instead of share()/sum()/reduce().
  virtual bool ordered() const { return false; }
  // The chunks of `batch` (non-empty, in order) that this process runs.
  virtual std::vector<RowRange> own_chunks(RowRange batch) { return {batch}; }
  // The gradient (averaged over the chunk's `rows`) and loss sum of the next of own_chunks().
  virtual void keep_chunk(std::span<const T> gradients, std::size_t rows, double loss_sum) {
    (void)gradients;
    (void)rows;
    (void)loss_sum;
  }
  // Writes the whole batch's gradient into `gradients`: every chunk's sum, added in chunk order,
  // over the batch's rows. Returns the batch's loss sum (also added in chunk order).
  virtual double combine_chunks(std::span<T> gradients) {
    (void)gradients;
    return 0.0;
  }
  // Whether this is the one-process identity: only then may the loop take the tiny-network fast
  // path, whose fused step has no point between backward and update.
  virtual bool is_identity() const { return true; }
};

using GradientSync = BasicGradientSync<float>;

}  // namespace bprop
