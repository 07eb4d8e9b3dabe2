// Saving the trained model.
#include "train_model.h"

#include <cstdio>

#include "bprop/io/model_file.h"
#include "train_log.h"

namespace bprop::cli {

namespace {
std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}
}  // namespace

void save_trained_model(const TrainArgs& a, const CLI::App& cmd, Network&& network,
                        const std::string& loss, const Preprocessor& preprocessor,
                        const TrainingData& data, const LoopResult& result,
                        const std::map<std::string, std::string>& metrics) {
  Model model;
  model.network = std::move(network);
  model.loss = loss;
  model.preprocessor = preprocessor;
  model.class_names = data.train.class_names;
  model.feature_names = data.train.feature_names;
  model.target_names = data.train.target_names;
  auto& m = model.metadata;
  m = metrics;
  m["command"] = command_line(cmd);
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

}  // namespace bprop::cli
