// The record of one training run: what was trained (TrainingConfig), what happened each epoch
// (EpochMetrics) and what came out (FinalSummary). The JSON-lines training log stores exactly these
// (see training_log.h for the schema) and the HTML report draws them, so a report can be rebuilt
// from a saved log alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bprop/data/dataset.h"
#include "bprop/loss.h"
#include "bprop/matrix.h"
#include "bprop/network.h"
#include "bprop/registry.h"

namespace bprop {

struct TrainingConfig {
  std::string command_line = {};         // as typed, for reproducing the run
  std::string network = {};              // Network::describe()
  std::vector<std::string> layers = {};  // each layer's spec(), in order
  int input_width = 0;
  std::size_t parameter_count = 0;
  std::string loss = {};  // "bce", "softmax-ce", "mse"
  OptimizerConfig optimizer = {};
  int epochs = 0;
  int batch_size = 0;
  uint64_t seed = 0;
  std::string dataset = {};
  int train_size = 0;
  int val_size = 0;  // 0: no validation set
  std::vector<std::string> class_names = {};
};

// Fills network, layers, input_width and parameter_count from a built network.
void describe_network(const Network& network, TrainingConfig& config);

// One layer's gradient flow in one epoch (see gradient_trace.h). `layer` names it
// "<index>:<spec>", e.g. "0:dense:8"; only layers with parameters appear.
struct LayerTrace {
  std::string layer = {};
  double grad_norm = 0.0;  // mean over the epoch's steps of ‖dL/dθ‖₂ over the layer's params
  double update_ratio = 0.0;  // mean over the epoch's steps of ‖Δθ‖₂ / ‖θ‖₂
};

struct EpochMetrics {
  int epoch = 0;  // 1-based
  double train_loss = 0.0;
  std::optional<double> train_accuracy = {};  // classification only
  std::optional<double> val_loss = {};        // only with a validation set
  std::optional<double> val_accuracy = {};
  double learning_rate = 0.0;
  double seconds = 0.0;
  double samples_per_second = 0.0;
  std::vector<LayerTrace> layers = {};  // empty when gradients were not traced
};

struct LayerSummary {
  int index = 0;
  std::string spec = {};  // "dense:8"
  std::string type = {};  // "dense"
  int input_width = 0;
  int output_width = 0;
  std::size_t parameter_count = 0;
  struct Tensor {
    std::string name = {};  // "weight" (out × in) or "bias" (1 × out)
    Matrix value = {};
  };
  std::vector<Tensor> parameters = {};  // filled only for small networks
};

// Predicted outputs over a grid covering 2-D inputs: values[(iy * nx + ix) * outputs + k] is
// output k (after the loss's output map: a probability for bce/softmax-ce) at the centre of cell
// (ix, iy); iy = 0 is the bottom row (y_min).
struct DecisionGrid {
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
  int nx = 0, ny = 0, outputs = 0;
  std::vector<float> values = {};
};

struct PointSample {
  std::vector<float> x = {}, y = {};
  std::vector<float> label = {};  // class index for classification, else the first target
  int total = 0;                  // rows in the data set this sample was taken from
};

struct Confusion {
  std::string on = {};  // "training" or "validation"
  std::vector<std::string> class_names = {};
  std::vector<int64_t> counts = {};  // counts[true * classes + predicted]
};

// Regression runs: how the predictions match the targets (first output) on the training (or
// validation) data, with a sample of points for the predicted-vs-actual scatter.
struct RegressionFit {
  std::string on = {};  // "training" or "validation"
  double rmse = 0.0, mae = 0.0, r2 = 0.0;
  std::vector<float> actual = {}, predicted = {};  // up to FinalOptions::max_points rows
};

struct FinalSummary {
  std::string network = {};
  int input_width = 0;
  std::size_t parameter_count = 0;
  std::string loss = {};
  int classes = 0;  // 0: not classification
  std::vector<LayerSummary> layers = {};
  bool weights_included = false;
  double train_loss = 0.0;
  std::optional<double> train_accuracy = {}, val_loss = {}, val_accuracy = {};
  std::vector<std::string> feature_names = {};
  std::optional<DecisionGrid> boundary = {};     // 2-D inputs only
  PointSample points = {};                       // 2-D inputs only
  std::optional<Confusion> confusion = {};       // classification only
  std::optional<RegressionFit> regression = {};  // mse only
};

struct FinalOptions {
  std::size_t max_weight_parameters = 5000;  // store all weights up to this many parameters
  int grid_size = 80;                        // decision-boundary cells per axis
  int max_points = 1000;                     // training points kept for the plot
  double padding = 0.15;                     // grid margin, as a fraction of the data's range
  // The scaling the inputs went through, x' = (x - offset) * scale (a Preprocessor's): with one
  // entry per input of a 2-input network, the decision boundary's grid and points are given in
  // the data's own units, under the feature names, instead of the scaled ones. Empty: unscaled.
  std::vector<float> input_offset = {}, input_scale = {};
};

// Evaluates the trained network on the training (and, when non-empty, validation) data and
// gathers everything the report draws. `validation` may be null.
FinalSummary summarize_final(const Network& network, Loss& loss, const Dataset& train,
                             const Dataset* validation, const FinalOptions& options = {});

// A whole run, as the HTML report receives it.
struct RunRecord {
  TrainingConfig config;
  std::vector<EpochMetrics> epochs = {};
  std::optional<FinalSummary> final =
      {};  // absent when the run stopped early (a crash, divergence)
};

}  // namespace bprop
