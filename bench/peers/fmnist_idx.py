"""The real Fashion-MNIST from the Debian package dataset-fashion-mnist (gzip'd IDX files), as the
peers' whole-process runs load it: uint8 pixels scaled to float32 in [0, 1], labels as int64.
FMNIST_DIR overrides the folder."""
import gzip
import os

import numpy as np

DIR = os.environ.get("FMNIST_DIR", "/usr/share/datasets/fashion-mnist")


def _idx(name, offset):
    with gzip.open(os.path.join(DIR, name), "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load():
    """(train_x, train_y, test_x, test_y)"""
    out = []
    for prefix in ("train", "t10k"):
        x = _idx(f"{prefix}-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255.0
        y = _idx(f"{prefix}-labels-idx1-ubyte.gz", 8).astype(np.int64)
        out += [x, y]
    return tuple(out)
