"""The fitted attributes that scikit-learn users read off an estimator, from its bprop model."""
import numpy as np


def dense_parameters(model):
    """coefs_ and intercepts_ as scikit-learn's MLP means them: float64 (W, b) per Dense layer
    such that relu(X @ W0 + b0) @ W1 + b1 ... on the inputs given to predict reproduces it. The
    network reads its inputs scaled, (x - offset) * scale per column (`scaling`), so the first
    layer's are given with the scaling folded in: W0' = scale[:, None] * W0 and
    b0' = b0 - (offset * scale) @ W0. The network's own weights are not touched."""
    params = [(w.astype(np.float64), b.astype(np.float64)) for w, b in model.dense_parameters()]
    offset, scale = (a.astype(np.float64) for a in model.scaling_parameters)
    first_is_dense = model.layers.split("->")[1].strip().startswith("dense:")
    if params and len(scale) and first_is_dense:
        w, b = params[0]
        params[0] = (scale[:, None] * w, b - (offset * scale) @ w)
    return [w for w, _ in params], [b for _, b in params]


def _numbers(text):
    return [float(v) for v in text.split()]


def record_training(est, model, start, fresh):
    """The estimator's training record after a call into the core's loop that began when the
    model's curves had `start` = (training, validation) epochs: the epochs of this call appended
    to the record so far (none for a `fresh` model), and written into the model's metadata, which
    save() writes."""
    new = list(model.loss_curve)[start[0]:]
    before = 0 if fresh else getattr(est, "n_iter_", 0)
    est.loss_curve_ = ([] if fresh else list(getattr(est, "loss_curve_", []))) + new
    est.n_iter_ = before + len(new)
    est.validation_loss_curve_ = ([] if fresh else list(
        getattr(est, "validation_loss_curve_", []))) + list(model.validation_loss_curve)[start[1]:]
    record = {"epochs": str(est.n_iter_),
              "loss_curve": " ".join(repr(float(v)) for v in est.loss_curve_)}
    if est.validation_loss_curve_:
        record["validation_loss_curve"] = " ".join(
            repr(float(v)) for v in est.validation_loss_curve_)
    model.metadata = {**model.metadata, **record}
    est.best_loss_ = min(est.loss_curve_) if est.loss_curve_ else np.nan


def read_record(est, model):
    """The training record a model file holds, as bprop.load gives it: the epochs (`epochs`,
    written by `bprop train` and by save()) and the loss curves (written by save() only; a model
    of `bprop train` has none). The metadata is left as it is, so save() after load writes it
    back unchanged."""
    meta = model.metadata
    est.loss_curve_ = _numbers(meta.get("loss_curve", ""))
    est.validation_loss_curve_ = _numbers(meta.get("validation_loss_curve", ""))
    epochs = meta.get("epochs", "")
    est.n_iter_ = int(epochs) if epochs.isdigit() else len(est.loss_curve_)
    est.best_loss_ = min(est.loss_curve_) if est.loss_curve_ else np.nan
