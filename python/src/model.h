// The state behind one Python estimator: a bprop::Model (network, loss, preprocessing, names, as
// the CLI saves it) plus what continuing training needs (the optimizer, the epoch count and the
// loss curves so far). The Python classes in python/bprop/ hold one of these.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <atomic>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "bprop/io/model_file.h"
#include "bprop/optimizer.h"
#include "bprop/registry.h"

namespace bprop::python {

namespace py = pybind11;

// A Matrix view of a 2-D C-contiguous float32 NumPy array: no copy. Anything else is a TypeError:
// the Python side converts other dtypes and layouts once, before calling (python/bprop/_data.py).
Matrix view_of(const py::array& array, const char* what);

struct TrainRequest {
  int epochs = 1;
  int batch_size = 200;
  bool shuffle = true;
  uint64_t seed = 0;
  int patience = 0;           // > 0: early stopping on the validation (else training) loss
  double min_delta = 0.0;     // what counts as an improvement
  bool running_best = false;  // scikit-learn's tol rule (TrainOptions::running_best)
  int threads = 0;            // GEMM threads (bprop/threads.h); 0: the library's default
  bool weighted = false;  // the targets' last column is a sample weight (losses/sample_weighted.h)
  OptimizerConfig optimizer;
};

// Rows given as cells, one column (a list of texts, or an array of numbers: cells.h) per column
// of `encoding`, encoded as `bprop predict` encodes a file with these cells (under `guard`,
// read-locked with the GIL released, when given). Returns (inputs, what the encoding did, the
// number of unseen categories, the number of missing cells filled).
py::tuple encode_cells(const TabularEncoding& encoding, const py::list& columns,
                       const std::string& name, std::shared_mutex* guard = nullptr);

class ModelHandle {
 public:
  // A new network: input_width -> layers (registry spec, e.g. "100,relu,3"), initialized from
  // seed by the scheme `init` (bprop/init.h), read through `loss` ("mse", "softmax-ce", ...).
  ModelHandle(int input_width, const std::string& layers, const std::string& loss, uint64_t seed,
              const std::string& init);
  explicit ModelHandle(Model model) : model_(std::move(model)) {}

  static std::unique_ptr<ModelHandle> from_bytes(const py::bytes& bytes, const std::string& name);
  py::bytes to_bytes() const;
  // The optimizer slots of every parameter (Adam's moments and step counts, SGD's velocity) as a
  // checkpoint's checksummed bytes, which the model file does not hold; put back after
  // from_bytes, partial_fit continues them instead of starting afresh (pickling).
  py::bytes optimizer_state() const;
  void set_optimizer_state(const py::bytes& bytes, const std::string& name);
  void save(const std::string& path) const;
  void export_onnx(const std::string& path, int opset, bool float64) const;

  // Fits the input scaling ("none", "standardize", "minmax") on `inputs`.
  void fit_scaling(const py::array& inputs, const std::string& scaling);
  // Trains on (inputs, targets) (and validates on the optional pair); returns the number of
  // epochs run. On the main thread, SIGINT stops training after the step during which it arrived
  // and raises KeyboardInterrupt; the weights are then those after that step.
  int train(const py::array& inputs, const py::array& targets, const py::object& val_inputs,
            const py::object& val_targets, const TrainRequest& request);
  // What a user reads: probabilities (softmax-ce, bce) or values (mse), one row per input row.
  py::array_t<float> predict(const py::array& inputs) const;
  // A model trained on a CSV file with missing cells or text columns carries its tabular encoding
  // (bprop/data/tabular.h): the training file's feature columns (empty without one), and the
  // network's inputs for rows given as cell texts, one list per such column, encoded exactly as
  // `bprop predict` encodes a file with these cells. Returns (inputs, what the encoding did, the
  // number of unseen categories, the number of missing cells filled).
  std::vector<std::string> tabular_columns() const;
  py::tuple encode_tabular(const py::list& columns, const std::string& name) const;
  // [(W, b), ...] per Dense layer, W as (inputs x outputs) like scikit-learn's coefs_.
  py::list dense_parameters() const;
  // Sets them, in the same form, for a network whose parameters are those of its Dense layers
  // (the estimators draw the initial weights as scikit-learn does). ValueError for a shape that
  // differs.
  void set_dense_parameters(const py::list& parameters);

  Model& model() { return model_; }
  const Model& model() const { return model_; }
  const std::vector<double>& loss_curve() const { return loss_curve_; }
  const std::vector<double>& validation_loss_curve() const { return val_curve_; }
  // scikit-learn's validation score per epoch: accuracy (classifier) or R² (regressor).
  const std::vector<double>& validation_scores() const { return val_scores_; }
  // Epochs this handle has trained, counted as each ends: safe to read from another thread while
  // train() runs (it takes no lock), so a caller can wait for training to be under way.
  int epochs_trained() const { return epochs_trained_.load(); }
  int best_epoch() const { return best_epoch_; }
  bool stopped_early() const { return stopped_early_; }

 private:
  Optimizer& optimizer_for(const OptimizerConfig& config);

  Model model_;
  std::unique_ptr<Optimizer> optimizer_;  // kept between train() calls (partial_fit)
  OptimizerConfig optimizer_config_;
  std::vector<double> loss_curve_, val_curve_, val_scores_;
  std::atomic<int> epochs_trained_{0};
  int best_epoch_ = 0;
  bool stopped_early_ = false;
  // Training takes it exclusively, prediction shared. Always taken with the GIL released.
  mutable std::shared_mutex mutex_;
};

}  // namespace bprop::python
