// Shell-command runner for CLI tests.
#include "testing/run_command.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace bprop::testing {

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct TempFolders {
  std::vector<std::filesystem::path> paths;
  ~TempFolders() {
    std::error_code ignored;
    for (const auto& p : paths) std::filesystem::remove_all(p, ignored);
  }
};

}  // namespace

std::string temp_folder() {
  static TempFolders folders;
  std::string pattern = (std::filesystem::temp_directory_path() / "bprop-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  folders.paths.emplace_back(pattern);
  return pattern;
}

CommandResult run_command(const std::string& command, const std::string& input) {
  const std::string dir = temp_folder();
  const std::string in = dir + "/stdin", out = dir + "/stdout", err = dir + "/stderr";
  std::ofstream(in, std::ios::binary) << input;
  const std::string full = "(" + command + ") <'" + in + "' >'" + out + "' 2>'" + err + "'";
  const int status = std::system(full.c_str());
  CommandResult result;
  if (status != -1 && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (status != -1 && WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

std::string bprop_cli() {
#ifdef BPROP_CLI_PATH
  return std::string("'") + BPROP_CLI_PATH + "'";
#else
  throw std::runtime_error("the CLI was not built (BPROP_BUILD_CLI=OFF)");
#endif
}

}  // namespace bprop::testing
