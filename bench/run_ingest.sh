#!/usr/bin/env bash
# CSV ingest side by side in one run (issue 17): a generated numeric CSV (ROWS x 30 features + a
# 0/1 target; 500,000 rows are ~140 MB), read into float matrices by bprop's reader on 1 and 2
# threads, numpy's loadtxt, pandas' read_csv (when installed) and a hand-written PyTorch loader;
# MB/s and peak RSS of each, then the peak RSS of `bprop train` on the same file (in-memory
# training) against its float data, and of a run on a 1,000-row file (the process's own floor).
# Usage: bench/run_ingest.sh [ROWS] [REPS]   (build first: cmake --preset release
#        -DBPROP_BUILD_BENCH=ON && cmake --build --preset release)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
ROWS=${1:-500000}
REPS=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
csv=$work/ingest.csv
"$BUILD/bench/bprop_csv_ingest" generate "$csv" --rows "$ROWS"
head -1001 "$csv" >"$work/small.csv"
echo "== $(date -u) $(uptime)"
echo "== CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
cat "$csv" >/dev/null # in the page cache for everyone
rss() { /usr/bin/time -f "   (peak RSS %M KB, %U s user, %S s sys, %e s wall)" "$@"; }
for threads in 1 2; do
  rss "$BUILD/bench/bprop_csv_ingest" read "$csv" --threads "$threads" --reps "$REPS"
done
python_reps=1
for loader in numpy pandas torch; do
  if [ "$loader" = pandas ] && ! /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
    echo "pandas: not installed (Debian's python3-pandas), skipped"
    continue
  fi
  if [ "$loader" = torch ] && ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    echo "torch: not installed, skipped"
    continue
  fi
  rss bench/peers/ingest_python.py "$csv" "$loader" --reps "$python_reps"
done
echo "== bprop train --epochs 1 (in-memory training; float data: $((ROWS * 31 * 4 / 1000)) KB)"
rss "$BUILD/tools/bprop/bprop" train --data "$csv" --epochs 1 --out "$work/m.bprop" | tail -1
echo "== the same on 1,000 rows (the process's floor)"
rss "$BUILD/tools/bprop/bprop" train --data "$work/small.csv" --epochs 1 --out "$work/s.bprop" |
  tail -1
