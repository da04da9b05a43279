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
# 3. Batched replications in a sweep: 1000 points (40 x 25 grid over tests/data/sweep-base.ini)
#    x 20 replications, `sweep run --jobs 2` with the automatic batch, then with --batch 1 (one
#    child per replication), each timed (wall, cpu): time per replication (of 20 000) and the
#    ratio.  The two summary.csv (`sweep collect`) must be byte-identical (else exit 1).  When a
#    pilot (25 points, --batch 1) predicts more than UNBATCHED_MAX_S (default 180) seconds for
#    the 20 000 unbatched simulations, both sides run on the first 200 points only (8 x 25 grid)
#    for the comparison; it says so.
#
#   env: SKIP_OLD=1 skips sections 1 and 2; SKIP_BATCH=1 skips section 3;
#        UNBATCHED_POINTS=1000|200 forces the size of the unbatched comparison (default: the pilot)
# Outputs go to /dev/shm when it is writable (tmpfs), else to $TMPDIR.
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$SRC/build/release}
DCB=$BUILD/dcbuildout
[ -x "$DCB" ] || {
  echo "bench_sweep: no $DCB (build first: cmake --workflow --preset demo, or pass BUILD_DIR)" >&2
  exit 2
}
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
W=$(mktemp -d "$base/dcb-bench-sweep-XXXXXX")
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

SKIP_OLD=${SKIP_OLD:-0}
SKIP_BATCH=${SKIP_BATCH:-0}
UNBATCHED_POINTS=${UNBATCHED_POINTS:-}
UNBATCHED_MAX_S=${UNBATCHED_MAX_S:-180}

if [ "$SKIP_OLD" != 1 ]; then
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
echo "status of 10 000 missing points: $(tail -1 "$W/time") s (exit $rc)"

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
fi

[ "$SKIP_BATCH" = 1 ] && exit 0
# 3. Batched replications: 1000 points x 20 replications, automatic batch against --batch 1.
# batch_spec FILE GROWTHS: GROWTHS values of demand.growth (0.01, 0.02, ...) x 25 of
# grid.connection_years (0.6 .. 3.0), 20 replications a point.
batch_spec() {
  cat >"$1" <<EOF
[sweep]
scenario = $SRC/tests/data/sweep-base.ini
seed = 5
replications = 20
outcomes = operating_mw@2030, unmet_mw@2034, cumulative_emissions_t@2034
[vary]
demand.growth = $(seq "$2" | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 / 100 }')
grid.connection_years = $(seq 25 | awk '{ printf "%s%.1f", (NR > 1 ? ", " : ""), 0.5 + $1 / 10 }')
EOF
}
# collect SPEC DIR: summary.csv of a finished sweep
collect() {
  "$DCB" sweep collect "$1" --out "$2" >/dev/null 2>"$W/err" || {
    echo "bench_sweep: sweep collect $2 failed:" >&2
    cat "$W/err" >&2
    exit 1
  }
}
batch_spec "$W/b1000.ini" 40
batch_spec "$W/b200.ini" 8
batch_spec "$W/b25.ini" 1
set -- $(timed "$DCB" sweep run "$W/b1000.ini" --out "$W/b1000-auto" --jobs 2)
wa=$1 ca=$2
collect "$W/b1000.ini" "$W/b1000-auto"
echo "1000 points x 20 replications, --jobs 2, automatic batch: wall $wa s, cpu $ca s"
if [ -z "$UNBATCHED_POINTS" ]; then
  set -- $(timed "$DCB" sweep run "$W/b25.ini" --out "$W/b25-k1" --jobs 2 --batch 1)
  UNBATCHED_POINTS=$(awk -v w="$1" -v max="$UNBATCHED_MAX_S" 'BEGIN { print (w * 40 > max ? 200 : 1000) }')
  awk -v w="$1" -v p="$UNBATCHED_POINTS" 'BEGIN {
    printf "pilot, 25 points x 20 replications --batch 1: wall %.2f s, so 20 000 unbatched would take ~%.0f s: comparing on %d points\n", w, w * 40, p }'
fi
case $UNBATCHED_POINTS in
  1000)
    set -- $(timed "$DCB" sweep run "$W/b1000.ini" --out "$W/b1000-k1" --jobs 2 --batch 1)
    wu=$1 cu=$2
    collect "$W/b1000.ini" "$W/b1000-k1"
    echo "1000 points x 20 replications, --jobs 2, --batch 1:        wall $wu s, cpu $cu s"
    ref=$W/b1000-auto/summary.csv unb=$W/b1000-k1/summary.csv nb=20000 nu=20000 ;;
  200)
    echo "the unbatched side runs the first 200 points only (8 x 25 grid; UNBATCHED_POINTS=1000 forces all),"
    echo "compared per replication with the batched 1000 points and, for the summary, with the same 200 points batched:"
    set -- $(timed "$DCB" sweep run "$W/b200.ini" --out "$W/b200-k1" --jobs 2 --batch 1)
    wu=$1 cu=$2
    collect "$W/b200.ini" "$W/b200-k1"
    set -- $(timed "$DCB" sweep run "$W/b200.ini" --out "$W/b200-auto" --jobs 2)
    collect "$W/b200.ini" "$W/b200-auto"
    echo "200 points x 20 replications, --jobs 2, --batch 1:         wall $wu s, cpu $cu s (batched: wall $1 s, cpu $2 s)"
    ref=$W/b200-auto/summary.csv unb=$W/b200-k1/summary.csv nb=20000 nu=4000 ;;
  *)
    echo "bench_sweep: UNBATCHED_POINTS is 1000 or 200, not $UNBATCHED_POINTS" >&2
    exit 2 ;;
esac
awk -v wa="$wa" -v ca="$ca" -v wu="$wu" -v cu="$cu" -v nb="$nb" -v nu="$nu" 'BEGIN {
  printf "per replication, automatic batch: %.3f ms wall, %.3f ms cpu (of %d)\n", 1000 * wa / nb, 1000 * ca / nb, nb
  printf "per replication, --batch 1:       %.3f ms wall, %.3f ms cpu (of %d)\n", 1000 * wu / nu, 1000 * cu / nu, nu
  printf "unbatched / batched per replication: %.2fx wall, %.2fx cpu\n", (wu / nu) / (wa / nb), (cu / nu) / (ca / nb) }'
if cmp -s "$ref" "$unb"; then
  echo "summary.csv batched and --batch 1: byte-identical ($(($(grep -vc "^#" "$unb") - 1)) points)"
else
  echo "bench_sweep: FAIL: summary.csv differs between the automatic batch and --batch 1:" >&2
  diff "$ref" "$unb" | head -20 >&2
  exit 1
fi
