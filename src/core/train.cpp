// The mini-batch loop.
#include "bprop/train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>

#include "bprop/divergence.h"
#include "bprop/errors.h"

namespace bprop {

template <typename T>
Trainer<T>::Trainer(BasicNetwork<T>& network, BasicLoss<T>& loss, BasicOptimizer<T>& optimizer,
                    const TrainOptions& options)
    : network_(network), loss_(loss), optimizer_(optimizer), options_(options), rng_(options.seed) {
  if (options.batch_size <= 0) {
    throw ConfigError("train: batch size must be > 0, got " + std::to_string(options.batch_size));
  }
  if (options.epochs < 0) throw ConfigError("train: epochs must be >= 0");
}

namespace {
// Copies rows order[begin, end) of `from` into `to`.
template <typename T>
void gather_rows(const BasicMatrix<T>& from, const std::vector<int>& order, std::size_t begin,
                 std::size_t end, BasicMatrix<T>& to) {
  to.resize(static_cast<int>(end - begin), from.cols());
  const std::size_t width = static_cast<std::size_t>(from.cols());
  for (std::size_t i = begin; i < end; ++i) {
    std::memcpy(to.row(static_cast<int>(i - begin)), from.row(order[i]), width * sizeof(T));
  }
}
}  // namespace

template <typename T>
bool Trainer<T>::gradients_finite() const {
  const BasicNetwork<T>& network = network_;
  for (std::size_t i = 0; i < network.size(); ++i) {
    for (const auto& p : network.layer(i).parameters()) {
      if (!all_finite<T>(p.grad.values())) return false;
    }
  }
  return true;
}

template <typename T>
void Trainer<T>::diverged(const std::string& what, const std::string& where, std::size_t begin,
                          std::size_t end) const {
  const int64_t batch =
      static_cast<int64_t>(begin / static_cast<std::size_t>(options_.batch_size)) + 1;
  throw DivergenceError("training diverged at step " + std::to_string(step_) + " (epoch " +
                            std::to_string(epoch_) + ", batch " + std::to_string(batch) +
                            ", samples " + std::to_string(begin) + ".." + std::to_string(end - 1) +
                            " of the epoch's order): " + what +
                            "; first non-finite value: " + where + "; this step was not applied",
                        step_, epoch_, batch, where);
}

template <typename T>
EpochReport Trainer<T>::run_epoch(const Matrix& inputs, const Matrix& targets) {
  if (inputs.rows() != targets.rows()) {
    throw ShapeError("train: " + std::to_string(inputs.rows()) + " input rows but " +
                     std::to_string(targets.rows()) + " target rows");
  }
  const auto start = std::chrono::steady_clock::now();
  const std::size_t n = static_cast<std::size_t>(inputs.rows());
  if (order_.size() != n) {
    order_.resize(n);
    std::iota(order_.begin(), order_.end(), 0);
  }
  if (options_.shuffle) rng_.shuffle(order_);
  ++epoch_;
  network_.set_training(true);
  double weighted_loss = 0.0;
  const std::size_t batch = static_cast<std::size_t>(options_.batch_size);
  for (std::size_t begin = 0; begin < n; begin += batch) {
    const std::size_t end = std::min(n, begin + batch);
    gather_rows(inputs, order_, begin, end, batch_inputs_);
    gather_rows(targets, order_, begin, end, batch_targets_);
    const T batch_loss = loss_.forward(network_.forward(batch_inputs_), batch_targets_);
    ++step_;
    if (!std::isfinite(batch_loss)) {
      const std::string where = locate_nonfinite_activation(network_, batch_inputs_);
      diverged("loss is " + std::to_string(batch_loss), where.empty() ? "the loss" : where, begin,
               end);
    }
    network_.backward(loss_.backward());
    if (!gradients_finite()) {
      diverged("a gradient is non-finite", locate_nonfinite_gradient(network_), begin, end);
    }
    if (options_.after_backward) options_.after_backward(step_);
    network_.step(optimizer_);
    weighted_loss += static_cast<double>(batch_loss) * static_cast<double>(end - begin);
  }
  network_.set_training(false);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  return {epoch_, n == 0 ? 0.0 : weighted_loss / static_cast<double>(n), step_, elapsed.count()};
}

template <typename T>
TrainResult Trainer<T>::run(const Matrix& inputs, const Matrix& targets) {
  TrainResult result;
  for (int e = 0; e < options_.epochs; ++e) {
    const EpochReport report = run_epoch(inputs, targets);
    result.final_loss = report.loss;
    result.epochs = report.epoch;
    result.steps = report.steps;
    if (options_.on_epoch && !options_.on_epoch(report)) break;
  }
  return result;
}

template <typename T>
double evaluate_loss(const BasicNetwork<T>& network, BasicLoss<T>& loss,
                     const BasicMatrix<T>& inputs, const BasicMatrix<T>& targets) {
  return static_cast<double>(loss.forward(network.predict(inputs), targets));
}

template class Trainer<float>;
template class Trainer<double>;
template double evaluate_loss<float>(const BasicNetwork<float>&, BasicLoss<float>&,
                                     const BasicMatrix<float>&, const BasicMatrix<float>&);
template double evaluate_loss<double>(const BasicNetwork<double>&, BasicLoss<double>&,
                                      const BasicMatrix<double>&, const BasicMatrix<double>&);

}  // namespace bprop
