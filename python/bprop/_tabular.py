"""The inputs of a model that carries a tabular encoding: a model `bprop train` made from a CSV file
with missing cells or text columns, or an estimator fitted on such data. Such a model takes the
training data's columns, not numbers: this module turns X into one column of cells each (a
column of numbers as a NumPy array, anything else as the texts a CSV file would hold), and the
compiled core fits the encoding on them (fit_encoding: the rules `bprop train` applies to a file)
or encodes them with the model's stored one (imputation, one-hot), as `bprop predict` encodes a
file.
"""
import math
import numbers
import sys
import warnings

import numpy as np

from . import _bprop

_BLANKS = " \t"  # what the CLI's CSV reader trims from both ends of a cell (csv_records.cpp)


def _cell_text(value):
    """The text a CSV file would hold for one value, as the CLI's reader reads it: "" (a missing
    cell) for None, NaN and pandas' NA/NaT; a string without the spaces and tabs at its ends,
    which the reader trims from every cell (so "red " is the category "red" in fit, predict and
    `bprop predict` alike); a number in its shortest exact decimal form, a whole number without a
    fraction (so 3.0 matches the category "3", as pandas reads "3" in a column with missing
    cells)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip(_BLANKS)
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
        return value.decode("utf-8").strip(_BLANKS)
    return str(value)


def _column_name(label):
    """A DataFrame column's name as the CLI's reader reads a header cell: trimmed."""
    return str(label).strip(_BLANKS)


def cell_columns(X, columns):
    """One list of cell texts per name in `columns`: a DataFrame's columns by name (any order,
    others ignored, as `bprop predict` matches a file's header); any other 2-D array-like by
    position, exactly len(columns) wide."""
    if hasattr(X, "columns") and hasattr(X, "iloc"):  # a pandas DataFrame
        have = [_column_name(c) for c in X.columns]
        missing = [name for name in columns if name not in have]
        if missing:
            raise ValueError(f"X has no column(s) {missing} that the model needs; the model "
                             f"takes the columns {list(columns)}")
        twice = [name for name in columns if have.count(name) > 1]
        if twice:  # which of the two the model means cannot be told
            raise ValueError(f"X has two columns named '{twice[0]}' (columns "
                             f"{[j for j, c in enumerate(have) if c == twice[0]]}); the model "
                             "finds its columns by name: rename one")
        picked = [_frame_column(X, have.index(name)) for name in columns]
    else:
        array = X if isinstance(X, np.ndarray) else np.asarray(X, dtype=object)
        if array.ndim != 2 or array.shape[1] != len(columns):
            raise ValueError(f"X has shape {array.shape}; the model takes 2-D data with the "
                             f"{len(columns)} columns {list(columns)} (by position, or a "
                             "DataFrame with these column names)")
        picked = [array[:, j] for j in range(array.shape[1])]
    return [_column_cells(column) for column in picked]


def _frame_column(X, j):
    """Column j of a DataFrame as an array: its numbers as they are, anything else as objects.
    pandas' nullable numbers (Int64, Float64, boolean) have their NumPy dtype when no cell is
    missing, else they are objects, pd.NA among them (a missing cell, as _cell_text reads it)."""
    column = X.iloc[:, j]
    dtype = column.dtype
    if not _is_numeric_dtype(dtype):
        return column.to_numpy(dtype=object)
    if isinstance(dtype, np.dtype):
        return column.to_numpy()
    return column.to_numpy(dtype=object) if column.isna().any() else \
        column.to_numpy(dtype=dtype.numpy_dtype)


def _has_missing_number(column):
    """Whether a column of numbers has a missing cell: NaN, or None or pd.NA among objects."""
    if column.dtype.kind == "f":
        return bool(np.isnan(column).any())
    return column.dtype.kind == "O" and any(_cell_text(v) == "" for v in column)


def _is_numeric_dtype(dtype):
    return getattr(dtype, "kind", "O") in "biuf"


def _has_text(values):
    return any(isinstance(v, (str, bytes)) for v in values)


def _fit_cells(X, categorical, impute):
    """The column names and cells of X when fit must encode it, else None (X is numbers,
    read as scikit-learn reads them). X needs an encoding when a column holds text, when
    `categorical` names it, or, with impute, when a cell is missing. A DataFrame's columns keep
    their names; an array's are x0, x1, ... (predict then takes arrays by position)."""
    if categorical is None and not impute:
        return None
    frame = hasattr(X, "columns") and hasattr(X, "iloc")  # a pandas DataFrame
    if frame:
        names = [_column_name(c) for c in X.columns]
        numeric = [_is_numeric_dtype(dtype) for dtype in X.dtypes]
    else:
        X = X if isinstance(X, np.ndarray) else np.asarray(X, dtype=object)
        if X.ndim != 2:
            return None  # scikit-learn's validation says what is wrong with its shape
        names = [f"x{j}" for j in range(X.shape[1])]
        numeric = [_is_numeric_dtype(X.dtype)] * X.shape[1]
    # Named columns go through the encoding, whose fit also refuses a name that is no column.
    forced = categorical not in ("auto", None) and len(categorical) > 0
    if all(numeric) and not impute and not forced:
        return None  # numbers only: no column needs looking at
    columns = [_frame_column(X, j) if frame else X[:, j] for j in range(len(names))]
    texts = [name for name, c, n in zip(names, columns, numeric) if not n and _has_text(c)]
    if texts and categorical is None:  # impute asked for: say why the text cannot be read
        raise ValueError(f"X: column '{texts[0]}' holds text, and categorical=None reads numbers "
                         "only; categorical='auto' one-hot encodes text columns")
    numbers_missing = impute and any(
        n and _has_missing_number(c) for c, n in zip(columns, numeric))
    if not (texts or numbers_missing or forced or (impute and not all(numeric))):
        return None  # numbers only, none missing: no text needed
    cells = [_column_cells(c) for c in columns]  # each column's once; a missing text cell is ""
    missing = numbers_missing or (
        impute and any(isinstance(column, list) and "" in column for column in cells))
    return (names, cells) if texts or missing or forced else None


