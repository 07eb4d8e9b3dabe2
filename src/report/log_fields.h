// Typed reads of a parsed training-log record (nlohmann::json) for the log reader. Each names the
// member and the expected type when the record does not hold what the schema says, throwing
// TrainingLogError, so a hostile or damaged log fails with a message instead of a library
// exception or an out-of-range conversion.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bprop::log_fields {

using Json = nlohmann::json;

// Parses one line: invalid JSON, a number too large for a double and nesting deeper than
// kMaxDepth throw TrainingLogError ("invalid JSON at column N: ...").
constexpr int kMaxDepth = 32;  // a version 1 record nests 6 levels deep
Json parse_record(const std::string& line);

// The member `key` of `object`, or nullptr when absent; throws when `object` is not an object.
const Json* find(const Json& object, const char* key);
const Json& at(const Json& object, const char* key);  // throws when absent

// The value as the type asked for. number() reads null as NaN: the writer stores NaN and
// infinities as null. integer() refuses fractions and values outside T's range.
double number(const Json& value, const char* what);
template <typename T>
T integer(const Json& value, const char* what);
bool boolean(const Json& value, const char* what);
const std::string& string(const Json& value, const char* what);
const Json::array_t& array(const Json& value, const char* what);
const Json::object_t& object(const Json& value, const char* what);

// Members that may be absent: `fallback` (or nullopt, or an empty list) then.
double number_or(const Json& object, const char* key, double fallback);
template <typename T>
T integer_or(const Json& object, const char* key, T fallback);
std::string string_or(const Json& object, const char* key, const std::string& fallback);
bool boolean_or(const Json& object, const char* key, bool fallback);
std::optional<double> optional_number(const Json& object, const char* key);
std::vector<std::string> strings(const Json& object, const char* key);
// An array of numbers, each converted to T (float, or an integer type through integer<T>).
template <typename T>
std::vector<T> numbers(const Json& value, const char* what);

}  // namespace bprop::log_fields
