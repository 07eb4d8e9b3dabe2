// `--format text|json` for every command that reports a result.
#include "output_format.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "exit_codes.h"

namespace bprop::cli {

void add_format_flag(CLI::App& cmd, std::string& format, const std::string& what,
                     const std::string& json_form) {
  cmd.add_option("--format", format,
                 "Output format: text (" + what + ") or json (" + json_form + ")")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

void refuse_json_beside_stdout(const std::string& format, const std::string& flag,
                               const std::string& path) {
  if (format != "json" || path != "-") return;
  throw CliError(kExitUsage,
                 "--format json prints its summary on stdout, which " + flag + " - already uses",
                 "write the output to a file (" + flag + " FILE), or drop --format json");
}

void print_json_result(const JsonResult& result) {
  std::fflush(stdout);  // text printed before stays before
  // Names come from the user's files: bytes that are not UTF-8 print as U+FFFD, not an exception.
  std::cout << result.dump(-1, ' ', false, JsonResult::error_handler_t::replace) << '\n'
            << std::flush;
  if (!std::cout) throw CliError(kExitIo, "could not write the JSON result to standard output");
}

StdoutToStderr::StdoutToStderr(bool active) {
  if (!active) return;
  std::fflush(stdout);
  saved_ = ::dup(STDOUT_FILENO);
  if (saved_ < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    throw CliError(kExitIo,
                   std::string("cannot redirect the report to stderr: ") + std::strerror(errno));
  }
}

void StdoutToStderr::release() {
  if (saved_ < 0) return;
  std::fflush(stdout);
  ::dup2(saved_, STDOUT_FILENO);
  ::close(saved_);
  saved_ = -1;
}

}  // namespace bprop::cli
