"""Training that holds rows out or continues a model: early stopping's validation rows,
partial_fit's first call, warm_start after set_params (audit 6, findings 01, 02 B and 03)."""
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

import bprop
from bprop import _training


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


def test_early_stopping_fits_the_scaling_on_the_training_rows_only(monkeypatch):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2))
    X[:5, 1] = 1000  # five outlying rows
    y = (X[:, 0] > 0).astype(int)
    kept, split = [], _training.split
    monkeypatch.setattr(_training, "split", lambda *a: kept.append(split(*a)) or kept[-1])
    offsets = []
    for rs in (0, 1):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # max_iter=5: not converged
            est = bprop.MLPClassifier(random_state=rs, max_iter=5, early_stopping=True,
                                      validation_fraction=0.5).fit(X, y)
        train_rows, validation_rows = kept[-1][0], kept[-1][2]
        assert len(train_rows) == len(validation_rows) == 50
        offset = est._model.scaling_parameters[0]
        np.testing.assert_allclose(offset, train_rows.mean(0), rtol=1e-5, atol=1e-5)
        offsets.append(offset)
    assert not np.allclose(offsets[0], offsets[1])  # the split decides, not all 100 rows


CHANGES = [("hidden_layer_sizes", (7, 3)), ("activation", "tanh"), ("scaling", "none")]


@pytest.mark.parametrize("name, value", CHANGES)
def test_warm_start_refuses_a_changed_architecture(blobs, name, value):
    X, y = blobs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est = bprop.MLPClassifier(max_iter=3, random_state=0, warm_start=True).fit(X, y)
    layers = est._model.layers
    est.set_params(**{name: value})
    with pytest.raises(ValueError, match=rf"warm_start=True cannot change {name} from "):
        est.fit(X, y)
    with pytest.raises(ValueError, match=rf"partial_fit cannot change {name} from "):
        est.partial_fit(X, y)
    assert est._model.layers == layers and est.n_iter_ == 3  # nothing trained
    est.set_params(warm_start=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert est.fit(X, y).get_params()[name] == value  # a new network of the new kind


def test_warm_start_continues_unchanged_parameters_however_written(blobs, tmp_path):
    X, y = blobs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est = bprop.MLPRegressor(hidden_layer_sizes=(), max_iter=2, warm_start=True).fit(X, y)
        est.set_params(activation="tanh")  # no hidden layer: no activation to change
        assert est.fit(X, y).n_iter_ == 4
        est = bprop.MLPClassifier(hidden_layer_sizes=[5], max_iter=2, warm_start=True,
                                  activation="logistic", scaling="minmax").fit(X, y)
        est.set_params(hidden_layer_sizes=(np.int64(5),))
        assert est.fit(X, y).n_iter_ == 4
        est.save(tmp_path / "m.bprop")
        back = bprop.load(tmp_path / "m.bprop").set_params(warm_start=True, max_iter=2)
        assert back.fit(X, y).n_iter_ == 6
