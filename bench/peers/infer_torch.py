#!/usr/bin/python3
"""Single-sample inference latency of the Fashion-MNIST MLP 784-256-128-10 (ReLU) in PyTorch:
model(x) for one 1x784 sample (or --rows of them) under torch.no_grad(), on --threads (1).
Usage: infer_torch.py [--reps N] [--rows R] [--threads T]"""
import argparse
import time

import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=20000)
    parser.add_argument("--rows", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, 10)).eval()
    x = torch.full((args.rows, 784), 0.5)
    times = []
    with torch.no_grad():
        for _ in range(200):
            model(x)
        for _ in range(args.reps):
            start = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - start) * 1e6)
    times.sort()
    n = len(times)
    print(f"torch infer: median {times[n // 2]:.2f} us (p10 {times[n // 10]:.2f}, "
          f"p90 {times[n * 9 // 10]:.2f}) over {n} calls of {args.rows} rows "
          f"({args.rows * 1e6 / times[n // 2]:.0f} rows/s), threads {args.threads}")


if __name__ == "__main__":
    main()
