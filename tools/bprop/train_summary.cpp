// End-of-training output: the scores of each split, printed as text; train_result_json.cpp prints
// the same scores as JSON.
#include "train_summary.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

#include "bprop/report/scores.h"
#include "bprop/train.h"

namespace bprop::cli {

namespace {

// One row per sample: inputs, target, the model's output, and the output rounded to a class.
int print_table(const Dataset& data, const Matrix& outputs) {
  std::printf("%-12s %-8s %-12s %s\n", "input", "target", "prediction", "rounded");
  int correct = 0;
  for (int r = 0; r < data.size(); ++r) {
    std::string input;
    for (int c = 0; c < data.inputs.cols(); ++c) {
      if (c > 0) input += ' ';
      input += std::to_string(static_cast<int>(data.inputs(r, c)));
    }
    const float target = data.targets(r, 0);
    const float prediction = outputs(r, 0);
    const int rounded = prediction >= 0.5f ? 1 : 0;
    correct += rounded == static_cast<int>(target);
    std::printf("%-12s %-8g %-12.6f %d\n", input.c_str(), target, prediction, rounded);
  }
  return correct;
}

std::string accuracy_text(double rate) {
  if (std::isnan(rate)) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f %%", 100.0 * rate);
  return text;
}

// Regression rows add RMSE, MAE and R² (in the target's units) after the loss.
bool is_regression(const Loss& loss) { return loss.name() == "mse"; }

void print_header(bool regression) {
  if (regression) {
    std::printf("%-12s %12s %12s %12s %9s %9s\n", "split", "loss", "RMSE", "MAE", "R²", "samples");
  } else {
    std::printf("%-12s %12s %10s %9s\n", "split", "loss", "accuracy", "samples");
  }
}

void print_row(const SplitScores& s) {
  if (s.regression) {
    const RegressionScores& r = *s.regression;
    std::printf("%-12s %12.6g %12.6g %12.6g %8.4f %9d\n", s.name.c_str(), s.loss, r.rmse, r.mae,
                r.r2, s.data->size());
  } else {
    std::printf("%-12s %12.6g %10s %9d\n", s.name.c_str(), s.loss,
                accuracy_text(s.accuracy).c_str(), s.data->size());
  }
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

}  // namespace

void print_xor_report(const Network& network, Loss& loss, const Dataset& data,
                      const TrainResult& result) {
  Matrix outputs;
  loss.output(network.predict(data.inputs), outputs);
  const int correct = print_table(data, outputs);
  const double final_loss = evaluate_loss(network, loss, data.inputs, data.targets);
  std::printf("XOR: %d/%d correct, loss %.6g, %d %s, %.3g s\n", correct, data.size(), final_loss,
              result.epochs, result.epochs == 1 ? "epoch" : "epochs", result.seconds);
}

void print_stop_reason(const TrainArgs& a, bool validation, const TrainResult& result) {
  if (a.patience <= 0) return;
  const char* monitored = validation ? "validation" : "training";
  if (result.stopped_early) {
    std::printf(
        "stopped after epoch %d: the %s loss did not fall by more than %g for %d epochs; "
        "kept epoch %d's weights\n",
        result.epochs, monitored, a.min_delta, a.patience, result.best_epoch);
  } else {
    std::printf(
        "stopped at the epoch limit (%d) while the %s loss was still falling; kept epoch "
        "%d's weights (more --epochs may help)\n",
        result.epochs, monitored, result.best_epoch);
  }
}

std::vector<SplitScores> score_splits(const Network& network, Loss& loss,
                                      const TrainingData& data) {
  const std::pair<const char*, const Dataset*> splits[] = {
      {"train", &data.train},
      {"validation", data.val ? &*data.val : nullptr},
      {"test", data.test ? &*data.test : nullptr}};
  std::vector<SplitScores> scores;
  for (const auto& [name, split] : splits) {
    if (split == nullptr) continue;
    const auto [value, accuracy] = evaluate(network, loss, split->inputs, split->targets);
    std::optional<RegressionScores> regression;
    if (is_regression(loss)) {
      regression = regression_scores(network.predict(split->inputs), split->targets);
    }
    scores.push_back({.name = name,
                      .data = split,
                      .loss = value,
                      .accuracy = accuracy,
                      .regression = regression});
  }
  return scores;
}

std::map<std::string, std::string> metrics_of(const std::vector<SplitScores>& scores) {
  std::map<std::string, std::string> metrics;
  for (const SplitScores& s : scores) {
    const std::string key = s.name == "validation" ? "val" : s.name;
    metrics[key + "_loss"] = number(s.loss);
    if (!std::isnan(s.accuracy)) metrics[key + "_accuracy"] = number(s.accuracy);
  }
  return metrics;
}

void print_summary(const std::vector<SplitScores>& scores, const TrainingData& data,
                   const TrainResult& result) {
  const bool regression = scores.front().regression.has_value();
  print_header(regression);
  for (const SplitScores& s : scores) print_row(s);
  const SplitScores& last = scores.back();
  std::string epochs = std::to_string(result.epochs) + (result.epochs == 1 ? " epoch" : " epochs");
  if (result.best_epoch > 0) {
    epochs += " (best " + std::to_string(result.best_epoch) +
              (result.stopped_early ? ", stopped early)" : ")");
  }
  const char* data_name = data.train.name.c_str();
  if (regression) {
    const RegressionScores& r = *last.regression;
    std::printf("%s: %s RMSE %.6g, MAE %.6g, R² %.4f, loss %.6g, %s, %.3f s\n", data_name,
                last.name.c_str(), r.rmse, r.mae, r.r2, last.loss, epochs.c_str(), result.seconds);
  } else if (std::isnan(last.accuracy)) {
    std::printf("%s: %s loss %.6g, %s, %.3f s\n", data_name, last.name.c_str(), last.loss,
                epochs.c_str(), result.seconds);
  } else {
    std::printf("%s: %s accuracy %s, loss %.6g, %s, %.3f s\n", data_name, last.name.c_str(),
                accuracy_text(last.accuracy).c_str(), last.loss, epochs.c_str(), result.seconds);
  }
}

}  // namespace bprop::cli
