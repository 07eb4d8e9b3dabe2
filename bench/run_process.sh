#!/usr/bin/env bash
# Benchmark 2b: the whole Fashion-MNIST process on the real data (issue 12's command), bprop side
# by side with its peers: PyTorch 1.13 on 1 thread (and 2 with TORCH2=1), with OPENBLAS_CORETYPE
# unset (its AVX-512 kernels) and set to Haswell (the environment as found), and numpy
# (bench/peers/*.py --real: the gzip'd IDX files, the epochs, then train and test evaluated, as
# `bprop train --data fashion-mnist` does); also the fixed cost (--epochs 0) of bprop and PyTorch.
# The commands take turns, one run of each per round, so every command sees the same machine; each
# run's wall time, CPU time (user + sys) and peak RSS come from /usr/bin/time, and
# bench/summarize_runs.py prints medians, ranges and ratios to the first command's median.
# Usage: bench/run_process.sh  (env: BUILD, RUNS=5, EPOCHS=3, NUMPY=1, TORCH2=0)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
RUNS=${RUNS:-5}
EPOCHS=${EPOCHS:-3}
out=build/peers
mkdir -p "$out"
bprop="$BUILD/tools/bprop/bprop train --data fashion-mnist --layers 256,relu,128,relu,10 --loss softmax-ce --optimizer sgd --momentum 0.9 --lr 0.05 --batch 128 -q"
torch="bench/peers/fmnist_torch.py --real"
fast="env -u OPENBLAS_CORETYPE"
haswell="env OPENBLAS_CORETYPE=Haswell"
echo "== machine: $(nproc) cores,$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2); $(uptime)"
echo "== env: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-unset}"
commands=("$bprop --epochs $EPOCHS" "$bprop --epochs $EPOCHS --threads 2"
  "$fast OPENBLAS_NUM_THREADS=1 $torch --epochs $EPOCHS --threads 1"
  "$haswell OPENBLAS_NUM_THREADS=1 $torch --epochs $EPOCHS --threads 1")
# PyTorch on 2 threads (its OpenMP team beside OpenBLAS's own threads) oversubscribes 2 shared
# cores by minutes per run (docs/benchmarks.md, issue 12): only with TORCH2=1.
[ "${TORCH2:-0}" = 1 ] &&
  commands+=("$fast $torch --epochs $EPOCHS --threads 2" "$haswell $torch --epochs $EPOCHS --threads 2")
[ "${NUMPY:-1}" = 1 ] && commands+=("$fast bench/peers/fmnist_numpy.py --real --epochs $EPOCHS")
commands+=("$bprop --epochs 0" "$fast OPENBLAS_NUM_THREADS=1 $torch --epochs 0 --threads 1")
runs="$out/process_runs.txt"
: >"$runs"
for round in $(seq "$RUNS"); do
  for i in "${!commands[@]}"; do
    # shellcheck disable=SC2086  # each command is a word list
    /usr/bin/time -f "$i %e %U %S %M" -o "$out/time.txt" ${commands[$i]} >/dev/null
    cat "$out/time.txt" >>"$runs"
  done
  echo "round $round done: load $(cut -d' ' -f1-3 /proc/loadavg)"
done
printf '%s\n' "${commands[@]}" >"$out/process_commands.txt"
echo "== whole process: median (min-max) of $RUNS interleaved runs; ratio = median / the first command's"
bench/summarize_runs.py "$runs" "$out/process_commands.txt"
echo "== load after: $(uptime)"
