// `bprop report LOG.jsonl -o FILE.html`: redraws the HTML training report from a saved training
// log alone (`bprop train --log LOG.jsonl`), and with --svg-dir also writes each figure as its own
// .svg file (docs/make_figures.sh builds the walkthrough's pictures this way).
#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>

#include "bprop/io/atomic_file.h"
#include "bprop/report/html_report.h"
#include "bprop/report/training_log.h"
#include "commands.h"
#include "exit_codes.h"
#include "output_checks.h"
#include "output_format.h"

namespace bprop::cli {

namespace {

struct ReportArgs {
  std::string log;
  std::string output;
  std::string svg_dir;
  std::string format = "text";
};

RunRecord load(const std::string& path) {
  try {
    return read_training_log(path);
  } catch (const IoError& e) {
    throw CliError(kExitData, e.what(),
                   "check the path; write a log with `bprop train --log FILE`");
  } catch (const TrainingLogError& e) {
    throw CliError(kExitData, e.what(), "the log must come from `bprop train --log FILE`");
  }
}

// Returns the paths written.
std::vector<std::string> write_svgs(const std::string& dir, const RunRecord& run, bool quiet) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw CliError(kExitIo, "cannot create folder '" + dir + "': " + ec.message());
  std::vector<std::string> written;
  for (const ReportFigure& f : report_figures(run)) {
    const std::string path = (std::filesystem::path(dir) / (f.id + ".svg")).string();
    const std::string text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + f.svg + "\n";
    write_file_atomically(
        path, std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
    if (!quiet) std::fprintf(stderr, "wrote %s\n", path.c_str());
    written.push_back(path);
  }
  return written;
}

JsonResult report_json(const ReportArgs& a, const RunRecord& run,
                       const std::vector<std::string>& svgs) {
  return {{"log", a.log},
          {"out", a.output.empty() ? JsonResult() : JsonResult(a.output)},
          {"svgs", svgs},
          {"epochs", run.epochs.size()},
          {"final_record", run.final.has_value()}};
}

int run_report(const ReportArgs& a) {
  refuse_json_beside_stdout(a.format, "--out", a.output);
  check_output_folder("--out", a.output);
  const RunRecord run = load(a.log);
  const bool json = a.format == "json";
  std::vector<std::string> svgs;
  try {
    if (!a.output.empty()) write_html_report(a.output, run);
    if (!a.svg_dir.empty()) svgs = write_svgs(a.svg_dir, run, json);
  } catch (const IoError& e) {
    throw CliError(kExitIo, e.what(), "check that the folder exists and is writable");
  }
  if (json) {
    print_json_result(report_json(a, run, svgs));
  } else if (!a.output.empty() && a.output != "-") {
    std::fprintf(stderr, "wrote %s (%zu epochs%s)\n", a.output.c_str(), run.epochs.size(),
                 run.final ? "" : "; the log has no final record, so curves only");
  }
  return kExitOk;
}

}  // namespace

Command add_report_command(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Draw the HTML training report (curves, network, decision boundary, confusion "
      "matrix, gradient norms) from a training log");
  cmd->footer(std::string("Example: bprop train --data spirals --log run.jsonl && bprop report "
                          "run.jsonl -o run.html\n") +
              kExitCodeHelp);
  cmd->add_option("log", args->log, "A JSON-lines log written by `bprop train --log FILE`")
      ->required();
  cmd->add_option("-o,--out,--output", args->output,
                  "The HTML file to write ('-' = standard output)");
  cmd->add_option("--svg-dir", args->svg_dir,
                  "Also write each figure as FOLDER/<figure>.svg (loss, network, boundary, ...)");
  add_format_flag(*cmd, args->format, "lines on stderr saying what was written");
  return [args] {
    if (args->output.empty() && args->svg_dir.empty()) {
      throw CliError(kExitUsage, "bprop report needs -o FILE.html or --svg-dir FOLDER",
                     "e.g. bprop report run.jsonl -o run.html");
    }
    return run_report(*args);
  };
}

}  // namespace bprop::cli
