// Internal to the model file: the version-2 section that stores a TabularEncoding (after the
// metadata): na values, strictness, target names, then per column its name, kind, and the
// training median (numeric, as f64) or the categories and the most frequent one.
#pragma once

#include "bprop/data/tabular.h"
#include "model_bytes.h"

namespace bprop::model_file {

void write_tabular(Writer& w, const TabularEncoding& encoding);
// Checks every count against the bytes left before allocating; a category list must be sorted
// and unique, and the most frequent category one of them.
TabularEncoding read_tabular(Reader& r);

}  // namespace bprop::model_file
