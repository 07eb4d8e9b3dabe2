// BinaryCrossEntropy, computed from logits z (the output layer has no sigmoid; the loss applies
// it): L = 1/N Σ [max(z, 0) - z·y + log(1 + e^-|z|)], N = B·C, which equals -[y log σ(z) + (1-y)
// log(1-σ(z))] but stays finite for any finite z (PyTorch's BCEWithLogitsLoss). Targets lie in [0,
// 1].
#pragma once

#include "bprop/loss.h"

namespace bprop {

template <typename T>
class BinaryCrossEntropy final : public BasicLoss<T> {
 public:
  using typename BasicLoss<T>::Matrix;
  T forward(const Matrix& logits, const Matrix& target) override;
  const Matrix& backward() override;
  // σ(z): the probability of the positive class.
  void output(const Matrix& logits, Matrix& result) const override;
  std::string_view name() const override { return "bce"; }
  LossOp op() const override { return LossOp::kBce; }
  bool is_classification() const override { return true; }

 private:
  Matrix grad_;
};

}  // namespace bprop
