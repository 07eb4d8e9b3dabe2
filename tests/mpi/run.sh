#!/usr/bin/env bash
# Issue 13's data-parallel checks through the library (tests/mpi/mpi_train_driver.cpp), at 1 to 4
# processes on one machine: every mpirun is oversubscribed, bounded by --timeout, and each rank
# uses one GEMM thread. Exits 1 naming the first failed check.
#   run.sh MPIRUN DRIVER [BPROP]   (BPROP: also `mpirun bprop train`, which execs bprop-mpi)
set -uo pipefail
mpirun=$1
driver=$(realpath "$2")
bprop=${3:+$(realpath "$3")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
# Shared memory between the ranks; no network probing (this is one machine).
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
run() {  # run N ARGS...: the driver on N processes; returns its exit code
  local n=$1
  shift
  "$mpirun" --oversubscribe --timeout 60 -np "$n" "$driver" "$@"
}
cli() {  # cli N ARGS...: bprop on N processes
  local n=$1
  shift
  "$mpirun" --oversubscribe --timeout 60 -np "$n" "$bprop" "$@" >/dev/null
}
same() {  # same A B WHAT: the weight files and replica hashes are byte-identical
  cmp -s "$1" "$2" && cmp -s "$1.hash" "$2.hash" || fail "$3: $1 and $2 differ"
}

# 64 rows, global batch 12: five full batches and a last one of 4 (smaller than 3·2 ranks' shares).
common=(--rows 64 --batch 12 --epochs 3)
"$driver" "${common[@]}" --out plain.bin || fail "the plain run failed"
run 1 "${common[@]}" --out np1.bin || fail "np=1 failed"
same plain.bin np1.bin "np=1 is the plain run"
# Bitwise at fixed N: 2 and 4 here, 3 through the CLI below.
for n in 2 4; do
  run "$n" "${common[@]}" --out "np$n.bin" || fail "np=$n failed"
  run "$n" "${common[@]}" --out "np$n.again.bin" || fail "np=$n (again) failed"
  same "np$n.bin" "np$n.again.bin" "bitwise at fixed N=$n"
done
# The default mode across N: 100 steps (60 rows, batch 12, 20 epochs) within 1e-6 of N = 1.
long=(--rows 60 --batch 12 --epochs 20)
"$driver" "${long[@]}" --out long.bin || fail "the 100-step plain run failed"
for n in 2 3 4; do
  run "$n" "${long[@]}" --out "long$n.bin" || fail "100 steps on np=$n failed"
  "$driver" --compare "long$n.bin" long.bin 1e-6 || fail "np=$n is not within 1e-6 of np=1"
done
# --reduce ordered: bitwise the same at every N, the plain process included.
"$driver" "${common[@]}" --ordered 8 --out ordered.bin || fail "the plain ordered run failed"
for n in 1 2 3 4; do
  run "$n" "${common[@]}" --ordered 8 --out "ordered$n.bin" || fail "ordered np=$n failed"
  same ordered.bin "ordered$n.bin" "--reduce ordered at N=$n against N=1"
done
# Resume at another N: stopped after step 7 (mid-epoch) on 2 ranks, resumed on 3. Ordered: equal
# to the uninterrupted run; default: within 1e-6 of it.
resume() {  # resume WHAT FLAGS...: stop on 2, resume on 3, into WHAT.bin
  local what=$1
  shift
  rm -f "$what.ckpt"
  run 2 "${common[@]}" "$@" --stop-after 7 --checkpoint "$what.ckpt" 2>/dev/null
  [[ $? == 130 && -s $what.ckpt ]] || fail "$what: the stop after step 7 on np=2 failed"
  run 3 "${common[@]}" "$@" --resume "$what.ckpt" --out "$what.bin" || fail "$what: resume failed"
}
resume resumed-ordered --ordered 8
same ordered.bin resumed-ordered.bin "ordered: resumed on 3 ranks after 2"
resume resumed-sum
"$driver" --compare resumed-sum.bin plain.bin 1e-6 || fail "resumed on 3 ranks is off"
# A global batch smaller than the process count: some ranks have empty shares at every step.
"$driver" --rows 10 --batch 3 --epochs 2 --out small1.bin || fail "batch 3 plain failed"
run 4 --rows 10 --batch 3 --epochs 2 --out small4.bin || fail "batch 3 on 4 ranks failed"
"$driver" --compare small4.bin small1.bin 1e-6 || fail "batch 3 on 4 ranks is off"

expect() {  # expect CODE PATTERN WHAT -- N ARGS...: exit code and a message on stderr
  local code=$1 pattern=$2 what=$3
  shift 4
  run "$@" 2>err.txt
  local got=$?
  [[ $got == "$code" ]] || fail "$what: exit $got, expected $code ($(head -c 400 err.txt))"
  grep -q "$pattern" err.txt || fail "$what: no '$pattern' in: $(head -c 400 err.txt)"
}
expect 4 "training diverged at step 1 " "a diverging rank" -- 3 "${common[@]}" --diverge-rank 2
expect 8 "read different training data" "a rank's data differs" -- 2 "${common[@]}" --differ-rank 1
expect 8 "differ after step 10 " "an injected replica mismatch" -- 2 "${common[@]}" \
  --inject-mismatch 10
expect 130 "stopped after step 7" "a stop on one rank" -- 3 "${common[@]}" --stop-rank 2 \
  --stop-step 7
[[ $(grep -c "stopped after step 7" err.txt) == 3 ]] || fail "not every rank stopped at step 7"

# A rank killed with SIGKILL ends the whole job, non-zero, within 5 s.
mkdir pids
run 2 --rows 64 --batch 12 --epochs 100000 --slow-ms 5 --pid-dir pids 2>kill.txt &
job=$!
for _ in $(seq 100); do [[ -s pids/1.pid ]] && break; sleep 0.1; done
sleep 0.5
kill -KILL "$(cat pids/1.pid)"
killed=$(date +%s%N)
wait "$job"
code=$?
elapsed_ms=$((($(date +%s%N) - killed) / 1000000))
echo "killed rank 1: mpirun exited $code after ${elapsed_ms} ms"
[[ $code != 0 ]] || fail "a killed rank: mpirun exited 0"
((elapsed_ms < 5000)) || fail "a killed rank: the job took ${elapsed_ms} ms to end"

# The CLI: `mpirun -np N bprop train`.
if [[ -n $bprop ]]; then
  train=(train --data moons --epochs 3 --batch 48 --threads 1 --quiet)
  "$bprop" "${train[@]}" --out plain.bprop >/dev/null 2>&1 || fail "bprop train failed"
  cli 1 "${train[@]}" --out cli1.bprop 2>/dev/null || fail "bprop on np=1 failed"
  cmp -s plain.bprop cli1.bprop || fail "bprop on np=1 is not the plain run"
  cli 3 "${train[@]}" --out cli3.bprop 2>cli3.txt || fail "bprop on np=3 failed"
  cli 3 "${train[@]}" --out cli3b.bprop 2>/dev/null || fail "bprop on np=3 failed"
  cmp -s cli3.bprop cli3b.bprop || fail "bprop on np=3 is not bitwise reproducible"
  [[ $(grep -c "saved the model" cli3.txt) == 1 ]] || fail "more than rank 0 saved the model"
  # Stopped at step 20 on 2 ranks, resumed on 3: the checkpoint is the ranks' agreed state.
  cli 2 "${train[@]}" --stop-after 20steps --checkpoint r.ckpt 2>/dev/null ||
    fail "bprop --stop-after on np=2 failed"
  cli 3 "${train[@]}" --resume r.ckpt --out resumed.bprop 2>/dev/null ||
    fail "resuming on np=3 failed"
  # --reduce ordered through the CLI: np=3, and stopped on 2 then resumed on 3, are the plain run.
  ordered=("${train[@]}" --reduce ordered --reduce-chunks 6)
  "$bprop" "${ordered[@]}" --out ordered.bprop --log ordered.jsonl >/dev/null 2>&1 ||
    fail "bprop --reduce ordered failed"
  cli 3 "${ordered[@]}" --out ordered3.bprop 2>/dev/null || fail "ordered on np=3 failed"
  cmp -s ordered.bprop ordered3.bprop || fail "bprop --reduce ordered: np=3 is not the plain run"
  cli 2 "${ordered[@]}" --stop-after 20steps --checkpoint o.ckpt 2>/dev/null ||
    fail "bprop --reduce ordered --stop-after on np=2 failed"
  cli 3 "${ordered[@]}" --resume o.ckpt --out ordered-resumed.bprop --log resumed.jsonl \
    2>/dev/null || fail "resuming the ordered run on np=3 failed"
  cmp -s ordered.bprop ordered-resumed.bprop ||
    fail "bprop --reduce ordered: stopped on np=2 and resumed on np=3 is not the plain run"
  # The epochs' training accuracy too: the resumed epoch counts both ranks' samples before the
  # stop (the checkpoint holds every rank's counts), not only rank 0's.
  accuracies() { grep '"type":"epoch"' "$1" | grep -o '"train_accuracy":[^,}]*'; }
  [[ -n $(accuracies ordered.jsonl) && $(accuracies ordered.jsonl) == "$(accuracies resumed.jsonl)" ]] ||
    fail "resumed on np=3: training accuracy $(accuracies resumed.jsonl | tr '\n' ' ')," \
      "uninterrupted $(accuracies ordered.jsonl | tr '\n' ' ')"
  # Dropout: each rank draws the masks of its own rows, so the model depends on N: noted on
  # every run under mpirun, refused with --reduce ordered (whose promise is the same bits).
  dropout=(train --data moons --epochs 1 --batch 48 --threads 1 --quiet --layers 8,tanh,dropout:0.3,2)
  cli 2 "${dropout[@]}" 2>dropout.txt || fail "dropout on np=2 failed"
  grep -q "note: dropout under mpirun" dropout.txt || fail "dropout on np=2: no note"
  cli 2 "${dropout[@]}" --reduce ordered 2>/dev/null
  [[ $? == 1 ]] || fail "dropout with --reduce ordered on np=2 was not refused with exit 1"
  # A binary data file (issue 17) trains on 3 ranks to the weights its CSV gives: each rank maps
  # the file and gathers its rows of every batch. The model files record other --data paths, so
  # their predictions are compared, byte for byte.
  "$bprop" dataset moons --samples 300 -o moons.csv >/dev/null 2>&1 || fail "bprop dataset failed"
  "$bprop" convert moons.csv -o moons.bpd >/dev/null 2>&1 || fail "bprop convert failed"
  from=(train --epochs 3 --batch 48 --threads 1 --quiet --data)
  cli 3 "${from[@]}" moons.csv --out csv3.bprop 2>/dev/null || fail "np=3 from the CSV failed"
  cli 3 "${from[@]}" moons.bpd --out bpd3.bprop 2>/dev/null || fail "np=3 from the .bpd failed"
  "$bprop" predict -m csv3.bprop -d moons.csv -o csv3.csv 2>/dev/null
  "$bprop" predict -m bpd3.bprop -d moons.csv -o bpd3.csv 2>/dev/null
  cmp -s csv3.csv bpd3.csv || fail "np=3 from a .bpd does not predict as np=3 from its CSV"
  # An error only rank 0 sees (its --out folder is missing): every rank ends with its code.
  "$bprop" "${train[@]}" --out missing/model.bprop >/dev/null 2>&1
  plain_code=$?
  cli 2 "${train[@]}" --out missing/model.bprop 2>rank0.txt
  code=$?
  [[ $plain_code != 0 && $code == "$plain_code" ]] ||
    fail "a rank-0-only error: exit $code, the plain run's $plain_code ($(head -c 300 rank0.txt))"
  # SIGINT: every rank stops at the same step, rank 0 saves, no model is written. Sent to the
  # ranks, they exit 130 and so does mpirun; sent to mpirun, Open MPI turns it into SIGTERM for
  # the ranks and exits with its own code (1 in 4.1), so only "non-zero" is checked there.
  interrupt() {  # interrupt NAME TARGET: TARGET is "mpirun" or "ranks"; sets $code
    "$mpirun" --oversubscribe --timeout 60 -np 2 "$bprop" train --data moons --epochs 100000 \
      --threads 1 -q --checkpoint "$1.ckpt" --out "$1.bprop" >"$1.out" 2>"$1.txt" &
    local job=$!
    for _ in $(seq 100); do grep -q "network:" "$1.out" 2>/dev/null && break; sleep 0.1; done
    sleep 1
    if [[ $2 == mpirun ]]; then kill -INT "$job"; else pkill -INT -P "$job"; fi
    wait "$job"
    code=$?
    local steps
    steps=$(grep -o "stopped after step [0-9]*" "$1.txt" | sort -u | wc -l)
    [[ -s $1.ckpt && ! -e $1.bprop && $steps == 1 ]] ||
      fail "SIGINT to $2: exit $code, $(head -c 400 "$1.txt")"
  }
  interrupt sig-ranks ranks
  [[ $code == 130 ]] || fail "SIGINT to the ranks: mpirun exited $code, not 130"
  interrupt sig-mpirun mpirun
  [[ $code != 0 ]] || fail "SIGINT to mpirun: exit 0"
fi

if ((failures > 0)); then
  echo "$failures MPI check(s) failed"
  exit 1
fi
echo "all MPI checks passed"
