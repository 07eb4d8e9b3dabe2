#!/usr/bin/env bash
# Benchmark 2: one Fashion-MNIST epoch (784-256-128-10 ReLU, softmax-CE, batch 128, SGD momentum,
# synthetic data of the same shape) in bprop, with the GEMM floor (the same GEMM calls alone, in
# the same process), side by side with PyTorch: baseline config (a) torch.set_num_threads(2) and
# config (b) OPENBLAS_NUM_THREADS=1. Usage: bench/run_fmnist.sh  (env: BUILD, EPOCHS=3, THREADS=0)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
EPOCHS=${EPOCHS:-3}
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-unset}"
"$BUILD/bench/bprop_e2e" fmnist --epochs "$EPOCHS" --threads "${THREADS:-0}" | tail -1
bench/peers/fmnist_torch.py --epochs "$EPOCHS" --threads 2 | tail -1
OPENBLAS_NUM_THREADS=1 bench/peers/fmnist_torch.py --epochs "$EPOCHS" --threads 1 | tail -1 |
  sed 's/$/ (OPENBLAS_NUM_THREADS=1)/'
if [ "${UNSET_CORETYPE:-1}" = 1 ]; then
  env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS=1 bench/peers/fmnist_torch.py --epochs "$EPOCHS" \
    --threads 1 | tail -1 | sed 's/$/ (OPENBLAS_NUM_THREADS=1, OPENBLAS_CORETYPE unset)/'
fi
