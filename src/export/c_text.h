// Text helpers for the C99 export: exact float literals, array definitions, string literals.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace bprop::c_text {

// The shortest decimal that reads back to the same float, as a C float literal: "0.25f",
// "1e-05f", "3.0f". The value must be finite.
std::string float_literal(float value);

// "static const float NAME[N] = {\n  v, v, ...\n};\n", eight values a line. With `nan_allowed`,
// a NaN is written as C99's NAN (<math.h>): the self-test's missing inputs.
std::string float_array(std::string_view name, std::span<const float> values,
                        bool nan_allowed = false);

// "static const TYPE NAME[N] = {\n  v, v, ...\n};\n", sixteen values a line; the values must fit
// TYPE (the int8 export's int8_t, int32_t and unsigned char arrays).
std::string integer_array(std::string_view type, std::string_view name,
                          std::span<const int64_t> values);

// `text` as a C string literal, quotes included; bytes outside printable ASCII become octal
// escapes, so any class name is valid C.
std::string string_literal(std::string_view text);

// `pattern` with each @NAME (capital letters after '@') replaced by its value in `values`: the
// generated C is written as readable templates. Throws std::logic_error for an unknown @NAME.
using Values = std::initializer_list<std::pair<std::string_view, std::string_view>>;
std::string fill(std::string_view pattern, Values values);

// `text` made safe inside a /* */ comment (every "*/" broken up).
std::string comment_safe(std::string_view text);

}  // namespace bprop::c_text
