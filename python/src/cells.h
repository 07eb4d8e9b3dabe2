// The cells of X's columns as the tabular encoding reads them. A column arrives as a list of texts
// (Python wrote them) or as a NumPy array of numbers, which the encoding reads as numbers where
// it can, and whose texts are written here otherwise, character for character as
// python/bprop/_tabular.py's _cell_text writes them (so a number forced categorical names the
// same category either way), without a Python object per cell.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <span>
#include <string>
#include <vector>

#include "bprop/data/tabular.h"

namespace bprop::python {

// Each column of `columns` (a list) as texts: a list of str as it is; a 1-D float64 array as ""
// for NaN, a whole number below 2^53 in magnitude as an integer, any other as repr() writes it;
// an int64 or uint64 array as str() writes each. Throws ValueError for anything else.
std::vector<std::vector<std::string>> cell_texts(const pybind11::list& columns);

// The columns as fit_tabular_cells and encode_tabular_cells take them: an array of numbers stays
// numbers (float64 read in place, int64 and uint64 converted) where `numbers[c]` allows it;
// everything else as cell_texts writes it (a number forced categorical names its category by
// Python's text). Holds what the cells point into; keep it while they are used.
class CellColumns {
 public:
  CellColumns(const pybind11::list& columns, const std::vector<bool>& numbers);
  std::span<const TabularCells> cells() const { return cells_; }

 private:
  std::vector<pybind11::array_t<double>> arrays_;
  std::vector<std::vector<double>> converted_;
  std::vector<std::vector<std::string>> texts_;
  std::vector<TabularCells> cells_;
};

// Which columns may stay numbers for an encoding: those it reads as numbers, unless an na_value
// reads as a number (then a number's text decides).
std::vector<bool> numbers_for(const TabularEncoding& encoding);
// ... and for a fit: those `categorical` does not name, on the same condition.
std::vector<bool> numbers_for(const std::vector<std::string>& names,
                              const std::vector<std::string>& categorical,
                              const std::vector<std::string>& na_values);

// repr(x) of a Python float: the shortest text that reads back as x, in positional notation when
// its decimal exponent is in [-4, 16), else in scientific notation ("1e-05", "1.5e+16").
std::string python_float_repr(double x);

}  // namespace bprop::python
