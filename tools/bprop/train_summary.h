// What `bprop train` prints on stdout when training ends: the notebook's XOR table and summary
// line for xor, and a train/validation/test metrics table with a summary line for other data.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bprop/loss.h"
#include "bprop/network.h"
#include "bprop/report/scores.h"
#include "bprop/train.h"
#include "train_args.h"
#include "train_data.h"

namespace bprop::cli {

// The trained network measured on one split.
struct SplitScores {
  std::string name;  // "train", "validation" or "test"
  const Dataset* data = nullptr;
  double loss = 0.0;
  double accuracy = 0.0;                       // NaN without classes
  std::optional<RegressionScores> regression;  // mse: RMSE, MAE, R² in the target's units
};

// Each split the run has, in the order train, validation, test.
std::vector<SplitScores> score_splits(const Network& network, Loss& loss, const TrainingData& data);

// The scores by name ("train_loss", "val_accuracy", ...) for the model file's metadata.
std::map<std::string, std::string> metrics_of(const std::vector<SplitScores>& scores);

// "XOR: 4/4 correct, loss <value>, <N> epochs, <seconds> s" after the per-sample table.
void print_xor_report(const Network& network, Loss& loss, const Dataset& data,
                      const TrainResult& result);

// Why training ended (with --patience): no improvement for N epochs, or the epoch limit.
void print_stop_reason(const TrainArgs& args, bool validation, const TrainResult& result);

// The metrics table and "<data>: test accuracy 89.71 %, loss 0.30, 30 epochs, 55.1 s".
void print_summary(const std::vector<SplitScores>& scores, const TrainingData& data,
                   const TrainResult& result);

}  // namespace bprop::cli