def _column_cells(column):
    """The column as the core takes it: numbers as a float64, int64 or uint64 array (the core
    reads them as numbers, and writes their texts as _cell_text would where it needs text), else
    the cells' texts."""
    kind, size = column.dtype.kind, column.dtype.itemsize
    if kind == "f":  # float64 is exact for float16/32; + 0.0 makes -0.0 the 0 that "0" reads as
        return np.ascontiguousarray(column, dtype=np.float64) + 0.0
    if kind in "iu" and (kind == "i" or size < 8):
        return np.ascontiguousarray(column, dtype=np.int64)
    if kind == "u":
        return np.ascontiguousarray(column, dtype=np.uint64)
    return [_cell_text(v) for v in column]


def fit_encoding(X, y, params):
    """X's cells through an encoding fitted on them as `bprop train` fits one on a CSV file, with
    the estimator `params`' categorical, impute, max_categories and na_values: (inputs,
    (encoding, [target name])), or None when X needs none (numbers, or text cells that are all
    numbers with none missing: X is then read as scikit-learn reads it)."""
    impute = params.impute == "median"
    cells = _fit_cells(X, params.categorical, impute)
    if cells is None:
        return None
    names, columns = cells
    na_values = _bprop.DEFAULT_NA_VALUES if params.na_values is None else \
        [str(v) for v in params.na_values]
    categorical = [] if params.categorical in ("auto", None) else \
        [str(c) for c in params.categorical]
    encoding = _bprop.fit_tabular(names, columns, "X", na_values, categorical,
                                  int(params.max_categories), impute)
    if encoding is None:
        return None
    return _bprop.encode_tabular(encoding, columns, "X")[0], (encoding, target_names(y, names))


def target_names(y, features):
    """The names the model records for y's columns, the target columns `bprop evaluate` reads
    from a file by name: a Series' name, a DataFrame's column names, else "y" (y0, y1, ... for
    several columns); never a feature's name (then "target", target0, ..., or target_<n>)."""
    given = getattr(y, "columns", None)
    width = len(given) if given is not None else (np.shape(y)[1] if np.ndim(y) == 2 else 1)
    if given is None:
        given = [getattr(y, "name", None)] if width == 1 else [None] * width
    taken = set(features)
    names = []
    for j, name in enumerate(given):
        suffix = "" if width == 1 else str(j)
        choices = ([_column_name(name)] if isinstance(name, str) else []) + \
            [f"y{suffix}", f"target{suffix}", f"target_{len(features) + j}"]
        name = next((c for c in choices if c and c not in taken), f"target_{len(features)}_{j}")
        taken.add(name)
        names.append(name)
    return names


