// JsonValue and parse_json: the reading half of bprop's JSON, enough to load a JSON-lines training
// log back (bprop report LOG.jsonl). Numbers are doubles, objects keep their members' order, and
// every error names the offset and what was expected there.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace bprop {

// Text that is not valid JSON. offset counts bytes from the start of the parsed text.
class JsonError : public std::runtime_error {
 public:
  JsonError(const std::string& what, std::size_t offset)
      : std::runtime_error(what), offset_(offset) {}
  std::size_t offset() const { return offset_; }

 private:
  std::size_t offset_;
};

class JsonValue {
 public:
  using Array = std::vector<JsonValue>;
  using Object = std::map<std::string, JsonValue, std::less<>>;

  JsonValue() = default;  // null
  JsonValue(bool b) : v_(b) {}
  JsonValue(double d) : v_(d) {}
  JsonValue(int i) : v_(static_cast<double>(i)) {}
  JsonValue(const char* s) : v_(std::string(s)) {}
  JsonValue(std::string s) : v_(std::move(s)) {}
  JsonValue(Array a) : v_(std::move(a)) {}
  JsonValue(Object o) : v_(std::move(o)) {}

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_number() const { return std::holds_alternative<double>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_array() const { return std::holds_alternative<Array>(v_); }
  bool is_object() const { return std::holds_alternative<Object>(v_); }

  // Typed access; each throws JsonError (offset 0) naming the expected type on a mismatch.
  bool as_bool() const;
  double as_number() const;  // null reads as NaN: the writer stores NaN and infinities as null
  const std::string& as_string() const;
  const Array& as_array() const;
  const Object& as_object() const;

  // Object members: find() returns nullptr when absent; at() throws JsonError naming the key.
  const JsonValue* find(std::string_view key) const;
  const JsonValue& at(std::string_view key) const;
  // The member as a number, or `fallback` when it is absent.
  double number_or(std::string_view key, double fallback) const;
  std::string string_or(std::string_view key, const std::string& fallback) const;

 private:
  std::variant<std::monostate, bool, double, std::string, Array, Object> v_;
};

// Parses one JSON document; trailing whitespace is allowed, anything else after it is an error.
JsonValue parse_json(std::string_view text);

}  // namespace bprop
