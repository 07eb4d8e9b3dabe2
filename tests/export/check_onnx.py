#!/usr/bin/python3
"""Checks bprop's ONNX exports with ONNX's own checker (Debian python3-onnx) and decodes them back.

For each file: onnx.checker.check_model(full_check=True) (which also runs shape inference), then one
line the test reads: ir_version, opset, the node op types in order, initializer names with their
shapes, graph inputs and outputs, and metadata_props as JSON. Exits 1 at the first failure.
Decoding with protobuf is the round trip of bprop's hand-written encoder (src/export/).
"""
import json
import sys

import onnx
from onnx import numpy_helper


def describe(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    graph = model.graph

    def shape(value):
        return [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]

    return {
        "path": path,
        "ir_version": model.ir_version,
        "opset": [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")][0],
        "producer": model.producer_name,
        "ops": [n.op_type for n in graph.node],
        "initializers": {t.name: list(numpy_helper.to_array(t).shape) for t in graph.initializer},
        "sums": {t.name: float(numpy_helper.to_array(t).astype("float64").sum())
                 for t in graph.initializer},
        "inputs": {i.name: shape(i) for i in graph.input},
        "outputs": {o.name: shape(o) for o in graph.output},
        "metadata": {p.key: p.value for p in model.metadata_props},
    }


def main():
    for path in sys.argv[1:]:
        try:
            print(json.dumps(describe(path), sort_keys=True))
        except Exception as e:  # the checker's own exception types vary by version
            print(f"check_onnx.py: {path}: {e}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
