#!/usr/bin/python3
"""What the tabular encoding costs the estimators on a DataFrame: fit and predict_proba on a
synthetic frame of --rows rows (7 numeric columns, 5 % of one missing, 2 text columns of 3 and 4
categories), impute="median", one hidden layer of 32 units and --epochs epochs, so that the
encoding is most of a fit. Prints the median times of --repeats runs each, side by side for the
two ways a column of numbers reaches the core:
  arrays  the way since 5 Dec 2026: each numeric column as a NumPy array, read in place by the
          core's encoding (python/src/cells.h, encode_tabular_cells);
  texts   the way before: Python writes every cell's text (_cell_text), the core reads those.
Both give the same encoding and predictions (the probabilities' sums are printed and must
agree). Run it with an older build's PYTHONPATH to compare builds.

    OPENBLAS_NUM_THREADS=1 PYTHONPATH=build/release/python \\
        /usr/bin/python3 bench/python/encoding_cost.py [--rows 20000] [--repeats 7]
"""
import argparse
import os
import platform
import statistics
import time
import warnings

import numpy as np
import pandas as pd

import bprop
from bprop import _tabular


def python_texts(column):
    """_column_cells as it was before the core wrote number texts (its code then, _column_texts):
    a str per cell, made in Python."""
    if column.dtype.kind not in "iuf":
        return [_tabular._cell_text(v) for v in column]
    if column.dtype.kind in "iu":
        return [str(v) for v in column.tolist()]
    return ["" if v != v else str(int(v)) if v.is_integer() and abs(v) < 2.0**53 else repr(v)
            for v in column.astype(np.float64).tolist()]


def frame(rows):
    rng = np.random.default_rng(0)
    X = pd.DataFrame({f"n{j}": rng.standard_normal(rows) for j in range(7)})
    X["c1"] = rng.choice(["red", "green", "blue"], rows)
    X["c2"] = rng.choice(["a", "b", "c", "d"], rows)
    X.loc[rng.random(rows) < 0.05, "n0"] = np.nan
    y = (X["n1"] + (X["c1"] == "red") > 0).astype(int)
    return X, y


def timings(X, y, epochs, repeats):
    fits, predicts = [], []
    for _ in range(repeats):
        model = bprop.MLPClassifier(hidden_layer_sizes=(32,), max_iter=epochs, tol=0,
                                    impute="median", random_state=0)
        start = time.perf_counter()
        model.fit(X, y)
        fits.append(time.perf_counter() - start)
        start = time.perf_counter()
        proba = model.predict_proba(X)
        predicts.append(time.perf_counter() - start)
    return statistics.median(fits), statistics.median(predicts), float(proba.sum())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    X, y = frame(args.rows)
    load = " ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"{platform.machine()}, load average {load}; "
          f"{args.rows} rows x 9 columns, {args.epochs} epochs, medians of {args.repeats}")
    arrays = _tabular._column_cells
    results = {}
    for _ in range(2):  # alternating, twice: a busy machine slows one run, not one way
        for way, cells in (("texts", python_texts), ("arrays", arrays)):
            _tabular._column_cells = cells
            results.setdefault(way, []).append(timings(X, y, args.epochs, args.repeats))
    _tabular._column_cells = arrays
    for way, runs in results.items():
        fit = statistics.median(r[0] for r in runs)
        predict = statistics.median(r[1] for r in runs)
        print(f"{way:6s}  fit {fit * 1e3:7.1f} ms  predict_proba {predict * 1e3:7.1f} ms  "
              f"probabilities' sum {runs[-1][2]:.6f}")


if __name__ == "__main__":
    main()
