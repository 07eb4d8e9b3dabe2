#!/usr/bin/python3
"""PyTorch's side of benchmark 4 (how cost grows), the same run as `bprop_e2e scale`: one epoch of
784-W-W-10 (ReLU, CrossEntropyLoss, SGD lr 0.01 momentum 0.9, reshuffled) over --samples synthetic
rows in [0, 1], after one warm-up epoch, scaled to a 60,000-sample epoch; and this process's peak
RSS. Threads: torch.set_num_threads(--threads), default 1 (with OPENBLAS_NUM_THREADS=1 from the
caller this is the configuration that beat torch's default on these 2 cores, benchmark 2 (b)).
Usage: scale_torch.py --batch B --width W [--samples N] [--threads T]"""
import argparse
import resource
import time

import torch


def epoch(model, loss_fn, opt, x, y, batch):
    order = torch.randperm(x.shape[0])
    for begin in range(0, x.shape[0], batch):
        idx = order[begin:begin + batch]
        opt.zero_grad()
        loss_fn(model(x[idx]), y[idx]).backward()
        opt.step()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--width", type=int, required=True)
    parser.add_argument("--samples", type=int, default=4096)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    x = torch.rand(args.samples, 784)
    y = torch.arange(args.samples) % 10
    w = args.width
    model = torch.nn.Sequential(torch.nn.Linear(784, w), torch.nn.ReLU(), torch.nn.Linear(w, w),
                                torch.nn.ReLU(), torch.nn.Linear(w, 10))
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    epoch(model, loss_fn, opt, x, y, args.batch)  # warm-up
    start = time.perf_counter()
    epoch(model, loss_fn, opt, x, y, args.batch)
    s = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"torch scale: batch {args.batch} width {w}: {s:.4f} s per {args.samples} samples = "
          f"{s * 60000.0 / args.samples:.3f} s per 60k-sample epoch, peak RSS {rss:.1f} MiB")


if __name__ == "__main__":
    main()
