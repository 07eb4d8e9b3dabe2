// Suggestions by edit distance.
#include "suggest.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "bprop/registry.h"

namespace bprop::cli {

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// neighbours ("trian" -> "train") each cost 1.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

// Every long and short name of the command's options: "--epochs", "-o".
std::vector<std::string> flag_names(const CLI::App& cmd) {
  std::vector<std::string> names;
  for (const CLI::Option* option : cmd.get_options()) {
    for (const std::string& s : option->get_snames()) names.push_back("-" + s);
    for (const std::string& l : option->get_lnames()) names.push_back("--" + l);
  }
  return names;
}

}  // namespace

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 3;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance && 2 * d < std::max(word.size(), c.size())) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string best = closest(word, candidates);
  return best.empty() ? std::string() : " (did you mean '" + best + "'?)";
}

std::string suggest_for_command_line(const CLI::App& app, int argc, char** argv) {
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    commands.push_back(sub->get_name());
  }
  const CLI::App* cmd = &app;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i == 1 && !arg.starts_with("-")) {
      const auto subs =
          app.get_subcommands([&](const CLI::App* s) { return s->get_name() == arg; });
      if (!subs.empty()) {
        cmd = subs.front();
        continue;
      }
      const std::string best = closest(arg, commands);
      if (!best.empty()) return "did you mean 'bprop " + best + "'?";
    }
    if (!arg.starts_with("-") || arg == "-" || arg == "--") continue;
    const std::string flag = arg.substr(0, arg.find('='));
    const auto known = flag_names(*cmd);
    if (std::find(known.begin(), known.end(), flag) != known.end()) continue;
    const std::string best = closest(flag, known);
    if (!best.empty()) return "did you mean '" + best + "' instead of '" + flag + "'?";
  }
  return {};
}

std::string suggest_for_config_error(const std::string& message) {
  std::smatch m;
  static const std::regex layer(R"(unknown layer '([^':]*))");
  if (std::regex_search(message, m, layer)) {
    const std::string name = m[1];
    if (name == "softmax" || name == "log_softmax") {
      return "softmax is not a layer: end --layers with the class count (e.g. 64,relu,3) and "
             "pass --loss softmax-ce, which applies softmax inside the loss";
    }
    const std::string best = closest(name, layer_names());
    if (!best.empty()) return "did you mean '" + best + "'?";
  }
  return {};
}

}  // namespace bprop::cli
