// Loss: a scalar measure of the error of a batch, with its gradient. forward() returns the MEAN
// over the batch; backward() returns dMeanLoss/dprediction, which carries the 1/B factor. This is
// the only place in bprop where the batch size divides anything.
#pragma once

#include <string_view>

#include "bprop/matrix.h"

namespace bprop {

// What a loss computes, for SmallNet, which runs it per sample without calling forward(). A loss
// that declares kOther always runs through its own forward()/backward().
enum class LossOp : unsigned char { kOther, kMse, kBce, kSoftmaxCrossEntropy };

template <typename T>
class BasicLoss {
 public:
  using Matrix = BasicMatrix<T>;
  virtual ~BasicLoss() = default;

  // prediction: the network's raw output (B, C); target: (B, C) or, for class losses, (B, 1)
  // class indices. Throws ShapeError or std::invalid_argument on mismatched or invalid targets.
  virtual T forward(const Matrix& prediction, const Matrix& target) = 0;
  // dMeanLoss/dprediction for the batch of the last forward(), valid until the next forward(). A
  // pure read: calling it again returns the same gradient.
  virtual const Matrix& backward() = 0;
  // Maps raw outputs to what a user reads: identity (MSE), sigmoid (BCE), softmax (softmax-CE).
  virtual void output(const Matrix& prediction, Matrix& result) const = 0;
  virtual std::string_view name() const = 0;
  // True when outputs are class scores, so accuracy means something.
  virtual bool is_classification() const { return false; }
  // What this loss computes, for the fast path (LossOp above).
  virtual LossOp op() const { return LossOp::kOther; }
  // For a loss that weighs the samples of another one, whose target is followed by one column of
  // weights (SampleWeighted): that loss. Accuracy is that loss's, on the other columns.
  virtual const BasicLoss* weighted_loss() const { return nullptr; }
};

using Loss = BasicLoss<float>;

}  // namespace bprop
