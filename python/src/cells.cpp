// Number texts for the tabular encoding (cells.h). Python's float repr is "shortest round trip,
// positional when -4 < decimal point <= 16" (CPython's float_repr_style "short", format code
// 'r' of PyOS_double_to_string); std::to_chars gives the same shortest digits.
#include "cells.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace py = pybind11;

namespace bprop::python {

std::string python_float_repr(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, x,
                                          std::chars_format::scientific);  // "-d.ddde+XX"
  std::string text(buffer, end);
  const std::size_t e = text.find('e');
  const bool negative = text[0] == '-';
  std::string digits;
  for (std::size_t i = negative ? 1 : 0; i < e; ++i) {
    if (text[i] != '.') digits += text[i];
  }
  const int point = std::atoi(text.c_str() + e + 1) + 1;  // digits d1 d2 ... = 0.d1d2... x 10^point
  if (point <= -4 || point > 16) return text;             // scientific: to_chars' form is Python's
  std::string out = negative ? "-" : "";
  const int n = static_cast<int>(digits.size());
  if (point <= 0) {
    out += "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
  } else if (point >= n) {
    out += digits + std::string(static_cast<std::size_t>(point - n), '0') + ".0";
  } else {
    out += digits.substr(0, static_cast<std::size_t>(point)) + "." +
           digits.substr(static_cast<std::size_t>(point));
  }
  return out;
}

namespace {

constexpr double kExactIntegers = 9007199254740992.0;  // 2^53

template <typename I>
std::string integer_text(I value) {
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return {buffer, end};
}

// _tabular.py's _cell_text for a float: "" for NaN, a whole number as an integer, else repr.
std::string float_cell(double x) {
  if (std::isnan(x)) return "";
  if (x == std::trunc(x) && std::fabs(x) < kExactIntegers) {
    return integer_text(static_cast<int64_t>(x));  // -0.0 is "0", as str(int(-0.0))
  }
  return python_float_repr(x);
}

template <typename V, typename F>
std::vector<std::string> texts_of(const py::array& a, F format) {
  const auto values = py::array_t<V, py::array::c_style | py::array::forcecast>::ensure(a);
  std::vector<std::string> texts;
  texts.reserve(static_cast<std::size_t>(values.size()));
  const V* data = values.data();
  for (py::ssize_t i = 0; i < values.size(); ++i) texts.push_back(format(data[i]));
  return texts;
}

std::vector<std::string> array_texts(const py::array& a) {
  if (a.ndim() != 1) throw py::value_error("a column of numbers must be 1-D");
  const char kind = a.dtype().kind();
  if (kind == 'f' && a.itemsize() == 8) return texts_of<double>(a, float_cell);
  if (kind == 'i' && a.itemsize() == 8) return texts_of<int64_t>(a, integer_text<int64_t>);
  if (kind == 'u' && a.itemsize() == 8) return texts_of<uint64_t>(a, integer_text<uint64_t>);
  throw py::value_error("a column of numbers must be float64, int64 or uint64");
}

// One column's texts: a list of str as it is, an array of numbers written as _cell_text would.
std::vector<std::string> column_texts(py::handle column) {
  if (py::isinstance<py::array>(column)) {
    return array_texts(py::reinterpret_borrow<py::array>(column));
  }
  return column.cast<std::vector<std::string>>();
}

}  // namespace

CellColumns::CellColumns(const py::list& columns, const std::vector<bool>& numbers) {
  // Reserved first: the cells are views into these vectors' elements.
  arrays_.reserve(columns.size());
  converted_.reserve(columns.size());
  texts_.reserve(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const py::handle column = columns[c];
    const bool array = c < numbers.size() && numbers[c] && py::isinstance<py::array>(column);
    const auto a = array ? py::reinterpret_borrow<py::array>(column) : py::array();
    const char kind = array ? a.dtype().kind() : 'O';
    if (array && a.ndim() == 1 && kind == 'f' && a.itemsize() == 8) {
      arrays_.push_back(py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(a));
      const auto count = static_cast<std::size_t>(arrays_.back().size());
      cells_.push_back({.numbers = {arrays_.back().data(), count}, .holds_numbers = true});
    } else if (array && a.ndim() == 1 && (kind == 'i' || kind == 'u')) {
      const auto values = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(a);
      converted_.emplace_back(values.data(), values.data() + values.size());
      cells_.push_back({.numbers = converted_.back(), .holds_numbers = true});
    } else {
      texts_.push_back(column_texts(column));
      cells_.push_back({.texts = texts_.back()});
    }
  }
}

std::vector<bool> numbers_for(const TabularEncoding& encoding) {
  std::vector<bool> numbers;
  for (const ColumnEncoding& column : encoding.columns) {
    numbers.push_back(!column.is_categorical() && !encoding.numbers_can_be_missing());
  }
  return numbers;
}

std::vector<bool> numbers_for(const std::vector<std::string>& names,
                              const std::vector<std::string>& categorical,
                              const std::vector<std::string>& na_values) {
  const bool missing = na_values_match_numbers(na_values);
  std::vector<bool> numbers;
  for (const std::string& name : names) {
    numbers.push_back(!missing &&
                      std::find(categorical.begin(), categorical.end(), name) == categorical.end());
  }
  return numbers;
}

std::vector<std::vector<std::string>> cell_texts(const py::list& columns) {
  std::vector<std::vector<std::string>> texts;
  texts.reserve(columns.size());
  for (const py::handle column : columns) texts.push_back(column_texts(column));
  return texts;
}

}  // namespace bprop::python
