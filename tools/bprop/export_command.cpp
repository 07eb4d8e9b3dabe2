// `bprop export`: a model file as ONNX (one .onnx file) or as C99 source (NAME.h and NAME.c) for
// microcontrollers, both with the model's preprocessing inside (docs/export.md).
#include "bprop/errors.h"
#include "bprop/export/c_source.h"
#include "bprop/export/onnx.h"
#include "commands.h"
#include "exit_codes.h"

namespace bprop::cli {

namespace {

struct ExportArgs {
  std::string model;
  std::string format;
  std::string out;
  int opset = kOnnxDefaultOpset;
  std::string name;
  bool int8 = false;
  std::string precision = "float32";
};

int run_export(const ExportArgs& a) {
  if (a.format != "onnx" && a.format != "c") {
    throw CliError(kExitUsage, "unknown --format '" + a.format + "' (known: onnx, c)",
                   "bprop export MODEL --format onnx -o model.onnx");
  }
  if (a.format == "onnx" && (a.opset < kOnnxMinOpset || a.opset > kOnnxMaxOpset)) {
    throw CliError(kExitUsage,
                   "--opset " + std::to_string(a.opset) + " is not supported (supported: " +
                       std::to_string(kOnnxMinOpset) + " to " + std::to_string(kOnnxMaxOpset) + ")",
                   "omit --opset for " + std::to_string(kOnnxDefaultOpset));
  }
  if (a.precision != "float32" && a.precision != "float64") {
    throw CliError(kExitUsage,
                   "unknown --precision '" + a.precision + "' (known: float32, float64)",
                   "bprop export m.bprop --format onnx --precision float64 -o m.onnx");
  }
  if (a.precision != "float32" && a.format != "onnx") {
    throw CliError(kExitUsage, "--precision is for --format onnx",
                   "the C export sums in bprop's own order already (docs/export.md)");
  }
  if (a.format == "c" && a.name.empty()) {
    throw CliError(kExitUsage, "--format c needs --name: the prefix of the files and functions",
                   "bprop export m.bprop --format c --name net -o src/");
  }
  if (a.format == "c" && !is_c_identifier(a.name)) {
    throw CliError(kExitUsage, "--name '" + a.name + "' is not a C identifier",
                   "use letters, digits and '_', not starting with a digit, e.g. --name fmnist");
  }
  if (a.int8 && a.format != "c") {
    throw CliError(kExitUsage, "--int8 is for --format c",
                   "bprop export m_int8.bprop --format c --int8 --name net -o src/");
  }
  const Model model = load_model(a.model);
  if (model.quantization && !a.int8) {
    // The file keeps the float network it was quantized from, but `bprop predict` runs the int8
    // one: exporting the float network under the int8 model's name would give other outputs.
    throw CliError(kExitUsage,
                   a.model + " is an int8 model (bprop quantize): its predictions come from the " +
                       "int8 network, which only --format c --int8 writes",
                   "bprop export " + a.model +
                       " --format c --int8 --name net -o src/; for a float export, export "
                       "the float model it was quantized from");
  }
  if (a.format == "onnx") {
    save_onnx(a.out, model, {.opset = a.opset, .float64 = a.precision == "float64"});
  } else {
    save_c_source(a.out, model, {.name = a.name, .int8 = a.int8});
  }
  return kExitOk;
}

}  // namespace

Command add_export_command(CLI::App& app) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Write a model as ONNX or as C99 source, with its preprocessing inside");
  cmd->footer(std::string("Examples:\n"
                          "  bprop export m.bprop --format onnx -o m.onnx\n"
                          "  bprop export m.bprop --format onnx --precision float64 -o m.onnx\n"
                          "  bprop export m.bprop --format c --name net -o src/\n"
                          "  bprop export m_int8.bprop --format c --int8 --name net -o src/\n") +
              kExitCodeHelp);
  cmd->add_option("model", args->model, "Model file written by `bprop train --out`")->required();
  cmd->add_option("--format,-f", args->format, "onnx or c")->required();
  cmd->add_option("--out,-o", args->out, "onnx: the .onnx file; c: the folder for NAME.h, NAME.c")
      ->required();
  cmd->add_option("--opset", args->opset,
                  "onnx: the opset (" + std::to_string(kOnnxMinOpset) + " to " +
                      std::to_string(kOnnxMaxOpset) + "; 20 writes GELU as one Gelu node)")
      ->capture_default_str();
  cmd->add_option("--precision", args->precision,
                  "onnx: float32, or float64 to compute the network in double inside the graph "
                  "(closer to bprop's own outputs; slower in ONNX Runtime)")
      ->capture_default_str();
  cmd->add_option("--name", args->name, "c: the files' and functions' prefix (a C identifier)");
  cmd->add_flag(
      "--int8", args->int8,
      "c: integer arithmetic from the model's int8 network (written by `bprop quantize`)");
  return [args] { return run_export(*args); };
}

}  // namespace bprop::cli
