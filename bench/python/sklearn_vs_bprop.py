#!/usr/bin/python3
"""bprop.MLPClassifier against sklearn.neural_network.MLPClassifier, side by side.

Both get the same data (standardized by one StandardScaler fitted on the training split), the same
hyper-parameters (one hidden layer of 100 relu units, adam, learning rate 1e-3, batch 200,
alpha 1e-4, at most 200 epochs, stop after 10 epochs without a 1e-4 lower training loss) and the
same random_state, which gives both the same initial weights (bprop draws them as scikit-learn
does) and the same stopping rule. Each seed of --seeds is one such pair of fits, run one after
the other; per data set it prints each seed's fit time (CPU time of the process, which a busy
machine distorts less than wall time, and wall time), epochs and test accuracy, then the median
fit times and ratios and the accuracies' mean and standard deviation over the seeds, since one
seed's accuracy differs from the next by more than the two libraries differ.

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 PYTHONPATH=build/release/python \
        /usr/bin/python3 bench/python/sklearn_vs_bprop.py --seeds 0 1 2 --repeats 3

(--peak GFLOPS, the core's FP32 peak that `build/release/bench/bprop_floor --threads 1` prints
(configure with -DBPROP_BUILD_BENCH=ON): each data set also prints the physical limit, the least
CPU time bprop's fit can take at that peak for its arithmetic, and so the largest ratio it allows.)

(--repeats: each seed's pair of fits that many times, alternating, its times the medians: a
machine shared with other work slows single fits by more than the libraries differ. --library
bprop with --data digits fits bprop alone, for a profiler.)

(one thread each: bprop's n_threads=0 takes OMP_NUM_THREADS, or 1; NumPy's OpenBLAS would
otherwise take every core, and on a shared machine its spinning threads slow it down.)

sklearn runs in its best configuration: it fits the data as float64 (what StandardScaler gives)
and as float32 (scikit-learn 1.2 keeps float32 input in float32 throughout, as bprop computes;
the cast is made once, outside the timing), and where OPENBLAS_CORETYPE is set (it changes
OpenBLAS's speed, and OpenBLAS reads it when it loads) a child process also fits both without
it; each data set's ratios use whichever of these configurations gave the lowest median fit CPU
time (all printed). bprop is given the float64 data, and its fit times include its cast.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_digits, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier as SkMLP
from sklearn.preprocessing import StandardScaler

import bprop

PARAMS = dict(hidden_layer_sizes=(100,), activation="relu", solver="adam", alpha=1e-4,
              batch_size=200, learning_rate_init=1e-3, max_iter=200, tol=1e-4,
              n_iter_no_change=10)


DATASETS = {
    "digits": ("digits (1797x64, 10 classes)", lambda: load_digits(return_X_y=True)),
    "breast_cancer": ("breast_cancer (569x30, 2 classes)",
                      lambda: load_breast_cancer(return_X_y=True)),
    "make_classification": ("make_classification (20000x40, 5 classes)",
                            lambda: make_classification(n_samples=20000, n_features=40,
                                                        n_informative=20, n_classes=5,
                                                        random_state=0)),
}
LIBRARIES = ("sklearn", "sklearn32", "bprop")
SKLEARNS = LIBRARIES[:2]  # scikit-learn given float64 data, and given float32 data


def datasets(smoke, names):
    if smoke:  # CI's few-second run (bench/smoke.sh): proves the script works, times nothing
        X, y = load_digits(return_X_y=True)
        yield "digits", "digits, first 300 rows", (X[:300], y[:300])
        return
    for name in names:
        title, load = DATASETS[name]
        yield name, title, load()


def timed(fn):
    """(wall seconds, CPU seconds of this process, fn's result)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - start, time.process_time() - start_cpu, result


def blas_threads():
    """NumPy's BLAS and its thread count (scikit-learn's matrix products run there)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown"
    return ", ".join(f"{i['internal_api']} {i['version']} {i['num_threads']} threads"
                     for i in threadpool_info() if i["user_api"] == "blas") or "none"


def environment():
    load = os.getloadavg()
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cpus, load average "
            f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; python {platform.python_version()}, "
            f"numpy {np.__version__}, scikit-learn {sklearn.__version__}, bprop "
            f"{bprop.__version__} (n_threads=0: OMP_NUM_THREADS or 1, here "
            f"{os.environ.get('OMP_NUM_THREADS', 'unset')}); NumPy's BLAS: {blas_threads()}")


def estimator(library, params, seed):
    if library in SKLEARNS:
        return SkMLP(**params, random_state=seed)
    return bprop.MLPClassifier(**params, random_state=seed, scaling="none")


def fit_gflop(model, rows):
    """The arithmetic of a fit (GFLOP): per row and epoch, every layer's product forward and its
    weight gradient, and the input gradient of every layer but the first (2 FLOP a multiply-add),
    from the fitted weights' shapes (scikit-learn gives two classes one output, bprop two)."""
    products = [w.shape[0] * w.shape[1] for w in model.coefs_]
    per_row = 2 * (2 * sum(products) + sum(products[1:]))
    return per_row * rows * model.n_iter_ / 1e9


def run_seed(split, seed, params, libraries, repeats):
    """`repeats` fits of each library with random_state=seed, alternating: {library: (fit CPU s,
    fit wall s, predict wall s, epochs, accuracy, fit GFLOP)}, the times medians over the repeats
    (the same seed gives the same model each time)."""
    runs = {label: [] for label in libraries}
    for _ in range(repeats):
        for label in libraries:
            X_train, X_test, y_train, y_test = split[label == "sklearn32"]
            est = estimator(label, params, seed)
            fit_s, fit_cpu, model = timed(lambda: est.fit(X_train, y_train))
            predict_s, _, pred = timed(lambda: model.predict(X_test))
            runs[label].append((fit_cpu, fit_s, predict_s, model.n_iter_,
                                float(np.mean(pred == y_test)), fit_gflop(model, len(X_train))))
    return {label: tuple(statistics.median(r[i] for r in rs) for i in range(3)) + rs[-1][3:]
            for label, rs in runs.items()}


def sklearn_without_coretype(args, name):
    """Per seed, sklearn's runs ({label: runs}) in a child process without OPENBLAS_CORETYPE
    (None if it is not set)."""
    if "OPENBLAS_CORETYPE" not in os.environ or args.library == "bprop" or args.smoke:
        return None
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    cmd = [sys.executable, os.path.abspath(__file__), "--library", "sklearn", "--data", name,
           "--repeats", str(args.repeats), "--json", "--seeds"] + [str(s) for s in args.seeds]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return [{k: tuple(v) for k, v in json.loads(line).items()} for line in done.stdout.splitlines()]


def use_best_sklearn(runs, other):
    """Keeps, as runs' "sklearn", the configuration of scikit-learn with the lowest median fit
    CPU time: float64 or float32 data, with OPENBLAS_CORETYPE as found or (`other`) without."""
    if "sklearn" not in runs[0]:
        return
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    found = "" if coretype is None else f", OPENBLAS_CORETYPE={coretype}"
    configurations = {}
    for label in SKLEARNS:
        dtype = "float32" if label == "sklearn32" else "float64"
        configurations[f"{dtype}{found}"] = [r.pop(label) for r in runs]
        if other is not None:
            configurations[f"{dtype}, without OPENBLAS_CORETYPE"] = [o[label] for o in other]
    medians = {k: statistics.median(r[0] for r in v) for k, v in configurations.items()}
    best = min(medians, key=medians.get)
    print("  sklearn fit CPU (medians): " +
          "; ".join(f"{k} {v:.3f} s" for k, v in medians.items()) + f": the ratios use {best}")
    for r, best_run in zip(runs, configurations[best]):
        r["sklearn"] = best_run


def physical_limit(runs, peak):
    """Each library's fit arithmetic and GFLOP per CPU second (medians over the seeds) and, given
    the core's FP32 peak (GFLOP/s, from bench's bprop_floor), the least CPU time bprop's fit
    could take and so the largest ratio its arithmetic allows against this scikit-learn."""
    for label in runs[0]:
        gflop = statistics.median(r[label][5] for r in runs)
        rate = statistics.median(r[label][5] / r[label][0] for r in runs)
        print(f"  {label:8} fit arithmetic {gflop:.2f} GFLOP, {rate:.1f} GFLOP per CPU second" +
              (f" ({100 * rate / peak:.0f} % of the {peak:.1f} GFLOP/s peak)" if peak else ""))
    if peak and "sklearn" in runs[0] and "bprop" in runs[0]:
        least = statistics.median(r["bprop"][5] for r in runs) / peak
        ceiling = statistics.median(r["sklearn"][0] / (r["bprop"][5] / peak) for r in runs)
        print(f"  physical limit: at {peak:.1f} GFLOP/s bprop's fit takes at least {least:.3f} s, "
              f"so its ratio against this scikit-learn is at most {ceiling:.1f}x")


def summary(runs, name, peak):
    """Medians of the fit times, their ratios (CPU, then wall) and the predict times (wall, the
    test split), accuracies' mean ± sd; the fits' arithmetic against the peak."""
    print(f"{name}:")
    for label in runs[0]:
        acc = [r[label][4] for r in runs]
        spread = statistics.stdev(acc) if len(acc) > 1 else 0.0
        print(f"  {label:8} fit CPU {statistics.median(r[label][0] for r in runs):.3f} s, wall "
              f"{statistics.median(r[label][1] for r in runs):.3f} s; predict "
              f"{statistics.median(r[label][2] for r in runs) * 1e3:.2f} ms; accuracy "
              f"{statistics.mean(acc):.4f} ± {spread:.4f} (mean ± sd)")
    physical_limit(runs, peak)
    if len(runs[0]) < 2:
        return
    cpu = statistics.median(r["sklearn"][0] / r["bprop"][0] for r in runs)
    wall = statistics.median(r["sklearn"][1] / r["bprop"][1] for r in runs)
    diff = [r["bprop"][4] - r["sklearn"][4] for r in runs]
    spread = statistics.stdev(diff) if len(diff) > 1 else 0.0
    print(f"  bprop fit {cpu:.1f}x less CPU time, {wall:.1f}x less wall time (medians of the "
          f"seeds' ratios); accuracy {statistics.mean(diff):+.4f} ± {spread:.4f} (bprop - "
          "sklearn, mean ± sd over the seeds)")


def standardized_split(X, y):
    """(the float64 split, the same as float32)."""
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0,
                                                        stratify=y)
    scaler = StandardScaler().fit(X_train)
    split = scaler.transform(X_train), scaler.transform(X_test), y_train, y_test
    return split, (split[0].astype(np.float32), split[1].astype(np.float32)) + split[2:]


