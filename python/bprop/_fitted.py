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
