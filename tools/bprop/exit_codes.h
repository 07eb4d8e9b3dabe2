// The CLI's exit codes (documented in `bprop --help` and the README) and the error that carries
// one.
#pragma once

#include <stdexcept>
#include <string>

namespace bprop::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 1,     // bad flags or values
  kExitData = 2,      // unreadable or invalid data
  kExitModel = 3,     // unreadable or invalid model file
  kExitDiverged = 4,  // training produced a non-finite loss
  kExitIo = 5,        // the disk refused a write
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
    "Exit codes: 0 ok, 1 usage error, 2 data error, 3 model-file error, 4 training diverged, "
    "5 I/O error.";

}  // namespace bprop::cli
