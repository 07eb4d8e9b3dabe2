"""The inputs of a model that carries a tabular encoding: a model `bprop train` made from a CSV file
with missing cells or text columns. Such a model takes the training file's columns, not numbers:
this module turns X into one list of cell texts per column, and the compiled core encodes them
with the model's stored encoding (imputation, one-hot), the code `bprop predict` runs on a file.
"""
import math
import numbers

import numpy as np


def _cell_text(value):
    """The text a CSV file would hold for one value: "" (a missing cell) for None, NaN and
    pandas' NA/NaT; a string as it is; a number in its shortest exact decimal form, a whole
    number without a fraction (so 3.0 matches the category "3", as pandas reads "3" in a column
    with missing cells)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)  # exact for float32 too
        if math.isnan(number):
            return ""
        if number.is_integer() and abs(number) < 2.0**53:
            return str(int(number))
        return repr(number)
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing markers
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def cell_columns(X, columns):
    """One list of cell texts per name in `columns`: a DataFrame's columns by name (any order,
    others ignored, as `bprop predict` matches a file's header); any other 2-D array-like by
    position, exactly len(columns) wide."""
    if hasattr(X, "columns") and hasattr(X, "iloc"):  # a pandas DataFrame
        have = [str(c) for c in X.columns]
        missing = [name for name in columns if name not in have]
        if missing:
            raise ValueError(f"X has no column(s) {missing} that the model needs; the model "
                             f"takes the columns {list(columns)}")
        picked = [X.iloc[:, have.index(name)].to_numpy(dtype=object) for name in columns]
    else:
        array = np.asarray(X, dtype=object)
        if array.ndim != 2 or array.shape[1] != len(columns):
            raise ValueError(f"X has shape {array.shape}; the model takes 2-D data with the "
                             f"{len(columns)} columns {list(columns)} (by position, or a "
                             "DataFrame with these column names)")
        picked = [array[:, j] for j in range(array.shape[1])]
    return [[_cell_text(v) for v in column] for column in picked]
