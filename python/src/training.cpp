// Training from Python: one call into the library's Trainer, the loop the CLI uses (with its
// validation and early stopping), with the GIL released. Ctrl-C: on the main thread the library's
// stop handlers replace Python's for the call, the Trainer stops after the step during which the
// signal arrived, and KeyboardInterrupt is raised with the weights after that step.
#include <algorithm>
#include <cstring>
#include <mutex>
#include <numeric>
#include <optional>

#include "bprop/losses/sample_weighted.h"
#include "bprop/threads.h"
#include "bprop/train.h"
#include "bprop/training/stop_signal.h"
#include "model.h"

namespace bprop::python {

namespace {
// The rows' order sorted by their contents (inputs, then targets): the order the first epoch's
// shuffle starts from. A shuffled fit therefore depends on the set of rows, not on how they were
// listed, which makes a zero sample weight exactly equivalent to leaving the row out
// (docs/python.md). Without shuffling the rows are visited in the order given, as scikit-learn's.
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

namespace {

// The library's SIGINT/SIGTERM handlers for the duration of a call (on the main thread only:
// there Python's own handler would otherwise only run after the call).
class StopHandlers {
 public:
  explicit StopHandlers(bool active) : active_(active) {
    if (active_) install_stop_handlers();
  }
  ~StopHandlers() {
    if (active_) remove_stop_handlers();
  }
  StopHandlers(const StopHandlers&) = delete;
  StopHandlers& operator=(const StopHandlers&) = delete;

 private:
  bool active_;
};

}  // namespace

int ModelHandle::train(const py::array& inputs, const py::array& targets,
                       const py::object& val_inputs, const py::object& val_targets,
                       const TrainRequest& request) {
  const Matrix x = view_of(inputs, "train inputs");
  const Matrix y = view_of(targets, "train targets");
  const bool validate = !val_inputs.is_none();
  const Matrix vx = validate ? view_of(val_inputs, "validation inputs") : Matrix();
  const Matrix vy = validate ? view_of(val_targets, "validation targets") : Matrix();
  const py::module_ threading = py::module_::import("threading");
  const bool main_thread = threading.attr("current_thread")().is(threading.attr("main_thread")());
  TrainResult result;
  {
    py::gil_scoped_release release;
    std::unique_lock lock(mutex_);
    if (request.threads > 0) set_num_threads(request.threads);
    // Training changes the float weights an int8 network (bprop quantize) was made from: it would
    // predict from stale weights, so it goes; quantize the trained model again to get one back.
    model_.quantization.reset();
    const bool scaled = model_.preprocessor.scaling() != Scaling::kNone;
    // Scaling needs one transformed copy; without it training reads the caller's array.
    const Matrix scaled_x = scaled ? model_.preprocessor.applied(x) : Matrix();
    const Matrix scaled_vx = scaled && validate ? model_.preprocessor.applied(vx) : Matrix();
    const Matrix& train_x = scaled ? scaled_x : x;

    const std::unique_ptr<Loss> inner = make_loss<float>(model_.loss);
    std::optional<SampleWeighted<float>> weighted;
    if (request.weighted) weighted.emplace(*inner);
    Loss& loss = request.weighted ? static_cast<Loss&>(*weighted) : *inner;

    const TrainOptions options{.epochs = request.epochs,
                               .batch_size = request.batch_size,
                               .shuffle = request.shuffle,
                               .seed = request.seed,
                               .patience = request.patience,
                               .min_delta = request.min_delta,
                               .running_best = request.running_best,
                               .stop_on_signal = main_thread,
                               .count_accuracy = false};  // no estimator reads it
    TrainObservers observers;
    observers.on_epoch.emplace_back([&](const EpochReport& report) {
      loss_curve_.push_back(report.train_loss);
      if (validate) val_curve_.push_back(report.val_loss);
      ++epochs_trained_;
    });
    Trainer trainer(model_.network, loss, optimizer_for(request.optimizer), options,
                    std::move(observers));
    // The first shuffle starts from the canonical order (see canonical_order); without shuffling
    // every epoch visits the rows as given.
    std::vector<int> order(static_cast<std::size_t>(train_x.rows()));
    if (request.shuffle) {
      order = canonical_order(train_x, y);
    } else {
      std::iota(order.begin(), order.end(), 0);
    }
    trainer.restore({.rng = Rng(request.seed).state(), .order = std::move(order)});
    const StopHandlers handlers(main_thread);
    result = trainer.run(train_x, y, validate ? (scaled ? &scaled_vx : &vx) : nullptr,
                         validate ? &vy : nullptr);
    best_epoch_ = result.best_epoch;
    stopped_early_ = result.stopped_early;
  }
  if (result.interrupted) {
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
  return result.epochs;
}

}  // namespace bprop::python
