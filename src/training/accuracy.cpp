// Counting correct classifications.
#include "bprop/training/accuracy.h"

#include <algorithm>

#include "bprop/errors.h"

namespace bprop {

template <typename T>
AccuracyCounts count_correct(const BasicLoss<T>& loss, const BasicMatrix<T>& prediction,
                             const BasicMatrix<T>& targets) {
  AccuracyCounts c;
  if (!loss.is_classification()) return c;
  if (const BasicLoss<T>* weighted = loss.weighted_loss()) {
    // The last column is the sample's weight, not a target: count unweighted on the others.
    if (targets.cols() < 2)
      throw ShapeError("accuracy: sample-weighted targets " + targets.shape());
    BasicMatrix<T> unweighted(targets.rows(), targets.cols() - 1);
    for (int r = 0; r < targets.rows(); ++r) {
      std::copy(targets.row(r), targets.row(r) + unweighted.cols(), unweighted.row(r));
    }
    return count_correct(*weighted, prediction, unweighted);
  }
  if (prediction.rows() != targets.rows()) {
    throw ShapeError("accuracy: " + prediction.shape() + " predictions but " + targets.shape() +
                     " targets");
  }
  const int cols = prediction.cols();
  if (loss.op() == LossOp::kBce) {
    if (targets.cols() != cols) {
      throw ShapeError("accuracy: bce predictions " + prediction.shape() + " and targets " +
                       targets.shape() + " differ");
    }
    for (std::size_t i = 0; i < prediction.size(); ++i) {
      // logit >= 0 <=> sigmoid >= 0.5
      c.correct += (prediction.data()[i] >= T(0)) == (targets.data()[i] >= T(0.5));
    }
    c.total = static_cast<int64_t>(prediction.size());
    return c;
  }
  for (int r = 0; r < prediction.rows(); ++r) {
    const T* p = prediction.row(r);
    int best = 0;
    for (int k = 1; k < cols; ++k) best = p[k] > p[best] ? k : best;
    int truth = 0;
    if (targets.cols() == 1) {
      truth = static_cast<int>(targets(r, 0));
    } else {
      const T* t = targets.row(r);
      for (int k = 1; k < targets.cols(); ++k) truth = t[k] > t[truth] ? k : truth;
    }
    c.correct += best == truth;
  }
  c.total = prediction.rows();
  return c;
}

template <typename T>
T AccuracyMeter<T>::forward(const Matrix& prediction, const Matrix& target) {
  const T value = inner_.forward(prediction, target);  // validates the shapes first
  if (!counting_) return value;
  const AccuracyCounts batch = count_correct(inner_, prediction, target);
  counts_.correct += batch.correct;
  counts_.total += batch.total;
  return value;
}

template AccuracyCounts count_correct<float>(const BasicLoss<float>&, const BasicMatrix<float>&,
                                             const BasicMatrix<float>&);
template AccuracyCounts count_correct<double>(const BasicLoss<double>&, const BasicMatrix<double>&,
                                              const BasicMatrix<double>&);
template class AccuracyMeter<float>;
template class AccuracyMeter<double>;

}  // namespace bprop
