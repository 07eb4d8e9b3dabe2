// bprop: the command-line entry point. Parses the subcommand, runs it, and turns every exception
// into "error: ..." plus a hint and a documented exit code; nothing escapes as a crash.
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <regex>
#include <vector>

#include "bprop/distributed.h"
#include "bprop/errors.h"
#include "bprop/io/atomic_file.h"
#include "bprop/io/checkpoint.h"
#include "commands.h"
#include "exit_codes.h"
#include "suggest.h"
#include "train_distributed.h"

namespace {

int report(const std::string& what, const std::string& hint, int code) {
  std::cerr << "error: " << what << "\n";
  if (!hint.empty()) std::cerr << "hint: " << hint << "\n";
  return code;
}

// A hint that fits the data error: a position to fix, a path to check, or the format's rules.
std::string data_hint(const std::string& what) {
  static const std::regex position(R"(:[0-9]+(:[0-9]+)?: )");
  if (what.find("expected a numeric target") != std::string::npos) {
    return "regression (--task regress, --loss mse) needs numbers in the target column; text "
           "labels are classes: use --task classify or leave --task auto";
  }
  if (std::regex_search(what, position)) return "fix the data at the position shown";
  if (what.starts_with("cannot read")) return "check the path and its permissions";
  return "see docs/data-formats.md for what bprop reads";
}

std::string usage_hint(const CLI::App& app, int argc, char** argv) {
  const std::string suggestion = bprop::cli::suggest_for_command_line(app, argc, argv);
  const std::string help = "run 'bprop --help' or 'bprop <command> --help' for the flags";
  return suggestion.empty() ? help : suggestion + " (" + help + ")";
}

// Runs the parsed command and turns each error kind into its documented exit code.
int run_command(const CLI::App& app,
                const std::vector<std::pair<std::string, bprop::cli::Command>>& commands) {
  using namespace bprop::cli;
  try {
    for (const auto& [name, run] : commands) {
      if (app.got_subcommand(name)) return run();
    }
    return commands.front().second();  // no subcommand: train XOR
  } catch (const CliError& e) {
    return report(e.what(), e.hint(), e.code());
  } catch (const bprop::InputWidthError& e) {  // before DataError: it is one
    return report(e.what(), "use data with the columns the model was trained on", kExitData);
  } catch (const bprop::DataError& e) {
    return report(e.what(), data_hint(e.what()), kExitData);
  } catch (const bprop::ModelFileError& e) {
    return report(e.what(), "pass a model file written by `bprop train --out`", kExitModel);
  } catch (const bprop::CheckpointError& e) {
    return report(e.what(), "pass a checkpoint written by `bprop train --checkpoint`", kExitModel);
  } catch (const bprop::IoError& e) {
    return report(e.what(), "check the path, free space, the file-size limit and permissions",
                  kExitIo);
  } catch (const bprop::DivergenceError& e) {
    return report(e.what(), "lower --lr, or check the data for huge values", kExitDiverged);
  } catch (const bprop::ReplicaMismatchError& e) {
    return report(e.what(), "give every rank the same data and the same bprop build",
                  kExitReplicas);
  } catch (const bprop::ConfigError& e) {
    const std::string suggestion = suggest_for_config_error(e.what());
    return report(e.what(),
                  suggestion.empty() ? "see 'bprop train --help' for accepted values" : suggestion,
                  kExitUsage);
  } catch (const bprop::ShapeError& e) {
    return report(e.what(), "check --layers against the data's width", kExitUsage);
  } catch (const std::exception& e) {
    return report(e.what(), "", kExitUsage);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace bprop::cli;
  // Under `ulimit -f` the kernel would kill us with SIGXFSZ mid-save; ignored, the write fails
  // with EFBIG instead, the save reports it and the previous file stays intact (exit 5).
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    become_distributed_if_launched(argv);  // returns unless mpirun started several processes
  } catch (const CliError& e) {
    return report(e.what(), e.hint(), e.code());
  }
  CLI::App app{
      "bprop: train and run feed-forward neural networks by backpropagation.\n"
      "With no arguments, `bprop` runs `bprop train`, which learns XOR.",
      "bprop"};
  app.footer(kExitCodeHelp);
  app.set_version_flag("--version", std::string("bprop ") + BPROP_VERSION);
  app.require_subcommand(0, 1);
  // The first command is the default when none is named.
  const std::pair<std::string, Command (*)(CLI::App&)> adders[] = {
      // One command per line, so adding one is a one-line change.
      // clang-format off
      {"train", add_train_command},
      {"gradcheck", add_gradcheck_command},
      {"dataset", add_dataset_command},
      {"convert", add_convert_command},
      {"report", add_report_command},
      {"evaluate", add_evaluate_command},
      {"predict", add_predict_command},
      {"inspect", add_inspect_command},
      {"export", add_export_command},
      {"quantize", add_quantize_command},
      // clang-format on
  };
  // Only the command that runs gets its flags: building every command's CLI11 options was a large
  // share of a whole `bprop train` start (docs/benchmarks.md, section 1). The command is the first
  // argument (no flags come before it) or, with none, train; anything else (`bprop --help`, a typo)
  // builds them all.
  const std::string first = argc > 1 ? argv[1] : adders[0].first;
  const bool known = std::any_of(std::begin(adders), std::end(adders),
                                 [&](const auto& adder) { return adder.first == first; });
  std::vector<std::pair<std::string, Command>> commands;
  for (const auto& [name, add] : adders) {
    if (!known || name == first) commands.emplace_back(name, add(app));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help: prints the help of the command it was given to
  } catch (const CLI::ParseError& e) {
    return report(e.what(), usage_hint(app, argc, argv), kExitUsage);
  }

  const int code = run_command(app, commands);
  end_distributed(code);  // under mpirun: a failure only this rank saw ends every rank
  return code;
}
