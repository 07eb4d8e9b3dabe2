// `bprop train --checkpoint FILE --checkpoint-every N[epochs|steps]`, `--resume FILE [--force]`:
// what identifies a run (its configuration as "flag=value" lines and a checksum of its data), the
// Trainer options and observer that cadence and write checkpoints, and the checks that refuse to
// resume another run.
//
// Flags that may change on resume: --epochs (to train further; not with --schedule cosine, whose
// curve depends on it), --out, --log, --report, --trace, --progress, --quiet, --checkpoint,
// --checkpoint-every, --max-memory and --threads (the weights have the same bits on any count).
// Everything else that shapes the weights must match; --force continues anyway with the new values
// (a warning lists them), except the architecture, which the stored weights cannot change.
#pragma once

#include <cstdint>
#include <string>

#include "bprop/io/checkpoint.h"
#include "bprop/train.h"
#include "train_args.h"
#include "train_data.h"

namespace bprop::cli {

struct CheckpointEvery {
  int64_t every = 0;  // 0: only at the end of training and when stopped by a signal
  bool in_steps = false;
};

// "5" or "5epochs" (also "5epoch"), "200steps" (also "200step"). Throws CliError (usage) naming
// `flag`.
CheckpointEvery parse_checkpoint_every(const std::string& text,
                                       const char* flag = "--checkpoint-every");

// Throws CliError (usage) for malformed or contradictory checkpoint flags; run before loading data.
void check_checkpoint_flags(const TrainArgs& args);

// Where this run's checkpoints go: --checkpoint, else the --resume file, else "<out>.ckpt", else
// "bprop-train.ckpt" in the current folder (written only when a signal stops the run).
std::string checkpoint_path(const TrainArgs& args);

// The run's identity: configuration text and a checksum of the training and validation data
// (after the split and the preprocessing, exactly what the loop sees). The checksum reads every
// byte of the data, so it is computed only when a checkpoint is first written or resumed; the data
// must not change (and must outlive this) until then.
class RunIdentity {
 public:
  RunIdentity(const TrainArgs& args, const Network& network, const std::string& loss,
              const TrainingData& data);
  const CheckpointInfo& info() const;

 private:
  const TrainingData& data_;
  mutable CheckpointInfo info_;
  mutable bool summed_ = false;
};

// Loads --resume, compares it with `run` and refuses a mismatch (CliError: exit 6 for another
// run's checkpoint, exit 3 for an unreadable or corrupted file). With --force a mismatch is a
// warning on stderr. Replaces `network` with the checkpoint's weights and optimizer state and
// returns the Trainer's state to continue from.
TrainerState resume_from(const TrainArgs& args, const RunIdentity& run, Network& network,
                         std::size_t train_samples);

// The run's checkpoint cadence, stop (--checkpoint-every, --stop-after, SIGINT/SIGTERM) and
// the observer that saves: periodic saves, the final save (with --checkpoint or --resume), and
// the save when a signal stops the run (always; see checkpoint_path). `network` and `run` must
// outlive the training.
void set_up_checkpoints(const TrainArgs& args, const Network& network, const RunIdentity& run,
                        TrainOptions& options, TrainObservers& observers);
// After a signal or --stop-after stopped the loop: says where the checkpoint is and how to resume;
// returns the exit code (130 for SIGINT, 143 for SIGTERM, 0 for --stop-after).
int report_interrupted(const TrainArgs& args, const CLI::App& cmd, const TrainResult& result);

}  // namespace bprop::cli
