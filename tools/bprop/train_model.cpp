// Saving the trained model.
#include "train_model.h"

#include <sys/stat.h>

#include <cstdio>

#include "bprop/io/atomic_file.h"
#include "bprop/io/model_file.h"
#include "exit_codes.h"
#include "train_log.h"

namespace bprop::cli {

namespace {
std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

void refuse_non_file(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    throw CliError(kExitIo,
                   "refusing to save to '" + path +
                       "': it exists and is not a regular file (a folder, device, FIFO or "
                       "symlink; symlinks are not followed)",
                   "choose a file path, or --out - for standard output");
  }
}
}  // namespace

void save_trained_model(const TrainArgs& a, const CLI::App& cmd, Network&& network,
                        const std::string& loss, const Preprocessor& preprocessor,
                        const TrainingData& data, const TrainResult& result,
                        const std::map<std::string, std::string>& metrics) {
  Model model;
  model.network = std::move(network);
  model.loss = loss;
  model.preprocessor = preprocessor;
  model.tabular = data.tabular;
  model.class_names = data.train.class_names;
  model.feature_names = data.train.feature_names;
  model.target_names = data.train.target_names;
  model.bprop_version = BPROP_VERSION;  // the file then has format version 4
  auto& m = model.metadata;
  m = metrics;
  m["command"] = command_line(cmd, true);  // a resumed run records the same command
  m["dataset"] = data.train.name;
  m["train_samples"] = std::to_string(data.train.size());
  if (data.val) m["validation_samples"] = std::to_string(data.val->size());
  if (data.test) m["test_samples"] = std::to_string(data.test->size());
  m["epochs"] = std::to_string(result.epochs);
  if (result.best_epoch > 0) m["best_epoch"] = std::to_string(result.best_epoch);
  m["steps"] = std::to_string(result.steps);
  m["optimizer"] = a.optimizer.name;
  m["learning_rate"] = number(a.optimizer.learning_rate);
  m["weight_decay"] = number(a.optimizer.weight_decay);
  m["schedule"] = a.schedule;
  m["batch"] = std::to_string(a.batch);
  m["seed"] = std::to_string(a.seed);
  save_model(a.out, model);
}

void prepare_save_targets(const std::vector<std::string>& paths,
                          const std::vector<std::string>& checked_only) {
  for (const std::string& path : checked_only) refuse_non_file(path);
  for (const std::string& path : paths) {
    if (path.empty() || path == "-") continue;
    refuse_non_file(path);
    for (const std::string& stale : remove_stale_temp_files(path)) {
      std::fprintf(stderr, "removed %s, a temporary file left by an interrupted save\n",
                   stale.c_str());
    }
  }
}

}  // namespace bprop::cli
