#!/usr/bin/env bash
# Speed of two commits side by side (issue 10: "no speed regression against the commit before the
# redesign, measured in one run"). Builds each commit's `release` preset with the benchmarks in its
# own worktree under $DIR, then takes turns (A B, B A, A B, ...) RUNS times on:
#   xor     the notebook's run, whole process (`bprop train --preset seed --seed 3`), XOR_BATCH
#           processes back to back per sample, reported per process;
#   fmnist  one Fashion-MNIST epoch through the CLI with issue 12's flags, whole process (its wall
#           and user+sys CPU include loading and evaluation) and the epoch's wall from --log;
#   epoch   the same epoch in-process (`bprop_e2e fmnist --epochs 1`: synthetic data of that shape,
#           wall and thread CPU of the epoch alone, no loading);
#   infer   single-sample inference of 784-256-128-10 (`bprop_e2e infer`): Predictor and
#           Network::predict medians of INFER_REPS calls.
# Prints every sample, then per case and commit the median (min-max) and HEAD/BASE of medians.
# Usage: bench/compare_commits.sh BASE HEAD   (env: RUNS=5 DIR=build/compare XOR_BATCH=20
#        INFER_REPS=20000 BUILD_ONLY=0); Fashion-MNIST from its Debian package
#        (dataset-fashion-mnist).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 BASE HEAD" >&2; exit 2; }
RUNS=${RUNS:-5}
DIR=${DIR:-build/compare}
XOR_BATCH=${XOR_BATCH:-20}
INFER_REPS=${INFER_REPS:-20000}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

# build COMMIT: a worktree of COMMIT at $DIR/<short hash>, release preset, CLI and bprop_e2e.
build() {
  local sha tree
  sha=$(git rev-parse --short "$1^{commit}")
  tree="$DIR/$sha"
  [ -d "$tree" ] || git worktree add --detach "$tree" "$sha" >&2
  cmake --preset release -S "$tree" -DBPROP_BUILD_BENCH=ON "${launcher[@]}" >/dev/null
  cmake --build "$tree/build/release" --target bprop_cli bprop_e2e >&2
  echo "$tree/build/release"
}
base=$(build "$1")
head=$(build "$2")
[ "${BUILD_ONLY:-0}" = 1 ] && exit 0

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
samples="$out/samples.tsv"  # case, commit, metric, value
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$samples"; }
# timed N CMD...: runs CMD N times (its output to $out/stdout) and prints the wall seconds and the
# children's user+sys CPU seconds per run (rusage: finer than /usr/bin/time's 10 ms).
timed() {
  python3 - "$out/stdout" "$@" <<'PY'
import resource, subprocess, sys, time
out, n, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
cpu0, t0 = cpu(), time.perf_counter()
with open(out, "w") as f:
    for _ in range(n):
        subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, check=True)
print((time.perf_counter() - t0) / n, (cpu() - cpu0) / n)
PY
}

# run_case BUILD NAME: one sample of every case for one commit.
run_case() {
  local bin=$1/tools/bprop/bprop e2e=$1/bench/bprop_e2e name=$2 wall cpu
  read -r wall cpu < <(timed "$XOR_BATCH" "$bin" train --preset seed --seed 3)
  record xor "$name" wall_ms "$(python3 -c "print($wall * 1000)")"
  record xor "$name" cpu_ms "$(python3 -c "print($cpu * 1000)")"
  rm -f "$out/log.jsonl"
  read -r wall cpu < <(timed 1 "$bin" train --data fashion-mnist --layers 256,relu,128,relu,10 \
    --loss softmax-ce --optimizer sgd --momentum 0.9 --lr 0.05 --batch 128 --epochs 1 --seed 1 \
    --threads 1 --log "$out/log.jsonl")
  record fmnist "$name" process_wall_s "$wall"
  record fmnist "$name" process_cpu_s "$cpu"
  record fmnist "$name" epoch_wall_s "$(grep -o '"seconds": *[0-9.e+-]*' "$out/log.jsonl" |
    head -1 | sed 's/.*: *//')"
  "$e2e" fmnist --epochs 1 --threads 1 >"$out/stdout"
  record epoch "$name" wall_s "$(sed -n 's/^epoch 1: \([0-9.]*\) s.*/\1/p' "$out/stdout")"
  record epoch "$name" cpu_s "$(sed -n 's/^epoch 1: .*(cpu \([0-9.]*\)), GEMM.*/\1/p' "$out/stdout")"
  "$e2e" infer --reps "$INFER_REPS" --threads 1 >"$out/stdout"
  record infer "$name" predictor_us \
    "$(sed -n 's/.*(Predictor::predict): median \([0-9.]*\).*/\1/p' "$out/stdout")"
  record infer "$name" network_us \
    "$(sed -n 's/.*(Network::predict): median \([0-9.]*\).*/\1/p' "$out/stdout")"
}

echo "== $(nproc) cores,$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2);" \
  "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-unset}; base $1 ($base), head $2 ($head)"
echo "== start: $(uptime)"
for ((r = 1; r <= RUNS; r++)); do
  if ((r % 2)); then order=(base head); else order=(head base); fi
  for name in "${order[@]}"; do
    if [ "$name" = base ]; then run_case "$base" base; else run_case "$head" head; fi
  done
  echo "   round $r done: load $(cut -d' ' -f1-3 /proc/loadavg)"
done
echo "== end: $(uptime)"
cat "$samples"
echo "== medians (min-max) over $RUNS runs each; ratio = head median / base median"
python3 - "$samples" <<'EOF'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
keys = dict.fromkeys((case, metric) for case, _, metric, _ in rows)
for case, metric in keys:
    got = {n: [float(v) for c, n2, m, v in rows if (c, m, n2) == (case, metric, n)]
           for n in ("base", "head")}
    med = {n: statistics.median(v) for n, v in got.items()}
    text = "  ".join(f"{n} {med[n]:.4g} ({min(v):.4g}-{max(v):.4g})" for n, v in got.items())
    print(f"{case:7s} {metric:15s} {text}  ratio {med['head'] / med['base']:.3f}")
EOF
