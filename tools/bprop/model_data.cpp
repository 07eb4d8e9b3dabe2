// Loading data the way a model expects it, and running the model on it.
#include "model_data.h"

#include <charconv>

#include "bprop/data/csv.h"
#include "bprop/data/idx.h"
#include "bprop/errors.h"
#include "bprop/registry.h"
#include "exit_codes.h"
#include "tabular_data.h"

namespace bprop::cli {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_idx_path(const std::string& path) {
  return ends_with(path, ".idx") || ends_with(path, "-ubyte") || ends_with(path, ".gz");
}

}  // namespace

void add_model_data_flags(CLI::App& cmd, ModelDataArgs& a, bool inference) {
  cmd.add_option("--model,-m", a.model, "Model file written by `bprop train --out`")->required();
  cmd.add_option("--data,-d", a.data,
                 "Data: a CSV file ('-' = standard input), or IDX images (with --labels)")
      ->required();
  cmd.add_option("--labels", a.labels, "IDX labels file paired with --data images");
  cmd.add_option("--target", a.target,
                 "CSV target column, by name or 0-based index (default: the column the model was "
                 "trained on)");
  cmd.add_option("--header", a.header, "Whether the CSV's first row names the columns")
      ->check(CLI::IsMember({"auto", "yes", "no"}))
      ->capture_default_str();
  if (inference) {
    cmd.add_flag("--allow-nonfinite", a.allow_nonfinite,
                 "Accept nan/inf feature cells (their outputs will be nan)");
  }
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

Dataset load_model_data(const Model& model, const ModelDataArgs& a, bool need_targets) {
  const int width = model.network.input_width();
  if (!a.labels.empty() || is_idx_path(a.data)) {
    if (a.labels.empty()) {
      if (need_targets) {
        throw CliError(kExitUsage, "IDX images need their labels to evaluate",
                       "add --labels labels.idx");
      }
      const IdxArray images = read_idx(a.data);
      const IdxArray none{{images.dims.front()}, std::vector<unsigned char>(images.dims.front())};
      Dataset d = make_idx_dataset(images, none, a.data, a.data);
      check_input_width(model, d.inputs.cols(), a.data);
      return d;
    }
    Dataset d = load_idx_dataset(a.data, a.labels);
    check_input_width(model, d.inputs.cols(), a.data);
    return d;
  }
  CsvOptions o;
  o.header = a.header == "yes"  ? CsvOptions::Header::kYes
             : a.header == "no" ? CsvOptions::Header::kNo
                                : CsvOptions::Header::kAuto;
  if (!a.target.empty()) {
    o.targets = {a.target};
  } else {
    o.targets = model.target_names;
  }
  o.presence = need_targets ? CsvOptions::Presence::kRequired : CsvOptions::Presence::kIfPresent;
  o.feature_count = width;
  o.allow_nonfinite = a.allow_nonfinite && !need_targets;
  if (is_classifier(model)) {
    o.target_kind = CsvOptions::Targets::kClasses;
    o.class_names = class_names_of(model);
  } else {
    o.target_kind = CsvOptions::Targets::kValues;
    if (model.loss == "bce") o.target_min = 0, o.target_max = 1;
  }
  if (model.tabular) {
    if (a.target.empty()) o.targets = model.tabular->targets;
    return read_encoded(a.data, read_data_text(a.data), *model.tabular, o);
  }
  return read_csv(a.data, o);
}

Matrix model_outputs(const Model& model, const Matrix& inputs) {
  const Matrix raw = model.network.predict(model.preprocessor.applied(inputs));
  Matrix outputs;
  make_loss<float>(model.loss)->output(raw, outputs);
  return outputs;
}

std::string format_float(double value) {
  char text[32];
  const auto [end, ec] = std::to_chars(text, text + sizeof text, static_cast<float>(value));
  return ec == std::errc() ? std::string(text, end) : "nan";
}

}  // namespace bprop::cli
