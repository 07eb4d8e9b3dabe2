// Data-parallel training on MPI (docs/distributed.md). Every process holds a full replica of the
// network; each runs its contiguous share of every global batch, and one in-place all-reduce per
// step makes every replica's gradient the global batch's, so all take the identical step.
//
//   bprop::MpiSession mpi;                        // MPI_Init_thread (FUNNELED) .. MPI_Finalize
//   bprop::MpiGradientSync<float> sync(mpi, network, {.check_every = 100});
//   trainer.set_gradient_sync(sync);              // then train as usual
//   sync.check_replicas(trainer.step());          // at the end: every replica is identical
//
// The declarations here need no MPI headers; the definitions exist only in a build with Open MPI
// (the bprop_mpi library, BPROP_HAVE_MPI). launched_world_size() needs neither.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

#include "bprop/gradient_sync.h"
#include "bprop/matrix.h"
#include "bprop/network.h"
#include "bprop/ordered_sync.h"

namespace bprop {

// The number of processes mpirun (or another PMI launcher) started, read from the environment
// alone: 1 when this process was not started by a launcher. Costs no MPI_Init, so a binary built
// with MPI runs a plain training exactly as one built without.
int launched_world_size();

// Replicas (or their data) disagree. Thrown on every process at the same collective call.
class ReplicaMismatchError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A 64-bit hash of what makes a replica: every parameter's value and optimizer slots (moments and
// step count). Equal replicas hash equal; the bytes are hashed, so -0 and +0 differ.
template <typename T>
uint64_t replica_hash(const BasicNetwork<T>& network);
// A 64-bit hash of the bytes of `values`, continuing from `seed`.
uint64_t hash_bytes(const void* data, std::size_t size, uint64_t seed);

// MPI_Init_thread(MPI_THREAD_FUNNELED) in the constructor, MPI_Finalize in the destructor. One per
// process; only the thread that made it may call the syncs.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  // Ends every process of the job with `exit_code` (MPI_Abort): for a failure on one process
  // that the others cannot learn of through a collective.
  [[noreturn]] void abort(int exit_code) const;

 private:
  int rank_ = 0;
  int size_ = 1;
};

template <typename T>
class MpiGradientSync final : public BasicGradientSync<T> {
 public:
  struct Options {
    // Compare the replicas' hashes after every check_every-th step (0: only check_replicas()).
    int64_t check_every = 100;
    // The trainer's step count when training starts (a resumed run's), so errors name real steps.
    int64_t first_step = 0;
    // Ordered reduction (ordered_sync.h): results bitwise the same for any process count, at the
    // cost of `chunks` forward/backward passes per batch and all chunks' gradients on the wire.
    bool ordered = false;
    int chunks = 16;
  };
  MpiGradientSync(const MpiSession& session, const BasicNetwork<T>& network, Options options);

  RowRange share(RowRange batch) override;
  double sum(double local) override;
  void reduce(std::span<T> gradients, int rows) override;
  bool any(bool local) override;
  bool is_identity() const override { return false; }
  bool ordered() const override { return chunks_.has_value(); }
  std::vector<RowRange> own_chunks(RowRange batch) override { return chunks_->cut(batch); }
  void keep_chunk(std::span<const T> gradients, std::size_t rows, double loss_sum) override {
    chunks_->keep(gradients, rows, loss_sum);
  }
  double combine_chunks(std::span<T> gradients) override;

  // Collective: throws ReplicaMismatchError naming `step` unless every replica hashes the same.
  void check_replicas(int64_t step);
  // Collective: throws ReplicaMismatchError unless every process read the same data (a checksum
  // of the matrices' shapes and values).
  void check_same_data(const BasicMatrix<T>& inputs, const BasicMatrix<T>& targets);
  // Test hook: this process reports a wrong hash at the check after `step`.
  void inject_mismatch_for_test(int64_t step) { inject_at_ = step; }

 private:
  bool hashes_differ(uint64_t local);
  // Counts the step whose gradient is being agreed; checks the replicas when one is due.
  void begin_step();

  const BasicNetwork<T>& network_;
  Options options_;
  int rank_;
  int size_;
  int64_t step_;                 // the step whose gradient reduce() sees next, minus one
  std::size_t global_rows_ = 0;  // the current global batch's rows (set by share())
  int64_t inject_at_ = -1;
  std::optional<OrderedChunks<T>> chunks_;  // set in ordered mode
};

}  // namespace bprop
