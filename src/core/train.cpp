// The training loop's heart: one batch (train_batch) and one epoch of batches (run_epoch). The
// epochs around them, with their bookkeeping, are in train_run.cpp.
#include "bprop/train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <utility>

#include "bprop/errors.h"
#include "bprop/training/divergence.h"
#include "core/gather_rows.h"
#include "kernels/blas_backend.h"

namespace bprop {

template <typename T>
BasicTrainer<T>::BasicTrainer(BasicNetwork<T>& network, BasicLoss<T>& loss,
                              BasicOptimizer<T>& optimizer, const TrainOptions& options,
                              BasicTrainObservers<T> observers)
    : network_(network),
      loss_(loss),
      meter_(loss),
      optimizer_(optimizer),
      options_(options),
      observers_(std::move(observers)),
      schedule_([&] {
        ScheduleOptions s = options.schedule;
        if (s.base_lr == 0.0) s.base_lr = optimizer.learning_rate();
        return s;
      }()),
      stopper_(options.patience, options.min_delta,
               options.running_best ? EarlyStopping<T>::Reference::kRunningBest
                                    : EarlyStopping<T>::Reference::kLastImprovement),
      rng_(options.seed),
      stop_flag_(options.stop_on_signal ? stop_flag() : nullptr) {
  if (options.batch_size <= 0) {
    throw ConfigError("train: batch size must be > 0, got " + std::to_string(options.batch_size));
  }
  if (options.epochs < 0) throw ConfigError("train: epochs must be >= 0");
  meter_.set_counting(options.count_accuracy);
}

using detail::gather_rows;

// The notebook's four calls on this process's share of the batch (all of it in one process), and
// the seam where a data-parallel run agrees on the gradient. Returns the whole batch's loss sum.
template <typename T>
double BasicTrainer<T>::train_batch(const Matrix& inputs, const Matrix& targets, std::size_t begin,
                                    std::size_t end) {
  if (sync_->ordered()) return train_batch_ordered(inputs, targets, begin, end);
  const RowRange mine = distributed() ? sync_->share({begin, end}) : RowRange{begin, end};
  gather_rows(inputs, order_, mine.begin, mine.end, batch_inputs_);
  gather_rows(targets, order_, mine.begin, mine.end, batch_targets_);
  // The step's GEMMs hold signals once (blas_backend.h); never around a run's collectives.
  std::optional<kernels::detail::SignalsHeldAcrossCalls> signals_held;
  if (!distributed()) signals_held.emplace();
  const T loss =
      mine.size() == 0 ? T(0) : meter_.forward(network_.forward(batch_inputs_), batch_targets_);
  const double own_sum = static_cast<double>(loss) * static_cast<double>(mine.size());
  // Any process's non-finite loss makes the sum non-finite: one collective decides divergence.
  const double loss_sum = distributed() ? sync_->sum(own_sum) : own_sum;
  if (!std::isfinite(loss_sum)) {
    const std::string where = locate_nonfinite_activation(network_, batch_inputs_);
    const double shown = std::isfinite(loss) ? loss_sum : static_cast<double>(loss);
    diverged("loss is " + std::to_string(shown), where.empty() ? "the loss" : where, begin, end);
  }
  if (mine.size() == 0) {
    std::ranges::fill(network_.gradient_arena(), T(0));
  } else {
    network_.backward(meter_.backward());
  }
  signals_held.reset();  // before the step's observers run
  if (distributed()) sync_->reduce(network_.gradient_arena(), static_cast<int>(mine.size()));
  apply_step(begin, end);
  return loss_sum;
}

// Ordered reduction (ordered_sync.h): each of this process's chunks through its own forward and
// backward, then every process adds all chunks' gradients in chunk order. Returns the whole
// batch's loss sum.
template <typename T>
double BasicTrainer<T>::train_batch_ordered(const Matrix& inputs, const Matrix& targets,
                                            std::size_t begin, std::size_t end) {
  RowRange nonfinite{};  // the first own chunk whose loss is not finite
  for (const RowRange chunk : sync_->own_chunks({begin, end})) {
    gather_rows(inputs, order_, chunk.begin, chunk.end, batch_inputs_);
    gather_rows(targets, order_, chunk.begin, chunk.end, batch_targets_);
    const T loss = meter_.forward(network_.forward(batch_inputs_), batch_targets_);
    const double loss_sum = static_cast<double>(loss) * static_cast<double>(chunk.size());
    if (std::isfinite(loss_sum)) {
      network_.backward(meter_.backward());
    } else if (nonfinite.size() == 0) {
      nonfinite = chunk;  // its gradient is not computed: every process stops below
    }
    sync_->keep_chunk(std::as_const(network_).gradient_arena(), chunk.size(), loss_sum);
  }
  const double loss_sum = sync_->combine_chunks(network_.gradient_arena());
  if (!std::isfinite(loss_sum)) {
    gather_rows(inputs, order_, nonfinite.begin, nonfinite.end, batch_inputs_);
    const std::string where =
        nonfinite.size() == 0 ? "" : locate_nonfinite_activation(network_, batch_inputs_);
    diverged("loss is " + std::to_string(loss_sum), where.empty() ? "the loss" : where, begin, end);
  }
  apply_step(begin, end);
  return loss_sum;
}

// The gradient of rows [begin, end) is agreed: check it and take the optimizer step.
template <typename T>
void BasicTrainer<T>::apply_step(std::size_t begin, std::size_t end) {
  if (!gradients_finite()) {
    diverged("a gradient is non-finite", locate_nonfinite_gradient(network_), begin, end);
  }
  if (options_.schedule.warmup_epochs > 0) {  // the warm-up sets the rate step by step
    const auto batch = static_cast<int64_t>(options_.batch_size);
    const auto per_epoch = (static_cast<int64_t>(order_.size()) + batch - 1) / batch;
    optimizer_.set_learning_rate(schedule_.warmup_rate(epoch_, step_, per_epoch));
  }
  ++step_;
  notify_step(begin);
  network_.step(optimizer_);
}

template <typename T>
void BasicTrainer<T>::notify_step(std::size_t begin) const {
  const auto batch = static_cast<std::size_t>(options_.batch_size);
  const auto per_epoch = static_cast<int64_t>((order_.size() + batch - 1) / batch);
  const auto done = static_cast<int64_t>(begin / batch) + 1;
  for (const auto& f : observers_.on_step) f(epoch_, done, per_epoch);
}

template <typename T>
bool BasicTrainer<T>::gradients_finite() const {
  return all_finite<T>(std::as_const(network_).gradient_arena());
}

template <typename T>
void BasicTrainer<T>::diverged(const std::string& what, const std::string& where, std::size_t begin,
                               std::size_t end) const {
  const int64_t step = step_ + 1;  // the step that was not applied
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
void BasicTrainer<T>::begin_epoch(std::size_t n) {
  if (position_ == 0) {  // a new epoch; otherwise continue a restored or stopped one
    if (order_.size() != n) {
      order_.resize(n);
      std::iota(order_.begin(), order_.end(), 0);
    }
    if (options_.shuffle && options_.shuffle_block_rows > 0) {
      rng_.shuffle_in_blocks(order_, static_cast<std::size_t>(options_.shuffle_block_rows),
                             kShuffleWindowBlocks);
    } else if (options_.shuffle) {
      rng_.shuffle(order_);
    }
    ++epoch_;
    epoch_loss_sum_ = 0.0;
    meter_.reset();
    restored_accuracy_ = {};
  } else if (order_.size() != n || position_ >= n) {
    throw ShapeError("train: the restored state is for " + std::to_string(order_.size()) +
                     " samples at position " + std::to_string(position_) + ", the data has " +
                     std::to_string(n));
  }
  loss_wanted_ = epoch_loss_wanted(epoch_);
}

template <typename T>
EpochReport BasicTrainer<T>::run_epoch(const Matrix& inputs, const Matrix& targets) {
  if (inputs.rows() != targets.rows()) {
    throw ShapeError("train: " + std::to_string(inputs.rows()) + " input rows but " +
                     std::to_string(targets.rows()) + " target rows");
  }
  const bool timed = untimed_epochs_ == 0;
  const auto start =
      timed ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
  const std::size_t n = static_cast<std::size_t>(inputs.rows());
  const std::size_t batch = static_cast<std::size_t>(options_.batch_size);
  begin_epoch(n);
  used_small_net_ = options_.batch_size == 1 && sync_->is_identity() &&
                    options_.schedule.warmup_epochs == 0 &&
                    small_net_.bind(network_, meter_, optimizer_, inputs.cols(), targets.cols());
  // When the fast path stops at a sample it cannot take, the layers redo that sample and go on.
  const bool fast = used_small_net_ && run_small_net_steps(inputs, targets);
  if (!fast) network_.set_training(true);
  const bool hooks = step_hooks();
  for (std::size_t begin = position_; !fast && begin < n; begin += batch) {
    const std::size_t end = std::min(n, begin + batch);
    epoch_loss_sum_ += train_batch(inputs, targets, begin, end);
    position_ = end < n ? end : 0;
    if (hooks && after_step()) break;
  }
  if (!fast) network_.set_training(false);
  if (timed) {
    last_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (last_seconds_ < kTimeEveryEpochFrom) {
      untimed_epochs_ = static_cast<int>(std::min(1000.0, kTimeEveryEpochFrom / last_seconds_));
    }
  } else {
    --untimed_epochs_;
  }
  const double loss = n == 0 ? 0.0 : epoch_loss_sum_ / static_cast<double>(n);
  return {.epoch = epoch_, .train_loss = loss, .seconds = last_seconds_, .steps = step_};
}

template <typename T>
BasicTrainerState<T> BasicTrainer<T>::state() const {
  return {.epoch = epoch_,
          .step = step_,
          .rng = rng_.state(),
          .order = order_,
          .position = static_cast<uint64_t>(position_),
          .epoch_loss_sum = epoch_loss_sum_,
          .schedule = schedule_.state(),
          .stopping = stopper_.state(),
          .accuracy = {.correct = meter_.counts().correct + restored_accuracy_.correct,
                       .total = meter_.counts().total + restored_accuracy_.total}};
}

template <typename T>
void BasicTrainer<T>::restore(const BasicTrainerState<T>& state) {
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
  schedule_.set_state(state.schedule);
  stopper_.set_state(state.stopping);
  meter_.reset();
  restored_accuracy_ = state.accuracy;
  saved_step_ = step_;  // that state is on disk already
}

template class BasicTrainer<float>;
template class BasicTrainer<double>;

}  // namespace bprop
