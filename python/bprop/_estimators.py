"""MLPClassifier and MLPRegressor: scikit-learn estimators trained by bprop."""
import os
import re

import numpy as np
from sklearn.base import ClassifierMixin, RegressorMixin
from sklearn.utils.multiclass import check_classification_targets

from . import _bprop, _fitted
from ._base import _BaseMLP
from ._training import hyper_parameters as _hyper_parameters


class MLPClassifier(ClassifierMixin, _BaseMLP):
    """A multi-layer perceptron classifier: softmax outputs, cross-entropy loss."""

    _loss = "softmax-ce"

    def _encode(self, y):
        """Class indices as a float32 column; ValueError for a label fit did not see."""
        index = np.searchsorted(self.classes_, y)
        index[index >= len(self.classes_)] = 0
        unseen = self.classes_[index] != y
        if np.any(unseen):
            raise ValueError(f"y contains labels not in classes_ {list(self.classes_)}: "
                             f"{sorted(set(np.asarray(y)[unseen].tolist()))[:5]}")
        return index.astype(np.float32).reshape(-1, 1)

    def _check_two_classes(self, targets, sample_weight):
        w = self._checked_weights(sample_weight, targets)
        live = targets[:, 0] if w is None else targets[w != 0, 0]
        if len(np.unique(live)) < 2:
            raise ValueError(f"{type(self).__name__} needs samples of at least 2 classes to "
                             "train; y has one class (counting samples of non-zero weight)")

    def fit(self, X, y, sample_weight=None):
        """Trains a new network on X (n_samples, n_features) and labels y (n_samples,)."""
        keep = self.warm_start and hasattr(self, "_model")
        # A warm start feeds X to the weights trained so far: its features are checked against
        # feature_names_in_ as partial_fit's (and scikit-learn's) are, not adopted.
        X, y = self._validate_fit_data(X, y, keep, reset=not keep)
        check_classification_targets(y)
        if not keep:
            self.classes_ = np.unique(y)
        targets = self._encode(y)
        self._check_two_classes(targets, sample_weight)
        return self._fit(X, targets, sample_weight)

    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One epoch over (X, y); the first call needs `classes`, every label there is."""
        first = not hasattr(self, "_model")
        X, y = self._validate_fit_data(X, y, not first, reset=first)
        check_classification_targets(y)
        if first:
            if classes is None:
                raise ValueError("classes must be passed on the first call to partial_fit")
            self.classes_ = np.unique(classes)
            if len(self.classes_) < 2:
                raise ValueError("partial_fit needs at least 2 classes; got one class")
        elif classes is not None and not np.array_equal(np.unique(classes), self.classes_):
            raise ValueError(f"classes {list(classes)} differ from the first call's "
                             f"{list(self.classes_)}")
        return self._partial_fit(X, self._encode(y), sample_weight, len(self.classes_))

    def predict_proba(self, X):
        """Class probabilities, (n_samples, n_classes), columns in the order of classes_."""
        p = self._outputs(X)
        return np.column_stack([1 - p[:, 0], p[:, 0]]) if p.shape[1] == 1 else p

    def predict(self, X):
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def _write_training_record(self, model):
        model.class_names = [str(c) for c in self.classes_]
        model.metadata = {**model.metadata, "python_classes_dtype": self.classes_.dtype.str}


class MLPRegressor(RegressorMixin, _BaseMLP):
    """A multi-layer perceptron regressor: linear outputs, mean squared error."""

    _loss = "mse"

    def fit(self, X, y, sample_weight=None):
        """Trains a new network on X (n_samples, n_features) and y (n_samples[, n_targets])."""
        keep = self.warm_start and hasattr(self, "_model")
        X, y = self._validate_fit_data(X, y, keep, reset=not keep, multi_output=True,
                                       y_numeric=True)  # reset: as the classifier's
        self._y_1d = y.ndim == 1
        return self._fit(X, _targets(y), sample_weight)

    def partial_fit(self, X, y, sample_weight=None):
        """One epoch over (X, y), continuing from the weights so far."""
        first = not hasattr(self, "_model")
        X, y = self._validate_fit_data(X, y, not first, reset=first, multi_output=True,
                                       y_numeric=True)
        if first:
            self._y_1d = y.ndim == 1
        return self._partial_fit(X, _targets(y), sample_weight, _targets(y).shape[1])

    def predict(self, X):
        out = self._outputs(X)
        return out.ravel() if self._y_1d else out

    def _more_tags(self):
        return {"multioutput": True}

    def _write_training_record(self, model):
        # y's dimensionality, which the outputs' width does not tell for one target: y of shape
        # (n, 1) predicts (n, 1) after save() and load() too.
        model.metadata = {**model.metadata, "python_y_ndim": "1" if self._y_1d else "2"}


def _targets(y):
    y = np.ascontiguousarray(y, dtype=np.float32)
    return y.reshape(-1, 1) if y.ndim == 1 else y


# A class label the CLI reads as an integer (csv_records.cpp, parse_cell): blanks around it, an
# optional sign, decimal digits; within int64.
_CLI_INTEGER = re.compile(r"[ \t]*[+-]?[0-9]+[ \t]*", re.ASCII)


def _cli_classes(names):
    """classes_ of a model whose file does not record Python's dtype (`bprop train`'s): int64
    when every name is an integer as the CLI reads labels, in the CLI's order (by value, so
    strictly increasing), so that predict returns the training file's labels and score takes
    them; the names as strings otherwise (names, or a mix: the CLI sorted those bytewise)."""
    if all(_CLI_INTEGER.fullmatch(n) for n in names):
        values = [int(n) for n in names]
        if all(-2**63 <= v < 2**63 for v in values) and all(
                a < b for a, b in zip(values, values[1:])):
            return np.array(values, dtype=np.int64)
    return np.array(names)


def _python_classes(names, dtype, path):
    """classes_ of a model saved from Python: its class names (str of each class) as the dtype
    it recorded. bool classes were written "False", "True", which NumPy's cast does not read."""
    try:
        if np.dtype(dtype).kind == "b":
            if not set(names) <= {"False", "True"}:
                raise ValueError(f"bool classes named {names}")
            return np.array([n == "True" for n in names], dtype=bool)
        return np.array(names).astype(dtype)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{path}: the class names {names} do not read as the recorded "
                         f"python_classes_dtype {dtype!r}: {e}") from e


