#!/usr/bin/env bash
# The CSV walk-through: make a data set with bprop itself, train on it with a validation split and
# early stopping, save the model, then evaluate it on held-out data and predict new rows.
# Usage: examples/csv_walkthrough.sh [BPROP_BINARY] [WORK_FOLDER]
set -euo pipefail
bprop=${1:-build/release/tools/bprop/bprop}
work=${2:-$(mktemp -d)}
mkdir -p "$work"

# 1. Data: two interleaving half-moons, 2 features and a 0/1 label column named "label".
"$bprop" dataset moons --samples 1000 --noise 0.2 --seed 1 -o "$work/train.csv"
"$bprop" dataset moons --samples 400 --noise 0.2 --seed 2 -o "$work/test.csv"
# New inputs without labels, for prediction: the test file's two feature columns.
head -6 "$work/test.csv" | cut -d, -f1,2 > "$work/new.csv"

# 2. Train: the target column by name, 20 % held out for validation, early stopping after 10
#    epochs without a better validation loss (the best weights are kept), inputs standardised.
"$bprop" train --data "$work/train.csv" --target label --val-split 0.2 \
  --layers 32,relu,32,relu,1 --epochs 200 --patience 10 --schedule cosine \
  --preprocess standardize --progress none --out "$work/moons.bprop"

# 3. Evaluate on data the model never saw: loss, accuracy, per-class precision/recall, confusion.
"$bprop" evaluate --model "$work/moons.bprop" --data "$work/test.csv"

# 4. Predict: one CSV row per input with the class and its probability.
"$bprop" predict --model "$work/moons.bprop" --data "$work/new.csv" -o "$work/predictions.csv"
cat "$work/predictions.csv"
echo "walk-through files are in $work"
