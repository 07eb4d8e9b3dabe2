#!/usr/bin/env bash
# Writes the invariance cases' CSV files into directory $1, deterministically (integer arithmetic
# and fixed decimal output, so the bytes do not depend on awk's floating-point formatting).
set -euo pipefail
dir=$1
tenths() {  # an integer n as n/10 with one decimal: -12 -> -1.2
  local n=$1 sign=""
  if ((n < 0)); then sign="-"; n=$((-n)); fi
  printf '%s%d.%d' "$sign" $((n / 10)) $((n % 10))
}
# grid.csv: a 9x9 grid over [-1.6, 1.6]^2, the inputs every two-feature model predicts.
{
  echo "x1,x2"
  for i in $(seq -4 4); do for j in $(seq -4 4); do
    echo "$(tenths $((i * 4))),$(tenths $((j * 4)))"
  done; done
} > "$dir/grid.csv"
# reg.csv / reg_val.csv: three features a,b,c and two targets y = a + 2b - c, z = a*b (tenths),
# from a linear congruential sequence.
write_reg() {
  local file=$1 seed=$2 rows=$3 s=$2
  echo "a,b,c,y,z" > "$file"
  for ((r = 0; r < rows; ++r)); do
    s=$(((s * 1103515245 + 12345) % 2147483648)); local a=$((s % 41 - 20))
    s=$(((s * 1103515245 + 12345) % 2147483648)); local b=$((s % 41 - 20))
    s=$(((s * 1103515245 + 12345) % 2147483648)); local c=$((s % 41 - 20))
    echo "$(tenths $a),$(tenths $b),$(tenths $c),$(tenths $((a + 2 * b - c))),$(tenths $((a * b / 10)))"
  done >> "$file"
}
write_reg "$dir/reg.csv" 11 60
write_reg "$dir/reg_val.csv" 29 20
# cls.csv: four features and a named class (ant, bee, cat) decided by which feature sum is largest.
# bin.csv: two features and a 0/1 target (x1 * x2 > 0).
echo "f1,f2,f3,f4,kind" > "$dir/cls.csv"
echo "x1,x2,t" > "$dir/bin.csv"
s=5
for ((r = 0; r < 90; ++r)); do
  f=()
  for k in 0 1 2 3; do s=$(((s * 1103515245 + 12345) % 2147483648)); f[k]=$((s % 31 - 15)); done
  p=$((f[0] + f[1])) q=$((f[1] - f[2])) u=$((f[2] + f[3]))
  kind=ant; ((q > p)) && kind=bee; ((u > p && u > q)) && kind=cat
  echo "$(tenths ${f[0]}),$(tenths ${f[1]}),$(tenths ${f[2]}),$(tenths ${f[3]}),$kind" >> "$dir/cls.csv"
  echo "$(tenths ${f[0]}),$(tenths ${f[1]}),$((f[0] * f[1] > 0 ? 1 : 0))" >> "$dir/bin.csv"
done
