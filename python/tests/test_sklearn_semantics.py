"""Where bprop's estimators promise scikit-learn's meaning: row order, coefs_, fitted attributes."""
import warnings

import numpy as np
import pytest

import bprop


def flipping_rule(n=2000, seed=0):
    """Rows whose labelling rule flips halfway: the last rows say y = (x0 < 0)."""
    rng = np.random.RandomState(seed)
    X = rng.randn(n, 2)
    y = np.r_[X[:n // 2, 0] > 0, X[n // 2:, 0] < 0].astype(int)
    return X, y


def test_shuffle_false_visits_the_rows_in_the_order_given():
    X, y = flipping_rule()
    kw = dict(hidden_layer_sizes=(8,), max_iter=1, random_state=0, batch_size=20,
              learning_rate_init=0.02, shuffle=False, scaling="none")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # max_iter=1: not converged
        fit = bprop.MLPClassifier(**kw).fit(X, y)
        # One epoch in the order given is the same steps as partial_fit on consecutive batches.
        steps = bprop.MLPClassifier(**kw)
        for i in range(0, len(X), 20):
            steps.partial_fit(X[i:i + 20], y[i:i + 20], classes=[0, 1])
        p = np.random.RandomState(1).permutation(len(X))
        permuted = bprop.MLPClassifier(**kw).fit(X[p], y[p])
    for a, b in zip(fit.coefs_ + fit.intercepts_, steps.coefs_ + steps.intercepts_):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(fit.coefs_[0], permuted.coefs_[0])
    # The model follows the rule of the rows it saw last, as scikit-learn's does (0.926 there).
    Xt = np.random.RandomState(2).randn(500, 2)
    assert fit.score(Xt, (Xt[:, 0] < 0).astype(int)) > 0.8


def test_shuffled_fits_still_depend_on_the_rows_not_their_order():
    X, y = flipping_rule(400)
    kw = dict(hidden_layer_sizes=(8,), max_iter=3, random_state=0, batch_size=20)
    p = np.random.RandomState(1).permutation(len(X))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = bprop.MLPClassifier(**kw).fit(X, y)
        b = bprop.MLPClassifier(**kw).fit(X[p], y[p])
    for u, v in zip(a.coefs_, b.coefs_):
        np.testing.assert_array_equal(u, v)


def sklearn_forward(est, X):
    """scikit-learn's MLP forward pass (_forward_pass_fast) with the estimator's coefs_."""
    act = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh,
           "logistic": lambda z: 1 / (1 + np.exp(-z)), "identity": lambda z: z}[est.activation]
    a = np.asarray(X, dtype=np.float64)
    for i, (w, b) in enumerate(zip(est.coefs_, est.intercepts_)):
        a = a @ w + b
        if i + 1 < len(est.coefs_):
            a = act(a)
    if isinstance(est, bprop.MLPClassifier):  # softmax over len(classes_) outputs
        a = np.exp(a - a.max(axis=1, keepdims=True))
        a /= a.sum(axis=1, keepdims=True)
    return a


@pytest.mark.parametrize("scaling", ["standardize", "minmax", "none"])
@pytest.mark.parametrize("activation", ["relu", "tanh", "logistic"])
def test_coefs_reproduce_predictions_on_the_raw_inputs(scaling, activation):
    from sklearn.datasets import load_iris
    X, y = load_iris(return_X_y=True)
    X = X * [1, 10, 100, 0.1] + [0, 50, -300, 2]  # columns far from standardized
    kw = dict(hidden_layer_sizes=(16, 8), activation=activation, scaling=scaling,
              max_iter=30, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = bprop.MLPClassifier(**kw).fit(X, y)
        reg = bprop.MLPRegressor(**kw).fit(X, np.c_[X[:, 0] - X[:, 3], y])
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(sklearn_forward(clf, X), proba, rtol=1e-6, atol=1e-6)
    out = reg.predict(X)
    # float32 networks: within 1e-6 of the outputs' scale (the network on its own scaled inputs
    # is as far from a float64 pass; the fold adds no measurable error).
    np.testing.assert_allclose(sklearn_forward(reg, X), out, rtol=1e-6,
                               atol=1e-6 * np.abs(out).max())
    assert all(w.dtype == np.float64 for w in clf.coefs_ + clf.intercepts_)
    # The network's own weights are untouched: the model file's Dense weights are the network's.
    raw = clf._model.dense_parameters()
    np.testing.assert_array_equal(clf.coefs_[1], raw[1][0])
    if scaling == "none":
        np.testing.assert_array_equal(clf.coefs_[0], raw[0][0])


def validation_split(est, X, targets, stratify):
    """The rows fit held out with early_stopping=True, drawn as _train draws them."""
    from sklearn.model_selection import train_test_split
    from sklearn.utils import check_random_state
    rng = check_random_state(est.random_state)
    est._initial_parameters(rng, X.shape[1], est.n_outputs_)
    X, targets = X.astype(np.float32), targets.astype(np.float32)
    return train_test_split(X, targets, test_size=est.validation_fraction,
                            random_state=est._shuffle_seed(rng),
                            stratify=targets[:, 0] if stratify else None)


def test_early_stopping_attributes_have_scikit_learns_meaning(blobs, tmp_path):
    X, y = blobs
    kw = dict(hidden_layer_sizes=(8,), early_stopping=True, n_iter_no_change=3, max_iter=60,
              random_state=0)
    clf = bprop.MLPClassifier(**kw).fit(X, y)
    assert clf.best_loss_ is None  # before: min(loss_curve_), a loss of weights not kept
    assert len(clf.validation_scores_) == clf.n_iter_ == len(clf.loss_curve_)
    assert clf.best_validation_score_ == clf.validation_scores_[clf._model.best_epoch - 1]
    X_train, X_val, _, t_val = validation_split(clf, X, clf._encode(y), stratify=True)
    # The score of the weights kept, on the held-out rows, as score() computes it.
    assert clf.best_validation_score_ == clf.score(X_val, clf.classes_[t_val[:, 0].astype(int)])
    assert clf.t_ == clf.n_iter_ * len(X_train)
    assert clf.n_layers_ == 3 and clf.out_activation_ == "softmax"

    Y = np.c_[X[:, 0] + X[:, 1], X[:, 2] * 2]
    reg = bprop.MLPRegressor(**kw).fit(X, Y)
    assert reg.best_loss_ is None and len(reg.validation_scores_) == reg.n_iter_
    _, X_val, _, Y_val = validation_split(reg, X, Y, stratify=False)
    assert reg.best_validation_score_ == pytest.approx(reg.score(X_val, Y_val), rel=1e-6)
    assert reg.out_activation_ == "identity" and reg.n_layers_ == 3

    clf.save(tmp_path / "es.bprop")  # the record survives save() and load
    back = bprop.load(tmp_path / "es.bprop")
    assert back.validation_scores_ == clf.validation_scores_ and back.best_loss_ is None
    assert back.best_validation_score_ == clf.best_validation_score_ and back.t_ == clf.t_
    assert back.n_layers_ == 3 and back.out_activation_ == "softmax"


def test_without_early_stopping_there_are_no_validation_scores(blobs):
    X, y = blobs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = bprop.MLPClassifier(hidden_layer_sizes=(8, 4), max_iter=5, random_state=0)
        clf.fit(X, y)
    assert clf.validation_scores_ is None and clf.best_validation_score_ is None
    assert clf.best_loss_ == min(clf.loss_curve_) and clf.n_layers_ == 4
    assert clf.t_ == 5 * len(X)
    clf.partial_fit(X[:100], y[:100])  # scikit-learn: t_ counts every sample seen
    assert clf.t_ == 5 * len(X) + 100 and clf.n_iter_ == 6
