// Internal to the tabular encoding: how a cell finds its category. A column of numbers forced
// categorical (--categorical, categorical=[...]) holds numbers, which a CSV file and pandas spell
// in several ways ("3", "3.0", "+3", "03"): such categories are named and matched by value, so
// that the same number is the same category whoever wrote it (audit 5, finding 03). Categories
// that include text are matched by text ("02139" and "2139" are two postcodes).
#pragma once

#include <string>
#include <string_view>

#include "bprop/data/tabular.h"

namespace bprop::tabular {

// The name of a category that is the number `x`: its shortest round-trip text, -0 as "0" (so
// 3.0 is "3", as Python's bprop writes a whole number).
std::string number_category(double x);

// The index of `cell` (present, not missing) among the column's categories, or -1 when training
// did not see it: its text, or else, when it is a number and every category is one, its value.
// Two categories of one value (a model fitted before categories were named by value) leave the
// value ambiguous: -1 then, unless the text is one of them.
int category_index(const ColumnEncoding& column, std::string_view cell);

}  // namespace bprop::tabular
