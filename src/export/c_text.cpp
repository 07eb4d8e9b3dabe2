// C99 text: literals that a C compiler reads back to exactly the values bprop holds.
#include "export/c_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace bprop::c_text {

std::string float_literal(float value) {
  char text[32];
  const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
  std::string literal(text, end);
  if (ec != std::errc() || literal.find_first_of("ni") != std::string::npos) {
    throw std::invalid_argument("C export: non-finite value " + literal);
  }
  // "3" would be an int (and "3f" no literal at all): a float literal needs '.' or an exponent.
  if (literal.find_first_of(".e") == std::string::npos) literal += ".0";
  return literal + "f";
}

std::string float_array(std::string_view name, std::span<const float> values, bool nan_allowed) {
  std::string text =
      "static const float " + std::string(name) + "[" + std::to_string(values.size()) + "] = {";
  for (std::size_t i = 0; i < values.size(); ++i) {
    text += i % 8 == 0 ? "\n  " : " ";
    text += nan_allowed && std::isnan(values[i]) ? "NAN" : float_literal(values[i]);
    text += ',';
  }
  return text + "\n};\n";
}

std::string integer_array(std::string_view type, std::string_view name,
                          std::span<const int64_t> values) {
  std::string text = "static const " + std::string(type) + " " + std::string(name) + "[" +
                     std::to_string(values.size()) + "] = {";
  for (std::size_t i = 0; i < values.size(); ++i) {
    text += i % 16 == 0 ? "\n  " : " ";
    text += std::to_string(values[i]);
    text += ',';
  }
  return text + "\n};\n";
}

std::string string_literal(std::string_view text) {
  std::string literal = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      literal += '\\';
      literal += c;
    } else if (byte < 0x20 || byte >= 0x7f || c == '?') {  // '?': no trigraphs
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\%03o", byte);
      literal += escape;
    } else {
      literal += c;
    }
  }
  return literal + "\"";
}

std::string fill(std::string_view pattern, Values values) {
  std::string text;
  std::size_t i = 0;
  while (i < pattern.size()) {
    const std::size_t at = std::min(pattern.find('@', i), pattern.size());
    text.append(pattern.substr(i, at - i));
    if (at == pattern.size()) break;
    std::size_t end = at + 1;
    while (end < pattern.size() && pattern[end] >= 'A' && pattern[end] <= 'Z') ++end;
    const std::string_view key = pattern.substr(at + 1, end - at - 1);
    bool found = false;
    for (const auto& [name, value] : values) {
      if (name == key) text.append(value), found = true;
    }
    if (!found) throw std::logic_error("C export template: no value for @" + std::string(key));
    i = end;
  }
  return text;
}

std::string comment_safe(std::string_view text) {
  std::string safe;
  for (std::size_t i = 0; i < text.size(); ++i) {
    safe += text[i];
    if (text[i] == '*' && i + 1 < text.size() && text[i + 1] == '/') safe += ' ';
  }
  return safe;
}

}  // namespace bprop::c_text
