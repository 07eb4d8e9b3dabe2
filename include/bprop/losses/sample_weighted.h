// SampleWeighted: weighs each sample of another loss. The target's last column holds the sample's
// weight w_i (finite, >= 0) and the columns before it are the inner loss's target, so the weights
// travel with their rows through the training loop's shuffling and batching.
//   L = 1/B Σ w_i l_i, with l_i the inner loss of row i alone,
// so all weights 1 give the inner loss and a weight 0 removes the sample's pull on the weights.
// Every registry loss is a mean of per-row terms, so the inner batch gradient's row i is
// (1/B) dl_i/dp_i, and dL/dp_i is that row scaled by w_i.
#pragma once

#include "bprop/loss.h"

namespace bprop {

template <typename T>
class SampleWeighted final : public BasicLoss<T> {
 public:
  using typename BasicLoss<T>::Matrix;
  // `inner` must outlive this loss.
  explicit SampleWeighted(BasicLoss<T>& inner) : inner_(inner) {}
  // target: (B, C + 1), the inner target's C columns then the weight. Throws ShapeError for fewer
  // than 2 columns and std::invalid_argument for a negative or non-finite weight.
  T forward(const Matrix& prediction, const Matrix& target) override;
  const Matrix& backward() override { return grad_; }
  void output(const Matrix& prediction, Matrix& result) const override {
    inner_.output(prediction, result);
  }
  std::string_view name() const override { return inner_.name(); }
  bool is_classification() const override { return inner_.is_classification(); }
  BasicLoss<T>& inner() const { return inner_; }
  const BasicLoss<T>* weighted_loss() const override { return &inner_; }

 private:
  BasicLoss<T>& inner_;
  Matrix inner_target_;  // the target without its weight column
  Matrix row_prediction_, row_target_;
  Matrix grad_;
};

}  // namespace bprop
