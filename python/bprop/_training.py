"""Training that continues a model (partial_fit): what its first call fixes for the calls after
it."""
import warnings

import numpy as np


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
