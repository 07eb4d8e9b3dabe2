// Training from Python: one call into the library's Trainer, the loop the CLI uses, with the GIL
// released. Python signals are polled (with the GIL taken back for the moment) every few steps
// and at each epoch's end, so Ctrl-C stops training after a complete step.
#include <algorithm>
#include <cstring>
#include <mutex>
#include <numeric>
#include <optional>

#include "bprop/early_stopping.h"
#include "bprop/losses/sample_weighted.h"
#include "bprop/threads.h"
#include "bprop/train.h"
#include "model.h"

namespace bprop::python {

namespace {

// Steps between two polls of Python's signal flag; a poll takes the GIL, ~1 µs uncontended.
constexpr int64_t kSignalPollSteps = 32;

// The rows' order sorted by their contents (inputs, then targets): the order the first epoch's
// shuffle starts from. A fit therefore depends on the set of rows, not on how they were listed,
// which makes a zero sample weight exactly equivalent to leaving the row out (docs/python.md).
std::vector<int> canonical_order(const Matrix& inputs, const Matrix& targets) {
  std::vector<int> order(static_cast<std::size_t>(inputs.rows()));
  std::iota(order.begin(), order.end(), 0);
  const auto less = [](const float* a, const float* b, int n) {
    return std::lexicographical_compare(a, a + n, b, b + n);
  };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    if (less(inputs.row(a), inputs.row(b), inputs.cols())) return true;
    if (less(inputs.row(b), inputs.row(a), inputs.cols())) return false;
    return less(targets.row(a), targets.row(b), targets.cols());
  });
  return order;
}

// Polls Python's signal handlers; on an exception (KeyboardInterrupt) keeps it to raise later.
bool python_signal_raised(std::optional<py::error_already_set>& raised) {
  py::gil_scoped_acquire acquire;
  if (PyErr_CheckSignals() == 0) return false;
  raised.emplace();  // takes the pending Python exception
  return true;
}

}  // namespace

Optimizer& ModelHandle::optimizer_for(const OptimizerConfig& config) {
  // Kept between calls (partial_fit continues with the optimizer's state), unless it changed.
  const OptimizerConfig& o = optimizer_config_;
  const bool same = optimizer_ && o.name == config.name && o.momentum == config.momentum &&
                    o.nesterov == config.nesterov && o.weight_decay == config.weight_decay &&
                    o.beta1 == config.beta1 && o.beta2 == config.beta2 &&
                    o.epsilon == config.epsilon;
  if (!same) optimizer_ = make_optimizer<float>(config);
  optimizer_config_ = config;
  optimizer_->set_learning_rate(config.learning_rate);
  return *optimizer_;
}

int ModelHandle::train(const py::array& inputs, const py::array& targets,
                       const py::object& val_inputs, const py::object& val_targets,
                       const TrainRequest& request) {
  const Matrix x = view_of(inputs, "train inputs");
  const Matrix y = view_of(targets, "train targets");
  const bool validate = !val_inputs.is_none();
  const Matrix vx = validate ? view_of(val_inputs, "validation inputs") : Matrix();
  const Matrix vy = validate ? view_of(val_targets, "validation targets") : Matrix();
  std::optional<py::error_already_set> raised;
  int epochs = 0;
  {
    py::gil_scoped_release release;
    std::unique_lock lock(mutex_);
    if (request.threads > 0) set_num_threads(request.threads);
    const bool scaled = model_.preprocessor.scaling() != Scaling::kNone;
    // Scaling needs one transformed copy; without it training reads the caller's array.
    const Matrix scaled_x = scaled ? model_.preprocessor.applied(x) : Matrix();
    const Matrix scaled_vx = scaled && validate ? model_.preprocessor.applied(vx) : Matrix();
    const Matrix& train_x = scaled ? scaled_x : x;
    const Matrix& check_x = scaled ? scaled_vx : vx;

    const std::unique_ptr<Loss> inner = make_loss<float>(model_.loss);
    std::optional<SampleWeighted<float>> weighted;
    if (request.weighted) weighted.emplace(*inner);
    Loss& loss = request.weighted ? static_cast<Loss&>(*weighted) : *inner;

    EarlyStopping<float> stopping(request.patience, request.min_delta);
    const int first_epoch = static_cast<int>(loss_curve_.size());
    TrainOptions options{.epochs = request.epochs,
                         .batch_size = request.batch_size,
                         .shuffle = request.shuffle,
                         .seed = request.seed};
    options.on_epoch = [&](const EpochReport& report) {
      loss_curve_.push_back(report.loss);
      double monitored = report.loss;
      if (validate) {
        monitored = evaluate_loss(model_.network, *inner, check_x, vy);
        val_curve_.push_back(monitored);
      }
      const bool go_on = request.patience <= 0 ||
                         stopping.update(first_epoch + report.epoch, monitored, model_.network);
      stopped_early_ = !go_on;
      return go_on && !python_signal_raised(raised);
    };
    options.after_step_every = kSignalPollSteps;
    options.after_step = [&](int64_t) { return !python_signal_raised(raised); };

    Trainer<float> trainer(model_.network, loss, optimizer_for(request.optimizer), options);
    // The first shuffle starts from the canonical order (see canonical_order).
    trainer.restore({.rng = Rng(request.seed).state(), .order = canonical_order(train_x, y)});
    epochs = trainer.run(train_x, y).epochs;
    if (request.patience > 0 && !raised && stopping.best_epoch() > 0) {
      stopping.restore(model_.network);
      best_epoch_ = stopping.best_epoch();
    }
  }
  if (raised) throw std::move(*raised);
  return epochs;
}

}  // namespace bprop::python
