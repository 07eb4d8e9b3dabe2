"""What training holds out (early stopping's validation rows), and training that continues a
model (warm_start, partial_fit): what it may not change, and what its first call fixes."""
import re
import warnings

import numpy as np
from sklearn.model_selection import train_test_split

# scikit-learn's activation names -> bprop's layer names ("identity" adds no layer).
ACTIVATIONS = {"relu": "relu", "tanh": "tanh", "logistic": "sigmoid", "identity": None}


def split(est, X, targets, seed):
    """(X, targets, validation X, validation targets): early stopping's held-out rows, or none
    without it. The targets keep the weights: a weighted validation loss."""
    if not est.early_stopping:
        return X, targets, None, None
    stratify = targets[:, 0] if est._loss == "softmax-ce" else None
    parts = train_test_split(X, targets, test_size=est.validation_fraction, random_state=seed,
                             stratify=stratify)
    X, vx, targets, vy = (np.ascontiguousarray(a) for a in parts)
    return X, targets, vx, vy


def hyper_parameters(layers):
    """hidden_layer_sizes and activation from a network description such as
    "4 -> dense:100 -> relu -> dense:3"; the defaults where it is not one of ours."""
    specs = [s.strip() for s in layers.split("->")[1:]]
    sizes = [int(m.group(1)) for s in specs if (m := re.fullmatch(r"dense:(\d+)", s))]
    acts = {s for s in specs if not s.startswith("dense:")}
    names = {v: k for k, v in ACTIVATIONS.items() if v}
    activation = names.get(next(iter(acts)), "relu") if len(acts) == 1 else \
        ("identity" if not acts else "relu")
    return {"hidden_layer_sizes": tuple(sizes[:-1]), "activation": activation}


def check_architecture(est, how):
    """ValueError naming the first of hidden_layer_sizes, activation and scaling whose value
    differs from the model that `how` ("warm_start=True", "partial_fit") would continue: the
    network and its scaling cannot change under trained weights (scikit-learn's MLP fails on
    the shapes too), and continuing the old one would report parameters it does not have."""
    held = {**hyper_parameters(est._model.layers), "scaling": est._model.scaling}
    wanted = {"hidden_layer_sizes": tuple(est._hidden_sizes()), "activation": est.activation,
              "scaling": est.scaling}
    if not held["hidden_layer_sizes"]:  # no hidden layer: no activation to compare
        wanted["activation"] = held["activation"]
    for name, value in wanted.items():
        if value != held[name]:
            raise ValueError(
                f"{how} cannot change {name} from {held[name]!r} to {getattr(est, name)!r}: "
                f"the model holds a network trained with {name}={held[name]!r}; set it back "
                "to continue that network, or train a new one (warm_start=False for fit, a "
                "new estimator for partial_fit)")


def warn_first_batch_scaling(est, X):
    """The scaling that the first partial_fit fits (any but 'none') is fitted on that call's
    rows and kept for every later call: a warning that says so, and how to stream instead."""
    if est.scaling == "none":
        return
    constant = int(np.sum(np.ptp(X, axis=0) == 0)) if len(X) else 0
    note = (f"; {constant} column(s) are constant in these rows and are not scaled at all"
            if constant else "")
    warnings.warn(
        f"{type(est).__name__}.partial_fit: scaling={est.scaling!r} is fitted on this first "
        f"call's {len(X)} rows and kept for every later call{note}. For a stream, scale the "
        "inputs beforehand (e.g. a StandardScaler fitted on a representative sample) and pass "
        "scaling='none', or fit() on representative rows first and continue with "
        "partial_fit (docs/python.md, \"partial_fit and the scaling\")", UserWarning,
        stacklevel=4)
