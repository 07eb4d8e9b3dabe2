#!/usr/bin/env bash
# Benchmark 3: single-sample inference latency of 784-256-128-10, bprop (Network::predict) side by
# side with PyTorch (model(x) under no_grad, 1 thread). Usage: bench/run_infer.sh (env: BUILD, REPS)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
REPS=${REPS:-20000}
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-unset}"
"$BUILD/bench/bprop_e2e" infer --reps "$REPS" --threads 1
bench/peers/infer_torch.py --reps "$REPS"
