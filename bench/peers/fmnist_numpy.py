#!/usr/bin/python3
"""numpy's Fashion-MNIST MLP (docs/benchmarks.md): the notebook's layer design scaled up, float32,
784-256-128-10 ReLU, softmax cross-entropy, SGD momentum 0.9 lr 0.05 (torch's convention), batch
128, He-normal weights and zero biases, reshuffled each epoch. numpy's BLAS (OpenBLAS here) uses
its own threads (OPENBLAS_NUM_THREADS). Synthetic data of the same shape, or --real (then train and
test are evaluated at the end, as `bprop train` does).
Usage: fmnist_numpy.py [--epochs N] [--real]"""
import argparse
import statistics
import time

import numpy as np


class Dense:
    def __init__(self, rng, n_in, n_out):
        self.w = (rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)).astype(np.float32)
        self.b = np.zeros(n_out, np.float32)
        self.vw, self.vb = np.zeros_like(self.w), np.zeros_like(self.b)

    def forward(self, x):
        self.x = x
        return x @ self.w + self.b

    def backward(self, grad, need_input_grad):
        self.gw, self.gb = self.x.T @ grad, grad.sum(0)
        return grad @ self.w.T if need_input_grad else None

    def step(self, lr, momentum):
        self.vw = momentum * self.vw + self.gw
        self.vb = momentum * self.vb + self.gb
        self.w -= lr * self.vw
        self.b -= lr * self.vb


def forward(layers, x):
    for i, layer in enumerate(layers):
        x = layer.forward(x)
        if i + 1 < len(layers):
            x = np.maximum(x, 0.0)
            layer.relu_out = x
    return x


def train_step(layers, x, y, lr):
    logits = forward(layers, x)
    z = logits - logits.max(1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(1, keepdims=True)
    loss = -np.log(p[np.arange(len(y)), y] + 1e-12).mean()
    grad = p
    grad[np.arange(len(y)), y] -= 1.0
    grad /= len(y)
    for i in reversed(range(len(layers))):
        grad = layers[i].backward(grad, i > 0)
        if i > 0:
            grad = grad * (layers[i - 1].relu_out > 0)
    for layer in layers:
        layer.step(lr, 0.9)
    return loss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--real", action="store_true")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    if args.real:
        import fmnist_idx
        start = time.perf_counter()
        x, y, test_x, test_y = fmnist_idx.load()
        print(f"data: {time.perf_counter() - start:.4f} s")
    else:
        x = rng.random((60000, 784), dtype=np.float32)
        y = np.arange(60000) % 10
    layers = [Dense(rng, 784, 256), Dense(rng, 256, 128), Dense(rng, 128, 10)]
    times, cpu = [], []
    for epoch in range(args.epochs):
        start, start_cpu = time.perf_counter(), time.process_time()
        order = rng.permutation(len(x))
        for begin in range(0, len(x), 128):
            idx = order[begin:begin + 128]
            train_step(layers, x[idx], y[idx], 0.05)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        print(f"epoch {epoch + 1}: {times[-1]:.4f} s (process CPU {cpu[-1]:.4f} s)")
    if args.real:
        for name, inputs, labels in (("train", x, y), ("test", test_x, test_y)):
            correct = (forward(layers, inputs).argmax(1) == labels).mean()
            print(f"{name}: accuracy {correct * 100:.2f} %")
    if times:
        print(f"numpy fmnist: median epoch {statistics.median(times):.4f} s (min {min(times):.4f} "
              f"max {max(times):.4f}); process CPU {statistics.median(cpu):.4f} s")


if __name__ == "__main__":
    main()