def load(path):
    """An estimator from a model file written by `bprop train --out` or by save()."""
    with open(os.fspath(path), "rb") as f:  # OSError when it cannot be read
        data = f.read()
    model = _bprop.Model.from_bytes(data, os.fspath(path))
    if model.loss == "mse":
        est = MLPRegressor(**_hyper_parameters(model.layers), scaling=model.scaling)
        ndim = model.metadata.get("python_y_ndim")  # saved from Python; else the CLI's rule
        est._y_1d = ndim == "1" if ndim in ("1", "2") else model.output_width == 1
    elif model.loss in ("softmax-ce", "bce") and (model.loss == "softmax-ce" or
                                                   model.output_width == 1):
        est = MLPClassifier(**_hyper_parameters(model.layers), scaling=model.scaling)
        names = model.class_names or [str(i) for i in range(max(2, model.output_width))]
        dtype = model.metadata.get("python_classes_dtype")
        est.classes_ = _python_classes(names, dtype, path) if dtype else _cli_classes(names)
    else:
        raise ValueError(f"{path}: a {model.loss} model with {model.output_width} outputs has no "
                         "scikit-learn estimator here (multi-label bce is not supported)")
    if model.feature_names and not model.tabular_columns:  # else: set from the encoding
        est.feature_names_in_ = np.array(model.feature_names, dtype=object)
    est._model = model
    est._read_model_state(model)
    _fitted.read_record(est, model)
    return est
