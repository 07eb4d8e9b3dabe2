// What evaluate and predict share: the data-file flags, loading data for a model (its class
// names, input width and target columns decide how the CSV is read), and applying the model.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "bprop/data/dataset.h"
#include "bprop/io/model_file.h"
#include "data_input.h"

namespace bprop::cli {

struct ModelDataArgs {
  std::string model;
  std::string data;
  std::string labels;  // IDX: the labels file paired with --data images
  std::string target;  // CSV: the target column (name or 0-based index); default: the model's
  CsvFormatArgs csv;
  bool allow_nonfinite = false;
};

// Adds --model, --data, --labels, --target, --header, --delimiter (and --allow-nonfinite when
// `inference`).
void add_model_data_flags(CLI::App& cmd, ModelDataArgs& args, bool inference);

// Adds --chunk: how much input predict and evaluate read at a time ("16M"); memory is bounded by
// it, and the results do not depend on it.
void add_chunk_flag(CLI::App& cmd, std::string& chunk);

// How a CSV is read for `model` (its features, target, classes) under `args`' flags.
CsvOptions model_csv_options(const Model& model, const ModelDataArgs& args, bool need_targets,
                             const std::vector<std::string>& keep);

// Loads --data for `model`. need_targets: evaluate (the targets must be there) or predict (they
// are dropped when present). Feature columns are matched by the model's feature names when the
// file has a header (the others are ignored, said on stderr), else by position. An IDX pair is
// read when --labels is given or --data is an IDX file (told by its bytes). `keep` names CSV
// columns to return as text in `columns->kept`. Throws DataError, InputWidthError.
Dataset load_model_data(const Model& model, const ModelDataArgs& args, bool need_targets,
                        const std::vector<std::string>& keep = {}, CsvColumns* columns = nullptr);

// The model's outputs for chunk after chunk of loaded inputs: the stored preprocessing, then the
// network (raw), then the loss's output mapping (outputs: probabilities or values). The scaled
// copy of the inputs is kept between chunks: a fresh one per chunk would leave glibc holding up to
// two more chunks of freed heap (its mmap threshold rises to the largest block freed), which a
// memory limit sized for streaming does not leave (scripts/test-out-of-memory).
// It also counts the rows whose raw outputs are not finite although every feature was: a finite
// value the scaling or a layer overflows (3e38 over a standard deviation below 1), which predict
// must say and evaluate cannot score.
class ChunkOutputs {
 public:
  explicit ChunkOutputs(const Model& model) : model_(model) {}
  Matrix raw(const Matrix& inputs);
  Matrix outputs(const Matrix& inputs);
  int64_t overflowed_rows() const { return overflowed_; }
  int64_t first_overflowed_row() const { return first_overflowed_; }  // 1-based; 0: none

 private:
  void count_overflows(const Matrix& inputs, const Matrix& raw);

  const Model& model_;
  Matrix scaled_;
  int64_t rows_ = 0, overflowed_ = 0, first_overflowed_ = 0;
};

// "N rows have outputs that are not finite though their features are (the first: row R)".
std::string overflowed_text(const ChunkOutputs& outputs);

// True when the model's outputs are read as classes (softmax-ce, or bce with one output).
bool is_classifier(const Model& model);
// The class names a classifier's outputs mean ("0", "1", ... when the model stores none).
std::vector<std::string> class_names_of(const Model& model);

// A float in its shortest exact decimal form (std::to_chars); a NaN of either sign is "nan".
std::string format_float(double value);

}  // namespace bprop::cli
