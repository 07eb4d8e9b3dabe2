// What the trainer sees of the targets, when that differs from the data:
// - --class-weight balanced: each row's loss weighed by n / (k * n_class) (scikit-learn's
//   "balanced"), fitted on the training split, through a SampleWeighted loss and a weight column;
// - --target-scaling standardize: a regression target standardized with the training split's
//   mean and standard deviation while training; finish() folds the inverse into the last dense
//   layer's weights, so the saved network (and every export of it) predicts in the original units.
// Training and validation targets in `data` are scaled in place and restored by finish().
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bprop/losses/sample_weighted.h"
#include "bprop/network.h"
#include "train_args.h"
#include "train_data.h"

namespace bprop::cli {

// Weights per class index: n / (k * count), for the targets of a classification data set (class
// indices in one column, or 0/1 values for bce). Throws CliError (usage) for regression targets.
std::vector<float> balanced_class_weights(const Dataset& train, const std::string& loss);

struct TargetScaling {
  std::vector<float> mean;   // per target column
  std::vector<float> scale;  // the standard deviation (1 where it is 0)
};

// The training split's per-column mean and standard deviation.
TargetScaling fit_target_scaling(const Matrix& targets);

// Folds y = z * scale + mean into the network's last layer (a dense layer): W_j *= scale_j,
// b_j = b_j * scale_j + mean_j for output j.
void fold_target_scaling(Network& network, const TargetScaling& scaling);

class TrainingTargets {
 public:
  // Decides --class-weight and --target-scaling for this loss, data and network (auto scales a
  // regression target of an mse loss under the tabular defaults when the network ends with a dense
  // layer) and prints what it chose. Throws CliError for a combination that cannot work.
  TrainingTargets(const TrainArgs& a, Loss& loss, TrainingData& data, const Network& network);
  TrainingTargets(const TrainingTargets&) = delete;
  TrainingTargets& operator=(const TrainingTargets&) = delete;

  Loss& loss() { return weighted_ ? *weighted_ : loss_; }
  const Matrix& train() const { return weighted_ ? train_weighted_ : data_.train.targets; }
  const Matrix* val() const;
  const std::optional<TargetScaling>& scaling() const { return scaling_; }
  // What the model's metadata records: class_weight, target_scaling (empty when neither applies).
  std::map<std::string, std::string> metadata() const;
  // After training: folds the target scaling into `network` and restores the data's targets.
  // Throws CliError (data) when the folded network predicts a non-finite value on a training row
  // (a target scale near float's limit), so no such model is saved.
  void finish(Network& network);

 private:
  Loss& loss_;
  TrainingData& data_;
  std::optional<SampleWeighted<float>> weighted_;
  std::vector<float> class_weight_;
  Matrix train_weighted_, val_weighted_;
  std::optional<TargetScaling> scaling_;
  Matrix train_original_, val_original_;
};

}  // namespace bprop::cli
