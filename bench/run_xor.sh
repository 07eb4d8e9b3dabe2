#!/usr/bin/env bash
# Benchmark 1: the notebook's XOR run (2-2-1 sigmoid, per-sample SGD lr 0.01, 50,000 epochs),
# whole process, bprop side by side with FANN 2.2 and the numpy seed (PyTorch with TORCH=1).
# Usage: bench/run_xor.sh   (env: BUILD=build/release RUNS=10 SEED=3 TORCH=0 NUMPY=1)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
RUNS=${RUNS:-10}
SEED=${SEED:-3}
out=build/peers
mkdir -p "$out"
gcc -O2 bench/peers/xor_fann.c -lfann -lm -o "$out/xor_fann"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== env: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-unset}"
hyperfine -N -w 2 -r "$RUNS" --export-json "$out/xor_fast.json" \
  "$BUILD/tools/bprop/bprop train --preset seed --seed $SEED" \
  "$out/xor_fann --seed $SEED"
slow=("$BUILD/tools/bprop/bprop train --preset seed --seed $SEED")
[ "${NUMPY:-1}" = 1 ] && slow+=("bench/peers/xor_seed.py --seed $SEED")
[ "${TORCH:-0}" = 1 ] && slow+=("bench/peers/xor_torch.py --seed $SEED")
if [ ${#slow[@]} -gt 1 ]; then
  hyperfine -N -w 1 -r 3 --export-json "$out/xor_slow.json" "${slow[@]}"
fi
echo "== XOR whole process: median (min-max); ratio = median / bprop's median in the same run"
bench/summarize.py "$out/xor_fast.json"
[ -f "$out/xor_slow.json" ] && [ ${#slow[@]} -gt 1 ] && bench/summarize.py "$out/xor_slow.json"
