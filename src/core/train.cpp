// The mini-batch loop.
#include "bprop/train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>
#include <utility>

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
  return all_finite<T>(std::as_const(network_).gradient_arena());
}

template <typename T>
void Trainer<T>::diverged(const std::string& what, const std::string& where, std::size_t begin,
                          std::size_t end, int64_t step) const {
  const int64_t batch =
      static_cast<int64_t>(begin / static_cast<std::size_t>(options_.batch_size)) + 1;
  throw DivergenceError("training diverged at step " + std::to_string(step) + " (epoch " +
                            std::to_string(epoch_) + ", batch " + std::to_string(batch) +
                            ", samples " + std::to_string(begin) + ".." + std::to_string(end - 1) +
                            " of the epoch's order): " + what +
                            "; first non-finite value: " + where + "; this step was not applied",
                        step, epoch_, batch, where);
}

template <typename T>
EpochReport Trainer<T>::run_epoch(const Matrix& inputs, const Matrix& targets) {
  if (inputs.rows() != targets.rows()) {
    throw ShapeError("train: " + std::to_string(inputs.rows()) + " input rows but " +
                     std::to_string(targets.rows()) + " target rows");
  }
  const bool timed = untimed_epochs_ == 0;
  const auto start =
      timed ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
  const std::size_t n = static_cast<std::size_t>(inputs.rows());
  const std::size_t batch = static_cast<std::size_t>(options_.batch_size);
  if (position_ == 0) {  // a new epoch; otherwise continue a restored or interrupted one
    if (order_.size() != n) {
      order_.resize(n);
      std::iota(order_.begin(), order_.end(), 0);
    }
    if (options_.shuffle) rng_.shuffle(order_);
    ++epoch_;
    epoch_loss_sum_ = 0.0;
  } else if (order_.size() != n || position_ >= n) {
    throw ShapeError("train: the restored state is for " + std::to_string(order_.size()) +
                     " samples at position " + std::to_string(position_) + ", the data has " +
                     std::to_string(n));
  }
  stop_requested_ = false;
  epoch_loss_wanted_ = !options_.want_epoch_loss || options_.want_epoch_loss(epoch_);
  used_small_net_ = options_.small_net && options_.batch_size == 1 && sync_->is_identity() &&
                    small_net_.bind(network_, loss_, optimizer_, inputs.cols(), targets.cols());
  // When SmallNet stops at a sample it cannot take, the layers redo that sample and go on.
  const bool done = used_small_net_ && run_small_net_steps(inputs, targets);
  if (!done) network_.set_training(true);
  for (std::size_t begin = position_; !done && begin < n; begin += batch) {
    const std::size_t end = std::min(n, begin + batch);
    gather_rows(inputs, order_, begin, end, batch_inputs_);
    gather_rows(targets, order_, begin, end, batch_targets_);
    const T batch_loss = loss_.forward(network_.forward(batch_inputs_), batch_targets_);
    ++step_;
    if (sync_->any(!std::isfinite(batch_loss))) {
      const std::string where = locate_nonfinite_activation(network_, batch_inputs_);
      --step_;  // the state stays that of the last good step
      diverged("loss is " + std::to_string(batch_loss), where.empty() ? "the loss" : where, begin,
               end, step_ + 1);
    }
    network_.backward(loss_.backward());
    sync_->reduce(network_.gradient_arena(), static_cast<int>(end - begin));
    if (!gradients_finite()) {
      --step_;
      diverged("a gradient is non-finite", locate_nonfinite_gradient(network_), begin, end,
               step_ + 1);
    }
    if (options_.after_backward) options_.after_backward(step_);
    network_.step(optimizer_);
    epoch_loss_sum_ += static_cast<double>(batch_loss) * static_cast<double>(end - begin);
    position_ = end < n ? end : 0;
    if (options_.after_step && after_step_due() && !options_.after_step(step_)) {
      stop_requested_ = true;
      break;
    }
  }
  if (!done) network_.set_training(false);
  if (timed) {
    last_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (last_seconds_ < kTimeEveryEpochFrom) {
      untimed_epochs_ = static_cast<int>(std::min(1000.0, kTimeEveryEpochFrom / last_seconds_));
    }
  } else {
    --untimed_epochs_;
  }
  return {epoch_, n == 0 ? 0.0 : epoch_loss_sum_ / static_cast<double>(n), step_, last_seconds_};
}

template <typename T>
TrainResult Trainer<T>::run(const Matrix& inputs, const Matrix& targets) {
  TrainResult result{.epochs = epoch_, .steps = step_};
  // options.epochs counts from the start of training, so a restored trainer finishes the run.
  while (position_ != 0 || epoch_ < options_.epochs) {
    const EpochReport report = run_epoch(inputs, targets);
    result.steps = report.steps;
    if (position_ == 0) {  // the epoch is complete
      result.final_loss = report.loss;
      result.epochs = report.epoch;
      if (options_.on_epoch && !options_.on_epoch(report)) break;
    }
    if (stop_requested_) {
      result.interrupted = true;
      break;
    }
  }
  return result;
}

template <typename T>
TrainerState Trainer<T>::state() const {
  return {.epoch = epoch_,
          .step = step_,
          .rng = rng_.state(),
          .order = order_,
          .position = static_cast<uint64_t>(position_),
          .epoch_loss_sum = epoch_loss_sum_};
}

template <typename T>
void Trainer<T>::restore(const TrainerState& state) {
  if (state.epoch < 0 || state.step < 0 || (state.position != 0 && state.epoch == 0)) {
    throw ConfigError("train: restored state is inconsistent (epoch " +
                      std::to_string(state.epoch) + ", step " + std::to_string(state.step) + ")");
  }
  std::vector<char> seen(state.order.size(), 0);
  for (const int i : state.order) {
    if (i < 0 || static_cast<std::size_t>(i) >= seen.size() ||
        seen[static_cast<std::size_t>(i)]++) {
      throw ConfigError("train: restored sample order is not a permutation");
    }
  }
  epoch_ = state.epoch;
  step_ = state.step;
  rng_.set_state(state.rng);
  order_ = state.order;
  position_ = static_cast<std::size_t>(state.position);
  epoch_loss_sum_ = state.epoch_loss_sum;
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
