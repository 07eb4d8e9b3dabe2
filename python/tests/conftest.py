"""Shared data for the module's tests."""
import numpy as np
import pytest
from sklearn.datasets import make_blobs


@pytest.fixture
def blobs():
    X, y = make_blobs(n_samples=300, centers=3, n_features=4, random_state=0)
    return X.astype(np.float32), y
