// The epochs around run_epoch: the learning-rate schedule, validation, early stopping, and when
// to offer a checkpoint or stop. Every decision that must agree across processes goes through
// the GradientSync (any()).
#include <chrono>
#include <cmath>
#include <limits>
#include <tuple>

#include "bprop/train.h"

namespace bprop {

template <typename T>
bool BasicTrainer<T>::epoch_loss_wanted(int epoch) const {
  if (epoch >= options_.epochs || options_.patience > 0 ||
      options_.schedule.kind == ScheduleKind::kPlateau ||
      observers_.on_epoch.size() > observers_.loss_wanted.size()) {
    return true;
  }
  for (const auto& wanted : observers_.loss_wanted) {
    if (wanted(epoch)) return true;
  }
  return false;
}

template <typename T>
void BasicTrainer<T>::offer_checkpoint() {
  // Every process takes part when distributed (epoch_accuracy() is a collective), also those
  // that write no checkpoint.
  if (saved_step_ == step_ || (!observers_.on_checkpoint && !distributed())) return;
  BasicTrainerState<T> saved = state();
  saved.accuracy = epoch_accuracy();
  if (observers_.on_checkpoint) observers_.on_checkpoint(saved);
  saved_step_ = step_;
}

template <typename T>
AccuracyCounts BasicTrainer<T>::epoch_accuracy() {
  AccuracyCounts counts = meter_.counts();
  if (distributed()) {  // each process counted its shares of the batches
    counts = {.correct = static_cast<int64_t>(sync_->sum(static_cast<double>(counts.correct))),
              .total = static_cast<int64_t>(sync_->sum(static_cast<double>(counts.total)))};
  }
  return {.correct = counts.correct + restored_accuracy_.correct,
          .total = counts.total + restored_accuracy_.total};
}

template <typename T>
bool BasicTrainer<T>::act_after_step(bool due, bool stop) {
  if (stop_flag_ != nullptr || options_.stop_after.every > 0) stop = agree(stop);
  if (position_ == 0) {  // the epoch's last step: its bookkeeping comes before any save
    checkpoint_at_epoch_end_ = checkpoint_at_epoch_end_ || due;
    stopping_ = stopping_ || stop;
    return true;
  }
  if (due || stop) offer_checkpoint();
  stopping_ = stopping_ || stop;
  return stop;
}

template <typename T>
bool BasicTrainer<T>::stop_due_at_epoch_end() {
  const Period& s = options_.stop_after;
  const bool stop = (s.every > 0 && (s.in_steps ? step_ : epoch_) >= s.every) || signal_pending();
  return stop_flag_ != nullptr || s.every > 0 ? agree(stop) : stop;
}

template <typename T>
void BasicTrainer<T>::finish_epoch(EpochReport& report, const Matrix* val_inputs,
                                   const Matrix* val_targets, double lr, std::size_t samples) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const AccuracyCounts counts = epoch_accuracy();
  report.epochs = options_.epochs;
  report.train_accuracy = counts.total == 0 ? kNaN : counts.rate();
  report.val_loss = report.val_accuracy = kNaN;
  report.lr = lr;
  report.samples_per_second =
      report.seconds > 0 ? static_cast<double>(samples) / report.seconds : 0.0;
  if (val_inputs != nullptr) {
    std::tie(report.val_loss, report.val_accuracy) =
        evaluate(network_, loss_, *val_inputs, *val_targets);
  }
  schedule_.observe(val_inputs != nullptr ? report.val_loss : report.train_loss);
}

template <typename T>
TrainResult BasicTrainer<T>::run(const Matrix& inputs, const Matrix& targets,
                                 const Matrix* val_inputs, const Matrix* val_targets) {
  TrainResult result{.epochs = position_ == 0 ? epoch_ : epoch_ - 1, .steps = step_};
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    const bool fresh = position_ == 0;
    if (fresh && epoch_ >= options_.epochs) break;
    const double lr = schedule_.rate(epoch_ + (fresh ? 1 : 0));
    optimizer_.set_learning_rate(lr);
    EpochReport report = run_epoch(inputs, targets);
    result.steps = step_;
    if (position_ != 0) {  // stopped mid-epoch; the checkpoint was offered there
      result.interrupted = true;
      break;
    }
    // The rate of the epoch's last step (a warm-up changes it within the epoch).
    finish_epoch(report, val_inputs, val_targets, optimizer_.learning_rate(),
                 static_cast<std::size_t>(inputs.rows()));
    result.last = report;
    result.epochs = epoch_;
    for (const auto& f : observers_.on_epoch) f(report);
    const double monitored = val_inputs != nullptr ? report.val_loss : report.train_loss;
    if (options_.patience > 0 && agree(!stopper_.update(epoch_, monitored, network_))) {
      result.stopped_early = true;
      break;
    }
    const Period& c = options_.checkpoint_every;
    const bool due = !c.in_steps && c.every > 0 && epoch_ % c.every == 0;
    stopping_ = stop_due_at_epoch_end() || stopping_;
    const bool stop_here = stopping_ && epoch_ < options_.epochs;
    if (due || checkpoint_at_epoch_end_ || stop_here) offer_checkpoint();
    checkpoint_at_epoch_end_ = false;
    if (stop_here) {
      result.interrupted = true;
      break;
    }
  }
  if (!result.interrupted) {
    offer_checkpoint();  // the final state: a later run can extend training with more epochs
    if (options_.patience > 0) {
      stopper_.restore(network_);
      result.best_epoch = stopper_.best_epoch();
    }
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  result.seconds = elapsed.count();
  return result;
}

#define BPROP_TRAIN_RUN(T)                                                                 \
  template bool BasicTrainer<T>::epoch_loss_wanted(int) const;                             \
  template void BasicTrainer<T>::offer_checkpoint();                                       \
  template bool BasicTrainer<T>::act_after_step(bool, bool);                               \
  template bool BasicTrainer<T>::stop_due_at_epoch_end();                                  \
  template void BasicTrainer<T>::finish_epoch(EpochReport&, const BasicMatrix<T>*,         \
                                              const BasicMatrix<T>*, double, std::size_t); \
  template TrainResult BasicTrainer<T>::run(const BasicMatrix<T>&, const BasicMatrix<T>&,  \
                                            const BasicMatrix<T>*, const BasicMatrix<T>*);
BPROP_TRAIN_RUN(float)
BPROP_TRAIN_RUN(double)
#undef BPROP_TRAIN_RUN

}  // namespace bprop
