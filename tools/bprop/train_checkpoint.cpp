// Checkpoints of `bprop train`: run identity, the loop state blob, and the resume checks.
#include "train_checkpoint.h"

#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <vector>

#include "bprop/threads.h"
#include "bprop/training/stop_signal.h"
#include "exit_codes.h"
#include "train_log.h"

namespace bprop::cli {

namespace {

// The shortest text that reads back as exactly v: "0.05", never "0.050000000000000003".
std::string number(double v) {
  char text[40];
  const auto end = std::to_chars(text, text + sizeof text, v).ptr;
  return std::string(text, end);
}

// The configuration as "flag=value" lines, in a fixed order. Only what shapes the weights.
std::string config_text(const TrainArgs& a, const Network& network, const std::string& loss) {
  std::string layers = std::to_string(network.input_width());
  for (std::size_t i = 0; i < network.size(); ++i) layers += "," + network.layer(i).spec();
  const std::vector<std::pair<const char*, std::string>> items{
      {"--layers", layers},
      {"--loss", loss},
      {"--init", a.init},
      {"--optimizer", a.optimizer.name},
      {"--lr", number(a.optimizer.learning_rate)},
      {"--momentum", number(a.optimizer.momentum)},
      {"--nesterov", a.optimizer.nesterov ? "yes" : "no"},
      {"--weight-decay", number(a.optimizer.weight_decay)},
      {"--batch", std::to_string(a.batch)},
      {"--seed", std::to_string(a.seed)},
      // --shuffle block shows here, so checkpoints of default runs stay as they were.
      {"--no-shuffle",
       a.no_shuffle ? "yes" : (a.shuffle == "block" ? "no (--shuffle block)" : "no")},
      {"--threads", std::to_string(num_threads())},
      {"--patience", std::to_string(a.patience)},
      {"--schedule", a.schedule},
      {"--lr-step", std::to_string(a.lr_step)},
      {"--lr-gamma", number(a.lr_gamma)},
      {"--lr-min", number(a.lr_min)},
      {"--lr-patience", std::to_string(a.lr_patience)},
  };
  std::string text;
  for (const auto& [flag, value] : items) text += std::string(flag) + "=" + value + "\n";
  // Cosine anneals over --epochs, so its length shapes every step; other runs may be extended.
  if (a.schedule == "cosine") text += "--epochs=" + std::to_string(a.epochs) + "\n";
  // Listed only when set, so checkpoints written before the flag existed still match.
  if (a.min_delta != 0.0) text += "--min-delta=" + number(a.min_delta) + "\n";
  if (a.class_weight != "none") text += "--class-weight=" + a.class_weight + "\n";
  if (a.target_scaling != "auto") text += "--target-scaling=" + a.target_scaling + "\n";
  if (a.lr_scale != "none") text += "--lr-scale=" + a.lr_scale + "\n";
  if (a.warmup_epochs != 0) text += "--warmup-epochs=" + std::to_string(a.warmup_epochs) + "\n";
  if (a.reduce != "sum") {
    text += "--reduce=" + a.reduce + "\n--reduce-chunks=" + std::to_string(a.reduce_chunks) + "\n";
  }
  return text;
}

std::map<std::string, std::string> config_map(const std::string& text) {
  std::map<std::string, std::string> items;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(begin, end - begin);
    const std::size_t eq = line.find('=');
    if (eq != std::string::npos) items[line.substr(0, eq)] = line.substr(eq + 1);
    begin = end + 1;
  }
  return items;
}

// "--lr 0.05 in the checkpoint, 0.1 now; ..." for every flag that differs.
std::string differences(const std::string& saved, const std::string& now, bool& architecture) {
  const auto a = config_map(saved), b = config_map(now);
  std::string text;
  auto add = [&](const std::string& flag, const std::string& then, const std::string& current) {
    text +=
        (text.empty() ? "" : "; ") + flag + " " + then + " in the checkpoint, " + current + " now";
    architecture = architecture || flag == "--layers";
  };
  for (const auto& [flag, value] : a) {
    if (flag == "--threads") continue;  // recorded, but the weights do not depend on it
    const auto it = b.find(flag);
    const std::string current = it == b.end() ? "(not set)" : it->second;
    if (current != value) add(flag, value, current);
  }
  for (const auto& [flag, value] : b) {
    if (a.find(flag) == a.end() && flag != "--threads") add(flag, "(not set)", value);
  }
  return text;
}

}  // namespace

CheckpointEvery parse_checkpoint_every(const std::string& text, const char* flag) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const std::string unit = text.substr(digits);
  CheckpointEvery every;
  every.in_steps = unit == "steps" || unit == "step";
  const bool epochs = unit.empty() || unit == "epochs" || unit == "epoch";
  if (digits == 0 || digits > 12 || (!every.in_steps && !epochs)) {
    throw CliError(kExitUsage,
                   "--checkpoint-every " + text + ": expected a count of epochs or steps",
                   "write e.g. --checkpoint-every 5 (epochs), 5epochs or 200steps");
  }
  every.every = std::stoll(text.substr(0, digits));
  if (every.every == 0) {
    throw CliError(kExitUsage, std::string(flag) + " must be at least 1");
  }
  return every;
}

std::string checkpoint_path(const TrainArgs& a) {
  if (!a.checkpoint.empty()) return a.checkpoint;
  if (!a.resume.empty()) return a.resume;
  if (!a.out.empty() && a.out != "-") return a.out + ".ckpt";
  return "bprop-train.ckpt";
}

