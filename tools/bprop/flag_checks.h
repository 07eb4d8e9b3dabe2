// Validators for numeric flags whose messages a user can act on ("must be > 0, got -1"), instead
// of CLI11's range messages that print the largest double.
#pragma once

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include "suggest.h"

namespace bprop::cli {

inline CLI::Validator number_check(const char* name, bool (*ok)(double), const char* rule) {
  return CLI::Validator(
      [ok, rule](std::string& text) -> std::string {
        double value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size()) {
          return "expected a number, got '" + text + "'";
        }
        return ok(value) ? std::string() : std::string("must be ") + rule + ", got " + text;
      },
      name);
}

inline const CLI::Validator kPositive = number_check(
    "> 0", [](double v) { return v > 0; }, "> 0");
inline const CLI::Validator kNonNegative = number_check(
    ">= 0", [](double v) { return v >= 0; }, ">= 0");
inline const CLI::Validator kUnitInterval = number_check(
    "in [0, 1)", [](double v) { return v >= 0 && v < 1; }, "in [0, 1)");

// One of `names`; otherwise "unknown loss 'mes' (known: mse, bce, softmax-ce); did you mean
// 'mse'?" (`what` = "loss").
inline CLI::Validator one_of(const std::vector<std::string>& names, const std::string& what) {
  std::string known;
  for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
  return CLI::Validator(
      [names, what, known](std::string& text) -> std::string {
        if (std::find(names.begin(), names.end(), text) != names.end()) return {};
        return "unknown " + what + " '" + text + "' (known: " + known + ")" +
               did_you_mean(text, names);
      },
      "{" + known + "}");
}

// A whole number >= 0 (a seed): "-1" is refused instead of wrapping around to 2^64 - 1.
inline const CLI::Validator kWholeNumber = CLI::Validator(
    [](std::string& text) -> std::string {
      unsigned long long value = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec == std::errc() && end == text.data() + text.size()) return {};
      return "expected a whole number >= 0, got '" + text + "'";
    },
    "UINT");

}  // namespace bprop::cli
