// Loading data the way a model expects it, and running the model on it.
#include "model_data.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "binary_input.h"
#include "bprop/data/csv.h"
#include "bprop/data/idx.h"
#include "bprop/errors.h"
#include "bprop/int8/quantize.h"
#include "bprop/registry.h"
#include "bprop/training/memory_estimate.h"
#include "exit_codes.h"
#include "tabular_data.h"

namespace bprop::cli {

void add_model_data_flags(CLI::App& cmd, ModelDataArgs& a, bool inference) {
  cmd.add_option("--model,-m", a.model, "Model file written by `bprop train --out`")->required();
  cmd.add_option("--data,-d", a.data,
                 "Data: a CSV file ('-' = standard input), or IDX images (with --labels)")
      ->required();
  cmd.add_option("--labels", a.labels, "IDX labels file paired with --data images");
  cmd.add_option("--target", a.target,
                 "CSV target column, by name or 0-based index (default: the column the model was "
                 "trained on)");
  add_csv_format_flags(cmd, a.csv);
  if (inference) {
    cmd.add_flag("--allow-nonfinite", a.allow_nonfinite,
                 "Accept nan/inf feature cells, for forensics (a nan feature's row gets nan "
                 "outputs and no class)");
  }
}

void add_chunk_flag(CLI::App& cmd, std::string& chunk) {
  cmd.add_option("--chunk", chunk,
                 "Input read at a time (CSV text or binary rows), e.g. 64M: bounds the memory "
                 "used on large files; results are the same for any size")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            try {
              if (parse_byte_size(text) > 0) return {};
            } catch (const ConfigError&) {
            }
            return "expected a size such as 16M, 512k or 1G, got '" + text + "'";
          },
          "SIZE"))
      ->capture_default_str();
}

bool is_classifier(const Model& model) {
  const int outputs = model.network.output_width();
  return model.loss == "softmax-ce" || (model.loss == "bce" && outputs == 1);
}

std::vector<std::string> class_names_of(const Model& model) {
  if (!model.class_names.empty()) return model.class_names;
  const int outputs = model.network.output_width();
  const int classes = outputs == 1 ? 2 : outputs;
  std::vector<std::string> names;
  for (int k = 0; k < classes; ++k) names.push_back(std::to_string(k));
  return names;
}

namespace {

Dataset load_model_binary_data(const Model& model, const ModelDataArgs& a, const CsvOptions& o,
                               const std::vector<std::string>& keep) {
  if (!a.target.empty() || !a.labels.empty() || !keep.empty()) {
    throw CliError(kExitUsage,
                   a.data +
                       " is a binary data file: its columns were chosen when it was "
                       "converted, and it keeps no text columns",
                   "drop --target, --labels and --keep, or use the CSV");
  }
  Dataset d = read_binary_dataset(a.data, o, model.tabular ? &*model.tabular : nullptr);
  check_input_width(model, d.inputs.cols(), a.data);
  return d;
}

}  // namespace

CsvOptions model_csv_options(const Model& model, const ModelDataArgs& a, bool need_targets,
                             const std::vector<std::string>& keep) {
  CsvOptions o = csv_options(a.csv);
  if (!a.target.empty()) {
    o.targets = {a.target};
  } else if (!need_targets && !model.feature_names.empty()) {
    // Prediction matches features by name and needs no target: any target column is ignored.
  } else {
    // A model trained without a header stores its target's index; with one, its name.
    for (const auto& t : model.target_names) {
      o.targets.push_back(model.feature_names.empty() ? t : "name:" + t);
    }
  }
  o.targets_from_model = a.target.empty();  // a guess is refused (csv.h)
  o.feature_names = model.feature_names;
  o.keep = keep;
  o.presence = need_targets ? CsvOptions::Presence::kRequired : CsvOptions::Presence::kIfPresent;
  o.feature_count = model.network.input_width();
  o.allow_nonfinite = a.allow_nonfinite && !need_targets;
  if (is_classifier(model)) {
    o.target_kind = CsvOptions::Targets::kClasses;
    o.class_names = class_names_of(model);
  } else {
    o.target_kind = CsvOptions::Targets::kValues;
    if (model.loss == "bce") o.target_min = 0, o.target_max = 1;
  }
  return o;
}

Dataset load_model_data(const Model& model, const ModelDataArgs& a, bool need_targets,
                        const std::vector<std::string>& keep, CsvColumns* columns) {
  const int width = model.network.input_width();
  CsvOptions o = model_csv_options(model, a, need_targets, keep);
  if (is_binary_data_file(a.data)) return load_model_binary_data(model, a, o, keep);
  if (model.tabular) {
    if (a.target.empty()) o.targets = model.tabular->targets;
    return read_encoded(a.data, read_data_text(a.data), *model.tabular, o, columns);
  }
  CsvColumns layout;
  Dataset d = read_data(a.data, a.labels, o, &layout, need_targets);
  check_input_width(model, d.inputs.cols(), a.data);
  if (!a.labels.empty() && is_classifier(model))
    match_idx_reference(d, width, class_names_of(model));
  if (!layout.features.empty()) {
    note_columns(d, layout, !model.feature_names.empty(), model.target_names,
                 a.target.empty() && model.target_names.empty());
  }
  if (columns != nullptr) *columns = std::move(layout);
  return d;
}

Matrix ChunkOutputs::raw(const Matrix& inputs) {
  scaled_.resize(inputs.rows(), inputs.cols());
  std::copy(inputs.values().begin(), inputs.values().end(), scaled_.values().begin());
  model_.preprocessor.apply(scaled_);
  Matrix raw = int8::predict_raw(model_, scaled_);
  count_overflows(inputs, raw);
  return raw;
}

void ChunkOutputs::count_overflows(const Matrix& inputs, const Matrix& raw) {
  const auto finite = [](const float* row, int n) {
    return std::all_of(row, row + n, [](float v) { return std::isfinite(v); });
  };
  for (int r = 0; r < raw.rows(); ++r) {
    ++rows_;
    if (finite(raw.row(r), raw.cols()) || !finite(inputs.row(r), inputs.cols())) continue;
    if (overflowed_++ == 0) first_overflowed_ = rows_;
  }
}

std::string overflowed_text(const ChunkOutputs& outputs) {
  const int64_t n = outputs.overflowed_rows();
  return std::to_string(n) + (n == 1 ? " row has" : " rows have") +
         " outputs that are not finite though " + (n == 1 ? "its" : "their") +
         " features are: a value the model's scaling or arithmetic overflows (the first: data "
         "row " +
         std::to_string(outputs.first_overflowed_row()) + ")";
}

Matrix ChunkOutputs::outputs(const Matrix& inputs) {
  Matrix outputs;
  make_loss<float>(model_.loss)->output(raw(inputs), outputs);
  return outputs;
}

std::string format_float(double value) {
  if (std::isnan(value)) return "nan";  // a NaN's sign means nothing: never "-nan"
  char text[32];
  const auto [end, ec] = std::to_chars(text, text + sizeof text, static_cast<float>(value));
  return ec == std::errc() ? std::string(text, end) : "nan";
}

}  // namespace bprop::cli
