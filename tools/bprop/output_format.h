// `--format text|json`, the same flag in every command that reports a result (docs/cli.md, "JSON
// output"): text for people, or exactly one JSON object on one line of stdout for programs.
// Errors stay "error:"/"hint:" lines on stderr with the exit code of the table, in either format.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

namespace bprop::cli {

// Members keep the order they are written in, so the same run prints the same bytes.
using JsonResult = nlohmann::ordered_json;

// Adds `--format` (text or json, default text) to `cmd`; `what` says what the text form is and
// `json_form` what the json one is.
void add_format_flag(CLI::App& cmd, std::string& format, const std::string& what,
                     const std::string& json_form = "one JSON object on stdout");

// A summary on stdout and data on stdout (`-o -`) would be one stream mixed: refused (exit 1)
// when format is json and `path` is "-", naming `flag`.
void refuse_json_beside_stdout(const std::string& format, const std::string& flag,
                               const std::string& path);

// Prints `result` on one line of stdout and flushes; a failed write is exit 5. Non-finite
// numbers become null (JSON has no NaN), bytes that are not UTF-8 U+FFFD.
void print_json_result(const JsonResult& result);

// With `--out -` stdout carries only the model, and with --format json only the JSON result: while
// this lives, everything printed to stdout goes to stderr; release() points stdout back at the
// real one just before the model or the result is written.
class StdoutToStderr {
 public:
  explicit StdoutToStderr(bool active);
  ~StdoutToStderr() { release(); }
  StdoutToStderr(const StdoutToStderr&) = delete;
  StdoutToStderr& operator=(const StdoutToStderr&) = delete;
  void release();

 private:
  int saved_ = -1;
};

}  // namespace bprop::cli
