"""What an estimator does with its model's bytes: the CLI's model file, ONNX, and pickles."""
from sklearn.utils.validation import check_is_fitted

from . import _bprop


class _ModelFile:
    """save, export_onnx and pickling through the model file's checksummed bytes (a mixin of
    the estimators, before BaseEstimator)."""

    def save(self, path):
        """Writes the model file that `bprop predict --model PATH` and bprop.load read."""
        check_is_fitted(self)
        self._model.save(str(path))

    def export_onnx(self, path, opset=_bprop.ONNX_DEFAULT_OPSET, precision="float32"):
        """Writes the model as ONNX, its scaling inside (as `bprop export --format onnx`);
        precision="float64" computes the network in double inside the graph (docs/export.md)."""
        check_is_fitted(self)
        if precision not in ("float32", "float64"):
            raise ValueError(f"precision must be 'float32' or 'float64', got {precision!r}")
        self._model.export_onnx(str(path), int(opset), precision == "float64")

    def __getstate__(self):
        state = dict(super().__getstate__())  # a copy: object's may be __dict__ itself
        if "_model" in state:
            # The optimizer's moments too, which the model file leaves out: partial_fit on the
            # unpickled estimator continues them.
            state["_optimizer_state"] = state["_model"].optimizer_state()
            state["_model"] = state["_model"].to_bytes()
        return state

    def __setstate__(self, state):
        state = dict(state)
        if "_model" in state:
            state["_model"] = _bprop.Model.from_bytes(state["_model"], "pickled bprop model")
            slots = state.pop("_optimizer_state", None)  # absent in pickles of earlier releases
            if slots is not None:
                state["_model"].set_optimizer_state(slots, "pickled optimizer state")
        super().__setstate__(state)