# pandas.read_csv's default missing-value strings (pandas._libs.parsers.STR_NA_VALUES of pandas
# 1.5, and "None" of 2.0): a DataFrame read with the defaults holds NaN where the file has them.
_PANDAS_NA_STRINGS = frozenset({
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"})


def _pandas_na_strings():
    """pandas' own list where pandas is loaded (it may grow), with the copy above."""
    if "pandas" in sys.modules:
        try:
            from pandas._libs.parsers import STR_NA_VALUES
            return _PANDAS_NA_STRINGS | set(STR_NA_VALUES)
        except ImportError:  # a pandas that moved it
            pass
    return _PANDAS_NA_STRINGS


def _number(text):
    """The finite number a cell's text reads as for the encoding, or None (Python's float() also
    takes "1_0", "infinity" and blanks, which the CSV reader does not)."""
    if not text or text[0] not in "0123456789+-." or "_" in text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _missing_count(column, na_values):
    """The column's missing cells as the encoding reads them: NaN in an array of numbers; "",
    (None, NaN, pandas' NA) or one of the encoding's na_values among texts; a number among
    na_values marks the cells of its value however they are written (-999 and -999.0)."""
    values = {n for n in map(_number, na_values) if n is not None}
    if isinstance(column, np.ndarray):
        if column.dtype.kind not in "iuf":
            return 0
        nan = int(np.isnan(column).sum()) if column.dtype.kind == "f" else 0
        return nan + int(np.isin(column, list(values)).sum())
    return sum(1 for text in column
               if text == "" or text in na_values or (values and _number(text) in values))


def warn_about_encoding(model, cells, counts):
    """The UserWarnings of encoding X's cells (`cell_columns`) with the model's encoding, whose
    counts (encode_tabular: note, unseen categories, missing cells filled) are given:
    - a category training never saw, or a missing cell filled (`bprop predict` prints this note,
      "N missing cells filled"), with each filled column, its count and what filled it: the model
      does not know whether training saw that column's cells missing, and a cell filled in a
      column training had complete is a guess nobody asked for;
    - a text column with missing cells (None, NaN) whose training categories include a string
      that pandas.read_csv reads as NaN by default ("n/a", "NULL", ...): those cells are likely
      that category, which `bprop predict` reads from the same file as text."""
    _, unseen, filled = counts
    details, na_values = model.tabular_details
    names = model.tabular_columns
    parts = []
    if filled:
        parts.append(f"{filled} missing cell{'s' if filled != 1 else ''} filled")
        per_column = [(name, _missing_count(column, na_values), fill)
                      for name, column, (_, fill) in zip(names, cells, details)]
        per_column = [item for item in per_column if item[1]]
        if sum(n for _, n, _ in per_column) == filled:  # else the total alone
            parts[0] += " (" + ", ".join(
                f"column '{name}': {n}, with " + (repr(fill) if isinstance(fill, str) else
                                                  f"{fill:.6g}") for name, n, fill in per_column)
            parts[0] += ")"
    if unseen:
        parts.append(f"{unseen} unseen categories (encoded as zeros)")
    if parts:
        tail = ("; a missing cell is filled with the training median or most frequent category, "
                "as `bprop predict` fills it") if filled else ""
        warnings.warn("X: " + ", ".join(parts) + tail, UserWarning)
    pandas_na = _pandas_na_strings()
    for name, column, (categories, _) in zip(names, cells, details):
        spelt = [c for c in categories if c in pandas_na]
        absent = _missing_count(column, ()) if spelt else 0
        if spelt and absent:
            warnings.warn(
                f"X: column '{name}' has {absent} missing cell(s) (None or NaN), and the model's "
                f"categories of that column include {spelt}, which pandas.read_csv reads as NaN "
                "by default: if X was read by read_csv, those cells were probably that category "
                "(as `bprop predict` reads the file); read it with keep_default_na=False (and "
                "na_values= the strings that do mean missing)", UserWarning)
