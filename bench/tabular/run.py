#!/usr/bin/python3
"""Tabular benchmark: `bprop train` with all defaults against scikit-learn's MLP defaults.

Each set (datasets.py) is split 75/25 (stratified for classification, split seed 0) into CSV files
written as a user would have them (text labels, text categories, missing cells as NA or ?). Then,
for each seed:
  sklearn: MLPClassifier/MLPRegressor(random_state=seed) behind impute (median / most frequent)
           + one-hot + standardize; its fit() is timed.
  bprop:   `bprop train --data train.csv --seed S --out model` (plus --bprop-args), whole process
           timed; the test metric comes from `bprop predict` scored here, by the same code as
           sklearn's.
sklearn runs in its best configuration: its fits run in a child process once per NumPy BLAS
configuration (OpenBLAS threads as found or 1; OPENBLAS_CORETYPE as found or unset, which this
machine's environment may set and which changes OpenBLAS's speed), and each set reports the
configuration with the lowest median fit time (the `sklearn config` line under the table).
Prints one row per set: test accuracy (classification) or RMSE (regression), mean over seeds,
the time ratio sklearn fit / bprop process (medians over seeds; wall time, which decides the bar,
and CPU time, which a loaded machine disturbs less), and each side's run length
(median epochs: sklearn's n_iter_, the epochs bprop's summary line reports).
Usage: bench/tabular/run.py [--sets a,b] [--seeds 3] [--smoke] [--bprop PATH]
                            [--sklearn-configs found,1thread,...] [--bprop-args ...]
"""
import argparse
import io
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import datasets  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def split(frame, task, rows_cap):
    if rows_cap and len(frame) > rows_cap:
        frame = frame.sample(n=rows_cap, random_state=0)
    y = frame.iloc[:, -1]
    stratify = y if task == "classify" else None
    return train_test_split(frame, test_size=0.25, stratify=stratify, random_state=0)


def score(task, truth, predicted):
    if task == "classify":
        return float(np.mean(np.asarray(truth, dtype=str) == np.asarray(predicted, dtype=str)))
    diff = np.asarray(truth, dtype=float) - np.asarray(predicted, dtype=float)
    return float(np.sqrt(np.mean(diff * diff)))


def sklearn_run(task, train, test, seed, max_iter):
    x, y = train.iloc[:, :-1], train.iloc[:, -1]
    text = [c for c in x.columns if x[c].dtype == object]
    numeric = [c for c in x.columns if c not in text]
    prep = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
        ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                              OneHotEncoder(handle_unknown="ignore")), text)])
    mlp = (MLPClassifier if task == "classify" else MLPRegressor)(random_state=seed,
                                                                  max_iter=max_iter)
    model = make_pipeline(prep, mlp)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start, cpu_start = time.perf_counter(), time.process_time()
        model.fit(x, y)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    predicted = model.predict(test.iloc[:, :-1])
    return score(task, test.iloc[:, -1], predicted), seconds, cpu, mlp.n_iter_


# NumPy's BLAS settings sklearn is timed under (each needs its own process: OpenBLAS reads them
# when it loads): name -> environment changes (None: unset).
SKLEARN_CONFIGS = {
    "found": {},
    "1thread": {"OPENBLAS_NUM_THREADS": "1"},
    "no-coretype": {"OPENBLAS_CORETYPE": None},
    "no-coretype-1thread": {"OPENBLAS_CORETYPE": None, "OPENBLAS_NUM_THREADS": "1"},
}


def sklearn_child(args, name):
    """--sklearn-child: sklearn's fits of one set for every seed, as JSON lines on stdout."""
    loader, task, _ = datasets.SETS[name]
    train, test = split(loader(), task, args.rows_cap)
    for seed in range(args.seeds):
        print(json.dumps(sklearn_run(task, train, test, seed, args.max_iter)), flush=True)


def sklearn_best(args, name):
    """sklearn's (values, seconds, cpu, epochs) lists under its fastest configuration, and its name."""
    best = None
    for config in args.sklearn_configs.split(","):
        env = dict(os.environ)
        for key, value in SKLEARN_CONFIGS[config].items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        cmd = [sys.executable, os.path.abspath(__file__), "--sklearn-child", name, "--seeds",
               str(args.seeds), "--max-iter", str(args.max_iter), "--rows-cap", str(args.rows_cap)]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
        runs = list(zip(*[json.loads(line) for line in done.stdout.splitlines()]))
        if best is None or median(runs[1]) < median(best[0][1]):
            best = (runs, config)
    return best


def children_cpu():
    """CPU seconds (user + system) of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def epochs_run(summary):
    """The epoch count of bprop's summary line ("..., 432 epochs (best 422, ...)")."""
    found = re.search(r"(\d+) epochs", summary)
    return int(found.group(1)) if found else None


def bprop_run(args, task, folder, test, seed):
    model = os.path.join(folder, f"model{seed}.bprop")
    cmd = [args.bprop, "train", "--data", os.path.join(folder, "train.csv"), "--seed", str(seed),
           "--out", model, "--progress", "none"] + args.bprop_args
    start, cpu_start = time.perf_counter(), children_cpu()
    done = subprocess.run(cmd, capture_output=True, text=True)
    times = (time.perf_counter() - start, children_cpu() - cpu_start)
    if done.returncode != 0:
        return None, times, f"exit {done.returncode}: {done.stderr.strip().splitlines()[0]}", None
    pred = subprocess.run([args.bprop, "predict", "--model", model, "--data",
                           os.path.join(folder, "test.csv")], capture_output=True, text=True)
    if pred.returncode != 0:
        return None, times, f"predict exit {pred.returncode}: {pred.stderr.strip()[:200]}", None
    out = pd.read_csv(io.StringIO(pred.stdout), dtype=str, keep_default_na=False)
    epochs = epochs_run(done.stdout + done.stderr)
    return score(task, test.iloc[:, -1], out.iloc[:, 0]), times, "", epochs


