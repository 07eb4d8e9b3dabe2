// SoftmaxCrossEntropy, fused: L = 1/B Σ_b [logsumexp(z_b) - Σ_c y_bc z_bc]. Targets are either
// class indices (B, 1) or probability rows (B, C). The log-sum-exp keeps it finite for any finite
// logits, and the gradient (softmax(z) - y)/B never divides by a probability.
#pragma once

#include "bprop/loss.h"

namespace bprop {

template <typename T>
class SoftmaxCrossEntropy final : public BasicLoss<T> {
 public:
  using typename BasicLoss<T>::Matrix;
  T forward(const Matrix& logits, const Matrix& target) override;
  const Matrix& backward() override;
  // softmax(z) per row: class probabilities.
  void output(const Matrix& logits, Matrix& result) const override;
  std::string_view name() const override { return "softmax-ce"; }
  LossOp op() const override { return LossOp::kSoftmaxCrossEntropy; }
  bool is_classification() const override { return true; }

 private:
  Matrix grad_;  // (softmax(z) - y) / B, written by forward
};

}  // namespace bprop
