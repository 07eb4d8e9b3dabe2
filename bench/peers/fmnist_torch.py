#!/usr/bin/python3
"""PyTorch's Fashion-MNIST epoch (docs/benchmarks.md, section 2) on synthetic data of the same
shape (60,000 x 784 in [0, 1], 10 classes): 784-256-128-10 ReLU, CrossEntropyLoss, SGD momentum
0.9 lr 0.05, batch 128, reshuffled each epoch, torch.set_num_threads(--threads, default 2 as in
the baseline). Prints in-process wall and process-CPU seconds per epoch (training only).
--real trains on the real data instead (bench/peers/fmnist_idx.py) and then evaluates train and
test, as `bprop train --data fashion-mnist` does: the whole process is the peer of bprop's.
Usage: fmnist_torch.py [--epochs N] [--threads T] [--real]"""
import argparse
import statistics
import time

import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--real", action="store_true")
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    if args.real:
        import fmnist_idx
        start = time.perf_counter()
        x, y, test_x, test_y = (torch.from_numpy(a) for a in fmnist_idx.load())
        print(f"data: {time.perf_counter() - start:.4f} s")
    else:
        x = torch.rand(60000, 784)
        y = torch.arange(60000) % 10
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, 10))
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    times, cpu = [], []
    for epoch in range(args.epochs):
        start, start_cpu = time.perf_counter(), time.process_time()
        order = torch.randperm(60000)
        for begin in range(0, 60000, 128):
            idx = order[begin:begin + 128]
            opt.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            opt.step()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        print(f"epoch {epoch + 1}: {times[-1]:.4f} s (process CPU {cpu[-1]:.4f} s)")
    if args.real:
        with torch.no_grad():
            for name, inputs, labels in (("train", x, y), ("test", test_x, test_y)):
                logits = model(inputs)
                print(f"{name}: loss {loss_fn(logits, labels).item():.5f}, accuracy "
                      f"{(logits.argmax(1) == labels).float().mean().item() * 100:.2f} %")
    if times:
        print(f"torch fmnist: median epoch {statistics.median(times):.4f} s (min {min(times):.4f} "
              f"max {max(times):.4f}); process CPU {statistics.median(cpu):.4f} s; "
              f"threads {args.threads}")


if __name__ == "__main__":
    main()
