#!/usr/bin/env bash
# Prediction that streams and batch-invariant inference (issues 17 and 18), side by side in one run:
# 1. Inference cost: a Fashion-MNIST-shaped model (784-256-128-10, ReLU, softmax) predicting
#    10,000 rows from a binary data file (no parsing), with this build and with OLD (a bprop
#    binary from before the row-invariant kernel, if given), median of REPS runs each, on 1
#    and 2 threads (OMP_NUM_THREADS). The outputs must agree to 1e-6.
# 2. Large CSV: a generated numeric CSV of about SIZE_MB (default 2048) megabytes predicted to a
#    file: wall time, MB/s and peak RSS from /usr/bin/time -v (bar: under 200 MB).
# Usage: bench/run_predict.sh  (env: BUILD, OLD, REPS, SIZE_MB, DIR: a folder on disk, default
#        build/predict-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
REPS=${REPS:-5}
SIZE_MB=${SIZE_MB:-2048}
DIR=${DIR:-build/predict-bench}
bprop="$BUILD/tools/bprop/bprop"
mkdir -p "$DIR"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)," \
  "load $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. 10,000 rows of 784 pixels-like features; a model trained one epoch on 2,000 of them.
[ -f "$DIR/fm10k.csv" ] || awk 'BEGIN { srand(11); printf "p0"; for (c = 1; c < 784; ++c)
    printf ",p%d", c; print ",label"; for (r = 0; r < 10000; ++r) { for (c = 0; c < 784; ++c)
    printf "%d,", int(rand() * 256); print r % 10 } }' >"$DIR/fm10k.csv"
"$bprop" convert "$DIR/fm10k.csv" -o "$DIR/fm10k.bpd" 2>/dev/null
head -n 2001 "$DIR/fm10k.csv" >"$DIR/fm2k.csv"
"$bprop" train --data "$DIR/fm2k.csv" --layers 256,relu,128,relu,10 --loss softmax-ce --epochs 1 \
  -q --out "$DIR/fm.bprop"
median_seconds() {  # median wall seconds of REPS runs of a command
  for _ in $(seq "$REPS"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    awk "BEGIN { print $end - $start }"
  done | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
for threads in 1 2; do
  export OMP_NUM_THREADS=$threads  # predict's thread count (kernels/blas_backend.cpp)
  new=$(median_seconds "$bprop" predict -m "$DIR/fm.bprop" -d "$DIR/fm10k.bpd" -o "$DIR/new.csv")
  line="$threads thread(s): this build $new s"
  if [ -n "${OLD:-}" ]; then
    old=$(median_seconds "$OLD" predict -m "$DIR/fm.bprop" -d "$DIR/fm10k.bpd" -o "$DIR/old.csv")
    line="$line, OLD $old s (this build / OLD: $(awk "BEGIN { printf \"%.2f\", $new / $old }"))"
    paste -d, "$DIR/new.csv" "$DIR/old.csv" | awk -F, 'NR > 1 { for (c = 2; c <= 11; ++c) {
        d = $c - $(c + 11); if (d < 0) d = -d; if (d > m) m = d } } END {
        printf "largest probability difference from OLD: %g\n", m; exit m > 1e-6 }'
  fi
  echo "$line"
done
unset OMP_NUM_THREADS

# 2. A CSV of SIZE_MB megabytes: 30 features of 6 decimals (about 280 bytes a row), a generated
#    block of 1 MiB repeated (prediction does not care that rows repeat; generating 2 GB with awk
#    would take longer than the benchmark).
if [ ! -f "$DIR/big.csv" ]; then
  awk 'BEGIN { srand(7); for (c = 1; c <= 30; ++c) printf "x%d,", c; print "y" }' >"$DIR/big.csv"
  awk 'BEGIN { srand(7); for (r = 0; r < 3745; ++r) { s = 0; for (c = 1; c <= 30; ++c) {
      v = rand() * 2 - 1; s += v * c; printf "%.6f,", v } printf "%.6f\n", s } }' >"$DIR/block.csv"
  for _ in $(seq "$SIZE_MB"); do cat "$DIR/block.csv"; done >>"$DIR/big.csv"
fi
head -n 20001 "$DIR/big.csv" >"$DIR/big.head.csv"
"$bprop" train --data "$DIR/big.head.csv" --layers 64,relu,1 --loss mse --epochs 1 -q \
  --out "$DIR/big.bprop"
size=$(stat -c %s "$DIR/big.csv")
dd if="$DIR/big.csv" iflag=nocache count=0 status=none
/usr/bin/time -v "$bprop" predict -m "$DIR/big.bprop" -d "$DIR/big.csv" -o "$DIR/big.out.csv" \
  2>"$DIR/time.txt"
wall=$(awk -F': ' '/Elapsed/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; ++i)
    s = s * 60 + t[i]; print s }' "$DIR/time.txt")
rss=$(awk -F': ' '/Maximum resident/ { print $2 }' "$DIR/time.txt")
cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$DIR/time.txt")
echo "predict on $size bytes ($(($(wc -l <"$DIR/big.out.csv") - 1)) rows): $wall s," \
  "$(awk "BEGIN { printf \"%.0f\", $size / 1048576 / $wall }") MB/s; CPU $cpu s" \
  "($(awk "BEGIN { printf \"%.0f\", $size / 1048576 / $cpu }") MB per CPU second); peak RSS $((rss / 1024)) MB"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$DIR/big.out.csv"
