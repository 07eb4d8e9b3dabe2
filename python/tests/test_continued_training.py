"""Training that holds rows out or continues a model: early stopping's validation rows,
partial_fit's first call, warm_start after set_params (audit 6, findings 01, 02 B and 03)."""
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

import bprop


def stream(n=400, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    X[:, 1] = X[:, 1] * 1000 + 50000
    X[:20, 1] = 50000.0  # the first batch holds one value of feature 1
    return X, (X[:, 0] > 0).astype(int)


def test_first_partial_fit_warns_that_it_fixes_the_scaling_on_its_rows():
    X, y = stream()
    with pytest.warns(UserWarning, match=r"scaling='standardize' is fitted on this first "
                      r"call's 20 rows and kept for every later call; 1 column"):
        est = bprop.MLPClassifier(random_state=0).partial_fit(X[:20], y[:20], classes=[0, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # later calls, and scaling="none", say nothing
        est.partial_fit(X[20:], y[20:])
        bprop.MLPClassifier(scaling="none").partial_fit(X[:20], y[:20], classes=[0, 1])
        warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter=2
        fitted = bprop.MLPClassifier(max_iter=2, warm_start=True).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fitted.partial_fit(X[:20], y[:20])  # the scaling of fit's rows: continued, no warning
