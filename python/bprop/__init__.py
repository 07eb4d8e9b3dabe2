"""bprop from Python: scikit-learn estimators on bprop's training loop and model files.

    >>> import bprop
    >>> clf = bprop.MLPClassifier(hidden_layer_sizes=(64,), max_iter=50).fit(X, y)
    >>> clf.predict_proba(X_new)
    >>> clf.save("model.bprop")          # the CLI reads it: bprop predict --model model.bprop
    >>> clf = bprop.load("model.bprop")  # and reads the CLI's

docs/python.md has the tutorial and the design notes.
"""
from ._estimators import MLPClassifier, MLPRegressor, load

__all__ = ["MLPClassifier", "MLPRegressor", "load"]
__version__ = "0.1.0"
