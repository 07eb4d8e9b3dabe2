#!/usr/bin/python3
"""The Python side of bench/run_ingest.sh: loads a numeric CSV (header row, float features, last
column the target) into a float32 array the way a user would, REPS times, and prints the median
wall time, MB/s (file bytes / time) and this process's peak RSS.
  numpy:  np.loadtxt(..., delimiter=",", skiprows=1, dtype=np.float32)
  pandas: pd.read_csv(...).to_numpy(np.float32) (Debian's python3-pandas, when installed)
  torch:  what a hand-written torch.utils.data.Dataset does: csv.reader rows -> torch.tensor
Usage: ingest_python.py FILE numpy|pandas|torch [--reps R]"""
import argparse
import csv
import os
import resource
import statistics
import time

import numpy as np


def load_numpy(path):
    return np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)


def load_pandas(path):
    return pd.read_csv(path).to_numpy(np.float32)


def load_torch(path):
    with open(path, newline="") as f:
        rows = csv.reader(f)
        next(rows)
        return torch.tensor([[float(x) for x in row] for row in rows], dtype=torch.float32)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("loader", choices=["numpy", "pandas", "torch"])
    p.add_argument("--reps", type=int, default=1)
    a = p.parse_args()
    global pd, torch  # imported here, outside the timed loads
    if a.loader == "pandas":
        import pandas as pd
    if a.loader == "torch":
        import torch
    load = {"numpy": load_numpy, "pandas": load_pandas, "torch": load_torch}[a.loader]
    megabytes = os.path.getsize(a.file) / 1e6
    seconds = []
    for _ in range(a.reps):
        start = time.perf_counter()
        data = load(a.file)
        seconds.append(time.perf_counter() - start)
        floats = data.shape[0] * data.shape[1]
        del data
    median = statistics.median(seconds)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    print(f"{a.loader}: {megabytes:.1f} MB, median of {a.reps} {median:.3f} s, "
          f"{megabytes / median:.0f} MB/s; peak RSS {rss:.1f} MB for {floats * 4 / 1e6:.1f} MB "
          f"of floats ({rss / (floats * 4 / 1e6):.2f}x)")


if __name__ == "__main__":
    main()
