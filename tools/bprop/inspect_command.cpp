// `bprop inspect`: what a model file holds: architecture, parameter count, preprocessing,
// classes, column names and training metadata.
#include <cstdio>
#include <iostream>

#include "bprop/io/model_file.h"
#include "bprop/report/json.h"
#include "commands.h"
#include "exit_codes.h"

namespace bprop::cli {

namespace {

std::string join(const std::vector<std::string>& names, std::size_t limit = 50) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > limit) text += ", ... (" + std::to_string(names.size()) + " in all)";
  return text.empty() ? "(none)" : text;
}

struct InspectArgs {
  std::string path;
  bool allow_nonfinite = false;
  std::string format = "text";
};

// The same facts as the text, as one JSON object.
void print_json(const std::string& path, const Model& model) {
  const Network& net = model.network;
  JsonWriter w;
  w.begin_object()
      .field("model", path)
      .field("format_version", static_cast<int64_t>(kModelFormatVersion));
  w.field("network", net.describe()).field("parameters", net.parameter_count());
  w.key("layers").begin_array();
  int width = net.input_width();
  for (std::size_t i = 0; i < net.size(); ++i) {
    const Layer& layer = net.layer(i);
    const int out = layer.output_width(width);
    std::size_t count = 0;
    for (const auto& p : layer.parameters()) count += p.value.size();
    w.begin_object().field("spec", layer.spec()).field("inputs", width).field("outputs", out);
    w.field("parameters", count).end_object();
    width = out;
  }
  w.end_array().field("loss", model.loss).field("preprocessing", model.preprocessor.describe());
  w.key("features").array(model.feature_names).key("targets").array(model.target_names);
  w.key("classes").array(model.class_names).key("metadata").begin_object();
  for (const auto& [key, value] : model.metadata) w.field(key, value);
  w.end_object().end_object();
  std::cout << w.str() << "\n";
}

int run_inspect(const InspectArgs& a) {
  const std::string& path = a.path;
  const Model model = load_model(path, {.allow_nonfinite = a.allow_nonfinite});
  if (a.format == "json") {
    print_json(path, model);
    return kExitOk;
  }
  const Network& net = model.network;
  std::printf("model: %s (bprop model format version %u)\n", path.c_str(), kModelFormatVersion);
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
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  return [args] {
    if (args->path.empty()) {
      throw CliError(kExitUsage, "bprop inspect needs a model file",
                     "e.g. bprop inspect model.bprop (or -m model.bprop)");
    }
    return run_inspect(*args);
  };
}

}  // namespace bprop::cli
