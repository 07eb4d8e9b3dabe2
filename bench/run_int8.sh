#!/usr/bin/env bash
# int8 against float (issue 15), side by side in one run; not a timed test. Trains the float
# models, quantizes them (bprop quantize, 500 calibration rows of the training data), and reports:
#  1. accuracy of each, predictions changed and the largest probability difference (bprop evaluate
#     --compare) for Fashion-MNIST 784-256-128-10 with ReLU, sigmoid, tanh and GELU hidden layers,
#     XOR and the spirals;
#  2. single-sample latency and batch-256 throughput of the float and int8 Predictors (ReLU net);
#  3. under qemu-system-arm -icount: instructions of one model_predict call, float against int8,
#     on Cortex-M4F and Cortex-M0+, with flash (.text + .rodata) and stack sizes.
# Usage: bench/run_int8.sh  (env: BUILD=build/release with BPROP_BUILD_BENCH=ON, EPOCHS=5, WORK)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
EPOCHS=${EPOCHS:-5}
WORK=${WORK:-$(mktemp -d)}
B="$BUILD/tools/bprop/bprop"
F=/usr/share/datasets/fashion-mnist
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); work in $WORK"

echo "== 1. accuracy (bprop evaluate --compare)"
for act in relu sigmoid tanh gelu; do
  "$B" train --data fashion-mnist --layers "256,$act,128,$act,10" --epochs "$EPOCHS" --batch 128 \
    --seed 1 --out "$WORK/f_$act.bprop" > /dev/null 2>&1
  "$B" quantize "$WORK/f_$act.bprop" --calibrate "$F/train-images-idx3-ubyte.gz" \
    --labels "$F/train-labels-idx1-ubyte.gz" -o "$WORK/q_$act.bprop" 2> /dev/null
  echo "-- fashion-mnist 784-256-$act-128-$act-10, $EPOCHS epochs, test set"
  "$B" evaluate -m "$WORK/f_$act.bprop" --data "$F/t10k-images-idx3-ubyte.gz" \
    --labels "$F/t10k-labels-idx1-ubyte.gz" --compare "$WORK/q_$act.bprop" | tail -n +2
done
"$B" dataset xor -o "$WORK/xor.csv" > /dev/null 2>&1
"$B" dataset spirals -o "$WORK/spirals.csv" > /dev/null 2>&1
"$B" train --data "$WORK/xor.csv" --layers 8,tanh,2 --loss softmax-ce --epochs 2000 --lr 0.05 \
  --out "$WORK/f_xor.bprop" > /dev/null 2>&1
"$B" train --data "$WORK/spirals.csv" --layers 64,tanh,64,tanh,2 --epochs 300 --batch 32 \
  --lr 0.01 --out "$WORK/f_spirals.bprop" > /dev/null 2>&1
for set in xor spirals; do
  "$B" quantize "$WORK/f_$set.bprop" --calibrate "$WORK/$set.csv" -o "$WORK/q_$set.bprop" 2> /dev/null
  echo "-- $set"
  "$B" evaluate -m "$WORK/f_$set.bprop" -d "$WORK/$set.csv" --compare "$WORK/q_$set.bprop" |
    tail -n +2
done

echo "== 2. host latency and throughput (ReLU net; load $(cut -d' ' -f1-3 /proc/loadavg))"
"$BUILD/bench/bprop_int8_bench" "$WORK/f_relu.bprop" "$WORK/q_relu.bprop"

echo "== 3. Cortex-M under qemu-system-arm -icount shift=0 (ReLU net)"
mkdir -p "$WORK/c_float" "$WORK/c_int8"
"$B" export "$WORK/f_relu.bprop" --format c --name model -o "$WORK/c_float"
"$B" export "$WORK/q_relu.bprop" --format c --int8 --name model -o "$WORK/c_int8"
ARM=tests/export/arm
for cpu in "cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard" "cortex-m0plus"; do
  for kind in float int8; do
    d="$WORK/c_$kind"
    flags="-mcpu=$cpu -mthumb -Os"
    arm-none-eabi-gcc -std=c99 -Wall -Wextra -Wpedantic -Wconversion -Werror $flags -fstack-usage \
      -c "$d/model.c" -o "$d/model.o"
    arm-none-eabi-gcc -std=c99 $flags -DBPROP_MEASURE -I"$d" -c $ARM/startup.c -o "$d/start.o"
    arm-none-eabi-gcc -std=c99 $flags -I"$d" -c bench/arm/measure.c -o "$d/measure.o"
    arm-none-eabi-gcc $flags -nostartfiles -T $ARM/link.ld --specs=nano.specs --specs=nosys.specs \
      "$d/start.o" "$d/measure.o" "$d/model.o" -lm -o "$d/model.elf"
    sizes=$(arm-none-eabi-size -A "$d/model.o" | awk '$1 ~ /^\.text/ {t += $2} $1 ~ /^\.rodata/ {r += $2}
      END {printf "code %d B, weights+tables %d B", t, r}')
    stack=$(awk '/model_predict/ {print $2}' "$d/model.su")
    counts=$(timeout 300 qemu-system-arm -M mps2-an386 -icount shift=0 -nographic -monitor none \
      -semihosting-config enable=on,target=native -kernel "$d/model.elf" 2>&1 | tr '\n' ';')
    echo "${cpu%% *} $kind: $sizes, model_predict stack $stack B; $counts"
  done
done
