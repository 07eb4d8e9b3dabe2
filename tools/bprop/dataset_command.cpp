// `bprop dataset NAME`: writes a built-in generator's samples as CSV (header x1,x2,label), so the
// examples and tests can make their own data with bprop itself.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "bprop/data/builtin.h"
#include "commands.h"
#include "exit_codes.h"
#include "flag_checks.h"
#include "output_checks.h"
#include "output_format.h"
#include "train_checks.h"

namespace bprop::cli {

namespace {

struct DatasetArgs {
  std::string name;
  int samples = 1000;
  double noise = -1.0;
  uint64_t seed = 1;
  std::string out = "-";
  std::string format = "text";
};

void write_csv(const Dataset& d, std::ostream& out) {
  for (int c = 0; c < d.inputs.cols(); ++c) {
    out << (c < static_cast<int>(d.feature_names.size()) ? d.feature_names[c]
                                                         : "x" + std::to_string(c + 1))
        << ',';
  }
  out << "label\n";
  char cell[32];
  for (int r = 0; r < d.size(); ++r) {
    for (int c = 0; c < d.inputs.cols(); ++c) {
      // %.9g round-trips a float exactly.
      std::snprintf(cell, sizeof cell, "%.9g,", static_cast<double>(d.inputs(r, c)));
      out << cell;
    }
    const int label = static_cast<int>(d.targets(r, 0));
    out << (label < static_cast<int>(d.class_names.size()) ? d.class_names[label]
                                                           : std::to_string(label))
        << '\n';
  }
}

JsonResult dataset_json(const DatasetArgs& a, const Dataset& d) {
  return {{"dataset", a.name},        {"samples", d.size()}, {"features", d.feature_names},
          {"classes", d.class_names}, {"seed", a.seed},      {"out", a.out}};
}

int run_dataset(const DatasetArgs& a) {
  if (a.name == "fashion-mnist") {
    throw CliError(kExitUsage, "fashion-mnist is read from its IDX files, not generated",
                   "train on it directly: bprop train --data fashion-mnist");
  }
  refuse_json_beside_stdout(a.format, "--out", a.out);
  check_output_folder("--out", a.out);
  const BuiltinData data =
      load_builtin_dataset(a.name, {.samples = a.samples, .noise = a.noise, .seed = a.seed});
  if (a.out == "-") {
    write_csv(data.train, std::cout);
    std::cout.flush();
    if (!std::cout) throw CliError(kExitIo, "could not write the CSV to standard output");
    return kExitOk;
  }
  std::ofstream file(a.out, std::ios::binary | std::ios::trunc);
  if (!file) throw CliError(kExitIo, "cannot open '" + a.out + "' for writing");
  write_csv(data.train, file);
  file.close();
  if (!file) throw CliError(kExitIo, "could not write '" + a.out + "' (disk full?)");
  if (a.format == "json") {
    print_json_result(dataset_json(a, data.train));
  } else {
    std::fprintf(stderr, "wrote %d samples of '%s' to %s\n", data.train.size(), a.name.c_str(),
                 a.out.c_str());
  }
  return kExitOk;
}

}  // namespace

Command add_dataset_command(CLI::App& app) {
  auto args = std::make_shared<DatasetArgs>();
  CLI::App* cmd = app.add_subcommand(
      "dataset", "Write a built-in dataset (xor, spirals, moons, circles) as CSV");
  cmd->footer(std::string("Example: bprop dataset moons --samples 500 -o moons.csv\n") +
              kExitCodeHelp);
  cmd->add_option("name", args->name, "Dataset name")
      ->required()
      ->check(one_of(builtin_dataset_names(), "dataset"));
  cmd->add_option("--samples", args->samples, "Samples to draw")
      ->check(kPositive)
      ->capture_default_str();
  cmd->add_option("--noise", args->noise, "Noise std (default: the generator's)")
      ->check(kNonNegative);
  cmd->add_option("--seed", args->seed, "Seeds the generator")
      ->check(kWholeNumber)
      ->capture_default_str();
  cmd->add_option("-o,--out", args->out, "Output CSV file ('-' = stdout)")->capture_default_str();
  add_format_flag(*cmd, args->format, "a line on stderr saying what was written");
  return [args, cmd] {
    check_generator_flags(args->name, cmd->count("--samples") > 0, cmd->count("--noise") > 0);
    return run_dataset(*args);
  };
}

}  // namespace bprop::cli
