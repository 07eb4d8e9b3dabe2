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


def _text(values):
    return " ".join(repr(float(v)) for v in values)


def _best_loss(est):
    """scikit-learn's best_loss_: the least training loss, None when the weights were picked on a
    validation split (early_stopping); NaN when the curve is unknown (a `bprop train` model)."""
    if est.validation_scores_ is not None:
        return None
    return min(est.loss_curve_) if est.loss_curve_ else np.nan


def record_training(est, model, start, fresh, rows):
    """The estimator's training record after a call into the core's loop that trained on `rows`
    rows and began when the model's curves had `start` = (training, validation, score) epochs:
    the epochs of this call appended to the record so far (none for a `fresh` model), and
    written into the model's metadata, which save() writes."""
    def so_far(name, default):
        value = default if fresh else getattr(est, name, default)
        return default if value is None else list(value)

    new = list(model.loss_curve)[start[0]:]
    scores = list(model.validation_scores)[start[2]:]
    est.loss_curve_ = so_far("loss_curve_", []) + new
    est.n_iter_ = (0 if fresh else getattr(est, "n_iter_", 0)) + len(new)
    est.t_ = (0 if fresh else getattr(est, "t_", None) or 0) + rows * len(new)
    est.validation_loss_curve_ = so_far("validation_loss_curve_", []) + list(
        model.validation_loss_curve)[start[1]:]
    if scores:  # scikit-learn's: None without early stopping; partial_fit keeps the last fit's
        est.validation_scores_ = so_far("validation_scores_", []) + scores
        # The score of the weights kept: the best validation loss's epoch (bprop picks by loss).
        est.best_validation_score_ = scores[model.best_epoch - 1] if model.best_epoch else None
    elif fresh:
        est.validation_scores_ = est.best_validation_score_ = None
    record = {"epochs": str(est.n_iter_), "loss_curve": _text(est.loss_curve_),
              "samples_seen": str(est.t_)}
    if est.validation_scores_ is not None:
        record["validation_loss_curve"] = _text(est.validation_loss_curve_)
        record["validation_scores"] = _text(est.validation_scores_)
        if est.best_validation_score_ is not None:
            record["best_validation_score"] = repr(float(est.best_validation_score_))
    model.metadata = {**model.metadata, **record}
    est.best_loss_ = _best_loss(est)


def read_record(est, model):
    """The training record a model file holds, as bprop.load gives it: the epochs (`epochs`,
    written by `bprop train` and by save()), the samples seen (`samples_seen` from save();
    `epochs` x `train_samples` of `bprop train`), and the curves and validation scores (written
    by save() only; a model of `bprop train` has none). The metadata is left as it is, so save()
    after load writes it back unchanged."""
    meta = model.metadata
    est.loss_curve_ = _numbers(meta.get("loss_curve", ""))
    est.validation_loss_curve_ = _numbers(meta.get("validation_loss_curve", ""))
    epochs = meta.get("epochs", "")
    est.n_iter_ = int(epochs) if epochs.isdigit() else len(est.loss_curve_)
    seen, rows = meta.get("samples_seen", ""), meta.get("train_samples", "")
    est.t_ = int(seen) if seen.isdigit() else \
        est.n_iter_ * int(rows) if rows.isdigit() and epochs.isdigit() else None
    scores = meta.get("validation_scores")
    est.validation_scores_ = _numbers(scores) if scores is not None else None
    best = meta.get("best_validation_score")
    est.best_validation_score_ = float(best) if best is not None else None
    est.best_loss_ = _best_loss(est)


# The output layer's function by the model's loss, as scikit-learn names it.
OUT_ACTIVATIONS = {"softmax-ce": "softmax", "bce": "logistic", "mse": "identity"}


def finite_outputs(out):
    """The outputs of finite rows (X's checks refuse others), refused where they are not finite:
    a value the model's scaling or arithmetic overflows (3e38 over a spread below 1) gave NaN
    probabilities, and predict named classes_[0] for them (bprop predict gives no class and
    evaluate refuses, docs/reliability.md S43)."""
    with np.errstate(over="ignore"):
        if np.isfinite(out.sum()):
            return out
    rows = np.flatnonzero(~np.isfinite(out).all(axis=1))
    if rows.size:
        raise ValueError(f"{rows.size} row(s) of X give outputs that are not finite though their "
                         "features are: a value the model's scaling or arithmetic overflows "
                         f"(the first: row {rows[0]})")
    return out
