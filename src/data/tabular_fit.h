// Internal to the tabular encoding: the per-column fitting rules that the file fit
// (tabular_fit.cpp) and the cells fit (tabular_fit_cells.cpp) share.
#pragma once

#include <string>
#include <vector>

#include "bprop/data/tabular.h"
#include "tabular_table.h"

namespace bprop::tabular {

// The median (the fill of a numeric column), as a full sort would pick it.
double median(std::vector<double> values);

// Column c's rule from its training cells: a median, or a vocabulary when it holds text or
// o.categorical names it. Sets any_missing when a cell is missing. Throws DataError for a column
// with no values, a numeric column with a few stray text cells, too many categories.
ColumnEncoding fit_column(const Table& t, std::size_t c, const std::string& name,
                          const TabularOptions& o, bool& any_missing);

// Every name o.categorical lists must be one of the columns' `names`.
void check_categorical_names(const std::vector<std::string>& names, const std::string& name,
                             const TabularOptions& o);

// No two of the columns' `names`, `dropped` columns aside, may be equal.
void check_unique_names(const std::vector<std::string>& names,
                        const std::vector<std::size_t>& dropped, const std::string& name,
                        const TabularOptions& o);

}  // namespace bprop::tabular
