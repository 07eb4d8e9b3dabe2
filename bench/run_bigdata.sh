#!/usr/bin/env bash
# Data larger than memory (issue 17), side by side in one run:
# 1. Load: a 500,000 x 30 numeric CSV (the issue's file shape) parsed by the CSV reader against
#    the same data opened from its binary data file (every checksum verified), median of 5.
# 2. Out of memory: a generated binary data file of ROWS x FEATURES (2.6 GB by default) trained
#    for one epoch in memory, then inside a cgroup v1 memory limit of LIMIT_MB (default 1 GiB, so
#    the file is 2.5x the limit) from the mapped file; the model files must be equal byte for
#    byte, and the rows/s of both runs are reported. Needs root for the cgroup (else step 2 is
#    skipped with a message). Usage: bench/run_bigdata.sh  (env: BUILD, ROWS, FEATURES, LIMIT_MB,
#    DIR: a folder on disk, default build/bigdata)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
ROWS=${ROWS:-10000000}
FEATURES=${FEATURES:-64}
LIMIT=$((${LIMIT_MB:-1024} << 20))
DIR=${DIR:-build/bigdata}
bprop="$BUILD/tools/bprop/bprop"
tool="$BUILD/bench/bprop_bigdata"
mkdir -p "$DIR"
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

awk 'BEGIN { srand(7); for (c = 1; c <= 30; ++c) printf "x%d,", c; print "y";
             for (r = 0; r < 500000; ++r) { s = 0; for (c = 1; c <= 30; ++c) { v = rand() * 2 - 1;
             s += v * c; printf "%.6f,", v } printf "%.6f\n", s } }' >"$DIR/load.csv"
"$bprop" convert "$DIR/load.csv" -o "$DIR/load.bpd"
"$tool" load "$DIR/load.csv" "$DIR/load.bpd" --reps 5

controller=/sys/fs/cgroup/memory
self=$(awk -F: '$2 == "memory" { print $3 }' /proc/self/cgroup)
cgroup="$controller${self%/}/bprop-bigdata-$$"
if ! mkdir "$cgroup" 2>/dev/null; then
  echo "SKIP: cannot create a cgroup v1 memory group (not root?): no out-of-memory run"
  exit 0
fi
trap 'rmdir "$cgroup" 2>/dev/null || true' EXIT
echo "$LIMIT" >"$cgroup/memory.limit_in_bytes"
echo 0 >"$cgroup/memory.swappiness" 2>/dev/null || true
"$tool" make "$DIR/big.bpd" --rows "$ROWS" --features "$FEATURES"
size=$(stat -c %s "$DIR/big.bpd")
echo "data: $size bytes, limit $LIMIT bytes ($(awk "BEGIN { printf \"%.2f\", $size / $LIMIT }")x)"
flags=(--epochs 1 --layers 64,relu,10 --batch 256 --seed 1 -q)
timed() {  # prints the wall seconds of a command
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  awk "BEGIN { printf \"%.2f\", $end - $start }"
}
dd if="$DIR/big.bpd" iflag=nocache count=0 status=none
memory=$(timed "$bprop" train --data "$DIR/big.bpd" "${flags[@]}" --out "$DIR/memory.bprop")
dd if="$DIR/big.bpd" iflag=nocache count=0 status=none
streamed=$(timed sh -c 'echo $$ >"$0/cgroup.procs" && shift && exec "$@"' "$cgroup" -- \
  "$bprop" train --data "$DIR/big.bpd" "${flags[@]}" --max-memory 512M --out "$DIR/streamed.bprop")
cmp "$DIR/memory.bprop" "$DIR/streamed.bprop" && echo "models: byte-identical"
echo "in memory: $memory s ($(awk "BEGIN { printf \"%.0f\", $ROWS / $memory }") rows/s);" \
  "streamed within $LIMIT bytes: $streamed s ($(awk "BEGIN { printf \"%.0f\", $ROWS / $streamed }")" \
  "rows/s); peak $(cat "$cgroup/memory.max_usage_in_bytes") bytes, limit hit" \
  "$(cat "$cgroup/memory.failcnt") times"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$DIR/big.bpd"
