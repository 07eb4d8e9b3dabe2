// `bprop quantize`: a trained float model to an int8 model (bprop/int8/quantize.h), with the
// activation ranges calibrated on rows of a data file; the float network stays in the file.
#include <cstdio>

#include "bprop/errors.h"
#include "bprop/int8/quantize.h"
#include "commands.h"
#include "exit_codes.h"
#include "model_data.h"
#include "output_format.h"

namespace bprop::cli {

namespace {

struct QuantizeArgs {
  ModelDataArgs data;  // model: the float model; data: the calibration file
  std::string out;
  int rows = 500;
  uint64_t seed = 1;
  double input_clip = 1e-4;
  std::string format = "text";
};

int run_quantize(const QuantizeArgs& a) {
  if (a.rows < 1) {
    throw CliError(kExitUsage, "--calibration-rows must be at least 1",
                   "omit it for 500 rows of the calibration data");
  }
  Model model = load_model(a.data.model);
  if (model.quantization) {
    throw CliError(kExitModel, a.data.model + " is already an int8 model",
                   "quantize the float model it came from");
  }
  const Dataset data = load_model_data(model, a.data, false);
  try {
    model.quantization =
        int8::quantize(model, data.inputs,
                       {.calibration_rows = a.rows, .seed = a.seed, .input_clip = a.input_clip});
  } catch (const DataError& e) {
    throw DataError(a.data.data + ": " + e.what());
  }
  model.metadata["int8.calibration"] = a.data.data;
  model.bprop_version = BPROP_VERSION;  // this build wrote the int8 network
  save_model(a.out, model);
  if (a.format == "json") {
    print_json_result({{"model", a.data.model},
                       {"calibration", a.data.data},
                       {"calibration_rows", model.quantization->calibration_rows},
                       {"stages", model.quantization->stages.size()},
                       {"out", a.out}});
  } else {
    std::fprintf(stderr, "quantized %s to int8 (%d calibration rows of %s): %s\n",
                 a.data.model.c_str(), model.quantization->calibration_rows, a.data.data.c_str(),
                 a.out.c_str());
  }
  return kExitOk;
}

}  // namespace

Command add_quantize_command(CLI::App& app) {
  auto args = std::make_shared<QuantizeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "quantize", "Turn a float model into an int8 model, calibrated on rows of a data file");
  cmd->footer(
      std::string("Example: bprop quantize m.bprop --calibrate train.csv -o m_int8.bprop\n") +
      kExitCodeHelp);
  cmd->add_option("model", args->data.model, "Model file written by `bprop train --out`")
      ->required();
  cmd->add_option("--calibrate", args->data.data,
                  "Data whose rows calibrate the activation ranges (CSV or IDX, as for predict)")
      ->required();
  cmd->add_option("--labels", args->data.labels, "IDX labels file paired with --calibrate images");
  add_csv_format_flags(*cmd, args->data.csv);
  cmd->add_option("--out,-o", args->out, "The int8 model file to write")->required();
  cmd->add_option("--calibration-rows", args->rows, "At most this many rows, picked with --seed")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Picks the calibration rows")->capture_default_str();
  cmd->add_option("--input-clip", args->input_clip,
                  "The input's int8 range spans these quantiles of the calibration values "
                  "(q to 1-q; 0: min to max)")
      ->check(CLI::Range(0.0, 0.49))
      ->capture_default_str();
  add_format_flag(*cmd, args->format, "a line on stderr saying what was written");
  return [args] { return run_quantize(*args); };
}

}  // namespace bprop::cli
