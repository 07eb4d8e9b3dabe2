// Classification metrics: see bprop/report/metrics.h.
#include "bprop/report/metrics.h"

#include <stdexcept>
#include <string>
#include <string_view>

#include "bprop/train.h"

namespace bprop {

namespace {

int argmax(const float* row, int n) {
  int best = 0;
  for (int c = 1; c < n; ++c) {
    if (row[c] > row[best]) best = c;
  }
  return best;
}

}  // namespace

int class_count(const Loss& loss, int output_width) {
  if (!loss.is_classification()) return 0;
  if (loss.name() == "softmax-ce") return output_width > 1 ? output_width : 0;
  return output_width == 1 ? 2 : 0;  // bce: one output is P(class 1); more are independent labels
}

std::vector<int> predicted_classes(const Loss& loss, const Matrix& outputs) {
  const int classes = class_count(loss, outputs.cols());
  if (classes == 0) {
    throw std::invalid_argument("predicted_classes: " + std::string(loss.name()) + " outputs " +
                                outputs.shape() + " are not class scores");
  }
  std::vector<int> result(outputs.rows());
  for (int r = 0; r < outputs.rows(); ++r) {
    // A logit ≥ 0 is σ(z) ≥ 0.5: the raw output decides without applying the sigmoid.
    result[r] = outputs.cols() == 1 ? (outputs(r, 0) >= 0.0f ? 1 : 0)
                                    : argmax(outputs.row(r), outputs.cols());
  }
  return result;
}

std::vector<int> target_classes(const Matrix& targets, int classes) {
  std::vector<int> result(targets.rows());
  for (int r = 0; r < targets.rows(); ++r) {
    if (targets.cols() > 1) {
      result[r] = argmax(targets.row(r), targets.cols());
    } else if (classes == 2 && targets(r, 0) >= 0.0f && targets(r, 0) <= 1.0f) {
      result[r] = targets(r, 0) >= 0.5f ? 1 : 0;
    } else {
      const float label = targets(r, 0);
      const int c = static_cast<int>(label);
      if (static_cast<float>(c) != label || c < 0 || c >= classes) {
        throw std::invalid_argument("target " + std::to_string(label) + " at row " +
                                    std::to_string(r) + " is not a class index in [0, " +
                                    std::to_string(classes) + ")");
      }
      result[r] = c;
    }
  }
  return result;
}

double accuracy(const std::vector<int>& predicted, const std::vector<int>& truth) {
  if (predicted.size() != truth.size()) {
    throw std::invalid_argument("accuracy: " + std::to_string(predicted.size()) +
                                " predictions for " + std::to_string(truth.size()) + " targets");
  }
  if (truth.empty()) return 0.0;
  std::size_t correct = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) correct += predicted[i] == truth[i];
  return static_cast<double>(correct) / static_cast<double>(truth.size());
}

std::vector<int64_t> confusion_counts(const std::vector<int>& predicted,
                                      const std::vector<int>& truth, int classes) {
  std::vector<int64_t> counts(static_cast<std::size_t>(classes) * classes, 0);
  for (std::size_t i = 0; i < truth.size() && i < predicted.size(); ++i) {
    if (truth[i] >= 0 && truth[i] < classes && predicted[i] >= 0 && predicted[i] < classes) {
      ++counts[static_cast<std::size_t>(truth[i]) * classes + predicted[i]];
    }
  }
  return counts;
}

Evaluation evaluate(const Network& network, Loss& loss, const Matrix& inputs,
                    const Matrix& targets) {
  Evaluation result;
  if (inputs.rows() == 0) return result;
  const Matrix outputs = network.predict(inputs);
  result.loss = static_cast<double>(loss.forward(outputs, targets));
  const int classes = class_count(loss, outputs.cols());
  if (classes > 0) {
    result.accuracy = accuracy(predicted_classes(loss, outputs), target_classes(targets, classes));
  }
  return result;
}

}  // namespace bprop
