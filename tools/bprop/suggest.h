// "Did you mean ...?" for misspelt commands, flags and names: the known word closest to what was
// typed, by edit distance.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace bprop::cli {

// The candidate closest to `word` (Damerau-Levenshtein, case-insensitive) when it is close
// enough to be a typo: at most 2 edits, and fewer than half of the word's length; else "".
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'X'?)" for closest(word, candidates), or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// For a command line CLI11 refused: "did you mean ...?" for its first unknown command or flag,
// or "" when none is close to a known one.
std::string suggest_for_command_line(const CLI::App& app, int argc, char** argv);

// A hint for a library ConfigError about an unknown layer or loss name, or "".
std::string suggest_for_config_error(const std::string& message);

}  // namespace bprop::cli
