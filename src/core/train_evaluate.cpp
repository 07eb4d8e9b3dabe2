// Evaluating a network on a whole data set, a chunk of rows at a time (train.h).
#include <algorithm>
#include <limits>

#include "bprop/train.h"

namespace bprop {

namespace {

// Whole-set evaluation runs in chunks of rows: its memory is then bounded by a chunk's outputs,
// not the whole set's (a training set mapped from a file may be larger than memory). Up to one
// chunk the result is the single-call one.
constexpr int kEvaluateRows = 8192;

// The mean loss over the rows, and the correct predictions counted on the way.
template <typename T>
double chunked_loss(const BasicNetwork<T>& network, BasicLoss<T>& loss,
                    const BasicMatrix<T>& inputs, const BasicMatrix<T>& targets,
                    AccuracyCounts& counts) {
  const int rows = inputs.rows();
  if (rows <= kEvaluateRows) {
    const BasicMatrix<T> outputs = network.predict(inputs);
    const double value = static_cast<double>(loss.forward(outputs, targets));
    counts = count_correct(loss, outputs, targets);
    return value;
  }
  double sum = 0.0;
  for (int begin = 0; begin < rows; begin += kEvaluateRows) {
    const int n = std::min(kEvaluateRows, rows - begin);
    // Views of the rows, only read (the storage may be read-only).
    const auto x = BasicMatrix<T>::view(const_cast<T*>(inputs.row(begin)), n, inputs.cols());
    const auto y = BasicMatrix<T>::view(const_cast<T*>(targets.row(begin)), n, targets.cols());
    const BasicMatrix<T> outputs = network.predict(x);
    sum += static_cast<double>(loss.forward(outputs, y)) * n;
    const AccuracyCounts c = count_correct(loss, outputs, y);
    counts.correct += c.correct;
    counts.total += c.total;
  }
  return sum / rows;
}

}  // namespace

template <typename T>
double evaluate_loss(const BasicNetwork<T>& network, BasicLoss<T>& loss,
                     const BasicMatrix<T>& inputs, const BasicMatrix<T>& targets) {
  AccuracyCounts counts;
  return chunked_loss(network, loss, inputs, targets, counts);
}

template <typename T>
std::pair<double, double> evaluate(const BasicNetwork<T>& network, BasicLoss<T>& loss,
                                   const BasicMatrix<T>& inputs, const BasicMatrix<T>& targets) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (inputs.rows() == 0) return {kNaN, kNaN};
  AccuracyCounts c;
  const double value = chunked_loss(network, loss, inputs, targets, c);
  return {value, c.total == 0 ? kNaN : c.rate()};
}

template double evaluate_loss<float>(const BasicNetwork<float>&, BasicLoss<float>&,
                                     const BasicMatrix<float>&, const BasicMatrix<float>&);
template double evaluate_loss<double>(const BasicNetwork<double>&, BasicLoss<double>&,
                                      const BasicMatrix<double>&, const BasicMatrix<double>&);
template std::pair<double, double> evaluate<float>(const BasicNetwork<float>&, BasicLoss<float>&,
                                                   const BasicMatrix<float>&,
                                                   const BasicMatrix<float>&);
template std::pair<double, double> evaluate<double>(const BasicNetwork<double>&, BasicLoss<double>&,
                                                    const BasicMatrix<double>&,
                                                    const BasicMatrix<double>&);

}  // namespace bprop
