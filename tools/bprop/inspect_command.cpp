// `bprop inspect`: what a model file holds: architecture, parameter count, preprocessing, the
// tabular encoding (imputation values, vocabularies), classes, column names and training metadata.
#include <cstdio>

#include "bprop/io/model_file.h"
#include "commands.h"
#include "exit_codes.h"
#include "output_format.h"

namespace bprop::cli {

namespace {

std::string join(const std::vector<std::string>& names, std::size_t limit = 50) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > limit) text += ", ... (" + std::to_string(names.size()) + " in all)";
  return text.empty() ? "(none)" : text;
}

// The tabular encoding fitted on the training file: what fills a missing cell, the vocabularies.
void print_tabular(const TabularEncoding& e) {
  std::vector<std::string> markers{"(empty)"};
  for (const std::string& m : e.na_values) markers.push_back(m);
  std::printf("tabular encoding: missing = %s; unseen categories: %s\n", join(markers).c_str(),
              e.strict_categories ? "an error" : "all zeros");
  for (const ColumnEncoding& c : e.columns) {
    if (!c.is_categorical()) {
      std::printf("  %s: number, missing -> %.9g (training median)\n", c.name.c_str(), c.fill);
      continue;
    }
    std::printf("  %s: %zu categories (%s), missing -> %s (most frequent)\n", c.name.c_str(),
                c.categories.size(), join(c.categories, 20).c_str(),
                c.categories[static_cast<std::size_t>(c.fill_category)].c_str());
  }
}

struct InspectArgs {
  std::string path;
  bool allow_nonfinite = false;
  std::string format = "text";
};

// The same facts as the text, as one JSON object.
void print_json(const std::string& path, const Model& model) {
  using Json = JsonResult;
  const Network& net = model.network;
  Json layers = Json::array();
  int width = net.input_width();
  for (std::size_t i = 0; i < net.size(); ++i) {
    const Layer& layer = net.layer(i);
    const int out = layer.output_width(width);
    std::size_t count = 0;
    for (const auto& p : layer.parameters()) count += p.value.size();
    layers.push_back(
        {{"spec", layer.spec()}, {"inputs", width}, {"outputs", out}, {"parameters", count}});
    width = out;
  }
  Json metadata = Json::object();
  for (const auto& [key, value] : model.metadata) metadata[key] = value;
  const Json result = {
      {"model", path},
      {"format_version", model_format_version(model)},
      {"bprop_version", model.bprop_version.empty() ? Json() : Json(model.bprop_version)},
      {"int8_calibration_rows", model.quantization ? model.quantization->calibration_rows : 0},
      {"network", net.describe()},
      {"parameters", net.parameter_count()},
      {"layers", std::move(layers)},
      {"loss", model.loss},
      {"preprocessing", model.preprocessor.describe()},
      {"features", model.feature_names},
      {"targets", model.target_names},
      {"classes", model.class_names},
      {"metadata", std::move(metadata)}};
  print_json_result(result);
}

int run_inspect(const InspectArgs& a) {
  const std::string& path = a.path;
  const Model model = load_model(path, {.allow_nonfinite = a.allow_nonfinite});
  if (a.format == "json") {
    print_json(path, model);
    return kExitOk;
  }
  const Network& net = model.network;
  std::printf(
      "model: %s (bprop model format version %u%s)\n", path.c_str(), model_format_version(model),
      model.bprop_version.empty() ? "" : (", written by bprop " + model.bprop_version).c_str());
  if (model.quantization) {
    std::printf("int8: %zu stages, activation ranges from %d calibration rows (seed %llu)\n",
                model.quantization->stages.size(), model.quantization->calibration_rows,
                static_cast<unsigned long long>(model.quantization->seed));
  }
  std::printf("network: %s\n", net.describe().c_str());
  std::printf("parameters: %zu\n", net.parameter_count());
  int width = net.input_width();
  for (std::size_t i = 0; i < net.size(); ++i) {
    const Layer& layer = net.layer(i);
    const int out = layer.output_width(width);
    std::string params;
    std::size_t count = 0;
    for (const auto& p : layer.parameters()) {
      params += (params.empty() ? "" : ", ") + p.name + " " + p.value.shape();
      count += p.value.size();
    }
    std::printf("  layer %zu: %-16s %d -> %d", i, layer.spec().c_str(), width, out);
    if (count > 0) std::printf(", %zu parameters (%s)", count, params.c_str());
    std::printf("\n");
    width = out;
  }
  std::printf("loss: %s\n", model.loss.c_str());
  std::printf("preprocessing: %s\n", model.preprocessor.describe().c_str());
  if (model.tabular) print_tabular(*model.tabular);
  std::printf("features (%d): %s\n", net.input_width(), join(model.feature_names).c_str());
  std::printf("targets: %s\n", join(model.target_names).c_str());
  std::printf("classes (%zu): %s\n", model.class_names.size(), join(model.class_names).c_str());
  std::printf("metadata:%s\n", model.metadata.empty() ? " (none)" : "");
  for (const auto& [key, value] : model.metadata) {
    std::printf("  %s: %s\n", key.c_str(), value.c_str());
  }
  return kExitOk;
}

}  // namespace

Command add_inspect_command(CLI::App& app) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App* cmd = app.add_subcommand(
      "inspect", "Show a model file: architecture, parameters, preprocessing, classes, metadata");
  cmd->footer(std::string("Example: bprop inspect iris.bprop\n") + kExitCodeHelp);
  cmd->add_option("model", args->path, "Model file");
  cmd->add_option("-m,--model", args->path, "Model file (the same as the positional argument)");
  cmd->add_flag("--allow-nonfinite", args->allow_nonfinite,
                "Load a model with NaN or infinite weights (forensics)");
  add_format_flag(*cmd, args->format, "the model described in lines");
  return [args] {
    if (args->path.empty()) {
      throw CliError(kExitUsage, "bprop inspect needs a model file",
                     "e.g. bprop inspect model.bprop (or -m model.bprop)");
    }
    return run_inspect(*args);
  };
}

}  // namespace bprop::cli
