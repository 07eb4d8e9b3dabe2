// `bprop train`: declares the flags (grouped as in --help) and hands them to run_train
// (train_run.cpp). A new flag: a field in train_args.h, one option here, its use where it belongs.
#include "bprop/data/builtin.h"
#include "bprop/init.h"
#include "bprop/registry.h"
#include "bprop/training/schedule.h"
#include "commands.h"
#include "exit_codes.h"
#include "flag_checks.h"
#include "output_format.h"
#include "tabular_data.h"
#include "train_args.h"
#include "train_distributed.h"
#include "train_run.h"

namespace bprop::cli {

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

void add_data_flags(CLI::App* cmd, TrainArgs& a) {
  cmd->add_option("-d,--data", a.data,
                  "Training data: a built-in dataset (" + joined(builtin_dataset_names()) +
                      ") or a CSV or IDX file, gzip-compressed or not ('-' = stdin)")
      ->capture_default_str();
  add_column_flags(cmd, a);
  cmd->add_flag("--cache", a.cache,
                "Keep a binary copy of --data next to it (DATA.bpd) and train from it; rebuilt "
                "when the file or the flags that read it change (docs/data-formats.md)");
  cmd->add_option("--val", a.val_file, "Validation data: a CSV file like --data");
  cmd->add_option("--val-split", a.val_split,
                  "Hold out this seeded random fraction of the training rows for validation")
      ->check(kUnitInterval);
  cmd->add_option("--test", a.test_file,
                  "Test data (CSV) evaluated once after training (fashion-mnist has its own)");
  cmd->add_option("--samples", a.samples, "Samples drawn by the spirals/moons/circles generators")
      ->check(kPositive)
      ->capture_default_str();
  cmd->add_option("--noise", a.noise,
                  "Noise std of the generators (default: 0.05 spirals/circles, 0.1 moons)")
      ->check(kNonNegative);
  cmd->add_option("--preprocess", a.preprocess,
                  "Input scaling fitted on the training split: standardize, minmax, none; "
                  "auto = none for xor, standardize otherwise")
      ->check(CLI::IsMember({"auto", "standardize", "minmax", "none"}))
      ->capture_default_str();
  cmd->add_option("--class-weight", a.class_weight,
                  "balanced = weigh each class's rows by rows / (classes x the class's rows), "
                  "fitted on the training split (scikit-learn's 'balanced'); none = equal")
      ->check(CLI::IsMember({"none", "balanced"}))
      ->capture_default_str();
  cmd->add_option("--target-scaling", a.target_scaling,
                  "Regression: standardize the target while training and fold the inverse into "
                  "the output layer, so the model predicts original units; auto = standardize for "
                  "--loss mse with a dense output layer on a data file without --epochs")
      ->check(CLI::IsMember({"auto", "standardize", "none"}))
      ->capture_default_str();
}

void add_model_flags(CLI::App* cmd, TrainArgs& a) {
  cmd->add_option("--layers", a.layers,
                  "Layers after the input, comma-separated: N = dense to N, or a name (" +
                      joined(layer_names()) +
                      "), e.g. 4,tanh,1 or 256,relu,dropout:0.2,10 (default for data files without "
                      "--epochs: 100,relu,<outputs>; for other data but xor: "
                      "64,relu,64,relu,<outputs>)")
      ->capture_default_str();
  std::vector<std::string> losses = loss_names();
  losses.insert(losses.begin(), "auto");
  cmd->add_option("--loss", a.loss,
                  "Loss function; auto = bce for two classes or 0/1 targets, softmax-ce for more "
                  "classes, mse for other numbers")
      ->check(one_of(losses, "loss"))
      ->capture_default_str();
  cmd->add_option("--init", a.init,
                  "Weight initialisation (he-normal for data other than xor; xavier-uniform, "
                  "scikit-learn's, for a data file without --epochs)")
      ->check(one_of(init_scheme_names(), "initialisation"))
      ->capture_default_str();
}

void add_optimizer_flags(CLI::App* cmd, TrainArgs& a) {
  cmd->add_option("--optimizer", a.optimizer.name, "Optimizer")
      ->check(one_of(optimizer_names(), "optimizer"))
      ->capture_default_str();
  cmd->add_option("--lr", a.optimizer.learning_rate, "Learning rate (1e-3 for data other than xor)")
      ->check(kPositive)
      ->capture_default_str();
  cmd->add_option("--momentum", a.optimizer.momentum, "SGD momentum")
      ->check(kUnitInterval)
      ->capture_default_str();
  cmd->add_flag("--nesterov", a.optimizer.nesterov, "SGD with Nesterov momentum");
  cmd->add_option("--weight-decay", a.optimizer.weight_decay,
                  "L2 weight decay (decoupled for adamw; 1e-3 for a data file without --epochs)")
      ->check(kNonNegative)
      ->capture_default_str();
  cmd->add_option("--epochs", a.epochs,
                  "Passes over the data (20 for built-in data other than xor); not given on a data "
                  "file: until the training loss stops improving (--patience 10, --min-delta "
                  "1e-4), at most 400")
      ->check(kNonNegative)
      ->capture_default_str();
  cmd->add_option("--batch", a.batch,
                  "Samples per step (1 = per-sample updates; for data files without --epochs "
                  "min(200, rows); 32 for other data but xor)")
      ->check(kPositive)
      ->capture_default_str();
  cmd->add_option("--seed", a.seed,
                  "Seeds initialisation, shuffling, dropout, the generators and --val-split")
      ->check(kWholeNumber)
      ->capture_default_str();
  cmd->add_flag("--no-shuffle", a.no_shuffle, "Keep the data's order in every epoch");
  cmd->add_option("--shuffle", a.shuffle,
                  "rows: one global shuffle per epoch; block: shuffle 1 MiB blocks of rows, then "
                  "rows within windows of 16 blocks (for data larger than memory on a disk where "
                  "random reads are slow; docs/data-formats.md)")
      ->check(CLI::IsMember({"rows", "block"}))
      ->capture_default_str();
  cmd->add_option("--threads", a.threads,
                  "Threads for large matrix products (0 = OMP_NUM_THREADS if set, else 1; "
                  "the same results on any count)")
      ->check(kNonNegative)
      ->capture_default_str();
  cmd->add_option("--max-memory", a.max_memory,
                  "Refuse architectures whose training memory estimate exceeds this (8G, 512M); a "
                  "binary data file (.bpd) that does not fit beside the network trains from its "
                  "mapping instead of memory")
      ->capture_default_str();
  cmd->add_option("--patience", a.patience,
                  "Stop after N epochs without a lower validation loss (training loss without "
                  "validation data) and keep the best epoch's weights; 0 = off")
      ->check(kNonNegative)
      ->capture_default_str();
  cmd->add_option("--min-delta", a.min_delta,
                  "With --patience: an epoch improves only when its loss is lower than the best "
                  "by more than this (1e-4 for a data file without --epochs)")
      ->check(kNonNegative)
      ->capture_default_str();
}

void add_schedule_flags(CLI::App* cmd, TrainArgs& a) {
  cmd->add_option("--schedule", a.schedule,
                  "Learning-rate schedule: step (x lr-gamma every lr-step epochs), cosine (from "
                  "--lr down to --lr-min over the epochs), plateau (x lr-gamma after lr-patience "
                  "epochs without a lower validation loss)")
      ->check(one_of(schedule_kind_names(), "schedule"))
      ->capture_default_str();
  cmd->add_option("--lr-step", a.lr_step, "step: epochs between decays")
      ->check(kPositive)
      ->capture_default_str();
  cmd->add_option("--lr-gamma", a.lr_gamma, "step, plateau: decay factor in (0, 1]")
      ->check(kPositive)
      ->capture_default_str();
  cmd->add_option("--lr-min", a.lr_min, "cosine, plateau: the lowest learning rate")
      ->check(kNonNegative)
      ->capture_default_str();
  cmd->add_option("--lr-patience", a.lr_patience, "plateau: epochs without improvement tolerated")
      ->check(kNonNegative)
      ->capture_default_str();
}

void add_output_flags(CLI::App* cmd, TrainArgs& a) {
  cmd->add_option("-o,--out", a.out,
                  "Save the trained model (with preprocessing and metadata) here, atomically; "
                  "'-' writes it to stdout (the report then goes to stderr)");
  cmd->add_option("--log", a.log, "Write one JSON line per epoch (and config/final records) here");
  cmd->add_option("--report", a.report,
                  "Draw an HTML report of the run here: curves, network, decision boundary, "
                  "confusion matrix, gradient norms (also: bprop report LOG -o FILE)");
  cmd->add_flag("--trace", a.trace,
                "Print each layer's gradient norm and update/weight ratio every epoch");
  cmd->add_option("--progress", a.progress,
                  "Progress on stderr: bar, plain (a line per epoch), none; auto = bar on a "
                  "terminal, else a line at most every second")
      ->check(CLI::IsMember({"auto", "bar", "plain", "none"}))
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", a.quiet, "No progress output");
  add_format_flag(*cmd, a.format,
                  "the summary on stdout; with json, all of it but the JSON object goes to stderr");
}

void add_checkpoint_flags(CLI::App* cmd, TrainArgs& a) {
  cmd->add_option("--checkpoint", a.checkpoint,
                  "Save a checkpoint (weights, optimizer, generators, data position, schedule, "
                  "early stopping, flags, data checksum) here, atomically: at the end, when "
                  "stopped by Ctrl-C/SIGTERM, and every --checkpoint-every");
  cmd->add_option(
      "--checkpoint-every", a.checkpoint_every,
      "Checkpoint period: N or Nepochs (epochs), Nsteps (optimizer steps, also mid-epoch)");
  cmd->add_option("--stop-after", a.stop_after,
                  "End this session after N epochs or Nsteps of training in total, as if "
                  "interrupted: save the checkpoint (exit 0, no --out), to split a long run into "
                  "time-limited jobs");
  cmd->add_option("--resume", a.resume,
                  "Continue from a checkpoint; with the same data, flags and --threads the final "
                  "weights equal an uninterrupted run's bit for bit. --epochs may grow (not with "
                  "cosine); output flags may change. Later checkpoints go to this file unless "
                  "--checkpoint names another; --log is appended to");
  cmd->add_flag("--force", a.force,
                "Resume even when the data or flags differ from the checkpoint's (warns what "
                "differs; the architecture must still match)");
}

}  // namespace

