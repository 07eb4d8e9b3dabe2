// bprop-mpi's side of `mpirun -np N bprop train` (train_distributed.h): the ranks' MPI session
// and gradient sync, rank-0-only output, and failing together.
#include <cstdio>
#include <memory>
#include <optional>

#include "bprop/distributed.h"
#include "train_distributed.h"

namespace bprop::cli {

namespace {
// One per process, alive until end_distributed(): an error unwinding run_train must not finalize
// MPI while other ranks still wait in a collective.
std::optional<MpiSession> session;
std::unique_ptr<MpiGradientSync<float>> sync;
}  // namespace

void become_distributed_if_launched(char**) {}

Replicas::Replicas() {
  if (launched_world_size() <= 1) return;
  if (!session) session.emplace();
  rank_ = session->rank();
  size_ = session->size();
}

void Replicas::restrict_outputs(TrainArgs& a) const {
  if (rank_ == 0) return;
  a.out.clear();
  a.log.clear();
  a.report.clear();
  a.trace = false;
  if (std::freopen("/dev/null", "w", stdout) == nullptr) std::fclose(stdout);
}

void Replicas::restrict_checkpoints(TrainObservers& observers) const {
  if (rank_ != 0) observers.on_checkpoint = {};
}

void Replicas::attach(Trainer& trainer, const Network& network, const Dataset& train,
                      const TrainArgs& a) {
  check_dropout(network, a);
  if (!active()) return attach_one_process(trainer, network, a);
  sync = std::make_unique<MpiGradientSync<float>>(
      *session, network,
      MpiGradientSync<float>::Options{.check_every = a.check_replicas_every,
                                      .first_step = trainer.step(),
                                      .ordered = a.reduce == "ordered",
                                      .chunks = a.reduce_chunks});
  sync->check_same_data(train.inputs, train.targets);
  trainer.set_gradient_sync(*sync);
}

void Replicas::check(int64_t step) {
  if (sync) sync->check_replicas(step);
}

void end_distributed(int exit_code) {
  if (!session) return;
  if (exit_code != 0 && exit_code != 130 && exit_code != 143) session->abort(exit_code);
  sync.reset();
  session.reset();
}

}  // namespace bprop::cli
