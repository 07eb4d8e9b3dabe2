"""No copies of float32 inputs, the GIL released while the core computes, Ctrl-C."""
import os
import signal
import threading
import time

import numpy as np
import pytest
from sklearn.utils.validation import check_is_fitted

import bprop
from bprop import _bprop


def test_float32_c_contiguous_inputs_reach_the_core_without_a_copy(blobs):
    X, y = blobs
    assert X.dtype == np.float32 and X.flags.c_contiguous
    est = bprop.MLPClassifier(hidden_layer_sizes=(8,), max_iter=3, scaling="none",
                              random_state=0)
    seen = []
    real = _bprop.Model.predict

    class Spy:  # records the address of every array the estimator hands to the core
        def __init__(self, model):
            self.model = model

        def __getattr__(self, name):
            return getattr(self.model, name)

        def predict(self, inputs):
            seen.append(_bprop.view_address(inputs))
            return real(self.model, inputs)

        def train(self, inputs, *args):
            seen.append(_bprop.view_address(inputs))
            return self.model.train(inputs, *args)

    est.fit(X, y)
    est._model = Spy(est._model)
    est.predict_proba(X)
    assert seen == [X.ctypes.data]
    # Training: the core's view of the array is the caller's memory itself.
    est2 = bprop.MLPClassifier(hidden_layer_sizes=(8,), max_iter=3, scaling="none",
                               random_state=0)
    original = bprop._base._bprop.Model
    try:
        bprop._base._bprop.Model = lambda *a: Spy(original(*a))
        seen.clear()
        est2.fit(X, y)
    finally:
        bprop._base._bprop.Model = original
    assert seen == [X.ctypes.data]
    # The core never converts: anything but 2-D C-contiguous float32 is refused, so the
    # estimators' one conversion (np.asarray(dtype=float32, order="C")) is the only copy.
    with pytest.raises(TypeError, match="float32"):
        _bprop.view_address(X.astype(np.float64))
    with pytest.raises(TypeError, match="C-contiguous"):
        _bprop.view_address(np.asfortranarray(X))
    # Other dtypes and layouts still work, converted once.
    np.testing.assert_array_equal(est.predict(np.asfortranarray(X.astype(np.float64))),
                                  est.predict(X))


def test_prediction_releases_the_gil_and_runs_in_threads_concurrently():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((20000, 64)).astype(np.float32)
    est = bprop.MLPRegressor(hidden_layer_sizes=(256, 256), max_iter=1, random_state=0)
    est.fit(X[:500], X[:500, 0])
    expected = est.predict(X)
    results, spins = [None, None], []

    def work(i):
        for _ in range(3):
            results[i] = est.predict(X)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    count = 0
    while any(t.is_alive() for t in threads):  # runs only while the predictions let go of the GIL
        count += 1
        time.sleep(0)
    spins.append(count)
    for t in threads:
        t.join()
    for r in results:
        np.testing.assert_array_equal(r, expected)
    # Six predictions of 20000 rows through 64-256-256-1 take well over 10 ms; a core holding the
    # GIL would leave this loop a handful of turns at most.
    assert spins[0] > 100


def test_ctrl_c_interrupts_training_and_leaves_a_usable_model(monkeypatch):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((2000, 20)).astype(np.float32)
    y = (X[:, 0] > 0).astype(int)
    est = bprop.MLPClassifier(hidden_layer_sizes=(64,), max_iter=100000, tol=0,
                              n_iter_no_change=100000, random_state=0)
    models, sent = [], []
    new_model = bprop._base._BaseMLP._new_model
    monkeypatch.setattr(bprop._base._BaseMLP, "_new_model",
                        lambda self, *a: models.append(new_model(self, *a)) or models[-1])

    def interrupt_once_training_is_under_way():
        # A real SIGINT, as Ctrl-C sends it, once the first epoch has ended (however long it
        # takes on a loaded machine): the model then has a complete epoch to keep.
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not (models and models[0].epochs_trained >= 1):
            time.sleep(0.01)
        sent.append((time.monotonic(), models[0].epochs_trained if models else 0))
        os.kill(os.getpid(), signal.SIGINT)

    watcher = threading.Thread(target=interrupt_once_training_is_under_way)
    watcher.start()
    with pytest.raises(KeyboardInterrupt):
        est.fit(X, y)
    returned = time.monotonic()
    watcher.join()
    sent_at, epochs_then = sent[0]
    assert epochs_then >= 1, "the first epoch never ended"
    assert returned - sent_at < 30  # stopped after the step the signal arrived in, not later
    check_is_fitted(est)  # the weights after the last complete step, and what describes them
    assert epochs_then <= est.n_iter_ < 100000
    assert est.n_iter_ == models[0].epochs_trained
    assert len(est.loss_curve_) == est.n_iter_
    assert est.predict(X).shape == (2000,)
    assert np.isfinite(est.predict_proba(X)).all()


def test_plain_float_arrays_skip_the_checks_and_nothing_else(blobs, monkeypatch):
    """predict's shortcut past scikit-learn's checks (a plain finite float array of the fitted
    width) gives the bits the checked path gives, and every other input still meets the checks:
    their errors and warnings unchanged."""
    X, y = blobs
    est = bprop.MLPClassifier(hidden_layer_sizes=(16,), max_iter=5, random_state=0).fit(X, y)
    checked = est.predict_proba(X.tolist())  # a list: always through the checks
    for rows in (X, X.astype(np.float64), np.asfortranarray(X)):
        assert est._plain_float_rows(rows) is not None
        np.testing.assert_array_equal(est.predict_proba(rows), checked)
    np.testing.assert_array_equal(est.predict_proba(X[:1]), checked[:1])
    calls = []
    real = type(est)._validate_data
    monkeypatch.setattr(type(est), "_validate_data",
                        lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    est.predict(X)
    assert not calls  # the shortcut taken
    for bad, match in [(np.where(np.arange(len(X))[:, None] == 3, np.nan, X), "contains NaN"),
                       (np.full((2, 4), 1e39), "infinity or a value too large"),  # warns once
                       (X[:, :3], "4 features"), (X[:0], "0 sample"),
                       (X[0], "Expected 2D array")]:
        with pytest.raises(ValueError, match=match):
            est.predict(bad)
    assert len(calls) == 5  # each through the checks
    frame_fitted = bprop.MLPClassifier(hidden_layer_sizes=(4,), max_iter=2).fit(
        __import__("pandas").DataFrame(X, columns=list("abcd")), y)
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        frame_fitted.predict(X)
