// log_fields: see log_fields.h.
#include "report/log_fields.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "bprop/report/training_log.h"

namespace bprop::log_fields {

namespace {

[[noreturn]] void wrong_type(const Json& value, const char* what, const char* expected) {
  throw TrainingLogError(std::string("\"") + what + "\" should be " + expected + ", not " +
                         (value.is_number() ? "the number " + value.dump() : value.type_name()));
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1, column
// 8: "; the line is the log's, so keep only the column and what went wrong.
std::string invalid_json(const nlohmann::json::exception& e) {
  std::string text = e.what();
  if (const std::size_t end = text.find("] "); end != std::string::npos) text.erase(0, end + 2);
  const std::size_t column = text.find("column ");
  if (column == std::string::npos) return "invalid JSON: " + text;
  return "invalid JSON at " + text.substr(column);
}

}  // namespace

Json parse_record(const std::string& line) {
  // The callback sees each object and array as it opens, so nesting is refused before it is built.
  const Json::parser_callback_t limit_depth = [](int depth, Json::parse_event_t event, Json&) {
    if ((event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start) &&
        depth >= kMaxDepth) {
      throw TrainingLogError("invalid record: nested deeper than " + std::to_string(kMaxDepth) +
                             " levels");
    }
    return true;
  };
  try {
    return Json::parse(line, limit_depth);
  } catch (const nlohmann::json::exception& e) {
    throw TrainingLogError(invalid_json(e));
  }
}

const Json* find(const Json& object, const char* key) {
  if (!object.is_object()) {
    throw TrainingLogError(std::string("expected an object holding \"") + key + "\", not " +
                           object.type_name());
  }
  const Json::object_t& members = object.get_ref<const Json::object_t&>();
  const auto it = members.find(key);
  return it == members.end() ? nullptr : &it->second;
}

const Json& at(const Json& object, const char* key) {
  const Json* member = find(object, key);
  if (member == nullptr) throw TrainingLogError(std::string("missing member \"") + key + "\"");
  return *member;
}

double number(const Json& value, const char* what) {
  if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!value.is_number()) wrong_type(value, what, "a number");
  return value.get<double>();
}

template <typename T>
T integer(const Json& value, const char* what) {
  if (value.is_number_unsigned()) {
    const uint64_t u = value.get<uint64_t>();
    if (u <= static_cast<uint64_t>(std::numeric_limits<T>::max())) return static_cast<T>(u);
  } else if (value.is_number_integer()) {
    const int64_t i = value.get<int64_t>();
    if (i >= static_cast<int64_t>(std::numeric_limits<T>::min()) &&
        (i < 0 || static_cast<uint64_t>(i) <= static_cast<uint64_t>(std::numeric_limits<T>::max())))
      return static_cast<T>(i);
  }
  wrong_type(value, what, "an integer in range");
}

bool boolean(const Json& value, const char* what) {
  if (!value.is_boolean()) wrong_type(value, what, "true or false");
  return value.get<bool>();
}

const std::string& string(const Json& value, const char* what) {
  if (!value.is_string()) wrong_type(value, what, "a string");
  return value.get_ref<const std::string&>();
}

const Json::array_t& array(const Json& value, const char* what) {
  if (!value.is_array()) wrong_type(value, what, "an array");
  return value.get_ref<const Json::array_t&>();
}

const Json::object_t& object(const Json& value, const char* what) {
  if (!value.is_object()) wrong_type(value, what, "an object");
  return value.get_ref<const Json::object_t&>();
}

double number_or(const Json& object, const char* key, double fallback) {
  const Json* member = find(object, key);
  return member == nullptr ? fallback : number(*member, key);
}

template <typename T>
T integer_or(const Json& object, const char* key, T fallback) {
  const Json* member = find(object, key);
  return member == nullptr ? fallback : integer<T>(*member, key);
}

std::string string_or(const Json& object, const char* key, const std::string& fallback) {
  const Json* member = find(object, key);
  return member == nullptr ? fallback : string(*member, key);
}

bool boolean_or(const Json& object, const char* key, bool fallback) {
  const Json* member = find(object, key);
  return member == nullptr ? fallback : boolean(*member, key);
}

std::optional<double> optional_number(const Json& object, const char* key) {
  const Json* member = find(object, key);
  if (member == nullptr) return std::nullopt;
  return number(*member, key);
}

std::vector<std::string> strings(const Json& object, const char* key) {
  std::vector<std::string> result;
  if (const Json* list = find(object, key)) {
    for (const Json& s : array(*list, key)) result.push_back(string(s, key));
  }
  return result;
}

template <typename T>
std::vector<T> numbers(const Json& value, const char* what) {
  std::vector<T> result;
  result.reserve(array(value, what).size());
  for (const Json& n : array(value, what)) {
    if constexpr (std::is_floating_point_v<T>) {
      result.push_back(static_cast<T>(number(n, what)));
    } else {
      result.push_back(integer<T>(n, what));
    }
  }
  return result;
}

template int integer<int>(const Json&, const char*);
template uint64_t integer<uint64_t>(const Json&, const char*);
template int integer_or<int>(const Json&, const char*, int);
template uint64_t integer_or<uint64_t>(const Json&, const char*, uint64_t);
template std::vector<float> numbers<float>(const Json&, const char*);
template std::vector<int64_t> numbers<int64_t>(const Json&, const char*);

}  // namespace bprop::log_fields
