// Every shell block in the README runs as pasted, in an empty folder with `bprop` on the PATH,
// unless a comment just above it says why not.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "testing/run_command.h"

namespace bprop::testing {
namespace {

struct Block {
  int line = 0;
  std::string text;
  bool skipped = false;
};

std::vector<Block> shell_blocks(const std::string& path) {
  std::ifstream file(path);
  std::vector<Block> blocks;
  std::string line, previous;
  Block* open = nullptr;
  for (int number = 1; std::getline(file, line); ++number) {
    if (open != nullptr) {
      if (line == "```") {
        open = nullptr;
      } else {
        open->text += line + "\n";
      }
    } else if (line == "```sh") {
      blocks.push_back({number, "", previous.starts_with("<!-- not run by tests/readme_test.cpp")});
      open = &blocks.back();
    }
    if (!line.empty()) previous = line;
  }
  return blocks;
}

TEST(Readme, EveryShellBlockRunsAsPasted) {
  const auto blocks = shell_blocks(std::string(BPROP_SOURCE_DIR) + "/README.md");
  const std::string cli = BPROP_CLI_PATH;
  const std::string bin = cli.substr(0, cli.rfind('/'));
  int ran = 0;
  for (const Block& block : blocks) {
    if (block.skipped) continue;
    const std::string dir = temp_folder();
    std::ofstream(dir + "/block.sh") << "set -e\n" << block.text;
    const CommandResult r =
        run_command("cd '" + dir + "' && PATH='" + bin + "':\"$PATH\" bash block.sh");
    EXPECT_EQ(r.exit_code, 0) << "README.md line " << block.line << ":\n"
                              << block.text << r.out << r.err;
    ++ran;
  }
  EXPECT_GE(ran, 2);
}

}  // namespace
}  // namespace bprop::testing
