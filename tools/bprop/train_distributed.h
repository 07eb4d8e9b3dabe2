// `mpirun -np N bprop train`: data-parallel training (docs/distributed.md). The plain `bprop`
// links no MPI, so a run that mpirun did not start pays nothing for it; started by a launcher
// with more than one process, it replaces itself with `bprop-mpi`, the same CLI built with Open
// MPI, which runs each rank's share of every batch through MpiGradientSync.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>

#include "bprop/data/dataset.h"
#include "bprop/train.h"
#include "train_args.h"

namespace bprop::cli {

// Plain bprop under a launcher with more than one process: execs bprop-mpi from this binary's
// directory and never returns; throws CliError when this build has none. Otherwise returns.
void become_distributed_if_launched(char** argv);

// This process's part in a data-parallel run; inactive (one process, nothing to do) unless this
// is bprop-mpi started by a launcher with more than one process.
class Replicas {
 public:
  Replicas();  // bprop-mpi under a launcher: MPI_Init_thread
  bool active() const { return size_ > 1; }
  int rank() const { return rank_; }
  // Only rank 0 writes: the others drop every output file and print nothing on stdout.
  void restrict_outputs(TrainArgs& a) const;
  void restrict_checkpoints(TrainObservers& observers) const;
  // Joins the trainer to the other ranks (the gradient sync), after they agree on the data; in
  // one process, sets up --reduce ordered (the results of any number of ranks).
  void attach(Trainer& trainer, const Network& network, const Dataset& train, const TrainArgs& a);
  // At the end of training: every replica is identical (throws naming the step if not).
  void check(int64_t step);

 private:
  void attach_one_process(Trainer& trainer, const Network& network, const TrainArgs& a);
  // Dropout's masks follow the rows each process (or --reduce ordered chunk) holds: refused with
  // --reduce ordered, whose promise is the same bits however the batch is cut; noted under mpirun.
  void check_dropout(const Network& network, const TrainArgs& a) const;

  int rank_ = 0;
  int size_ = 1;
  std::unique_ptr<GradientSync> one_process_;  // --reduce ordered without mpirun
};

// --reduce, --reduce-chunks, --check-replicas-every, --lr-scale, --warmup-epochs
// (distributed_flags.cpp).
void add_distributed_flags(CLI::App* cmd, TrainArgs& a);
// --lr, times batch / 256 with --lr-scale linear (Goyal et al.'s rule, their reference batch).
// Throws CliError for --warmup-epochs without --lr-scale linear.
double scaled_learning_rate(const TrainArgs& a);

// The last call of a process: ends MPI if it was started. A failure that only some ranks may
// have seen (any exit code other than 0, 130 and 143, which the ranks agree on) ends every rank
// of the job with that code (MPI_Abort), so none waits forever in a collective.
void end_distributed(int exit_code);

}  // namespace bprop::cli
