// `bprop convert DATA -o DATA.bpd`: reads a data file once, as `bprop train` would, and writes it
// as a binary data file that every command then maps instead of parsing (binary_data.h).
#include <chrono>
#include <cstdio>

#include "binary_convert.h"
#include "binary_input.h"
#include "bprop/errors.h"
#include "bprop/io/model_file.h"
#include "commands.h"
#include "exit_codes.h"
#include "model_data.h"
#include "output_checks.h"
#include "output_format.h"
#include "tabular_data.h"
#include "train_data.h"

namespace bprop::cli {

namespace {

struct ConvertArgs {
  TrainArgs read;    // data, target, columns, CSV format, tabular encoding
  std::string like;  // a binary data file or model whose columns and encoding to read through
  std::string out;
  std::string format = "text";
};

// The data read as `like` (a converted training file or a model) expects it: validation, test
// and prediction data then match the training data's features, classes and encoding.
Dataset read_like(const ConvertArgs& a, std::optional<TabularEncoding>& tabular) {
  if (is_binary_data_file(a.like)) {
    BinaryDataInfo info = read_binary_data_info(a.like);
    Dataset reference;
    reference.feature_names = info.feature_names;
    reference.class_names = info.class_names;
    reference.target_names = info.target_names;
    reference.inputs.resize(0, info.features);
    tabular = std::move(info.tabular);
    return read_matching_file(a.read.data, a.read.labels, a.read, &reference, tabular);
  }
  const Model model = load_model(a.like);
  tabular = model.tabular;
  ModelDataArgs data;
  data.model = a.like;
  data.data = a.read.data;
  data.labels = a.read.labels;
  data.csv = a.read.csv;
  return load_model_data(model, data, true);
}

int run_convert(const ConvertArgs& a) {
  if (a.out == "-" || a.read.data == "-") {
    throw CliError(kExitUsage, "convert reads and writes files, not standard input or output",
                   "give both paths, e.g. bprop convert data.csv -o data.bpd");
  }
  check_output_folder("--out", a.out);
  StdoutToStderr notes_to_stderr(a.format == "json");  // the reader's "data: ..." line
  const auto start = std::chrono::steady_clock::now();
  std::optional<TabularEncoding> tabular;
  Dataset d;
  if (a.like.empty()) {
    d = convert_to_binary(a.read, a.out, tabular);
  } else {
    const BinaryDataSource source = source_stamp(a.read);
    d = read_like(a, tabular);
    write_binary_data(a.out, d, binary_data_info(d, tabular, {}, source));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (a.format == "json") {
    notes_to_stderr.release();
    print_json_result({{"data", a.read.data},
                       {"out", a.out},
                       {"rows", d.size()},
                       {"features", d.inputs.cols()},
                       {"target_columns", d.targets.cols()},
                       {"classes", d.class_names},
                       {"seconds", seconds}});
  } else {
    std::fprintf(stderr, "wrote %d rows x %d features (+%d target columns) to %s in %.3g s\n",
                 d.size(), d.inputs.cols(), d.targets.cols(), a.out.c_str(), seconds);
  }
  return kExitOk;
}

}  // namespace

Command add_convert_command(CLI::App& app) {
  auto args = std::make_shared<ConvertArgs>();
  CLI::App* cmd = app.add_subcommand(
      "convert", "Convert a data file to a binary data file (.bpd) that loads without parsing");
  cmd->footer(std::string("Example: bprop convert train.csv -o train.bpd && bprop train --data "
                          "train.bpd\n"
                          "         bprop convert test.csv --like train.bpd -o test.bpd\n") +
              kExitCodeHelp);
  cmd->add_option("data", args->read.data, "Data file to convert (CSV or IDX, gzip or not)")
      ->required();
  cmd->add_option("-o,--out", args->out, "The binary data file to write")->required();
  cmd->add_option("--like", args->like,
                  "Read the data as this converted training file or model expects it (its "
                  "features, classes and tabular encoding): for validation, test and new data");
  add_format_flag(*cmd, args->format, "a line on stderr saying what was written");
  add_column_flags(cmd, args->read);
  add_tabular_flags(cmd, args->read);
  return [args] { return run_convert(*args); };
}

}  // namespace bprop::cli
