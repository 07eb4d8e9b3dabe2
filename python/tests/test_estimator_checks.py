"""Every scikit-learn estimator check, none skipped or expected to fail (docs/python.md)."""
from sklearn.utils.estimator_checks import parametrize_with_checks

import bprop


@parametrize_with_checks([bprop.MLPClassifier(), bprop.MLPRegressor()])
def test_scikit_learn_estimator_check(estimator, check):
    check(estimator)
