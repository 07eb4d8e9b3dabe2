// `bprop train`: presets and data-dependent defaults, the network and loss, the loop, the report.
#include "train_run.h"

#include <cstdio>

#include "bprop/data/builtin.h"
#include "bprop/data/preprocess.h"
#include "bprop/init.h"
#include "bprop/registry.h"
#include "bprop/threads.h"
#include "bprop/train.h"
#include "bprop/training/memory_estimate.h"
#include "bprop/training/stop_signal.h"
#include "exit_codes.h"
#include "output_format.h"
#include "train_checkpoint.h"
#include "train_checks.h"
#include "train_data.h"
#include "train_distributed.h"
#include "train_finish.h"
#include "train_log.h"
#include "train_model.h"
#include "train_progress.h"
#include "train_recorder.h"
#include "train_streaming.h"
#include "training_targets.h"

namespace bprop::cli {

bool flag_given(const CLI::App& cmd, const char* flag) { return cmd.get_option(flag)->count() > 0; }

namespace {

// The notebook's exact run: 2-2-1, sigmoid hidden units, BCE (on logits, which is the notebook's
// sigmoid output + BCE computed stably), He-normal weights with bias 0.5, per-sample SGD at
// lr 0.01 for 50,000 epochs over the samples in the notebook's order, never shuffled.
void apply_seed_preset(TrainArgs& a, const CLI::App& cmd) {
  auto unset = [&](const char* flag) { return !flag_given(cmd, flag); };
  if (unset("--layers")) a.layers = "2,sigmoid,1";
  if (unset("--loss")) a.loss = "bce";
  if (unset("--init")) a.init = "notebook";
  if (unset("--optimizer")) a.optimizer.name = "sgd";
  if (unset("--lr")) a.optimizer.learning_rate = 0.01;
  if (unset("--epochs")) a.epochs = 50000;
  if (unset("--batch")) a.batch = 1;
  if (unset("--no-shuffle")) a.no_shuffle = true;
}

bool binary_targets(const Dataset& d) {
  for (float t : d.targets.values()) {
    if (t != 0.0f && t != 1.0f) return false;
  }
  return true;
}

// --loss auto: bce for two classes or 0/1 targets, softmax-ce for more classes, mse otherwise.
// `outputs` is the network's width when --layers was given, else 0.
std::string resolve_loss(const std::string& flag, const Dataset& d, int outputs) {
  if (flag != "auto") return flag;
  const std::size_t classes = d.class_names.size();
  if (classes > 2 || (classes == 2 && outputs > 1)) return "softmax-ce";
  if (classes == 2 || binary_targets(d)) return "bce";
  return "mse";
}

// The width the network's last layer must have for this loss and data.
int required_outputs(const std::string& loss, const Dataset& d) {
  if (loss == "softmax-ce" && d.targets.cols() == 1) {
    return d.class_names.empty() ? 0 : static_cast<int>(d.class_names.size());
  }
  return d.targets.cols();
}

// Data files (tabular data) without --epochs train until the training loss stops improving, as
// scikit-learn's MLP does (tol 1e-4 for 10 epochs), for at most twice scikit-learn's max_iter: the
// sets that still improve slowly then (a few hundred rows) lost test accuracy to longer runs as
// often as they gained it, and paid for every epoch. Width, batch, the stopping rule and the limit
// were chosen by measuring bench/tabular (docs/benchmarks.md). The built-in data sets keep the
// fixed-length defaults they were tuned with.
constexpr int kConvergeMaxEpochs = 400;
constexpr int kConvergePatience = 10;
constexpr double kConvergeMinDelta = 1e-4;
constexpr int kTabularHidden = 100;
constexpr int kTabularMaxBatch = 200;
constexpr double kTabularWeightDecay = 1e-3;

void apply_tabular_defaults(TrainArgs& a, const CLI::App& cmd, const std::string& loss,
                            const Dataset& d) {
  if (!flag_given(cmd, "--layers")) {
    a.layers = std::to_string(kTabularHidden) + ",relu," +
               std::to_string(std::max(1, required_outputs(loss, d)));
  }
  if (!flag_given(cmd, "--batch")) a.batch = std::max(1, std::min(d.size(), kTabularMaxBatch));
  // scikit-learn's init for these networks, measured better than he-normal on the tabular sets
  // (docs/benchmarks.md §5, fourth round).
  if (!flag_given(cmd, "--init")) a.init = "xavier-uniform";
  if (!flag_given(cmd, "--weight-decay")) a.optimizer.weight_decay = kTabularWeightDecay;
  a.epochs = kConvergeMaxEpochs;
  a.tabular_defaults = true;
  if (!flag_given(cmd, "--patience")) a.patience = kConvergePatience;
  if (!flag_given(cmd, "--min-delta")) a.min_delta = kConvergeMinDelta;
}

// Defaults that suit data other than XOR, for every flag the user left unset.
void apply_data_defaults(TrainArgs& a, const CLI::App& cmd, const std::string& loss,
                         const Dataset& d) {
  if (a.data == "xor") return;
  if (!flag_given(cmd, "--lr")) a.optimizer.learning_rate = 1e-3;
  if (!flag_given(cmd, "--epochs") && !is_builtin_dataset(a.data)) {
    apply_tabular_defaults(a, cmd, loss, d);
    return;
  }
  if (!flag_given(cmd, "--init")) a.init = "he-normal";
  if (!flag_given(cmd, "--layers")) {
    a.layers = "64,relu,64,relu," + std::to_string(std::max(1, required_outputs(loss, d)));
  }
  if (!flag_given(cmd, "--epochs")) a.epochs = 20;
  if (!flag_given(cmd, "--batch")) a.batch = 32;
}

void check_outputs(const Network& network, const std::string& loss, const Dataset& d) {
  check_last_layer(network, loss);
  const int needed = required_outputs(loss, d);
  if (needed > 0 && network.output_width() != needed) {
    throw CliError(kExitUsage,
                   "the network ends with " + std::to_string(network.output_width()) +
                       " outputs but " + loss + " on '" + d.name + "' needs " +
                       std::to_string(needed),
                   "end --layers with " + std::to_string(needed) + " (e.g. --layers 64,relu," +
                       std::to_string(needed) + ")");
  }
}

// Fits the scaling on the training split only (one pass over its rows) and applies it to every
// split; mapped data is scaled into memory, or into a mapped scratch file when it streams.
Preprocessor preprocess(const TrainArgs& a, TrainingData& data, bool streaming) {
  const Scaling scaling = a.preprocess == "auto"
                              ? (a.data == "xor" ? Scaling::kNone : Scaling::kStandardize)
                              : parse_scaling(a.preprocess);
  Preprocessor p = Preprocessor::fit(scaling, data.train.inputs);
  if (scaling == Scaling::kNone) return p;
  scale_inputs(data.train, p, streaming);
  if (data.val) scale_inputs(*data.val, p, streaming);
  if (data.test) scale_inputs(*data.test, p, streaming);
  return p;
}

// A run that saves nothing writes its default checkpoint only when stopped, and that save removes
// stale temporary files itself: no listing of the working directory at every start.
void prepare_outputs(const TrainArgs& a) {
  if (a.checkpoint.empty() && a.resume.empty() && (a.out.empty() || a.out == "-")) {
    prepare_save_targets({a.out}, {checkpoint_path(a)});
  } else {
    prepare_save_targets({a.out, checkpoint_path(a)});
  }
}

// --loss auto resolved for this data, then the data-dependent defaults that depend on it.
std::string choose_loss(TrainArgs& a, const CLI::App& cmd, const Dataset& train) {
  // --task regress asked for regression: 0/1 values are numbers then, not two classes for bce.
  const std::string flag = a.loss == "auto" && a.task == "regress" ? "mse" : a.loss;
  std::string loss_name;
  if (flag_given(cmd, "--layers") || a.data == "xor") {
    const Network probe = build_network<float>(train.inputs.cols(), a.layers);
    loss_name = resolve_loss(flag, train, probe.output_width());
  } else {
    loss_name = resolve_loss(flag, train, 0);
  }
  check_loss_fits_data(loss_name, train);
  apply_data_defaults(a, cmd, loss_name, train);
  return loss_name;
}

// The data's inputs scaled (and fitted on the training split): in memory, or streamed from its
// mapping when it does not fit --max-memory (train_streaming.h).
Preprocessor scaled(const TrainArgs& a, TrainingData& data) {
  const bool streaming = must_stream(a, data);
  Preprocessor p = preprocess(a, data, streaming);
  if (streaming && a.shuffle == "rows" && !a.no_shuffle) advise_random_reads(data.train);
  return p;
}

TrainOptions train_options(const TrainArgs& a, int width) {
  return {.epochs = a.epochs,
          .batch_size = a.batch,
          .shuffle = !a.no_shuffle,
          .shuffle_block_rows = shuffle_block_rows(a, width),
          .seed = a.seed,
          .patience = a.patience,
          .min_delta = a.min_delta,
          .schedule = {.kind = parse_schedule_kind(a.schedule),
                       .base_lr = scaled_learning_rate(a),
                       .epochs = std::max(1, a.epochs),
                       .step_size = a.lr_step,
                       .gamma = a.lr_gamma,
                       .min_lr = a.lr_min,
                       .patience = a.lr_patience,
                       .warmup_epochs = a.warmup_epochs,
                       .warmup_start_lr = a.optimizer.learning_rate}};
}

void print_network(const TrainArgs& a, const Network& network, const Loss& loss) {
  std::printf("network: %s (%zu parameters), loss %s, optimizer %s lr %g, batch %d, %s\n",
              network.describe().c_str(), network.parameter_count(),
              std::string(loss.name()).c_str(), a.optimizer.name.c_str(), a.optimizer.learning_rate,
              a.batch, a.no_shuffle ? "no shuffling" : "shuffled");
  std::fflush(stdout);
}

// Refuses an architecture too large for memory before building any of it (exit 1).
void check_memory(const TrainArgs& a, const Dataset& train) {
  check_memory_limit(estimate_memory(train.inputs.cols(), a.layers, sizeof(float), a.batch),
                     parse_byte_size(a.max_memory), a.layers);
}

// The flags checked, the outputs prepared and the data loaded: everything that can fail before
// anything is built.
TrainingData checked_data(TrainArgs& a, const CLI::App& cmd) {
  set_num_threads(a.threads);
  check_checkpoint_flags(a);  // fail before loading data, not after
  check_generator_flags(a.data, flag_given(cmd, "--samples"), flag_given(cmd, "--noise"));
  check_file_flags(a.data, cmd);
  check_train_outputs(a);
  prepare_outputs(a);
  if (a.preset == "seed") apply_seed_preset(a, cmd);
  return load_training_data(a);
}

}  // namespace

int run_train(TrainArgs& a, const CLI::App& cmd) {
  Replicas replicas;  // under mpirun: this rank of a data-parallel run
  replicas.restrict_outputs(a);
  refuse_json_beside_stdout(a.format, "--out", a.out);
  StdoutToStderr stdout_for_model(a.out == "-" || a.format == "json");
  TrainingData data = checked_data(a, cmd);
  const Preprocessor preprocessor = scaled(a, data);
  const Dataset& train = data.train;
  check_memory(a, train);
  const std::string loss_name = choose_loss(a, cmd, train);
  Network network = build_network<float>(train.inputs.cols(), a.layers);
  check_outputs(network, loss_name, train);
  network.initialize(a.seed, {.scheme = parse_init_scheme(a.init)});
  const auto loss = make_loss<float>(loss_name);
  TrainingTargets targets(a, *loss, data, network);
  const auto optimizer = make_optimizer<float>(a.optimizer);
  const RunIdentity identity(a, network, loss_name, data);
  std::optional<TrainerState> resumed;
  if (!a.resume.empty()) resumed = resume_from(a, identity, network, train.inputs.rows());
  // From here on Ctrl-C and SIGTERM stop at a step boundary and save a checkpoint; installed
  // before the first line of output, so whoever sees it may signal safely.
  install_stop_handlers();
  print_network(a, network, *loss);
  TrainOptions options = train_options(a, train.inputs.cols());
  TrainObservers observers;
  Progress progress(resolve_progress_mode(a.progress, a.quiet), a.epochs, train.size());
  progress.attach(observers);
  TrainRecorder recorder(a, network, training_config(a, cmd, network, loss_name, data));
  recorder.attach(observers);  // before the log, which records the layers it measured
  TrainLogger log(a, cmd, network, loss_name, data);
  log.attach(observers, &recorder.layers());
  set_up_checkpoints(a, network, identity, options, observers);
  replicas.restrict_checkpoints(observers);
  Trainer trainer(network, targets.loss(), *optimizer, options, std::move(observers));
  if (resumed) trainer.restore(*resumed);
  replicas.attach(trainer, network, train, a);
  TrainResult result;
  try {
    result = trainer.run(train.inputs, targets.train(), data.val ? &data.val->inputs : nullptr,
                         targets.val());
  } catch (const DivergenceError& e) {
    log.diverged(e);  // the log's last record says why the run ended
    throw;
  }
  progress.finish();
  replicas.check(result.steps);  // stopped or done, every replica must hold the same state
  if (result.interrupted) return report_stopped(a, cmd, result, stdout_for_model);
  targets.finish(network);
  remove_stop_handlers();  // what is left is quick; a Ctrl-C now should just end it
  log.finish(network, *loss, data, preprocessor);
  recorder.finish(network, *loss, data, preprocessor);

  finish_trained({.args = a, .cmd = cmd, .data = data, .result = result, .loss_name = loss_name},
                 std::move(network), *loss, preprocessor, targets.metadata(), stdout_for_model);
  return kExitOk;
}

}  // namespace bprop::cli