def child_json(args, params, libraries):
    """--json: the runs of one data set, a JSON line per seed (sklearn_without_coretype)."""
    _, load = DATASETS[args.data[0]]
    split = standardized_split(*load())
    for seed in args.seeds:
        print(json.dumps(run_seed(split, seed, params, libraries, args.repeats)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--repeats", type=int, default=1, help="fits per seed and library")
    parser.add_argument("--data", nargs="+", choices=list(DATASETS), default=list(DATASETS))
    parser.add_argument("--library", choices=("both", "sklearn", "bprop"), default="both")
    parser.add_argument("--smoke", action="store_true", help="one tiny data set, 10 epochs")
    parser.add_argument("--peak", type=float, default=0.0,
                        help="the core's FP32 peak in GFLOP/s (bprop_floor --threads 1 prints it)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one line a seed
    args = parser.parse_args()
    libraries = {"both": LIBRARIES, "sklearn": SKLEARNS, "bprop": ("bprop",)}[args.library]
    params = dict(PARAMS, max_iter=10) if args.smoke else PARAMS
    warnings.simplefilter("ignore", ConvergenceWarning)
    if args.json:
        return child_json(args, params, libraries)
    print(f"before: {environment()}")
    print(f"{'data set':44} {'seed':>4} {'library':9} {'fit CPU s':>9} {'fit s':>8} "
          f"{'predict ms':>10} {'epochs':>6} {'accuracy':>8}")
    for key, name, (X, y) in datasets(args.smoke, args.data):
        split = standardized_split(X, y)
        runs = []
        for seed in args.seeds:
            runs.append(run_seed(split, seed, params, libraries, args.repeats))
            for label, (fit_cpu, fit_s, predict_s, epochs, accuracy, _) in runs[-1].items():
                print(f"{name:44} {seed:4d} {label:9} {fit_cpu:9.3f} {fit_s:8.3f} "
                      f"{predict_s * 1e3:10.2f} {epochs:6d} {accuracy:8.4f}", flush=True)
        use_best_sklearn(runs, sklearn_without_coretype(args, key))
        summary(runs, name, args.peak)
    print(f"after: {environment()}")


if __name__ == "__main__":
    main()
