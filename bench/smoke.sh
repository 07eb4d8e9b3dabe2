#!/usr/bin/env bash
# A few-second smoke of every benchmark (CI): builds them into the release build and runs each on
# tiny sizes. No timing is asserted; it only proves they build and run.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=build/release
cmake --preset release -DBPROP_BUILD_BENCH=ON >/dev/null
cmake --build --preset release
"$BUILD/bench/bprop_bench" --benchmark_min_time=0.001 >/dev/null
"$BUILD/bench/bprop_e2e" fmnist --epochs 1 | tail -1
"$BUILD/bench/bprop_floor" --epochs 1 --samples 2048
"$BUILD/bench/bprop_e2e" infer --reps 100
"$BUILD/bench/bprop_bandwidth" --reps-bytes 1e6
"$BUILD/bench/bprop_e2e" infer --reps 20 --rows 4 --threads 2
"$BUILD/bench/bprop_e2e" scale --batch 16 --width 64 --samples 256
"$BUILD/tools/bprop/bprop" train --preset seed --epochs 100 | tail -1
# The GEMM libraries measured side by side (each built only where its Debian package is present).
for library in openblas blis dnnl; do
  gemm="$BUILD/bench/gemm_${library}_bench"
  if [ -x "$gemm" ]; then "$gemm" --benchmark_min_time=0.001 --benchmark_filter='m:128/n:128/k:256' >/dev/null; fi
done
smoke_dir=$(mktemp -d)
trap 'rm -rf "$smoke_dir"' EXIT
# Binary data files: a generated .bpd, then CSV parsing against loading its conversion.
"$BUILD/bench/bprop_bigdata" make "$smoke_dir/big.bpd" --rows 2000 --features 8 | tail -1
"$BUILD/bench/bprop_csv_ingest" generate "$smoke_dir/load.csv" --rows 2000
"$BUILD/tools/bprop/bprop" convert "$smoke_dir/load.csv" -o "$smoke_dir/load.bpd" 2>/dev/null
"$BUILD/bench/bprop_bigdata" load "$smoke_dir/load.csv" "$smoke_dir/load.bpd" --reps 1 | tail -1
# int8 against float latency: a small model and its quantized copy.
"$BUILD/tools/bprop/bprop" train --data "$smoke_dir/load.csv" --epochs 1 -q \
  --out "$smoke_dir/f.bprop" 2>/dev/null
"$BUILD/tools/bprop/bprop" quantize "$smoke_dir/f.bprop" --calibrate "$smoke_dir/load.csv" \
  -o "$smoke_dir/q.bprop" 2>/dev/null
"$BUILD/bench/bprop_int8_bench" "$smoke_dir/f.bprop" "$smoke_dir/q.bprop" --reps 100 \
  --batches 5 | tail -1
ingest_csv=$(mktemp --suffix=.csv)
"$BUILD/bench/bprop_csv_ingest" generate "$ingest_csv" --rows 2000
"$BUILD/bench/bprop_csv_ingest" read "$ingest_csv" --threads 2 --reps 1
if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  bench/peers/ingest_python.py "$ingest_csv" numpy | tail -1
fi
rm -f "$ingest_csv"
if [ -f /usr/include/fann.h ]; then
  mkdir -p build/peers
  gcc -O2 bench/peers/xor_fann.c -lfann -lm -o build/peers/xor_fann
  build/peers/xor_fann --epochs 100 | tail -1
fi
if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  bench/peers/xor_seed.py --epochs 10 | tail -1
  bench/peers/fmnist_numpy.py --real --epochs 0 | tail -1  # the data loader and the evaluation
fi
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  bench/peers/scale_torch.py --batch 16 --width 64 --samples 256 | tail -1
  bench/peers/infer_torch.py --reps 100 | tail -1
  bench/peers/infer_torch.py --reps 10 --rows 4 | tail -1
fi
if /usr/bin/python3 -c 'import sklearn, statsmodels, vega_datasets' 2>/dev/null; then
  bench/tabular/run.py --smoke --bprop "$BUILD/tools/bprop/bprop" | tail -4
fi
if [ -d "$BUILD/python/bprop" ] && /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
  PYTHONPATH="$BUILD/python" bench/python/sklearn_vs_bprop.py --smoke | tail -1
  if /usr/bin/python3 -c 'import pandas, statsmodels, vega_datasets' 2>/dev/null; then
    PYTHONPATH="$BUILD/python" bench/python/tabular_frames.py --sets cars --seeds 1 | tail -1
    PYTHONPATH="$BUILD/python" bench/python/encoding_cost.py --rows 300 --repeats 1 | tail -1
  fi
fi
echo "bench smoke: ok"
