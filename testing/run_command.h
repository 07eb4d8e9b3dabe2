// Runs a shell command from a test and captures its exit code, stdout and stderr, so CLI tests can
// assert on what a user sees. bprop_cli() names the built `bprop` binary.
#pragma once

#include <string>

namespace bprop::testing {

struct CommandResult {
  int exit_code = -1;  // the process's exit status, or 128+N when killed by signal N
  std::string out;
  std::string err;
};

// Runs `command` with /bin/sh; `input` (if not empty) is fed to its stdin.
CommandResult run_command(const std::string& command, const std::string& input = "");

// The path of the bprop binary under test, quoted for the shell.
std::string bprop_cli();

// A fresh empty folder under the system's temporary folder, removed at process exit.
std::string temp_folder();

}  // namespace bprop::testing
