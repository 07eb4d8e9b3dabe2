#!/usr/bin/env bash
# Benchmark 2: one Fashion-MNIST epoch in-process (784-256-128-10 ReLU, softmax-CE, batch 128, SGD
# momentum, synthetic data of the same shape), bprop on 1 and 2 threads, each beside its GEMM floor
# (the same GEMM calls alone, same thread count: bench/gemm_floor.h), the floor alone against the
# measured FP32 peak (bprop_floor), and the peers at their best: PyTorch 1.13 on 1 thread
# (OPENBLAS_NUM_THREADS=1; on 2 with TORCH2=1), and numpy, all with OPENBLAS_CORETYPE unset (their
# AVX-512 kernels). Usage: bench/run_fmnist.sh  (env: BUILD, EPOCHS=3, NUMPY=1, TORCH2=0)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
EPOCHS=${EPOCHS:-3}
echo "== machine: $(nproc) cores; $(uptime); OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-unset} (unset for the peers)"
for threads in 1 2; do
  "$BUILD/bench/bprop_e2e" fmnist --epochs "$EPOCHS" --threads "$threads" | tail -1
  "$BUILD/bench/bprop_floor" --epochs "$EPOCHS" --threads "$threads"
done
env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS=1 bench/peers/fmnist_torch.py --epochs "$EPOCHS" \
  --threads 1 | tail -1 | sed 's/$/ (OPENBLAS_NUM_THREADS=1)/'
# 2 threads oversubscribe 2 shared cores by minutes (docs/benchmarks.md, issue 12): TORCH2=1 only.
if [ "${TORCH2:-0}" = 1 ]; then
  env -u OPENBLAS_CORETYPE bench/peers/fmnist_torch.py --epochs "$EPOCHS" --threads 2 | tail -1
fi
if [ "${NUMPY:-1}" = 1 ]; then
  env -u OPENBLAS_CORETYPE bench/peers/fmnist_numpy.py --epochs "$EPOCHS" | tail -1
fi
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
