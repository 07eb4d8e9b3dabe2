// Classification metrics from a network's raw outputs: which class each row predicts, which class
// each target names, accuracy and the confusion matrix. A loss decides what its outputs mean:
// softmax-ce outputs are class scores (argmax), a single bce output is P(class 1) (threshold 0.5);
// other losses (mse, multi-output bce) have no classes and these functions say so by returning 0
// classes or an empty optional.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "bprop/loss.h"
#include "bprop/matrix.h"
#include "bprop/network.h"

namespace bprop {

// The number of classes the loss's outputs name, or 0 when they are not classes.
int class_count(const Loss& loss, int output_width);

// One class per row of raw network outputs (logits), by the loss's meaning of them.
// Requires class_count(loss, outputs.cols()) > 0.
std::vector<int> predicted_classes(const Loss& loss, const Matrix& outputs);
// One class per target row: a class index (N, 1) or a one-hot/probability row (argmax); for a
// single bce output, target ≥ 0.5. Throws std::invalid_argument on an index outside [0, classes).
std::vector<int> target_classes(const Matrix& targets, int classes);

// The fraction of rows where predicted == truth (0 for no rows).
double accuracy(const std::vector<int>& predicted, const std::vector<int>& truth);
// counts[t * classes + p]: rows of true class t predicted as p.
std::vector<int64_t> confusion_counts(const std::vector<int>& predicted,
                                      const std::vector<int>& truth, int classes);

// What a user reads about a model on one data set: its mean loss and, for classification, its
// accuracy. evaluate() runs predict() on all rows at once.
struct Evaluation {
  double loss = 0.0;
  std::optional<double> accuracy;
};
Evaluation evaluate(const Network& network, Loss& loss, const Matrix& inputs,
                    const Matrix& targets);

}  // namespace bprop
