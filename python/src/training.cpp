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

// scikit-learn's validation score of outputs against targets (column 0; a last column of sample
// weights when `weighted`): the accuracy of a classifier (softmax-ce: the largest output; bce: the
// output above 0, its probability above 1/2), R² averaged over the outputs for a regressor (mse;
// r2_score's rules: 1 where a target column is constant and predicted exactly, else 0 there).
// Weighted as score(X, y, sample_weight) weights it.
double validation_score(const std::string& loss, const Matrix& outputs, const Matrix& targets,
                        bool weighted) {
  const int rows = outputs.rows();
  const int cols = outputs.cols();
  const auto weight = [&](int r) {
    return weighted ? static_cast<double>(targets(r, targets.cols() - 1)) : 1.0;
  };
  double total = 0.0;
  for (int r = 0; r < rows; ++r) total += weight(r);
  if (loss != "mse") {
    double correct = 0.0;
    for (int r = 0; r < rows; ++r) {
      const float* o = outputs.row(r);
      const int predicted =
          cols == 1 ? (o[0] > 0.0F ? 1 : 0) : static_cast<int>(std::max_element(o, o + cols) - o);
      if (predicted == static_cast<int>(targets(r, 0))) correct += weight(r);
    }
    return correct / total;
  }
  double sum_r2 = 0.0;
  for (int c = 0; c < cols; ++c) {
    double mean = 0.0;
    for (int r = 0; r < rows; ++r) mean += weight(r) * targets(r, c);
    mean /= total;
    double residual = 0.0;
    double spread = 0.0;
    for (int r = 0; r < rows; ++r) {
      const double t = targets(r, c);
      residual += weight(r) * (t - outputs(r, c)) * (t - outputs(r, c));
      spread += weight(r) * (t - mean) * (t - mean);
    }
    sum_r2 += spread > 0.0 ? 1.0 - residual / spread : (residual == 0.0 ? 1.0 : 0.0);
  }
  return sum_r2 / cols;
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
      if (validate) {
        val_curve_.push_back(report.val_loss);
        // One more pass over the validation rows for the score (raw outputs: the same argmax,
        // and mse's outputs are the predictions).
        val_scores_.push_back(validation_score(
            model_.loss, model_.network.predict(scaled ? scaled_vx : vx), vy, request.weighted));
      }
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
