#!/bin/sh
# bench_compare.sh - the cost of `dcbuildout compare` (not a ctest test: it prints figures).
#
#   sh tests/bench/bench_compare.sh [BUILD_DIR]        (default build/release)
#   env: N (replications per scenario, default 500), JOBS (default 2), TRIALS (default 3)
#
# 1. `dcbuildout compare workloads/hauts-de-france.ini` with two variants (the fast-track
#    guarantee off; a 2028-2030 moratorium), N replications each, --jobs JOBS: wall time.
# 2. The same three scenarios as three separate Monte Carlo runs (`run --replications N`, the
#    variants with --set), one after the other: wall time.
# 3. The ratio compare / three runs.  Target (issue 14): <= 1.1.  The outputs are checked too:
#    each scenario's replications.csv from compare equals the separate run's.  With GNU time
#    (/usr/bin/time), also the ratio of CPU times (user + system), less sensitive to other load.
# Both sides are measured TRIALS times, alternately, and judged on the median ratio.  Outputs go
# to /dev/shm when it exists.  Wall-clock figures: run it on an otherwise idle machine.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build/release}
dcb=$build/dcbuildout
[ -x "$dcb" ] || { echo "build first: cmake --workflow --preset demo (or give BUILD_DIR)" >&2; exit 2; }
N=${N:-500}
JOBS=${JOBS:-2}
TRIALS=${TRIALS:-3}
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
work=$(mktemp -d "$base/dcb-bench-compare-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
cp -R "$src/workloads" "$src/platforms" "$work/in/"
hdf=$work/in/workloads/hauts-de-france.ini
now() { date +%s.%N; }
# cpu FILE CMD...: run CMD, and write its CPU time (user + system, s) into FILE when GNU time is
# there (Debian package 'time'; CPU time is less sensitive than wall time to other load)
timer=""
[ -x /usr/bin/time ] && timer=/usr/bin/time
cpu() {
  f=$1
  shift
  if [ -n "$timer" ]; then
    "$timer" -f '%U %S' -o "$f.raw" "$@"
    awk '{ print $1 + $2 }' "$f.raw" > "$f"
  else
    "$@"
  fi
}
cratios=""
"$dcb" run "$hdf" --out "$work/warm" -q >/dev/null 2>&1

echo "compare of the default region with 2 variants, $N replications each, --jobs $JOBS, vs three Monte Carlo runs"
ratios=""
t=1
while [ "$t" -le "$TRIALS" ]; do
  rm -rf "$work/c" "$work/r0" "$work/r1" "$work/r2"
  t0=$(now)
  cpu "$work/cpu-c" "$dcb" compare "$hdf" -n "$N" -j "$JOBS" --out "$work/c" -q \
    --variant 'no-guarantee: grid.fast_track_guarantee=false' \
    --variant 'moratorium: grid.moratorium=2028-2030'
  t1=$(now)
  cpu "$work/cpu-r0" "$dcb" run "$hdf" -n "$N" -j "$JOBS" --out "$work/r0" -q
  cpu "$work/cpu-r1" "$dcb" run "$hdf" -n "$N" -j "$JOBS" --out "$work/r1" -q --set grid.fast_track_guarantee=false
  cpu "$work/cpu-r2" "$dcb" run "$hdf" -n "$N" -j "$JOBS" --out "$work/r2" -q --set grid.moratorium=2028-2030
  t2=$(now)
  cmp -s "$work/c/hauts-de-france/replications.csv" "$work/r0/replications.csv" &&
    cmp -s "$work/c/no-guarantee/replications.csv" "$work/r1/replications.csv" &&
    cmp -s "$work/c/moratorium/replications.csv" "$work/r2/replications.csv" ||
    { echo "compare's replications differ from the separate runs'" >&2; exit 1; }
  r=$(echo "$t0 $t1 $t2" | awk '{ c = $2 - $1; s = $3 - $2; printf "%.3f", c / s }')
  echo "$t0 $t1 $t2 $N" | awk -v t="$t" '{ c = $2 - $1; s = $3 - $2;
    printf "  trial %d: compare %.2f s (%.0f simulations/s), three runs %.2f s (%.0f/s), ratio %.3f\n",
      t, c, 3 * $4 / c, s, 3 * $4 / s, c / s }'
  if [ -n "$timer" ]; then
    cc=$(cat "$work/cpu-c")
    cs=$(cat "$work/cpu-r0" "$work/cpu-r1" "$work/cpu-r2" | awk '{ s += $1 } END { print s }')
    echo "$cc $cs" | awk -v t="$t" '{ printf "  trial %d: CPU time (user + system, children included): compare %.2f s, three runs %.2f s, ratio %.3f\n", t, $1, $2, $1 / $2 }'
    cratios="$cratios $(echo "$cc $cs" | awk '{ printf "%.3f", $1 / $2 }')"
  fi
  ratios="$ratios $r"
  t=$((t + 1))
done
med=$(echo "$ratios" | tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
echo "median ratio compare / three runs: $med (target <= 1.1)"
if [ -n "$cratios" ]; then
  cmed=$(echo "$cratios" | tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  echo "median CPU-time ratio compare / three runs: $cmed"
fi
