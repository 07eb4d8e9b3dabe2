#!/usr/bin/python3
"""Writes testing/golden/golden_data.h: PyTorch reference values that tests/golden_test.cpp
compares bprop against, so the C++ tests never need Python.

Run from anywhere: testing/golden/make_golden.py. Needs Debian's python3 with python3-torch
(the python3 first on PATH may lack torch). Everything is float64 and seeded, so a rerun with
the same torch version rewrites the same file.
"""

import os
import sys

import torch
from torch import nn

SEED = 20261127
BATCH = 5
INPUTS = 3
STEPS = 10

# bprop layer spec -> the torch module that computes the same function.
ACTIVATIONS = {
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "leaky_relu:0.1": lambda: nn.LeakyReLU(0.1),
    "identity": nn.Identity,
    "gelu": lambda: nn.GELU(approximate="none"),  # the exact erf form, as bprop's GELU
}

# (case suffix, bprop loss name, output width). "softmax-ce" appears twice: with class-index
# targets (B, 1) and with probability targets (B, C); bprop tells them apart by the target shape.
LOSSES = [
    ("mse", "mse", 2),
    ("bce", "bce", 2),
    ("ce_index", "softmax-ce", 3),
    ("ce_prob", "softmax-ce", 3),
]

# Two hidden layers, so gradients pass through a Dense between two activations.
DEEP = [
    ("5,relu,4,gelu", "ce_index"),
    ("5,tanh,4,sigmoid", "bce"),
    ("5,leaky_relu:0.1,4,identity", "mse"),
    ("5,gelu,4,tanh", "ce_prob"),
]

# (name, torch optimizer factory, bprop OptimizerConfig fields). Betas and epsilon are the
# defaults of both libraries (0.9, 0.999, 1e-8).
OPTIMIZERS = [
    ("sgd", lambda p: torch.optim.SGD(p, lr=0.1), dict(name="sgd", lr=0.1)),
    ("sgd_momentum", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
     dict(name="sgd", lr=0.1, momentum=0.9)),
    ("sgd_nesterov", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
     dict(name="sgd", lr=0.1, momentum=0.9, nesterov=True)),
    ("sgd_momentum_decay",
     lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.01),
     dict(name="sgd", lr=0.1, momentum=0.9, weight_decay=0.01)),
    ("adam", lambda p: torch.optim.Adam(p, lr=0.01), dict(name="adam", lr=0.01)),
    ("adam_decay", lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=0.01),
     dict(name="adam", lr=0.01, weight_decay=0.01)),
    ("adamw", lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.1),
     dict(name="adamw", lr=0.01, weight_decay=0.1)),
]


def build(layers, outputs):
    """The torch twin of bprop's build_network(INPUTS, layers + "," + outputs)."""
    modules, width = [], INPUTS
    for spec in layers.split(","):
        if spec.isdigit():
            modules.append(nn.Linear(width, int(spec)))
            width = int(spec)
        else:
            modules.append(ACTIVATIONS[spec]())
    modules.append(nn.Linear(width, outputs))
    return nn.Sequential(*modules)


def make_target(kind, outputs):
    """Targets as bprop reads them: class indices are a (B, 1) column of doubles."""
    if kind == "mse":
        return torch.randn(BATCH, outputs)
    if kind == "bce":
        soft = torch.rand(BATCH, outputs)
        soft[::2] = soft[::2].round()  # hard 0/1 labels on even rows, soft ones on odd rows
        return soft
    if kind == "ce_index":
        return torch.randint(0, outputs, (BATCH, 1)).double()
    return torch.softmax(2 * torch.randn(BATCH, outputs), dim=1)


def torch_loss(kind, output, target):
    if kind == "mse":
        return nn.MSELoss()(output, target)
    if kind == "bce":
        return nn.BCEWithLogitsLoss()(output, target)
    if kind == "ce_index":
        return nn.CrossEntropyLoss()(output, target[:, 0].long())
    return nn.CrossEntropyLoss()(output, target)  # probability targets (torch >= 1.10)


def parameters(net):
    """Weights (out, in) and biases as (1, out) rows: bprop's Dense layout and order."""
    result = []
    for p in net.parameters():
        result.append(p.detach().reshape(1, -1) if p.dim() == 1 else p.detach())
    return result


class Writer:
    def __init__(self):
        self.lines = []

    def array(self, name, values):
        """Emits a constexpr array and returns its name. repr() round-trips a double exactly."""
        flat = [repr(float(v)) for v in torch.as_tensor(values).flatten().tolist()]
        self.lines.append("inline constexpr double %s[] = {" % name)
        row = "   "
        for text in flat:
            if len(row) + len(text) + 2 > 100:
                self.lines.append(row)
                row = "   "
            row += " " + text + ","
        self.lines.append(row)
        self.lines.append("};")
        return name

    def tensor(self, name, t):
        t = t.detach()
        if t.dim() == 1:
            t = t.reshape(1, -1)
        return "{%d, %d, %s}" % (t.shape[0], t.shape[1], self.array(name, t))

    def tensors(self, name, ts):
        items = ",\n    ".join(self.tensor("%s_%d" % (name, i), t) for i, t in enumerate(ts))
        self.lines.append("inline constexpr Tensor %s[] = {\n    %s};" % (name, items))
        return name


