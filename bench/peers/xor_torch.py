#!/usr/bin/python3
"""The notebook's XOR run in PyTorch (docs/benchmarks.md, section 1): 2-2-1 sigmoid, float32, the
same init formula (torch's RNG), nn.BCELoss, optim.SGD lr 0.01, per-sample steps, 1 thread.
Usage: xor_torch.py [--seed N] [--epochs N]"""
import argparse
import math
import time

import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=50000)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sigmoid(), torch.nn.Linear(2, 1),
                                torch.nn.Sigmoid())
    with torch.no_grad():
        for m in model:
            if isinstance(m, torch.nn.Linear):
                m.weight.copy_(torch.randn_like(m.weight) * math.sqrt(2.0 / m.in_features))
                m.bias.fill_(0.5)
    x = torch.tensor([[0, 0], [1, 1], [1, 0], [0, 1]], dtype=torch.float32)
    y = torch.tensor([[0], [0], [1], [1]], dtype=torch.float32)
    loss_fn = torch.nn.BCELoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    start = time.perf_counter()
    for _ in range(args.epochs):
        for i in range(4):
            opt.zero_grad()
            loss_fn(model(x[i:i + 1]), y[i:i + 1]).backward()
            opt.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        out = model(x)
    correct = int(((out >= 0.5) == (y >= 0.5)).sum())
    print(f"torch XOR: {correct}/4 correct, {args.epochs} epochs, {seconds:.3f} s")


if __name__ == "__main__":
    main()
