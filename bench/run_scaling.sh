#!/usr/bin/env bash
# Benchmark 4: how cost grows. One epoch of 784-W-W-10 (ReLU, softmax-CE, SGD momentum) against
# batch size 1..4096 at W=256, against width 64..4096 at batch 128, and against the data's rows
# (10k..1M generated rows, batch 128, W=256), each config in its own process so that its peak RSS
# is its own. Times are scaled to a 60,000-sample epoch. Each configuration runs in bprop, then in
# PyTorch right after it (bench/peers/scale_torch.py, 1 thread, OPENBLAS_NUM_THREADS=1: its best
# configuration here, benchmark 2 (b); OPENBLAS_CORETYPE unset, its AVX-512 kernels); TORCH=0
# skips it.
# Usage: bench/run_scaling.sh  (env: BUILD, SAMPLES=4096, TORCH=1, BATCHES, WIDTHS, ROWS)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
SAMPLES=${SAMPLES:-4096}
torch_scale() {
  [ "${TORCH:-1}" = 1 ] || return 0
  # "$@" last: a --samples there overrides the default
  env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS=1 bench/peers/scale_torch.py \
    --samples "$SAMPLES" --threads 1 "$@"
}
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for batch in ${BATCHES:-1 4 16 32 64 256 1024 4096}; do
  "$BUILD/bench/bprop_e2e" scale --batch "$batch" --width 256 --samples "$SAMPLES"
  torch_scale --batch "$batch" --width 256
done
for width in ${WIDTHS:-64 128 256 512 1024 2048 4096}; do
  "$BUILD/bench/bprop_e2e" scale --batch 128 --width "$width" --samples "$SAMPLES"
  torch_scale --batch 128 --width "$width"
done
for rows in ${ROWS:-10000 100000 1000000}; do
  "$BUILD/bench/bprop_e2e" scale --batch 128 --width 256 --samples "$rows"
  torch_scale --batch 128 --width 256 --samples "$rows"
done
