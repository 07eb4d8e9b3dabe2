"""Every failure is a Python exception of the documented kind, never a crash or exit()."""
import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

import bprop
from bprop import _bprop


@pytest.mark.parametrize("Est", [bprop.MLPClassifier, bprop.MLPRegressor])
def test_predict_before_fit_is_not_fitted_error(Est):
    with pytest.raises(NotFittedError):
        Est().predict(np.zeros((2, 3)))
    with pytest.raises(NotFittedError):
        Est().save("never-written.bprop")


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_non_finite_inputs_are_value_errors(blobs, value):
    X, y = blobs
    bad = X.copy()
    bad[5, 1] = value
    with pytest.raises(ValueError, match="NaN|infinity"):
        bprop.MLPClassifier(max_iter=2).fit(bad, y)
    est = bprop.MLPClassifier(max_iter=2).fit(X, y)
    with pytest.raises(ValueError, match="NaN|infinity"):
        est.predict(bad)


@pytest.mark.parametrize("Est", [bprop.MLPClassifier, bprop.MLPRegressor])
def test_finite_rows_the_model_overflows_are_value_errors(Est):
    """Audit 6, finding 04: 3e38 over a feature whose spread is ~0.17 overflows the scaling; the
    outputs were NaN and predict named classes_[0] (docs/reliability.md S51)."""
    X = np.column_stack([np.linspace(0.1, 0.6, 12), np.arange(12.0)])
    est = Est(max_iter=3, random_state=0).fit(X, np.arange(12) % 2)
    big = np.array([[0.1, 2.0], [3e38, 1.0], [-3e38, 2.0]])
    for method in ("predict", "predict_proba") if Est is bprop.MLPClassifier else ("predict",):
        with pytest.raises(ValueError, match=r"2 row\(s\) of X give outputs that are not finite "
                                             r".*\(the first: row 1\)"):
            getattr(est, method)(big)
    alone = est.predict(big[:1])  # the finite row alone predicts as usual
    assert np.isfinite(alone).all() if Est is bprop.MLPRegressor else alone[0] in est.classes_


def test_bad_shapes_and_hyper_parameters_are_value_errors(blobs):
    X, y = blobs
    est = bprop.MLPClassifier(max_iter=2).fit(X, y)
    with pytest.raises(ValueError, match="4 features"):
        est.predict(X[:, :3])
    with pytest.raises(ValueError):
        bprop.MLPClassifier().fit(X, y[:-1])
    # scikit-learn's other solver: refused by name, with the ones there are.
    for est in (bprop.MLPClassifier(solver="lbfgs"), bprop.MLPRegressor(solver="lbfgs")):
        with pytest.raises(ValueError, match="solver='lbfgs' is not supported: .*"
                                             "'adam', 'adamw', 'sgd'"):
            est.fit(X, y)
    with pytest.raises(ValueError, match="solver='lbfgs'"):
        bprop.MLPClassifier(solver="lbfgs").partial_fit(X, y, classes=[0, 1, 2])
    with pytest.raises(ValueError, match="activation"):
        bprop.MLPRegressor(activation="softsign").fit(X, y)
    with pytest.raises(ValueError, match="hidden_layer_sizes"):
        bprop.MLPRegressor(hidden_layer_sizes=(0,)).fit(X, y)
    with pytest.raises(ValueError, match="scaling|standardize"):
        bprop.MLPRegressor(scaling="log").fit(X, y)
    with pytest.raises(ValueError, match="one class"):
        bprop.MLPClassifier().fit(X, np.zeros(len(X)))
    with pytest.raises(ValueError, match="sample_weight|negative"):
        bprop.MLPClassifier().fit(X, y, sample_weight=-np.ones(len(X)))
    with pytest.raises(ValueError, match="labels not in classes_"):
        bprop.MLPClassifier(max_iter=1).partial_fit(X, y, classes=[0, 1, 2]).partial_fit(
            X, y + 5)


def test_file_problems_are_os_errors_and_bad_contents_value_errors(tmp_path, blobs):
    X, y = blobs
    with pytest.raises(OSError):
        bprop.load(tmp_path / "missing.bprop")
    (tmp_path / "junk.bprop").write_bytes(b"not a model file at all")
    with pytest.raises(ValueError, match="junk.bprop"):
        bprop.load(tmp_path / "junk.bprop")
    est = bprop.MLPRegressor(max_iter=1).fit(X, y)
    with pytest.raises(OSError):
        est.save(tmp_path / "no" / "such" / "dir" / "m.bprop")
    assert issubclass(_bprop.ModelFileError, ValueError)


def test_divergence_is_a_floating_point_error_with_the_last_finite_weights(blobs):
    X, y = blobs
    est = bprop.MLPRegressor(solver="sgd", learning_rate_init=1e6, momentum=0.0,
                             max_iter=50, random_state=0)
    with pytest.raises(FloatingPointError, match="diverged"):
        est.fit(X, y * 1e6)
    assert all(np.isfinite(w).all() for w in est.coefs_)