def mean(values):
    return statistics.fmean(values) if values else float("nan")


def median(values):
    return statistics.median(values) if values else float("nan")


def run_set(args, name, folder):
    loader, task, na = datasets.SETS[name]
    train, test = split(loader(), task, args.rows_cap)
    train.to_csv(os.path.join(folder, "train.csv"), index=False, na_rep=na)
    test.to_csv(os.path.join(folder, "test.csv"), index=False, na_rep=na)
    sk, sk_s, sk_c, sk_n, sk_config = [], [], [], [], ""
    if not args.bprop_only:
        (sk, sk_s, sk_c, sk_n), sk_config = sklearn_best(args, name)
    bp, bp_s, bp_c, bp_n, errors = [], [], [], [], []
    for seed in range(args.seeds):
        value, (seconds, cpu), error, epochs = bprop_run(args, task, folder, test, seed)
        bp_s.append(seconds)
        bp_c.append(cpu)
        if epochs is not None:
            bp_n.append(epochs)
        if error:
            errors.append(error)
        else:
            bp.append(value)
    return dict(name=name, task=task, rows=len(train) + len(test), features=train.shape[1] - 1,
                sk=sk, bp=bp, sk_s=median(sk_s), bp_s=median(bp_s), sk_c=median(sk_c),
                bp_c=median(bp_c), sk_n=median(sk_n), sk_config=sk_config,
                bp_n=median(bp_n), error=errors[0] if errors else "")


def verdict(r):
    if r["error"] or not r["bp"]:
        return "fails"
    better = mean(r["bp"]) >= mean(r["sk"]) if r["task"] == "classify" else \
        mean(r["bp"]) <= mean(r["sk"])
    fast = r["sk_s"] >= 10 * r["bp_s"]
    return ("met" if better and fast else
            "slower" if better else "worse" if fast else "worse, slower")


def print_table(results, configs_tried):
    print("| set | rows | feat | metric | sklearn | bprop | sklearn fit s | bprop s | speed-up "
          "| CPU s sklearn / bprop | CPU ratio | epochs sklearn / bprop | bar |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        metric = "accuracy" if r["task"] == "classify" else "RMSE"
        pct = 100.0 if r["task"] == "classify" else 1.0
        fmt = "{:.2f}" if r["task"] == "classify" else "{:.3f}"
        bp = fmt.format(pct * mean(r["bp"])) if r["bp"] else "-"
        print(f"| {r['name']} | {r['rows']} | {r['features']} | {metric} | "
              f"{fmt.format(pct * mean(r['sk']))} | {bp} | {r['sk_s']:.3f} | {r['bp_s']:.3f} | "
              f"{r['sk_s'] / r['bp_s']:.1f}x | {r['sk_c']:.3f} / {r['bp_c']:.3f} | "
              f"{r['sk_c'] / r['bp_c']:.1f}x | {r['sk_n']:.0f} / {r['bp_n']:.0f} | {verdict(r)} |")
    configs = ", ".join(f"{r['name']} {r['sk_config']}" for r in results if r["sk_config"])
    if configs:
        print(f"sklearn config (fastest of {configs_tried} BLAS settings): {configs}")
    for r in results:
        if r["error"]:
            print(f"{r['name']}: bprop {r['error']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(datasets.SETS))
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--bprop", default=os.path.join(ROOT, "build/release/tools/bprop/bprop"))
    parser.add_argument("--smoke", action="store_true",
                        help="seconds-long check that everything runs: 3 sets, 200 rows, 1 seed")
    parser.add_argument("--rows-cap", type=int, default=0, help="subsample larger sets")
    parser.add_argument("--bprop-only", action="store_true",
                        help="skip sklearn (to compare bprop flag settings quickly)")
    parser.add_argument("--max-iter", type=int, default=200, help="sklearn's max_iter")
    parser.add_argument("--sklearn-configs", default=",".join(SKLEARN_CONFIGS),
                        help="the BLAS settings sklearn is timed under (comma-separated)")
    parser.add_argument("--sklearn-child", metavar="SET", help=argparse.SUPPRESS)
    parser.add_argument("--bprop-args", nargs=argparse.REMAINDER, default=[],
                        help="extra `bprop train` flags (everything after this)")
    args = parser.parse_args()
    if args.sklearn_child:
        return sklearn_child(args, args.sklearn_child)
    names = args.sets.split(",")
    if args.smoke:
        names, args.seeds, args.rows_cap, args.max_iter = ["iris", "cars", "diabetes"], 1, 200, 20
        args.sklearn_configs = "found"
    bad_configs = [c for c in args.sklearn_configs.split(",") if c not in SKLEARN_CONFIGS]
    if bad_configs:
        sys.exit(f"unknown --sklearn-configs {bad_configs}; known: {', '.join(SKLEARN_CONFIGS)}")
    unknown = [n for n in names if n not in datasets.SETS]
    if unknown:
        sys.exit(f"unknown set(s) {unknown}; known: {', '.join(datasets.SETS)}")
    load = open("/proc/loadavg").read().split()[:3]
    print(f"machine: {os.cpu_count()} cores, load {' '.join(load)}; seeds {args.seeds}; "
          f"bprop args: {' '.join(args.bprop_args) or '(defaults)'}")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            folder = os.path.join(tmp, name)
            os.makedirs(folder)
            results.append(run_set(args, name, folder))
            print(f"  {name} done", file=sys.stderr)
    print_table(results, len(args.sklearn_configs.split(",")))


if __name__ == "__main__":
    main()
