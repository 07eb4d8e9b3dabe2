// JsonWriter: see bprop/report/json.h. Numbers go through std::to_chars, whose shortest form is
// guaranteed to read back bit-exactly, so a log can be reloaded without drift.
#include "bprop/report/json.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace bprop {

namespace {

template <typename F>
std::string shortest(F number) {
  if (!std::isfinite(number)) return "null";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  return std::string(buffer, result.ptr);
}

}  // namespace

std::string json_quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xf];
          out += kHex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string json_number(double number) { return shortest(number); }
std::string json_number(float number) { return shortest(number); }

void JsonWriter::before_value() {
  if (stack_.empty()) {
    if (wrote_top_) throw std::logic_error("JsonWriter: a second top-level value; call clear()");
    wrote_top_ = true;
    return;
  }
  if (stack_.back() == Frame::kObject) {
    if (!key_pending_) throw std::logic_error("JsonWriter: a value inside an object needs a key");
    key_pending_ = false;
    return;
  }
  if (!first_.back()) out_ += ',';
  first_.back() = false;
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  stack_.push_back(Frame::kObject);
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  stack_.push_back(Frame::kArray);
  first_.push_back(true);
  return *this;
}

void JsonWriter::close(Frame frame, char bracket) {
  if (stack_.empty() || stack_.back() != frame || key_pending_) {
    throw std::logic_error(std::string("JsonWriter: unbalanced '") + bracket + "'");
  }
  stack_.pop_back();
  first_.pop_back();
  out_ += bracket;
}

JsonWriter& JsonWriter::end_object() {
  close(Frame::kObject, '}');
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  close(Frame::kArray, ']');
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  if (stack_.empty() || stack_.back() != Frame::kObject || key_pending_) {
    throw std::logic_error("JsonWriter: key '" + std::string(name) + "' outside an object");
  }
  if (!first_.back()) out_ += ',';
  first_.back() = false;
  out_ += json_quote(name);
  out_ += ':';
  key_pending_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  out_ += json_quote(text);
  return *this;
}

JsonWriter& JsonWriter::value(double number) {
  before_value();
  out_ += json_number(number);
  return *this;
}

JsonWriter& JsonWriter::value(float number) {
  before_value();
  out_ += json_number(number);
  return *this;
}

JsonWriter& JsonWriter::value(int64_t number) {
  before_value();
  out_ += std::to_string(number);
  return *this;
}

JsonWriter& JsonWriter::value(uint64_t number) {
  before_value();
  out_ += std::to_string(number);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

void JsonWriter::clear() {
  out_.clear();
  stack_.clear();
  first_.clear();
  key_pending_ = false;
  wrote_top_ = false;
}

}  // namespace bprop
