#!/usr/bin/python3
"""bprop.MLPClassifier against sklearn.neural_network.MLPClassifier, side by side.

Both get the same data (standardized by one StandardScaler fitted on the training split), the same
hyper-parameters (one hidden layer of 100 relu units, adam, learning rate 1e-3, batch 200,
alpha 1e-4, at most 200 epochs, stop after 10 epochs without a 1e-4 lower training loss) and the
same seed. Prints fit time, predict time (median of --repeats) and test accuracy per data set.

    PYTHONPATH=build/release/python /usr/bin/python3 bench/python/sklearn_vs_bprop.py
"""
import argparse
import statistics
import time
import warnings

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier as SkMLP
from sklearn.preprocessing import StandardScaler

import bprop

PARAMS = dict(hidden_layer_sizes=(100,), activation="relu", solver="adam", alpha=1e-4,
              batch_size=200, learning_rate_init=1e-3, max_iter=200, tol=1e-4,
              n_iter_no_change=10, random_state=0)


def datasets(smoke):
    if smoke:  # CI's few-second run (bench/smoke.sh): proves the script works, times nothing
        X, y = load_digits(return_X_y=True)
        yield "digits, first 300 rows", (X[:300], y[:300])
        return
    yield "digits (1797x64, 10 classes)", load_digits(return_X_y=True)
    yield "breast_cancer (569x30, 2 classes)", load_breast_cancer(return_X_y=True)
    yield "make_classification (20000x40, 5 classes)", make_classification(
        n_samples=20000, n_features=40, n_informative=20, n_classes=5, random_state=0)


def timed(fn, repeats):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="one tiny data set, 10 epochs")
    args = parser.parse_args()
    if args.smoke:
        PARAMS["max_iter"], args.repeats = 10, 1
    warnings.simplefilter("ignore", ConvergenceWarning)
    print(f"{'data set':44} {'library':8} {'fit s':>8} {'predict ms':>10} {'epochs':>6} "
          f"{'accuracy':>8}")
    for name, (X, y) in datasets(args.smoke):
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25,
                                                            random_state=0, stratify=y)
        scaler = StandardScaler().fit(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
        fits = {}
        for label, est in (("sklearn", SkMLP(**PARAMS)),
                           ("bprop", bprop.MLPClassifier(**PARAMS, scaling="none"))):
            fit_s, model = timed(lambda: est.fit(X_train, y_train), args.repeats)
            predict_s, pred = timed(lambda: model.predict(X_test), args.repeats)
            accuracy = float(np.mean(pred == y_test))
            fits[label] = (fit_s, accuracy)
            print(f"{name:44} {label:8} {fit_s:8.3f} {predict_s * 1e3:10.2f} "
                  f"{model.n_iter_:6d} {accuracy:8.4f}")
        speedup = fits["sklearn"][0] / fits["bprop"][0]
        print(f"{'':44} bprop fit {speedup:.1f}x faster, accuracy "
              f"{fits['bprop'][1] - fits['sklearn'][1]:+.4f}")


if __name__ == "__main__":
    main()
