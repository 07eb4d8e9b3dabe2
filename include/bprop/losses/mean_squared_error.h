// MeanSquaredError: L = 1/(B·C) Σ (p - y)², the mean over every element (PyTorch's MSELoss 'mean').
#pragma once

#include "bprop/loss.h"

namespace bprop {

template <typename T>
class MeanSquaredError final : public BasicLoss<T> {
 public:
  using typename BasicLoss<T>::Matrix;
  T forward(const Matrix& prediction, const Matrix& target) override;
  const Matrix& backward() override;
  void output(const Matrix& prediction, Matrix& result) const override { result = prediction; }
  std::string_view name() const override { return "mse"; }
  LossOp op() const override { return LossOp::kMse; }

 private:
  Matrix grad_;  // 2 (p - y) / N, written by forward
};

}  // namespace bprop
