// The CLI's exit codes (documented in `bprop --help` and the README) and the error that carries
// one.
#pragma once

#include <stdexcept>
#include <string>

namespace bprop::cli {

// One meaning each, the same in every command: inputs are 2 (data) or 3 (model, checkpoint),
// outputs are 5.
enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 1,          // bad flags or values, or flags that contradict each other or the data
  kExitData = 2,           // a data file (CSV, IDX, log) missing, unreadable, invalid or unfit
  kExitModel = 3,          // a model file or checkpoint missing, unreadable or invalid
  kExitDiverged = 4,       // training produced a non-finite loss
  kExitIo = 5,             // an output could not be written (folder, permissions, disk, limit)
  kExitCheckpoint = 6,     // --resume: the checkpoint belongs to another run (data or flags)
  kExitCheckFailed = 7,    // gradcheck: an analytic gradient disagrees with the numeric one
  kExitReplicas = 8,       // mpirun: the ranks' data or replicas differ (docs/distributed.md)
  kExitInterrupted = 130,  // SIGINT: stopped after a step, checkpoint saved (128 + 2)
  kExitTerminated = 143,   // SIGTERM: likewise (128 + 15)
};

// An error the CLI reports as "error: <what>" then "hint: <hint>", exiting with `code`.
class CliError : public std::runtime_error {
 public:
  CliError(ExitCode code, const std::string& what, std::string hint = {})
      : std::runtime_error(what), code_(code), hint_(std::move(hint)) {}
  ExitCode code() const { return code_; }
  const std::string& hint() const { return hint_; }

 private:
  ExitCode code_;
  std::string hint_;
};

// The README's table lists the same codes with the same words (tests/cli_grammar_test.cpp).
constexpr const char* kExitCodeHelp =
    "Exit codes:\n"
    "  0    ok\n"
    "  1    usage: a bad flag or value, or flags that contradict each other or the data\n"
    "  2    data: a data file (CSV, IDX, training log) missing, unreadable, invalid or unfit for "
    "the model\n"
    "  3    model: a model file or checkpoint missing, unreadable or invalid\n"
    "  4    training diverged (a non-finite loss)\n"
    "  5    output: a file could not be written (missing folder, permissions, full disk, size "
    "limit)\n"
    "  6    the checkpoint belongs to another run (--resume without --force)\n"
    "  7    gradcheck found a gradient that disagrees\n"
    "  8    mpirun: the ranks read different data or their replicas differ\n"
    "  130  stopped by SIGINT (Ctrl-C), checkpoint saved\n"
    "  143  stopped by SIGTERM, checkpoint saved";

}  // namespace bprop::cli
