#!/bin/sh
# bench_replications.sh - Monte Carlo throughput (not a ctest test: it prints figures).
#
#   sh tests/bench/bench_replications.sh [BUILD_DIR]        (default build/release)
#   env: N (replications, default 1000), BASE_N (baseline runs, default 200), JOBS (default 2),
#        TRIALS (default 3), BATCH (replications per child of the batched side, passed as
#        --batch; default: none, the batch the tool chooses)
#
# Each trial measures three things side by side, on the default 2025-2060 scenario:
# 1. Batched: `dcbuildout run workloads/hauts-de-france.ini --replications N --jobs 2` (the
#    automatic batch, or --batch $BATCH): several replications per forked child, in one SimGrid
#    run.  Wall time and replications per second.
# 2. Unbatched: the same with `--batch 1` (one forked child per replication, the old path).
# 3. The baseline: the CLI started once per replication, two at a time (xargs -P2),
#    `dcbuildout run ... --seed S -q` for BASE_N seeds: runs per second.
# Printed: the rates, ms per replication, batched/baseline and batched/unbatched.  Targets on a
# 2-core machine, for the batched path: >= 300 replications/s and >= 15x the
# one-process-per-replication baseline (the unbatched path was held to >= 100/s and >= 5x).
# The three are measured TRIALS times, alternately, and judged on the medians (of each rate, and
# of each ratio within a trial): on a shared virtual machine one trial in a few runs 10-20 % slow.
# The last batched run is made with DCB_RUNNER_STATS=1 and its batch/runner lines are printed.
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
BATCH=${BATCH:-}
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
work=$(mktemp -d "$base/dcb-bench-mc-XXXXXX")
trap 'rm -rf "$work"' EXIT
# A private copy of the inputs: all sides run the same bytes even if the tree changes meanwhile.
mkdir -p "$work/in"
cp -R "$src/workloads" "$src/platforms" "$work/in/"
hdf=$work/in/workloads/hauts-de-france.ini
"$dcb" check "$hdf" >/dev/null || { echo "the default scenario does not pass check" >&2; exit 1; }
now() { date +%s.%N; }
if [ -n "$BATCH" ]; then set -- --batch "$BATCH"; label="--batch $BATCH"; else set --; label="automatic batch"; fi

# Warm the page cache (binary, libraries, scenario) so that no side pays for it.
"$dcb" run "$hdf" --out "$work/warm" -q >/dev/null 2>&1

# mc NAME STATS [ARGS...]: one Monte Carlo run of N replications into $work/NAME, checked;
# STATS=1 sets DCB_RUNNER_STATS (stderr into $work/NAME.err).  Prints "t0 t1".
mc() {
  name=$1 stats=$2
  shift 2
  rm -rf "$work/$name"
  t0=$(now)
  DCB_RUNNER_STATS=$stats "$dcb" run "$hdf" --replications "$N" --jobs "$JOBS" "$@" --out "$work/$name" \
    >"$work/$name.out" 2>"$work/$name.err" ||
    { echo "the $name Monte Carlo run failed:" >&2; cat "$work/$name.err" >&2; exit 1; }
  t1=$(now)
  ok=$(grep -v '^#' "$work/$name/replications.csv" | awk -F, 'NR > 1 && $3 == "ok"' | wc -l)
  [ "$ok" -eq "$N" ] || { echo "$name: only $ok of $N replications succeeded" >&2; exit 1; }
  echo "$t0 $t1"
}

# One trial: batched, unbatched, then the baseline; prints "batched_rate unbatched_rate base_rate".
trial() {
  k=$1
  shift
  stats=0
  [ "$k" -eq "$TRIALS" ] && stats=1
  # 1. Batched: several replications per forked child.
  tb=$(mc batched "$stats" "$@")
  # 2. Unbatched: one forked child per replication.
  tu=$(mc unbatched 0 --batch 1)
  # 3. Baseline: the CLI once per replication, JOBS at a time.
  rm -rf "$work/base"
  t2=$(now)
  xargs -P "$JOBS" -I{} "$dcb" run "$hdf" --seed {} --out "$work/base/{}" -q <"$work/seeds" 2>"$work/base.err" ||
    { echo "a baseline run failed: $(head -1 "$work/base.err")" >&2; exit 1; }
  t3=$(now)
  done_base=$(ls "$work/base" | wc -l)
  [ "$done_base" -eq "$BASE_N" ] || { echo "only $done_base of $BASE_N baseline runs" >&2; exit 1; }
  cmp -s "$work/batched/replications.csv" "$work/unbatched/replications.csv" &&
    cmp -s "$work/batched/quantiles.csv" "$work/unbatched/quantiles.csv" ||
    { echo "trial $k: batched and unbatched outputs differ" >&2; exit 1; }
  echo "$k $tb $tu $N $t2 $t3 $BASE_N" | awk -v trials="$work/trials" '{
    b_s = $3 - $2; u_s = $5 - $4; base_s = $8 - $7
    b = $6 / b_s; u = $6 / u_s; base = $9 / base_s
    printf "  trial %d: batched %d in %.2f s: %.1f/s (%.2f ms each); unbatched %.2f s: %.1f/s (%.2f ms); baseline %d runs in %.2f s: %.1f/s (%.2f ms); batched/baseline %.1fx, batched/unbatched %.2fx\n",
           $1, $6, b_s, b, 1000 / b, u_s, u, 1000 / u, $9, base_s, base, 1000 / base, b / base, b / u >> trials
    printf "%.3f %.3f %.3f\n", b, u, base
  }'
}

seq 1 "$BASE_N" >"$work/seeds"
echo "Monte Carlo, default scenario 2025-2060, --jobs $JOBS ($TRIALS trials of $N replications batched ($label) and unbatched (--batch 1), and $BASE_N baseline runs):"
: >"$work/rates"
: >"$work/trials"
k=1
while [ "$k" -le "$TRIALS" ]; do
  trial "$k" "$@" >>"$work/rates"
  k=$((k + 1))
done
cat "$work/trials"
# Medians over the trials: of each side's rate, and of the ratios measured within each trial.
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
b=$(awk '{ print $1 }' "$work/rates" | median)
u=$(awk '{ print $2 }' "$work/rates" | median)
basem=$(awk '{ print $3 }' "$work/rates" | median)
rbase=$(awk '{ print $1 / $3 }' "$work/rates" | median)
runb=$(awk '{ print $1 / $2 }' "$work/rates" | median)
awk -v b="$b" -v u="$u" -v base="$basem" -v rbase="$rbase" -v runb="$runb" -v jobs="$JOBS" -v label="$label" 'BEGIN {
  printf "  median batched (%s):   %6.1f replications/s (%.2f ms each)   target >= 300/s: %s\n", label, b, 1000 / b,
         (b >= 300 ? "met" : "NOT met")
  printf "  median unbatched (--batch 1): %6.1f replications/s (%.2f ms each)\n", u, 1000 / u
  printf "  median baseline, one dcbuildout process per replication (xargs -P%d): %.1f runs/s (%.2f ms each)\n", jobs, base, 1000 / base
  printf "  median ratio batched/baseline %.1fx   target >= 15x: %s\n", rbase, (rbase >= 15 ? "met" : "NOT met")
  printf "  median ratio batched/unbatched %.2fx (unbatched/baseline %.1fx)\n", runb, u / base
}'
echo "runner statistics of the last batched trial (DCB_RUNNER_STATS=1):"
grep -E '^(batch|runner):' "$work/batched.err" | sed 's/^/  /' || echo "  (none printed)"
echo "bands of the last batched trial:"
sed -n '2,$p' "$work/batched.out"
