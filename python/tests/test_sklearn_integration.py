"""The estimators inside scikit-learn's own machinery, as a user would combine them."""
import numpy as np
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import bprop


def test_grid_search_over_a_pipeline_picks_and_refits():
    X, y = load_iris(return_X_y=True)
    pipe = make_pipeline(StandardScaler(), bprop.MLPClassifier(max_iter=200, scaling="none",
                                                                random_state=0))
    grid = GridSearchCV(pipe, {"mlpclassifier__hidden_layer_sizes": [(4,), (32,)],
                               "mlpclassifier__learning_rate_init": [1e-3, 1e-2]}, cv=3)
    grid.fit(X, y)
    assert set(grid.best_params_) == {"mlpclassifier__hidden_layer_sizes",
                                      "mlpclassifier__learning_rate_init"}
    assert grid.best_score_ > 0.85
    assert grid.score(X, y) > 0.9


def test_feature_names_from_a_data_frame_and_cross_validation():
    pd = __import__("pytest").importorskip("pandas")
    X, y = load_iris(return_X_y=True, as_frame=True)
    est = bprop.MLPRegressor(hidden_layer_sizes=(16,), max_iter=100, random_state=0)
    est.fit(X, y.astype(float))
    assert list(est.feature_names_in_) == list(X.columns)
    assert est._model.feature_names == list(X.columns)
    scores = cross_val_score(bprop.MLPClassifier(max_iter=100, random_state=0), X, y, cv=3)
    assert np.mean(scores) > 0.8 and isinstance(X, pd.DataFrame)


def test_early_stopping_on_a_weighted_validation_split_keeps_the_best_epoch():
    X, y = load_iris(return_X_y=True)
    w = np.where(y == 2, 2.0, 1.0)
    est = bprop.MLPClassifier(hidden_layer_sizes=(16,), early_stopping=True, max_iter=500,
                              n_iter_no_change=5, learning_rate_init=0.05, random_state=0)
    est.fit(X, y, sample_weight=w)
    assert len(est.validation_loss_curve_) == est.n_iter_ < 500
    assert est.score(X, y) > 0.8


def test_the_initial_weights_are_scikit_learns_for_the_same_random_state():
    from sklearn.neural_network import MLPClassifier as SkMLP
    from sklearn.utils import check_random_state
    X = np.zeros((4, 6), dtype=np.float32)
    for activation in ("relu", "logistic"):  # logistic: scikit-learn's narrower bound
        est = bprop.MLPClassifier(hidden_layer_sizes=(7, 5), activation=activation)
        model = est._new_model(X, 3, check_random_state(42))
        sk = SkMLP(hidden_layer_sizes=(7, 5), activation=activation)
        sk._random_state = check_random_state(42)
        expected = [sk._init_coef(n_in, n_out, np.float64) for n_in, n_out in
                    [(6, 7), (7, 5), (5, 3)]]
        for (w, b), (sk_w, sk_b) in zip(model.dense_parameters(), expected):
            np.testing.assert_array_equal(w, sk_w.astype(np.float32))
            np.testing.assert_array_equal(b, sk_b.astype(np.float32))