def forward_case(w, name, layers, kind, loss_name, outputs):
    net = build(layers, outputs)
    x = torch.randn(BATCH, INPUTS, requires_grad=True)
    target = make_target(kind, outputs)
    params = [t.clone() for t in parameters(net)]
    output = net(x)
    loss = torch_loss(kind, output, target)
    net.zero_grad()
    loss.backward()
    grads = [p.grad.reshape(1, -1) if p.dim() == 1 else p.grad for p in net.parameters()]
    spec = layers + "," + str(outputs)
    fields = [
        '"%s"' % name, '"%s"' % spec, '"%s"' % loss_name, str(INPUTS),
        w.tensor(name + "_input", x), w.tensor(name + "_target", target),
        w.tensor(name + "_output", output), repr(loss.item()),
        w.tensor(name + "_input_grad", x.grad), w.tensors(name + "_parameters", params),
        w.tensors(name + "_gradients", grads),
    ]
    return "{" + ",\n     ".join(fields) + "}"


def optimizer_case(w, name, factory, config, x, target, initial):
    net = build("4,tanh", 2)
    with torch.no_grad():
        for p, v in zip(net.parameters(), initial):
            p.copy_(v)
    opt = factory(net.parameters())
    states, losses = [torch.cat([p.detach().flatten() for p in net.parameters()])], []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = nn.MSELoss()(net(x), target)
        loss.backward()
        opt.step()
        losses.append(loss.item())
        states.append(torch.cat([p.detach().flatten() for p in net.parameters()]))
    fields = [
        '"%s"' % name, '"%s"' % config["name"], repr(config["lr"]),
        repr(config.get("momentum", 0.0)), "true" if config.get("nesterov") else "false",
        repr(config.get("weight_decay", 0.0)), w.array(name + "_losses", losses),
        w.array(name + "_states", torch.stack(states)),
    ]
    return "{" + ",\n     ".join(fields) + "}"


HEADER = """\
// Generated by testing/golden/make_golden.py with PyTorch %s (float64, seed %d).
// Do not edit: rerun the script (see testing/golden/README.md). Read by tests/golden_test.cpp.
// clang-format off
#pragma once

#include <span>

namespace bprop::golden {

// A row-major matrix; biases are (1, out) rows as in bprop's Dense.
struct Tensor {
  int rows;
  int cols;
  std::span<const double> values;
};

// One forward/backward pass of build_network(input_width, layers) on `input` with `loss`.
struct ForwardCase {
  const char* name;
  const char* layers;
  const char* loss;
  int input_width;
  Tensor input;
  Tensor target;  // (B, 1) class indices for softmax-ce with index targets
  Tensor output;
  double loss_value;
  Tensor input_grad;
  std::span<const Tensor> parameters;  // every Dense's weight (out, in) then bias (1, out)
  std::span<const Tensor> gradients;   // same order and shapes
};

// %d steps of one optimizer on kOptimizerLayers, input and target: zero_grad, forward, MSE, backward, step.
struct OptimizerCase {
  const char* name;
  const char* optimizer;  // bprop's registry name
  double learning_rate;
  double momentum;
  bool nesterov;
  double weight_decay;
  std::span<const double> losses;  // the loss of each step, before its update
  std::span<const double> states;  // (steps + 1) rows: all parameters flattened, before step 1 first
};

inline constexpr int kOptimizerSteps = %d;
"""


def main():
    torch.manual_seed(SEED)
    torch.set_default_dtype(torch.float64)
    w = Writer()
    cases = []
    for act in ACTIVATIONS:
        for kind, loss_name, outputs in LOSSES:
            name = "%s_%s" % (act.split(":")[0], kind)
            cases.append(forward_case(w, name, "4," + act, kind, loss_name, outputs))
    for layers, kind in DEEP:
        loss_name, outputs = next((l, o) for k, l, o in LOSSES if k == kind)
        name = "deep_%s_%s" % (layers.replace(",", "_").replace(":0.1", ""), kind)
        cases.append(forward_case(w, name, layers, kind, loss_name, outputs))

    # One fixed network, batch and target shared by every optimizer trajectory.
    net = build("4,tanh", 2)
    x = torch.randn(BATCH, INPUTS)
    target = torch.randn(BATCH, 2)
    initial = [p.detach().clone() for p in net.parameters()]
    optimizer_net = ('inline constexpr const char* kOptimizerLayers = "4,tanh,2";\n'
                     "inline constexpr Tensor kOptimizerInput = %s;\n"
                     "inline constexpr Tensor kOptimizerTarget = %s;"
                     % (w.tensor("optimizer_input", x), w.tensor("optimizer_target", target)))
    trajectories = [optimizer_case(w, n, f, c, x, target, initial) for n, f, c in OPTIMIZERS]

    text = HEADER % (torch.__version__, SEED, STEPS, STEPS)
    text += "\n".join(w.lines) + "\n\n"
    text += "inline constexpr ForwardCase kForwardCases[] = {\n"
    text += "".join("    %s,\n" % c for c in cases) + "};\n\n"
    text += optimizer_net + "\n\n"
    text += "inline constexpr OptimizerCase kOptimizerCases[] = {\n"
    text += "".join("    %s,\n" % c for c in trajectories) + "};\n\n"
    text += "}  // namespace bprop::golden\n// clang-format on\n"
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden_data.h")
    with open(path, "w") as f:
        f.write(text)
    print("wrote %s: %d forward cases, %d optimizer trajectories" % (path, len(cases),
                                                                      len(trajectories)))


if __name__ == "__main__":
    sys.exit(main())
