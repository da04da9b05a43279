#!/bin/sh
# bench_run.sh - cost of one simulation (not a ctest test: it prints figures).
#
#   sh tests/bench/bench_run.sh [BUILD_DIR]        (default build/release)
#
# 1. The default Hauts-de-France scenario over 2025-2075 against `dcbuildout check` of the same
#    scenario (target: run <= 1.3 x check: the model is cheaper than loading it).  Both load the
#    engine module and the platform in SimGrid; the run adds the model.
# 2. Synthetic regions generated with `dcbuildout platform` (S sites x 20 halls of 10 MW, one
#    substation per 10 sites, demand that outgrows the region, investor on) for S x years from
#    125 x 50 to 500 x 100: wall time, peak memory, and the cost per hall-year (target: at most
#    linear in halls x years; 500 sites x 20 halls x 100 years under 10 s and 1 GB).
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build/release}
dcb=$build/dcbuildout
[ -x "$dcb" ] || { echo "build first: cmake --workflow --preset demo (or give BUILD_DIR)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/dcb-bench-run-XXXXXX")
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
# mean wall seconds of N runs of a command
mean_wall() {
  n=$1; shift
  t0=$(now)
  i=0
  while [ $i -lt "$n" ]; do "$@" >/dev/null 2>&1; i=$((i + 1)); done
  t1=$(now)
  echo "$t0 $t1 $n" | awk '{ printf "%.4f", ($2 - $1) / $3 }'
}
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

hdf=$src/workloads/hauts-de-france.ini
n=20
check_s=$(mean_wall $n "$dcb" check "$hdf")
run_s=$(mean_wall $n "$dcb" run "$hdf" --set scenario.end_year=2075 --out "$work/hdf" -q)
run_kb=$(peak_kb "$dcb" run "$hdf" --set scenario.end_year=2075 --out "$work/hdf" -q)
echo "default scenario, 2025-2075 (mean of $n):"
echo "$check_s $run_s $run_kb" | awk '{ printf "  check %.1f ms   run %.1f ms   run/check %.2f (target <= 1.3)   peak %.0f MB\n", $1 * 1000, $2 * 1000, $2 / $1, $3 / 1024 }'

# Synthetic region: S sites, 20 halls of 10 MW each, a substation per 10 sites.
. "$src/tests/bench/synthetic-region.sh"
region() {
  s=$1 years=$2 dir=$work/r$1-$2
  make_region "$dcb" "$dir" "$s" "$years"
  t=$(mean_wall 1 "$dcb" run "$dir/region.ini" --out "$dir/out" -q)
  kb=$(peak_kb "$dcb" run "$dir/region.ini" --out "$dir/out" -q)
  op=$(grep -v '^#' "$dir/out/yearly.csv" | tail -1 | cut -d, -f3)
  ev=$(grep -vc '^#' "$dir/out/events.csv")
  echo "$s $years $t $kb $op $ev" | awk '{ hy = $1 * 20 * $2; printf "  %4d sites x 20 halls x %3d y: %6.2f s  %5.0f MB  %6.2f us/hall-year  (%d events, %.0f MW operating at the end)\n", $1, $2, $3, $4 / 1024, $3 / hy * 1e6, $6, $5 }'
}
echo "synthetic regions (wall time, peak memory, cost per hall-year):"
region 125 50
region 250 50
region 250 100
region 500 100
