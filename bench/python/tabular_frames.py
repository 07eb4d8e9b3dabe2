#!/usr/bin/python3
"""bprop's estimators fitted on DataFrames as they come (text columns, missing cells) against
scikit-learn's MLP behind its usual pipeline, on the tabular benchmark's sets.

For each set of bench/tabular/datasets.py, split as bench/tabular/run.py splits it (75/25,
stratified, split seed 0) and for each seed:
  sklearn: MLPClassifier/MLPRegressor(random_state=seed) behind median / most-frequent imputation
           + one-hot + standardize (bench/tabular/run.py's pipeline); its fit() is timed.
  bprop:   bprop.MLPClassifier/MLPRegressor(random_state=seed, impute="median") fitted on the
           same DataFrame, which it encodes itself (docs/python.md, "Text columns and missing
           cells"); its fit() is timed.
Both use scikit-learn's MLP defaults (100 relu units, adam 1e-3, batch min(200, n), alpha 1e-4,
at most 200 epochs, tol 1e-4 over 10 epochs) and the same initial weights. Prints per set the
test accuracy (RMSE for regression) as mean over seeds and the median fit times (wall and CPU).

    OPENBLAS_NUM_THREADS=1 PYTHONPATH=build/release/python \\
        /usr/bin/python3 bench/python/tabular_frames.py [--sets a,b] [--seeds 3]
"""
import argparse
import os
import statistics
import sys
import time
import warnings

from sklearn.exceptions import ConvergenceWarning

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tabular"))
import datasets  # noqa: E402
from run import score, sklearn_run, split  # noqa: E402

import bprop  # noqa: E402


def bprop_run(task, train, test, seed):
    x, y = train.iloc[:, :-1], train.iloc[:, -1]
    cls = bprop.MLPClassifier if task == "classify" else bprop.MLPRegressor
    est = cls(random_state=seed, impute="median")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", (ConvergenceWarning, UserWarning))
        start, cpu_start = time.perf_counter(), time.process_time()
        est.fit(x, y)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        predicted = est.predict(test.iloc[:, :-1])
    return score(task, test.iloc[:, -1], predicted), seconds, cpu, est.n_iter_


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(datasets.SETS))
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    print("| set | metric | sklearn | bprop | sklearn fit s (CPU) | bprop fit s (CPU) | speed-up "
          "(wall) | epochs sklearn / bprop |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name in args.sets.split(","):
        loader, task, _ = datasets.SETS[name]
        train, test = split(loader(), task, 0)
        runs = {"sk": [], "bp": []}
        for seed in range(args.seeds):
            runs["sk"].append(sklearn_run(task, train, test, seed, 200))
            runs["bp"].append(bprop_run(task, train, test, seed))
        sk, bp = (list(zip(*runs[k])) for k in ("sk", "bp"))
        wall_sk, wall_bp = statistics.median(sk[1]), statistics.median(bp[1])
        print(f"| {name} | {'accuracy' if task == 'classify' else 'RMSE'} | "
              f"{statistics.mean(sk[0]):.4f} | {statistics.mean(bp[0]):.4f} | "
              f"{wall_sk:.3f} ({statistics.median(sk[2]):.3f}) | "
              f"{wall_bp:.3f} ({statistics.median(bp[2]):.3f}) | {wall_sk / wall_bp:.1f}x | "
              f"{statistics.median(sk[3]):.0f} / {statistics.median(bp[3]):.0f} |", flush=True)
    print(f"python {sys.version.split()[0]}, bprop {bprop.__version__}, "
          f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
