// What the export tests share: models on generated data for every activation, loss and scaling;
// the data written for `bprop predict` (CSV) and for ONNX Runtime or C (raw float32); reading
// `bprop predict`'s CSV back; and the agreement figures between two sets of outputs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bprop/io/model_file.h"

namespace bprop::testing {

// A model on generated data with its inputs: `rows` x 6 features in units far from [0, 1]
// (offsets and spreads differ per column), so the preprocessing matters.
struct ExportCase {
  std::string name;
  Model model;
  Matrix inputs;    // what the exports take
  std::string csv;  // when not empty, the CSV `bprop predict` reads for the same rows
};
// layers: the --layers spec; loss: mse, bce or softmax-ce; outputs: the last layer's width.
ExportCase make_export_case(const std::string& name, const std::string& layers,
                            const std::string& loss, Scaling scaling, int rows = 1000);
// A model with a tabular encoding (issue 11): columns size (a number, some cells NA), color
// (red/blue/green; some '?', an unseen 'purple' in test rows), x and y (some empty). `csv` holds
// 300 such test rows as text; `inputs` the same rows encoded (one-hot, NaN where missing).
// The case's rows as `bprop predict` reads them: its `csv`, else `inputs` under the feature names.
void write_case_csv(const std::string& path, const ExportCase& c);
ExportCase make_tabular_export_case(const std::string& name, const std::string& layers,
                                    const std::string& loss);
// One case per activation kind, loss and scaling, and a regression (docs/export.md lists them).
std::vector<ExportCase> all_export_cases();
// all_export_cases() and two tabular models (a classifier and a regression). The int8 quantizer
// takes the encoded vectors without NaN only: quantize a tabular case on its `csv` text.
std::vector<ExportCase> float_export_cases();

// The bound is 1e-6 everywhere but in one place: the 784-256-128-10 net's float32 ONNX
// graph, whose sums ONNX Runtime rounds in its own order; on its worst row that alone is ~1.1e-6
// from the exact value, where bprop's own rounding is ~0.5e-6 (docs/export.md has the figures).
// This bound is the measured worst case rounded up, so a real divergence still fails; the same
// net's float64 graph and C source are held to 1e-6.
inline constexpr double kFashionTolerance = 1.5e-6;

// A 784-256-128-10 ReLU net trained for one epoch on the first 10,000 Fashion-MNIST training
// images (seconds), saved as dir/fmnist.bprop. Without the dataset: nothing, and `why` says so.
struct FashionCase {
  Model model;
  Matrix test_inputs;  // all 10,000 test images, pixels in [0, 1]
  std::string dir;     // a fresh temporary folder holding fmnist.bprop
};
std::optional<FashionCase> train_fashion_mnist_briefly(std::string& why);

// Shortest round-trip decimal text, so `bprop predict` reads exactly `inputs`.
void write_csv(const std::string& path, const Matrix& inputs,
               const std::vector<std::string>& names);
void write_raw_floats(const std::string& path, const Matrix& inputs);
std::string read_text(const std::string& path);  // the whole file, "" when unreadable
std::vector<float> read_raw_floats(const std::string& path);
std::vector<int64_t> read_raw_int64(const std::string& path);

// `bprop predict`'s CSV: the class column (classifiers; empty otherwise) and the numbers.
struct PredictCsv {
  std::vector<std::string> classes;
  Matrix values;
};
PredictCsv read_predict_csv(const std::string& path, bool classifier);

struct Agreement {
  double max_abs_diff = 0.0;
  int label_mismatches = 0;     // labels that differ where the top-2 gap is >= 1e-6
  int near_ties_differing = 0;  // labels that differ where the top-2 gap is < 1e-6 (allowed)
};
// Compares `got` (row-major, same shape as want) and, for classifiers, the labels: `got_labels`
// against the class index `want_classes` names in `class_names`.
Agreement compare_outputs(const Matrix& want, const std::vector<float>& got);
void compare_labels(Agreement& agreement, const PredictCsv& want,
                    const std::vector<std::string>& class_names,
                    const std::vector<int64_t>& got_labels);

// The tool's path when usable, or "" with `why` set: tests skip with that message.
std::string python_with_onnx(std::string& why);
std::string onnxruntime_runner(std::string& why);  // "node <path of run_onnx.js>"

}  // namespace bprop::testing
