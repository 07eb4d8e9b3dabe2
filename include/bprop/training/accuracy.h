// Accuracy: how many predictions name the right class. Defined for classification losses only:
//   softmax-ce: argmax of the outputs against a class index (B, 1) or a one-hot row (B, C);
//   bce:        each output's logit >= 0 (probability >= 0.5) against its target >= 0.5.
// AccuracyMeter wraps a loss and counts correct predictions on every batch the trainer feeds it,
// so training accuracy costs no second pass over the data (like Keras, it is measured while the
// weights move and dropout is active).
#pragma once

#include <cstdint>
#include <memory>

#include "bprop/loss.h"
#include "bprop/matrix.h"

namespace bprop {

struct AccuracyCounts {
  int64_t correct = 0;
  int64_t total = 0;  // predictions judged: samples (softmax-ce) or outputs (bce)
  double rate() const { return total == 0 ? 0.0 : static_cast<double>(correct) / total; }
  friend bool operator==(const AccuracyCounts&, const AccuracyCounts&) = default;
};

// Counts correct predictions of raw outputs `prediction` under `loss`; total = 0 when the loss is
// not a classification loss.
template <typename T>
AccuracyCounts count_correct(const BasicLoss<T>& loss, const BasicMatrix<T>& prediction,
                             const BasicMatrix<T>& targets);

// A loss that delegates to `inner` and accumulates count_correct over every forward().
template <typename T>
class AccuracyMeter final : public BasicLoss<T> {
 public:
  using typename BasicLoss<T>::Matrix;
  explicit AccuracyMeter(BasicLoss<T>& inner) : inner_(inner) {}

  T forward(const Matrix& prediction, const Matrix& target) override;
  const Matrix& backward() override { return inner_.backward(); }
  void output(const Matrix& prediction, Matrix& result) const override {
    inner_.output(prediction, result);
  }
  std::string_view name() const override { return inner_.name(); }
  bool is_classification() const override { return inner_.is_classification(); }
  LossOp op() const override { return inner_.op(); }

  // The counts since the last reset.
  AccuracyCounts counts() const { return counts_; }
  // Counts measured elsewhere: SmallNet counts the samples it trains without calling forward().
  void add(const AccuracyCounts& c) {
    if (!counting_) return;
    counts_.correct += c.correct;
    counts_.total += c.total;
  }
  BasicLoss<T>& inner() const { return inner_; }
  void reset() { counts_ = {}; }
  // false: forward() only delegates and the counts stay as they are.
  void set_counting(bool counting) { counting_ = counting; }

 private:
  BasicLoss<T>& inner_;
  AccuracyCounts counts_;
  bool counting_ = true;
};

}  // namespace bprop
