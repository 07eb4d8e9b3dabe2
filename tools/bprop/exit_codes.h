// The CLI's exit codes (documented in `bprop --help` and the README) and the error that carries
// one.
#pragma once

#include <stdexcept>
#include <string>

namespace bprop::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 1,          // bad flags or values
  kExitData = 2,           // unreadable or invalid data
  kExitModel = 3,          // unreadable or invalid model file
  kExitDiverged = 4,       // training produced a non-finite loss
  kExitIo = 5,             // the disk refused a write
  kExitCheckpoint = 6,     // --resume: the checkpoint belongs to another run (data or flags)
  kExitReplicas = 7,       // mpirun: the ranks' data or replicas differ (docs/distributed.md)
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

constexpr const char* kExitCodeHelp =
    "Exit codes: 0 ok, 1 usage error, 2 data error, 3 model-file or checkpoint error, 4 training "
    "diverged, 5 I/O error, 6 checkpoint belongs to another run, 7 data-parallel ranks disagree "
    "(data or replicas), 130 stopped by SIGINT (Ctrl-C) "
    "and 143 by SIGTERM after saving a checkpoint.";

}  // namespace bprop::cli
