#!/usr/bin/env bash
# Benchmark 3: inference of 784-256-128-10, bprop (the Predictor and Network::predict, on 1 and 2
# threads) side by side with PyTorch at its best (model(x) under no_grad, OPENBLAS_CORETYPE unset,
# 1 thread; also 2 for batches): single-sample latency, then batches of 256 rows (throughput).
# Usage: bench/run_infer.sh (env: BUILD, REPS=20000, BATCH_REPS=2000)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
REPS=${REPS:-20000}
BATCH_REPS=${BATCH_REPS:-2000}
torch="env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS=1 bench/peers/infer_torch.py"
echo "== machine: $(nproc) cores; $(uptime); OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-unset} (unset for torch)"
for threads in 1 2; do "$BUILD/bench/bprop_e2e" infer --reps "$REPS" --threads "$threads"; done
$torch --reps "$REPS"
for threads in 1 2; do
  "$BUILD/bench/bprop_e2e" infer --reps "$BATCH_REPS" --rows 256 --threads "$threads"
  $torch --reps "$BATCH_REPS" --rows 256 --threads "$threads"
done