Command add_train_command(CLI::App& app) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand("train", "Train a network (default: learn XOR)");
  cmd->footer(std::string("The default learns XOR in every seed: a tanh hidden layer of 8 with "
                          "Adam converges from any start.\n"
                          "Ctrl-C (SIGINT) or SIGTERM finishes the current step, saves a "
                          "checkpoint (--checkpoint, else the --resume file, else <out>.ckpt, "
                          "else bprop-train.ckpt) and exits 130 or 143; a second Ctrl-C kills at "
                          "once.\n") +
              kExitCodeHelp);
  cmd->add_option("--preset", args->preset,
                  "seed = the notebook's exact run (2-2-1 sigmoid, BCE, notebook init, "
                  "per-sample SGD lr 0.01, 50000 epochs, no shuffling); other flags override it")
      ->check(CLI::IsMember({"seed"}));
  add_data_flags(cmd, *args);
  add_tabular_flags(cmd, *args);
  add_model_flags(cmd, *args);
  add_optimizer_flags(cmd, *args);
  add_schedule_flags(cmd, *args);
  add_output_flags(cmd, *args);
  add_checkpoint_flags(cmd, *args);
  add_distributed_flags(cmd, *args);
  return [args, cmd] { return run_train(*args, *cmd); };
}

}  // namespace bprop::cli