RunIdentity::RunIdentity(const TrainArgs& a, const Network& network, const std::string& loss,
                         const TrainingData& data)
    : data_(data) {
  info_.config = config_text(a, network, loss);
}

const CheckpointInfo& RunIdentity::info() const {
  if (!summed_) {
    info_.data_checksum = checksum_data(data_.train.inputs, data_.train.targets);
    if (data_.val) {  // validation drives early stopping and plateau: part of the run's data
      info_.data_checksum =
          info_.data_checksum * 31 + checksum_data(data_.val->inputs, data_.val->targets);
    }
    summed_ = true;
  }
  return info_;
}

TrainerState resume_from(const TrainArgs& a, const RunIdentity& identity, Network& network,
                         std::size_t train_samples) {
  const CheckpointInfo& run = identity.info();
  const std::string& path = a.resume;
  Checkpoint c;
  try {
    c = load_checkpoint(path);
  } catch (const CheckpointError& e) {
    throw CliError(kExitModel, e.what(),
                   "the file is not a complete checkpoint of `bprop train`; resume from an "
                   "earlier one, or start again without --resume");
  }
  bool architecture = false;
  std::string problems = differences(c.info.config, run.config, architecture);
  const bool data_differs = c.info.data_checksum != run.data_checksum;
  if (data_differs) {
    problems =
        "the training data differ (checksum of the data after --val-split and "
        "--preprocess)" +
        (problems.empty() ? "" : "; " + problems);
  }
  if (!problems.empty()) {
    const std::string what = "checkpoint '" + path + "' belongs to another run: " + problems;
    if (architecture) {
      throw CliError(kExitCheckpoint, what,
                     "the stored weights fit only the architecture they were trained with; pass "
                     "the same --layers (--force cannot change it)");
    }
    if (!a.force) {
      throw CliError(kExitCheckpoint, what,
                     "pass the same data and training flags as the run that wrote it, or --force "
                     "to continue with the new ones (the result then matches no single run)");
    }
    std::fprintf(stderr, "warning: --force: resuming %s although it belongs to another run: %s\n",
                 path.c_str(), problems.c_str());
  }
  TrainerState state = std::move(c.trainer);
  if (state.position != 0 && state.order.size() != train_samples) {
    throw CliError(kExitCheckpoint,
                   "checkpoint '" + path + "' stopped in the middle of an epoch over " +
                       std::to_string(state.order.size()) + " samples; the data has " +
                       std::to_string(train_samples),
                   "a partial epoch can only continue over the same samples");
  }
  network = std::move(c.network);
  std::fprintf(stderr, "resuming from %s: step %lld, epoch %d%s\n", path.c_str(),
               static_cast<long long>(state.step), state.epoch,
               state.position == 0 ? " complete" : " in progress");
  return state;
}

void check_checkpoint_flags(const TrainArgs& a) {
  if (!a.checkpoint_every.empty() && a.checkpoint.empty() && a.resume.empty()) {
    throw CliError(kExitUsage, "--checkpoint-every needs --checkpoint FILE (or --resume FILE)",
                   "add --checkpoint run.ckpt");
  }
  if (!a.checkpoint_every.empty()) parse_checkpoint_every(a.checkpoint_every);
  if (!a.stop_after.empty()) parse_checkpoint_every(a.stop_after, "--stop-after");
}

void set_up_checkpoints(const TrainArgs& a, const Network& network, const RunIdentity& run,
                        TrainOptions& options, TrainObservers& observers) {
  check_checkpoint_flags(a);
  if (!a.checkpoint_every.empty()) {
    const CheckpointEvery every = parse_checkpoint_every(a.checkpoint_every);
    options.checkpoint_every = {.every = every.every, .in_steps = every.in_steps};
  }
  if (!a.stop_after.empty()) {
    const CheckpointEvery stop = parse_checkpoint_every(a.stop_after, "--stop-after");
    options.stop_after = {.every = stop.every, .in_steps = stop.in_steps};
  }
  options.stop_on_signal = true;
  const bool asked = !a.checkpoint.empty() || !a.resume.empty() || !a.stop_after.empty();
  observers.on_checkpoint = [&network, &run, asked,
                             path = checkpoint_path(a)](const TrainerState& state) {
    // Without --checkpoint or --resume, only a stop writes one (so no work is lost).
    if (asked || stop_requested()) save_checkpoint(path, network, state, run.info());
  };
}

int report_interrupted(const TrainArgs& a, const CLI::App& cmd, const TrainResult& result) {
  const int signal = stop_signal();
  const bool term = signal == SIGTERM;
  const std::string path = checkpoint_path(a);
  std::string resume = command_line(cmd);
  if (const std::size_t at = resume.find(" --stop-after "); at != std::string::npos) {
    const std::size_t end = resume.find(' ', at + 14);
    resume.erase(at, end == std::string::npos ? std::string::npos : end - at);
  }
  if (a.resume != path) resume += " --resume " + path;
  std::fprintf(stderr,
               "%s: stopped after step %lld (%d epochs complete); saved the checkpoint to %s\n"
               "resume with: %s\n",
               signal == 0 ? "--stop-after"
               : term      ? "SIGTERM"
                           : "interrupted (SIGINT)",
               static_cast<long long>(result.steps), result.epochs, path.c_str(), resume.c_str());
  if (signal == 0) return kExitOk;
  return term ? kExitTerminated : kExitInterrupted;
}

}  // namespace bprop::cli
