// Validators for numeric flags whose messages a user can act on ("must be > 0, got -1"), instead
// of CLI11's range messages that print the largest double.
#pragma once

#include <CLI/CLI.hpp>
#include <charconv>
#include <string>

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

}  // namespace bprop::cli
