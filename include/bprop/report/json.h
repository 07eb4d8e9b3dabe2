// JsonWriter: a tiny streaming JSON writer for logs and machine-readable CLI output. It places the
// commas and colons itself, escapes strings, writes numbers at full round-trip precision (the
// shortest text that reads back to the same double or float) and writes NaN and infinities, which
// JSON cannot express, as null. Misuse (a value where a key is due, an unclosed object) throws
// std::logic_error: it is a programming error, not a data error.
//
//   JsonWriter w;
//   w.begin_object().field("epoch", 3).field("loss", 0.25).key("sizes").begin_array();
//   w.value(2).value(4).end_array().end_object();
//   w.str();  // {"epoch":3,"loss":0.25,"sizes":[2,4]}
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace bprop {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // The next member's name; only inside an object, and only before each value.
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(double number);
  JsonWriter& value(float number);  // shortest text that reads back to the same float
  JsonWriter& value(int64_t number);
  JsonWriter& value(uint64_t number);
  JsonWriter& value(int number) { return value(static_cast<int64_t>(number)); }
  JsonWriter& value(bool flag);
  JsonWriter& null();

  // key(name).value(v) in one call.
  template <typename V>
  JsonWriter& field(std::string_view name, const V& v) {
    key(name);
    return value(v);
  }
  // An array of numbers or strings.
  template <typename V>
  JsonWriter& array(std::span<const V> values) {
    begin_array();
    for (const V& v : values) value(v);
    return end_array();
  }
  template <typename V>
  JsonWriter& array(const std::vector<V>& values) {
    return array(std::span<const V>(values));
  }

  // The text so far. complete() is true once every object and array is closed.
  const std::string& str() const { return out_; }
  bool complete() const { return stack_.empty() && wrote_top_; }
  // Starts a new document (for JSON-lines: one document per line).
  void clear();

 private:
  enum class Frame : unsigned char { kObject, kArray };
  void before_value();
  void close(Frame frame, char bracket);

  std::string out_;
  std::vector<Frame> stack_;
  std::vector<bool> first_;  // per frame: no member written yet
  bool key_pending_ = false;
  bool wrote_top_ = false;
};

// `text` as a JSON string literal, quotes included: escapes ", \ and control characters; other
// bytes (UTF-8 included) pass through unchanged.
std::string json_quote(std::string_view text);
// The shortest round-trip text of a number, or "null" when it is NaN or infinite.
std::string json_number(double number);
std::string json_number(float number);

}  // namespace bprop
