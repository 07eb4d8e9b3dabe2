// The flags of data-parallel training (docs/distributed.md), and --reduce ordered in one process:
// shared by bprop and bprop-mpi.
#include <cstdio>

#include "bprop/ordered_sync.h"
#include "exit_codes.h"
#include "flag_checks.h"
#include "train_distributed.h"

namespace bprop::cli {

void add_distributed_flags(CLI::App* cmd, TrainArgs& a) {
  cmd->add_option("--reduce", a.reduce,
                  "How processes under mpirun add their gradients: sum (one all-reduce; results "
                  "agree across process counts within rounding) or ordered (every batch in "
                  "--reduce-chunks chunks added in order: bitwise the same for any process "
                  "count, this one included; slower)")
      ->check(CLI::IsMember({"sum", "ordered"}))
      ->capture_default_str();
  cmd->add_option("--reduce-chunks", a.reduce_chunks,
                  "--reduce ordered: chunks per batch (at most this many processes share the "
                  "work; the results depend on it)")
      ->check(kPositive)
      ->capture_default_str();
  cmd->add_option("--check-replicas-every", a.check_replicas_every,
                  "Under mpirun: compare every process's weights and optimizer state (a 64-bit "
                  "hash) every N steps and at the end; 0 = at the end only")
      ->check(kNonNegative)
      ->capture_default_str();
  cmd->add_option("--lr-scale", a.lr_scale,
                  "Learning-rate scaling for large batches: linear = --lr x batch / 256 (Goyal "
                  "et al.); the batch is the global one, so the process count changes nothing")
      ->check(CLI::IsMember({"none", "linear"}))
      ->capture_default_str();
  cmd->add_option("--warmup-epochs", a.warmup_epochs,
                  "With --lr-scale linear: rise from --lr to the scaled rate, linearly at every "
                  "step, over the first E epochs")
      ->check(kNonNegative)
      ->capture_default_str();
}

double scaled_learning_rate(const TrainArgs& a) {
  if (a.warmup_epochs > 0 && a.lr_scale != "linear") {
    throw CliError(kExitUsage, "--warmup-epochs needs --lr-scale linear",
                   "the warm-up rises from --lr to the linearly scaled rate; add --lr-scale "
                   "linear, or leave out --warmup-epochs");
  }
  const double scale = a.lr_scale == "linear" ? static_cast<double>(a.batch) / 256.0 : 1.0;
  return a.optimizer.learning_rate * scale;
}

void Replicas::check_dropout(const Network& network, const TrainArgs& a) const {
  bool dropout = false;
  for (std::size_t i = 0; i < network.size(); ++i) {
    dropout = dropout || network.layer(i).type() == "dropout";
  }
  if (!dropout) return;
  if (a.reduce == "ordered") {
    throw CliError(kExitUsage,
                   "--reduce ordered gives the same bits for any number of processes, but dropout "
                   "draws its masks for the rows each process or chunk holds, so they would "
                   "depend on how the batch is cut",
                   "leave out the dropout layers (--weight-decay also regularizes), or leave out "
                   "--reduce ordered");
  }
  if (active() && rank_ == 0) {
    std::fprintf(stderr,
                 "note: dropout under mpirun: each process draws the masks of its own rows, so "
                 "the model depends on the number of processes (docs/distributed.md)\n");
  }
}

void Replicas::attach_one_process(Trainer& trainer, const Network& network, const TrainArgs& a) {
  if (a.reduce != "ordered") return;
  one_process_ = std::make_unique<OrderedGradientSync<float>>(
      network, OrderedGradientSync<float>::Options{.chunks = a.reduce_chunks});
  trainer.set_gradient_sync(*one_process_);
}

}  // namespace bprop::cli
