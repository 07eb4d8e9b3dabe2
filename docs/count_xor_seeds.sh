#!/usr/bin/env bash
# How often does a configuration learn XOR? Trains it with seeds 1..N (default 100) and counts the
# runs whose four rounded predictions are all correct.
#   docs/count_xor_seeds.sh [N] [bprop train flags...]
#   docs/count_xor_seeds.sh 100 --preset seed      # the notebook's 2-2-1 sigmoid net
#   docs/count_xor_seeds.sh 100                    # bprop's default: 8 tanh units, Adam
set -euo pipefail
bprop=${BPROP:-build/release/tools/bprop/bprop}
n=${1:-100}
shift || true
learned=0
for seed in $(seq 1 "$n"); do
  if "$bprop" train "$@" --seed "$seed" 2>/dev/null | grep -q "4/4 correct"; then
    learned=$((learned + 1))
  fi
done
echo "learned XOR in $learned of $n seeds: bprop train $* --seed 1..$n"
