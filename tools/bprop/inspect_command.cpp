// `bprop inspect`: what a model file holds: architecture, parameter count, preprocessing,
// classes, column names and training metadata.
#include <cstdio>

#include "bprop/io/model_file.h"
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

int run_inspect(const std::string& path, bool allow_nonfinite) {
  const Model model = load_model(path, {.allow_nonfinite = allow_nonfinite});
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
  auto path = std::make_shared<std::string>();
  auto allow_nonfinite = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "inspect", "Show a model file: architecture, parameters, preprocessing, classes, metadata");
  cmd->footer(std::string("Example: bprop inspect iris.bprop\n") + kExitCodeHelp);
  cmd->add_option("model", *path, "Model file");
  cmd->add_option("-m,--model", *path, "Model file (the same as the positional argument)");
  cmd->add_flag("--allow-nonfinite", *allow_nonfinite,
                "Load a model with NaN or infinite weights (forensics)");
  return [path, allow_nonfinite] {
    if (path->empty()) {
      throw CliError(kExitUsage, "bprop inspect needs a model file",
                     "e.g. bprop inspect model.bprop (or -m model.bprop)");
    }
    return run_inspect(*path, *allow_nonfinite);
  };
}

}  // namespace bprop::cli
