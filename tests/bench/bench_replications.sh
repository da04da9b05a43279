#!/bin/sh
# bench_replications.sh - Monte Carlo throughput (not a ctest test: it prints figures).
#
#   sh tests/bench/bench_replications.sh [BUILD_DIR]        (default build/release)
#   env: N (replications, default 1000), BASE_N (baseline runs, default 200), JOBS (default 2),
#        TRIALS (default 3)
#
# 1. `dcbuildout run workloads/hauts-de-france.ini --replications N --jobs 2` (the default
#    2025-2060 scenario): wall time and replications per second.
# 2. The baseline, measured in the same benchmark run: the CLI started once per replication,
#    two at a time (xargs -P2), `dcbuildout run ... --seed S -q` for BASE_N seeds: runs per second.
# 3. The ratio of the two rates.  Targets on a 2-core machine: >= 100 replications/s and >= 5x
#    the one-process-per-replication baseline.
# Both are measured TRIALS times, alternately, and judged on the medians (of the rate, and of the
# ratio within each trial): on a shared virtual machine one trial in a few runs 10-20 % slow.
# Outputs go to /dev/shm when it exists (tmpfs: the fsync of every atomic write costs nothing
# there, so the figures measure processes and simulation, not the disk), else to $TMPDIR.
# Wall-clock figures: run it on an otherwise idle machine.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build/release}
dcb=$build/dcbuildout
[ -x "$dcb" ] || { echo "build first: cmake --workflow --preset demo (or give BUILD_DIR)" >&2; exit 2; }
N=${N:-1000}
BASE_N=${BASE_N:-200}
JOBS=${JOBS:-2}
TRIALS=${TRIALS:-3}
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
work=$(mktemp -d "$base/dcb-bench-mc-XXXXXX")
trap 'rm -rf "$work"' EXIT
# A private copy of the inputs: both sides run the same bytes even if the tree changes meanwhile.
mkdir -p "$work/in"
cp -R "$src/workloads" "$src/platforms" "$work/in/"
hdf=$work/in/workloads/hauts-de-france.ini
"$dcb" check "$hdf" >/dev/null || { echo "the default scenario does not pass check" >&2; exit 1; }
now() { date +%s.%N; }

# Warm the page cache (binary, libraries, scenario) so that neither side pays for it.
"$dcb" run "$hdf" --out "$work/warm" -q >/dev/null 2>&1

# One trial: the Monte Carlo run, then the baseline; prints "mc_rate base_rate".
trial() {
  k=$1
  # 1. Monte Carlo: one parent, one forked child per replication.
  rm -rf "$work/mc" "$work/base"
  t0=$(now)
  "$dcb" run "$hdf" --replications "$N" --jobs "$JOBS" --out "$work/mc" >"$work/mc.out" 2>"$work/mc.err" ||
    { echo "the Monte Carlo run failed:" >&2; cat "$work/mc.err" >&2; exit 1; }
  t1=$(now)
  ok=$(grep -v '^#' "$work/mc/replications.csv" | awk -F, 'NR > 1 && $3 == "ok"' | wc -l)
  [ "$ok" -eq "$N" ] || { echo "only $ok of $N replications succeeded" >&2; exit 1; }

  # 2. Baseline: the CLI once per replication, two at a time.
  t2=$(now)
  xargs -P "$JOBS" -I{} "$dcb" run "$hdf" --seed {} --out "$work/base/{}" -q <"$work/seeds" 2>"$work/base.err" ||
    { echo "a baseline run failed: $(head -1 "$work/base.err")" >&2; exit 1; }
  t3=$(now)
  done_base=$(ls "$work/base" | wc -l)
  [ "$done_base" -eq "$BASE_N" ] || { echo "only $done_base of $BASE_N baseline runs" >&2; exit 1; }
  echo "$k $t0 $t1 $N $t2 $t3 $BASE_N" | awk -v trials="$work/trials" '{
    mc_s = $3 - $2; base_s = $6 - $5
    printf "  trial %d: %d replications in %.2f s: %.1f/s; baseline %d runs in %.2f s: %.1f runs/s; ratio %.1fx\n",
           $1, $4, mc_s, $4 / mc_s, $7, base_s, $7 / base_s, ($4 / mc_s) / ($7 / base_s) >> trials
    printf "%.3f %.3f\n", $4 / mc_s, $7 / base_s
  }'
}

seq 1 "$BASE_N" >"$work/seeds"
echo "Monte Carlo, default scenario 2025-2060, --jobs $JOBS ($TRIALS trials of $N replications and $BASE_N baseline runs):"
: >"$work/rates"
: >"$work/trials"
k=1
while [ "$k" -le "$TRIALS" ]; do
  trial "$k" >>"$work/rates"
  k=$((k + 1))
done
cat "$work/trials"
# Medians over the trials: of each side's rate, and of the ratio measured within each trial.
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
mc=$(awk '{ print $1 }' "$work/rates" | median)
basem=$(awk '{ print $2 }' "$work/rates" | median)
ratio=$(awk '{ print $1 / $2 }' "$work/rates" | median)
awk -v mc="$mc" -v base="$basem" -v ratio="$ratio" -v jobs="$JOBS" 'BEGIN {
  printf "  median: %.1f replications/s (%.2f ms each)   target >= 100/s: %s\n", mc, 1000 / mc,
         (mc >= 100 ? "met" : "NOT met")
  printf "  median baseline, one dcbuildout process per replication (xargs -P%d): %.1f runs/s\n", jobs, base
  printf "  median ratio %.1fx   target >= 5x: %s\n", ratio, (ratio >= 5 ? "met" : "NOT met")
}'
echo "bands of the last trial:"
sed -n '2,$p' "$work/mc.out"
