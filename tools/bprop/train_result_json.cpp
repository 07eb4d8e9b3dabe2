// `bprop train --format json`: the same facts as the text summary, as numbers and names.
#include "train_result_json.h"

#include "train_checkpoint.h"

namespace bprop::cli {

namespace {

JsonResult split_json(const SplitScores& s) {
  JsonResult split = {{"rows", s.data->size()}, {"loss", s.loss}};
  if (s.regression) {
    split["rmse"] = s.regression->rmse;
    split["mae"] = s.regression->mae;
    split["r2"] = s.regression->r2;
  } else {
    split["accuracy"] = s.accuracy;  // NaN (no classes) prints as null
  }
  return split;
}

}  // namespace

JsonResult train_result_json(const TrainArgs& a, const Network& network, const std::string& loss,
                             const TrainingData& data, const TrainResult& result,
                             const std::vector<SplitScores>& scores) {
  JsonResult splits = JsonResult::object();
  for (const SplitScores& s : scores) splits[s.name] = split_json(s);
  return {{"completed", true},
          {"data", data.train.name},
          {"targets", data.train.target_names},
          {"task", loss == "mse" ? "regress" : "classify"},
          {"classes", data.train.class_names},
          {"network", network.describe()},
          {"parameters", network.parameter_count()},
          {"loss", loss},
          {"optimizer", a.optimizer.name},
          {"learning_rate", a.optimizer.learning_rate},
          {"batch", a.batch},
          {"epochs", result.epochs},
          {"best_epoch", result.best_epoch > 0 ? JsonResult(result.best_epoch) : JsonResult()},
          {"stopped_early", result.stopped_early},
          {"steps", result.steps},
          {"seconds", result.seconds},
          {"splits", std::move(splits)},
          {"model", a.out.empty() ? JsonResult() : JsonResult(a.out)}};
}

JsonResult stopped_train_json(const TrainArgs& a, const TrainResult& result) {
  return {{"completed", false},
          {"epochs", result.epochs},
          {"steps", result.steps},
          {"checkpoint", checkpoint_path(a)}};
}

}  // namespace bprop::cli
