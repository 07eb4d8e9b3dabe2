#!/usr/bin/python3
"""The teaching notebook's XOR run in numpy (the seed), as docs/benchmarks.md, section 1 runs it:
float64, layers with forward/backward/step, weights randn(in, out) * sqrt(2/in), bias 0.5,
sigmoid hidden and output, the BCE gradient -(y/p - (1-y)/(1-p)), per-sample updates at lr 0.01
for 50,000 epochs over the samples in the notebook's order. Usage: xor_seed.py [--seed N]"""
import argparse
import time

import numpy as np


class Dense:
    def __init__(self, n_in, n_out):
        self.w = np.random.randn(n_in, n_out) * np.sqrt(2.0 / n_in)
        self.b = np.full((1, n_out), 0.5)

    def forward(self, x):
        self.x = x
        return x @ self.w + self.b

    def backward(self, grad):
        self.dw = self.x.T @ grad
        self.db = grad.sum(axis=0, keepdims=True)
        return grad @ self.w.T

    def step(self, lr):
        self.w -= lr * self.dw
        self.b -= lr * self.db


class Sigmoid:
    def forward(self, x):
        self.y = 1.0 / (1.0 + np.exp(-x))
        return self.y

    def backward(self, grad):
        return grad * self.y * (1.0 - self.y)

    def step(self, lr):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=50000)
    parser.add_argument("--lr", type=float, default=0.01)
    args = parser.parse_args()
    np.random.seed(args.seed)
    x = np.array([[0, 0], [1, 1], [1, 0], [0, 1]], dtype=np.float64)
    y = np.array([[0], [0], [1], [1]], dtype=np.float64)
    layers = [Dense(2, 2), Sigmoid(), Dense(2, 1), Sigmoid()]
    start = time.perf_counter()
    for _ in range(args.epochs):
        for i in range(4):
            out = x[i:i + 1]
            for layer in layers:
                out = layer.forward(out)
            t = y[i:i + 1]
            grad = -(t / out - (1 - t) / (1 - out))
            for layer in reversed(layers):
                grad = layer.backward(grad)
            for layer in layers:
                layer.step(args.lr)
    seconds = time.perf_counter() - start
    out = x
    for layer in layers:
        out = layer.forward(out)
    correct = int(((out >= 0.5) == (y >= 0.5)).sum())
    print(" ".join(f"{p:.4f}" for p in out[:, 0]))
    print(f"numpy seed XOR: {correct}/4 correct, {args.epochs} epochs, {seconds:.3f} s")


if __name__ == "__main__":
    main()
