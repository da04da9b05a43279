#!/bin/sh
# bench_sweep.sh - how fast sweeps are planned and how much a point costs beyond its simulations.
#
#   sh tests/bench/bench_sweep.sh [BUILD_DIR]      (default build/release; not a ctest test)
#
# 1. Planning: `sweep plan` of a 100 x 100 grid (10 000 points) and of 100 x 100 x 10
#    (100 000 points; target < 2 s), each writing points.csv; then `status` of the 10 000.
# 2. Per-point overhead: the same 500 points (25 x 20 grid over tests/data/sweep-base.ini) run
#    locally with --jobs 1, once with 1 replication a point (T1) and once with 2 (T2).  T2 - T1
#    is the cost of 500 replications; 2 T1 - T2 what the 500 points cost beyond their
#    replications (scenario parse with overrides, the point's fork, the result file).  Target:
#    overhead per point < 20 % of a replication.  CPU times (user + sys of every process) are
#    reported beside wall times: other builds on the machine inflate wall times.
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$SRC/build/release}
DCB=$BUILD/dcbuildout
[ -x "$DCB" ] || {
  echo "bench_sweep: no $DCB (build first: cmake --workflow --preset demo, or pass BUILD_DIR)" >&2
  exit 2
}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
seq_list() { seq -s ', ' 0 $(($1 - 1)); }

# timed: run a command, print "wall_s cpu_s" (cpu = user + sys of it and its children).
timed() {
  /usr/bin/env time -f '%e %U %S' -o "$W/time" "$@" >/dev/null 2>"$W/err" || {
    cat "$W/err" >&2
    exit 1
  }
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$W/time"
}
[ -x /usr/bin/time ] || {
  echo "bench_sweep: needs /usr/bin/time (apt-get install time)" >&2
  exit 2
}

cat >"$W/plan10k.ini" <<EOF
[sweep]
scenario = $SRC/tests/data/sweep-base.ini
replications = 20
outcomes = operating_mw@2030, unmet_mw@2034
[vary]
demand.growth = $(seq_list 100)
demand.it_mw = $(seq_list 100)
EOF
sed "s/^demand.it_mw = .*/&\ngrid.crews = $(seq_list 10)/" "$W/plan10k.ini" >"$W/plan100k.ini"
echo "plan 10 000 points:  $(timed "$DCB" sweep plan "$W/plan10k.ini" --out "$W/p10k") (wall s, cpu s)"
echo "plan 100 000 points: $(timed "$DCB" sweep plan "$W/plan100k.ini" --out "$W/p100k") (target wall < 2 s)"
rc=0
/usr/bin/env time -f '%e' -o "$W/time" "$DCB" sweep status "$W/plan10k.ini" --out "$W/p10k" >/dev/null 2>&1 || rc=$?
echo "status of 10 000 missing points: $(cat "$W/time") s (exit $rc)"

for r in 1 2; do
  cat >"$W/run$r.ini" <<EOF
[sweep]
scenario = $SRC/tests/data/sweep-base.ini
seed = 5
replications = $r
outcomes = operating_mw@2030, unmet_mw@2034, cumulative_emissions_t@2034
[vary]
demand.growth = $(seq 25 | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 / 100 }')
grid.connection_years = $(seq 20 | awk '{ printf "%s%.1f", (NR > 1 ? ", " : ""), 0.5 + $1 / 4 }')
EOF
done
set -- $(timed "$DCB" sweep run "$W/run1.ini" --out "$W/r1" --jobs 1)
w1=$1 c1=$2
set -- $(timed "$DCB" sweep run "$W/run2.ini" --out "$W/r2" --jobs 1)
w2=$1 c2=$2
echo "500 points x 1 replication, --jobs 1:  wall $w1 s, cpu $c1 s"
echo "500 points x 2 replications, --jobs 1: wall $w2 s, cpu $c2 s"
awk -v w1="$w1" -v w2="$w2" -v c1="$c1" -v c2="$c2" 'BEGIN {
  rw = (w2 - w1) / 500; ow = (2 * w1 - w2) / 500; rc = (c2 - c1) / 500; oc = (2 * c1 - c2) / 500
  printf "one replication: %.1f ms wall, %.1f ms cpu\n", rw * 1000, rc * 1000
  printf "overhead per point beyond its replications: %.1f ms wall (%.0f %%), %.1f ms cpu (%.0f %%) (target < 20 %%)\n",
    ow * 1000, 100 * ow / rw, oc * 1000, 100 * oc / rc }'
