#!/usr/bin/env bash
# The bitwise-invariance check of issue 10: trains every case of commands.txt with BPROP (the
# `bprop` binary), predicts with each model, and compares model files, predictions and exit codes
# byte for byte with expected/, and the checkpoints of the cases that write one. Exits 1 naming
# the first mismatch.
#   run.sh BPROP            check
#   run.sh BPROP --record   rewrite expected/ (see commands.txt for when that is allowed)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bprop=$(realpath "$1")
mode=${2:-check}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$here/make_data.sh" "$work"
actual="$work/actual"
mkdir -p "$actual"
cd "$work"

# Runs `bprop train` with the case's flags; "resume" first stops at --stop-after with a
# checkpoint, then resumes from it without --stop-after.
train_case() {
  local name=$1
  shift
  local common=(-q --threads 1 --out "$name.bprop")
  if [[ ${1:-} == resume ]]; then
    shift
    "$bprop" train "$@" -q --threads 1 --checkpoint "$name.ckpt" || return $?
    cp "$name.ckpt" "$actual/$name.stop.ckpt"
    # A check resumes from the recorded checkpoint: the previous release's must still load.
    [[ $mode == --record ]] || cp "$here/expected/$name.stop.ckpt" "$name.ckpt"
    local rest=() skip=0 w
    for w in "$@"; do
      if ((skip)); then skip=0; elif [[ $w == --stop-after ]]; then skip=1; else rest+=("$w"); fi
    done
    "$bprop" train "${rest[@]}" "${common[@]}" --resume "$name.ckpt"
  else
    "$bprop" train "$@" "${common[@]}"
  fi
}

while IFS='|' read -r name data flags; do
  [[ $name =~ ^[[:space:]]*(#|$) ]] && continue
  name=${name//[[:space:]]/}
  data=${data//[[:space:]]/}
  read -r -a words <<<"$flags"
  train_rc=0
  train_case "$name" "${words[@]}" >"$work/$name.train.out" 2>&1 || train_rc=$?
  # The report's wall time is the one thing that differs from run to run.
  sed -E 's/, [0-9.e+-]+ s$/, (time) s/' "$work/$name.train.out" >"$actual/$name.train.txt"
  predict_rc=0
  if [[ -f $name.bprop ]]; then
    cp "$name.bprop" "$actual/$name.bprop"
    [[ -f $name.ckpt ]] && cp "$name.ckpt" "$actual/$name.ckpt"
    "$bprop" predict --model "$name.bprop" --data "$data" >"$actual/$name.predict.csv" \
      2>"$work/$name.predict.err" || predict_rc=$?
  fi
  echo "$name train=$train_rc predict=$predict_rc" >>"$actual/exit_codes.txt"
done <"$here/commands.txt"

if [[ $mode == --record ]]; then
  rm -rf "$here/expected"
  cp -r "$actual" "$here/expected"
  echo "invariance: recorded $(grep -c . "$actual/exit_codes.txt") cases into $here/expected"
  exit 0
fi
# In commands.txt's order, each case's exit codes, report, model and predictions.
mismatch() {
  echo "invariance: MISMATCH in $1 (the first output to differ, in commands.txt order)" >&2
  if [[ $1 == *.bprop ]]; then
    cmp "$here/expected/$1" "$actual/$1" >&2 || true
  else
    diff "$here/expected/$1" "$actual/$1" 2>&1 | head -20 >&2 || true
  fi
  exit 1
}
cmp -s "$here/expected/exit_codes.txt" "$actual/exit_codes.txt" || mismatch exit_codes.txt
while read -r name _; do
  for f in "$name".{train.txt,stop.ckpt,ckpt,bprop,predict.csv}; do
    if [[ -e $here/expected/$f || -e $actual/$f ]]; then
      cmp -s "$here/expected/$f" "$actual/$f" || mismatch "$f"
    fi
  done
done <"$actual/exit_codes.txt"
echo "invariance: $(grep -c . "$actual/exit_codes.txt") cases byte-identical"
