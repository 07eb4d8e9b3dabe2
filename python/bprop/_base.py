"""The part of MLPClassifier and MLPRegressor that does not depend on the kind of target."""
import warnings

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, check_X_y

from . import _bprop, _fitted, _tabular, _training
from ._training import ACTIVATIONS as _ACTIVATIONS
from ._model_file import _ModelFile
_SOLVERS = ("adam", "adamw", "sgd")


def _as_core_array(a):
    """A 2-D C-contiguous float32 array: `a` itself when it already is one (no copy)."""
    a = np.asarray(a, dtype=np.float32, order="C")
    return a.reshape(len(a), -1) if a.ndim == 1 else a


class _BaseMLP(_ModelFile, BaseEstimator):
    """Hyper-parameters as in sklearn.neural_network, plus bprop's `scaling`, `n_threads` and
    the tabular encoding's `categorical`, `impute`, `max_categories` and `na_values` (those of
    `bprop train`: docs/python.md, "Text columns and missing cells")."""

    _loss = None  # the bprop loss of the subclass

    def __init__(self, hidden_layer_sizes=(100,), activation="relu", *, solver="adam",
                 alpha=0.0001, batch_size="auto", learning_rate_init=0.001, max_iter=200,
                 shuffle=True, random_state=None, tol=1e-4, warm_start=False, momentum=0.9,
                 nesterovs_momentum=True, early_stopping=False, validation_fraction=0.1,
                 beta_1=0.9, beta_2=0.999, epsilon=1e-8, n_iter_no_change=10,
                 scaling="standardize", n_threads=0, categorical="auto", impute="none",
                 max_categories=100, na_values=None):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.scaling = scaling
        self.n_threads = n_threads
        self.categorical = categorical
        self.impute = impute
        self.max_categories = max_categories
        self.na_values = na_values

    # -- building ---------------------------------------------------------------------------
    def _hidden_sizes(self):
        sizes = self.hidden_layer_sizes
        sizes = [sizes] if np.isscalar(sizes) else list(sizes)
        if any(int(s) != s or s < 1 for s in sizes):
            raise ValueError(f"hidden_layer_sizes must be positive integers, got {sizes}")
        return [int(s) for s in sizes]

    def _layers_spec(self, n_outputs):
        sizes = self._hidden_sizes()
        if self.activation not in _ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, "
                             f"got {self.activation!r}")
        act = _ACTIVATIONS[self.activation]
        parts = []
        for s in sizes:
            parts += [str(int(s))] + ([act] if act else [])
        return ",".join(parts + [str(n_outputs)])

    def _check_hyper_parameters(self):
        if self.solver not in _SOLVERS:
            raise ValueError(f"solver={self.solver!r} is not supported: bprop trains with the "
                             f"mini-batch solvers {', '.join(map(repr, _SOLVERS))} (scikit-learn's "
                             "full-batch 'lbfgs' is not one of them)")
        if not self.max_iter >= 1:
            raise ValueError(f"max_iter must be >= 1, got {self.max_iter}")
        if not self.learning_rate_init > 0:
            raise ValueError(f"learning_rate_init must be > 0, got {self.learning_rate_init}")
        if not self.alpha >= 0:
            raise ValueError(f"alpha must be >= 0, got {self.alpha}")
        if self.impute not in ("none", "median"):
            raise ValueError(f"impute must be 'none' or 'median', got {self.impute!r}")
        if isinstance(self.categorical, str) and self.categorical != "auto":
            raise ValueError("categorical must be 'auto', None or a list of column names, got "
                             f"{self.categorical!r}")
        if not (isinstance(self.max_categories, int) and self.max_categories >= 1):
            raise ValueError(f"max_categories must be an integer >= 1, got {self.max_categories!r}")
        if self.early_stopping and not 0 < self.validation_fraction < 1:
            raise ValueError("validation_fraction must be in (0, 1), "
                             f"got {self.validation_fraction}")

    @staticmethod
    def _shuffle_seed(rng):
        """The seed of bprop's shuffling (and validation split), drawn from random_state's
        generator after the initial weights."""
        return int(rng.randint(0, np.iinfo(np.int32).max))

    def _initial_parameters(self, rng, n_inputs, n_outputs):
        """(W, b) per Dense layer drawn as scikit-learn's MLP draws them (`_init_coef`): weights
        then biases of each layer, both U(-a, a) with a = sqrt(6 / (fan_in + fan_out)) (2 instead
        of 6 for logistic), from random_state's generator, so that with the same random_state
        both libraries start from the same weights (docs/python.md, "Initialization")."""
        sizes = [n_inputs, *self._hidden_sizes(), n_outputs]
        factor = 2.0 if self.activation == "logistic" else 6.0
        parameters = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            bound = np.sqrt(factor / (fan_in + fan_out))
            parameters.append((rng.uniform(-bound, bound, (fan_in, fan_out)),
                               rng.uniform(-bound, bound, fan_out)))
        return parameters

    def _new_model(self, X, n_outputs, rng):
        """A new network for X's columns; its scaling is fitted by the caller, on the rows it
        trains on (not early stopping's validation rows)."""
        self._check_hyper_parameters()
        model = _bprop.Model(X.shape[1], self._layers_spec(n_outputs), self._loss, 0,
                             "xavier-uniform")  # then overwritten by scikit-learn's draw
        model.set_dense_parameters(self._initial_parameters(rng, X.shape[1], n_outputs))
        encoding = self.__dict__.pop("_fit_encoding", None)
        if encoding is not None:  # the cells' encoding, fitted by _validate_fit_data
            model.set_tabular(*encoding)
            for attribute in ("feature_names_in_", "n_features_in_"):
                if hasattr(self, attribute):
                    delattr(self, attribute)  # set from the model's columns after training
        names = getattr(self, "feature_names_in_", None)
        targets = self.__dict__.pop("_fit_targets", None)
        if names is not None and encoding is None:
            model.feature_names = [str(n) for n in names]
            # Named like the features, so that `bprop evaluate` finds the target by name too.
            model.target_names = targets
        return model

    # -- training ---------------------------------------------------------------------------
    @staticmethod
    def _checked_weights(sample_weight, X):
        if sample_weight is None:
            return None
        return _check_sample_weight(sample_weight, X, dtype=np.float32, only_non_negative=True)

    def _weights(self, sample_weight, X, targets):
        """Rows of zero weight left out; the weight appended as the targets' last column."""
        w = self._checked_weights(sample_weight, X)
        if w is None:
            return X, targets, False
        keep = w > 0
        if not keep.all():
            X, targets, w = X[keep], targets[keep], w[keep]
        if len(w) == 0:
            raise ValueError("sample_weight is zero for every sample: nothing to train on")
        if np.all(w == 1):
            return X, targets, False
        return X, np.ascontiguousarray(np.column_stack([targets, w]), dtype=np.float32), True

    def _train(self, model, X, targets, vx, vy, weighted, epochs, seed, fresh):
        validate = vx is not None
        batch = min(200, X.shape[0]) if self.batch_size == "auto" else int(self.batch_size)
        if batch < 1:
            raise ValueError(f"batch_size must be >= 1 or 'auto', got {self.batch_size}")
        batch = min(batch, X.shape[0])
        options = dict(
            epochs=int(epochs), batch_size=batch, shuffle=bool(self.shuffle), seed=seed,
            # scikit-learn's rule: stop once n_iter_no_change + 1 epochs in a row did not lower
            # the best loss so far (which every lower loss becomes) by more than tol.
            patience=int(self.n_iter_no_change) + 1 if validate or epochs > 1 else 0,
            min_delta=float(self.tol), running_best=True, threads=int(self.n_threads), weighted=weighted,
            optimizer=self.solver, learning_rate=float(self.learning_rate_init),
            momentum=float(self.momentum) if self.solver == "sgd" else 0.0,
            nesterov=bool(self.nesterovs_momentum) and self.solver == "sgd" and self.momentum > 0,
            # scikit-learn's penalty alpha/2·|W|²/batch has the gradient (alpha/batch)·W.
            weight_decay=float(self.alpha) / batch, beta1=float(self.beta_1),
            beta2=float(self.beta_2), epsilon=float(self.epsilon))
        start = (len(model.loss_curve), len(model.validation_loss_curve),
                 len(model.validation_scores))
        try:
            model.train(X, targets, vx, vy, options)
        finally:  # also after Ctrl-C: the attributes describe the weights the model holds
            self._model = model
            _fitted.record_training(self, model, start, fresh, X.shape[0])
            self._write_training_record(model)
            self._read_model_state(model)

    def _write_training_record(self, model):
        """What a subclass adds to the model's metadata after training (save() writes it)."""

    def _read_model_state(self, model):
        """The attributes that describe the model's network and inputs."""
        columns = model.tabular_columns  # a model with a tabular encoding takes these columns
        self.n_features_in_ = len(columns) if columns else model.input_width
        if columns:
            self.feature_names_in_ = np.array(columns, dtype=object)
        self.n_outputs_ = model.output_width
        self.coefs_, self.intercepts_ = _fitted.dense_parameters(model)
        self.n_layers_ = len(self.coefs_) + 1
        self.out_activation_ = _fitted.OUT_ACTIVATIONS.get(model.loss, model.loss)

    def _fit(self, X, targets, sample_weight, init_seed_offset=0):
        rng = check_random_state(self.random_state)
        n_outputs = targets.shape[1] if self._loss == "mse" else len(self.classes_)
        X, targets, weighted = self._weights(sample_weight, X, targets)
        reuse = self.warm_start and hasattr(self, "_model")
        if reuse:
            _training.check_architecture(self, "warm_start=True")
        model = self._model if reuse else self._new_model(X, n_outputs, rng)
        seed = self._shuffle_seed(rng)
        X, targets, vx, vy = _training.split(self, X, targets, seed)
        if not reuse:  # on the training rows only, as `bprop train --val-split` fits it
            model.fit_scaling(X, self.scaling)
        self._train(model, X, targets, vx, vy, weighted, self.max_iter, seed, fresh=not reuse)
        if self.n_iter_ >= self.max_iter and not model.stopped_early:
            warnings.warn(f"{type(self).__name__}: max_iter={self.max_iter} epochs reached and "
                          "the optimization has not converged yet", ConvergenceWarning)
        return self

    def _partial_fit(self, X, targets, sample_weight, n_outputs):
        X, targets, weighted = self._weights(sample_weight, X, targets)
        first = not hasattr(self, "_model")
        rng = check_random_state(self.random_state)
        if first:
            model = self._new_model(X, n_outputs, rng)
            model.fit_scaling(X, self.scaling)
            _training.warn_first_batch_scaling(self, X)
        else:
            _training.check_architecture(self, "partial_fit")
            model = self._model
        # Each later call shuffles with another seed (random_state fixed: the same sequence).
        seed = self._shuffle_seed(rng) + (0 if first else self.n_iter_)
        self._train(model, X, targets, None, None, weighted, 1, seed, fresh=first)
        return self

    # -- inputs -------------------------------------------------------------------------------
    def _tabular_columns(self):
        """The columns a model with a tabular encoding takes (bprop train on a CSV file with
        missing cells or text columns); [] for a model that takes numbers."""
        model = getattr(self, "_model", None)
        return model.tabular_columns if model is not None else []

    def _encoded(self, X):
        """X's cells through the model's tabular encoding, as `bprop predict` encodes a file."""
        cells = _tabular.cell_columns(X, self._tabular_columns())
        inputs, *counts = self._model.encode_tabular(cells, "X")
        _tabular.warn_about_encoding(self._model, cells, counts)
        return inputs

    def _validate_fit_data(self, X, y, keep_model, reset, **kwargs):
        """X as a float32 C-contiguous array and y checked. Training that continues a model with
        a tabular encoding (partial_fit, warm_start) passes X through the encoding."""
        if keep_model and self._tabular_columns():
            return check_X_y(self._encoded(X), y, dtype=np.float32, order="C", **kwargs)
        self.__dict__.pop("_fit_encoding", None)
        self.__dict__.pop("_fit_targets", None)
        if not keep_model:
            self._check_hyper_parameters()
            fitted = _tabular.fit_encoding(X, y, self)
            if fitted is not None:  # the model made next stores the encoding (_new_model)
                inputs, self._fit_encoding = fitted
                return check_X_y(inputs, y, dtype=np.float32, order="C", **kwargs)
        X, checked = self._validate_data(X, y, dtype=np.float32, order="C", reset=reset, **kwargs)
        if not keep_model and hasattr(self, "feature_names_in_"):  # for the model made next
            self._fit_targets = _tabular.target_names(y, [str(n) for n in self.feature_names_in_])
        return X, checked

    # -- using --------------------------------------------------------------------------------
    def _outputs(self, X):
        check_is_fitted(self)
        if self._tabular_columns():
            X = self._encoded(X)
        else:
            plain = self._plain_float_rows(X)
            X = plain if plain is not None else self._validate_data(
                X, dtype=np.float32, order="C", reset=False)
        return _fitted.finite_outputs(self._model.predict(X).astype(np.float64))

    def _plain_float_rows(self, X):
        """X as a C-contiguous float32 array when it is one that scikit-learn's checks would
        pass as it is (a 2-D float ndarray of the fitted width, with rows, all finite, and no
        feature names to compare), found without them: on a few rows they cost ten times the
        network. None otherwise: the checks then run, and their errors and warnings are the
        rule."""
        if (type(X) is not np.ndarray or X.ndim != 2 or X.shape[0] == 0
                or X.dtype.type not in (np.float32, np.float64)
                or X.shape[1] != self.n_features_in_ or hasattr(self, "feature_names_in_")):
            return None
        if X.dtype.type is np.float64:
            with np.errstate(over="ignore"):  # the checks' own cast warns about it, once
                X = np.ascontiguousarray(X, dtype=np.float32)
        X = np.ascontiguousarray(X, dtype=np.float32)
        return X if np.isfinite(X.sum()) else None  # a sum that overflows: the checks decide
