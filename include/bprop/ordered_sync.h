// Ordered reduction: a data-parallel gradient that is bitwise the same for any number of
// processes (docs/distributed.md, `--reduce ordered`). A sum of floats depends on how it was cut
// and bracketed, so the cut must not depend on the process count N: every global batch of B rows
// is cut into C chunks, chunk c being rows [c·B/C, (c+1)·B/C) of the epoch's order. Each chunk
// runs through its own forward and backward, so its GEMM shapes, and with them every rounding,
// are the same whichever process runs it. Process r of N runs chunks [r·C/N, (r+1)·C/N); an
// all-gather gives every process every chunk's gradient sum, and each adds them in chunk order.
//
//   bprop::OrderedGradientSync<float> sync(network, {.chunks = 16});   // one process
//   trainer.set_gradient_sync(sync);
//
// MpiGradientSync with Options::ordered does the same across processes (distributed.h).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "bprop/gradient_sync.h"
#include "bprop/network.h"

namespace bprop {

// The chunk bookkeeping shared by the one-process and the MPI ordered syncs: the cut, this
// process's records of its chunks, and the ordered sum of all records.
template <typename T>
class OrderedChunks {
 public:
  // `parameters`: the length of the gradient arena. Throws ConfigError unless chunks >= 1.
  OrderedChunks(int chunks, int rank, int processes, std::size_t parameters);

  // Cuts `batch` into the chunks; returns this process's non-empty ones, in order.
  std::vector<RowRange> cut(RowRange batch);
  // Records the next of cut()'s chunks: its gradient (averaged over `rows`) times `rows`, and
  // its loss sum.
  void keep(std::span<const T> gradients, std::size_t rows, double loss_sum);
  // `gradients` = every non-empty chunk's record added in chunk order, over the batch's rows;
  // returns the loss sums added in the same order. Reads all_records(), which the caller has
  // filled with the other processes' records (nothing to do for one process).
  double combine(std::span<T> gradients) const;

  // Every chunk's record, chunk after chunk: process r's are bytes
  // [byte_offsets()[r], byte_offsets()[r] + byte_counts()[r]).
  std::span<T> all_records() { return records_; }
  const std::vector<int>& byte_counts() const { return byte_counts_; }
  const std::vector<int>& byte_offsets() const { return byte_offsets_; }

 private:
  std::size_t parameters_;
  std::size_t stride_;  // values per record: the gradient, then the loss sum's bytes
  int chunks_;
  int first_own_ = 0;  // this process's chunks are [first_own_, end_own_)
  int end_own_ = 0;
  std::vector<T> records_;
  std::vector<std::size_t> rows_;  // of each chunk of the current batch
  std::size_t batch_rows_ = 0;
  std::vector<int> kept_;  // the non-empty own chunks, in order; kept_next_ indexes it
  std::size_t kept_next_ = 0;
  std::vector<int> byte_counts_;
  std::vector<int> byte_offsets_;
};

// Ordered reduction in one process: the results an N-process ordered run gives, for any N.
template <typename T>
class OrderedGradientSync final : public BasicGradientSync<T> {
 public:
  struct Options {
    int chunks = 16;  // the cut of every batch; results depend on it (not on the process count)
  };
  OrderedGradientSync(const BasicNetwork<T>& network, Options options);

  bool ordered() const override { return true; }
  std::vector<RowRange> own_chunks(RowRange batch) override { return chunks_.cut(batch); }
  void keep_chunk(std::span<const T> gradients, std::size_t rows, double loss_sum) override {
    chunks_.keep(gradients, rows, loss_sum);
  }
  double combine_chunks(std::span<T> gradients) override { return chunks_.combine(gradients); }
  bool is_identity() const override { return false; }

 private:
  OrderedChunks<T> chunks_;
};

}  // namespace bprop
