// The README and `--help` agree (issue 18): the README's table of `bprop train` flags names only
// flags that exist, with the defaults `bprop train --help` shows, and every flag of every command
// is documented in the README or docs/. (The exit-code table: tests/cli_exit_codes_test.cpp.)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "testing/cli_files.h"

namespace bprop::testing {
namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// The default in one option column of --help ("--lr FLOAT:> 0=0.05"): after the last '=' that is
// not part of a validator's ">=" or "<=", up to a space; "" when there is none.
std::string shown_default(const std::string& column) {
  for (std::size_t at = column.rfind('='); at != std::string::npos && at > 0;
       at = column.rfind('=', at - 1)) {
    if (column[at - 1] == '>' || column[at - 1] == '<') continue;
    std::string value = column.substr(at + 1, column.find(' ', at) - at - 1);
    if (value.size() > 1 && value.front() == '[') value = value.substr(1, value.size() - 2);
    return value;
  }
  return "";
}

// "--flag" -> the default `bprop CMD --help` shows ("" when none).
std::map<std::string, std::string> help_flags(const std::string& command) {
  const CommandResult r = run_command(bprop_cli() + " " + command + " --help");
  EXPECT_EQ(r.exit_code, 0) << command;
  static const std::regex flag(R"(^  (?:-[a-z],)?(--[a-z0-9-]+))");
  std::map<std::string, std::string> flags;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, flag)) continue;
    // Options and their descriptions are separated by two or more spaces.
    const std::string column = line.substr(0, line.find("  ", 2));
    flags[m[1]] = shown_default(column);
  }
  return flags;
}

// The backquoted words of one table cell.
std::vector<std::string> quoted(const std::string& cell) {
  static const std::regex word("`([^`]*)`");
  std::vector<std::string> words;
  for (auto it = std::sregex_iterator(cell.begin(), cell.end(), word); it != std::sregex_iterator();
       ++it) {
    words.push_back((*it)[1]);
  }
  return words;
}

// A default cell's parts, split at ", " outside backquotes: "`0`, off" -> {"`0`", "off"}.
std::vector<std::string> parts(const std::string& cell) {
  std::vector<std::string> result(1);
  bool inside = false;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] == '`') inside = !inside;
    if (!inside && cell.compare(i, 2, ", ") == 0) {
      result.emplace_back();
      ++i;
      continue;
    }
    result.back() += cell[i];
  }
  return result;
}

TEST(ReadmeFlags, TrainTableNamesRealFlagsWithTheDefaultsOfHelp) {
  const std::string readme = read(std::filesystem::path(BPROP_SOURCE_DIR) / "README.md");
  const auto help = help_flags("train");
  ASSERT_TRUE(help.count("--layers")) << "could not read bprop train --help";
  static const std::regex row(R"(\n\| ([^|]*`--[^|]*) \| ([^|]*) \|)");
  int rows = 0;
  for (auto it = std::sregex_iterator(readme.begin(), readme.end(), row);
       it != std::sregex_iterator(); ++it, ++rows) {
    std::vector<std::string> flags;
    for (const std::string& w : quoted((*it)[1])) {
      if (w.starts_with("--")) flags.push_back(w.substr(0, w.find(' ')));
    }
    const std::vector<std::string> defaults = parts((*it)[2]);
    for (std::size_t i = 0; i < flags.size(); ++i) {
      ASSERT_TRUE(help.count(flags[i])) << flags[i] << " is in the README but not in --help";
      // One default for several flags applies to each; "off", "none" and prose give none.
      if (defaults.size() != 1 && defaults.size() != flags.size()) continue;
      const std::string& cell = defaults[defaults.size() == 1 ? 0 : i];
      if (!cell.starts_with('`') || quoted(cell).size() != 1) continue;
      EXPECT_EQ(quoted(cell)[0], help.at(flags[i])) << flags[i] << ": README vs --help";
    }
  }
  EXPECT_GE(rows, 30) << "the README's train flag table was not found";
}

TEST(ReadmeFlags, EveryFlagOfEveryCommandIsDocumented) {
  std::string docs = read(std::filesystem::path(BPROP_SOURCE_DIR) / "README.md");
  for (const auto& entry : std::filesystem::directory_iterator(BPROP_SOURCE_DIR "/docs")) {
    if (entry.path().extension() == ".md") docs += read(entry.path());
  }
  const char* commands[] = {"train",    "gradcheck", "dataset", "convert", "report",
                            "evaluate", "predict",   "inspect", "export",  "quantize"};
  for (const char* command : commands) {
    for (const auto& [flag, _] : help_flags(command)) {
      if (flag == "--help") continue;
      const std::regex mentioned(flag + "([^a-z0-9-]|$)");
      EXPECT_TRUE(std::regex_search(docs, mentioned))
          << "bprop " << command << " " << flag << " is in --help but not in README.md or docs/";
    }
  }
}

}  // namespace
}  // namespace bprop::testing
