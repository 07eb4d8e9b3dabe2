#!/usr/bin/env bash
# Benchmark 2b: the whole Fashion-MNIST process on the real data (issue 12's command), bprop side
# by side with its peers at their best, in one hyperfine run: PyTorch 1.13 on 1 and 2 threads and
# numpy (bench/peers/*.py --real: the gzip'd IDX files, the epochs, then train and test evaluated,
# as `bprop train --data fashion-mnist` does), with OPENBLAS_CORETYPE unset (their faster AVX-512
# kernels; docs/benchmarks.md) and, for torch on 1 thread, OPENBLAS_NUM_THREADS=1. Also the fixed
# cost (--epochs 0) of each. Then each command's peak RSS (one run, /usr/bin/time).
# Usage: bench/run_process.sh  (env: BUILD, RUNS=3, EPOCHS=3, NUMPY=1)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
RUNS=${RUNS:-3}
EPOCHS=${EPOCHS:-3}
out=build/peers
mkdir -p "$out"
bprop="$BUILD/tools/bprop/bprop train --data fashion-mnist --layers 256,relu,128,relu,10 --loss softmax-ce --optimizer sgd --momentum 0.9 --lr 0.05 --batch 128 -q"
peer="env -u OPENBLAS_CORETYPE"
echo "== machine: $(nproc) cores,$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2); $(uptime)"
echo "== env: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-unset} (unset for the peers)"
commands=("$bprop --epochs $EPOCHS" "$bprop --epochs $EPOCHS --threads 1"
  "$peer OPENBLAS_NUM_THREADS=1 bench/peers/fmnist_torch.py --real --epochs $EPOCHS --threads 1"
  "$peer bench/peers/fmnist_torch.py --real --epochs $EPOCHS --threads 2")
[ "${NUMPY:-1}" = 1 ] && commands+=("$peer bench/peers/fmnist_numpy.py --real --epochs $EPOCHS")
commands+=("$bprop --epochs 0"
  "$peer OPENBLAS_NUM_THREADS=1 bench/peers/fmnist_torch.py --real --epochs 0 --threads 1")
hyperfine -N -w 1 -r "$RUNS" --export-json "$out/process.json" "${commands[@]}"
echo "== whole process: median (min-max); ratio = median / the first command's median, same run"
bench/summarize.py "$out/process.json"
echo "== peak RSS (one run each)"
for c in "${commands[@]}"; do
  /usr/bin/time -f "%M KB  %e s  $c" $c >/dev/null 2>"$out/rss.txt" || true
  tail -1 "$out/rss.txt"
done
