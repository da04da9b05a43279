#!/bin/sh
# bench_halls.sh - cost of a simulation against the number of halls in use (not a ctest test: it
# prints figures).
#
#   sh tests/bench/bench_halls.sh [BUILD_DIR] [HALLS...]   (default build/release; 2500 20000
#                                                            80000 200000)
#   BENCH_SPLITS="1 20" BENCH_YEARS=100 sh tests/bench/bench_halls.sh ...
#
# Each case is a region of H halls of 1 MW made with `dcbuildout platform`, split into sites of
# a given number of halls (split "1": one site of all H halls), one substation per site with
# headroom for all of it.  Demand is H/2 MW from the start, flat; the investor's projects take
# half a site (project_mw = site halls / 2) in phases of a quarter (phase_mw = site halls / 4),
# so that every case fits about H/2 halls, each ramped, refreshed every 5 years, for most of
# BENCH_YEARS (default 100).  Printed per case: wall time, peak memory (/usr/bin/time), fitted
# hall-years (the sum of the yearly fitted_mw column, halls being 1 MW) and the cost per fitted
# hall-year, of wall time and of CPU time (user + system: steadier on a shared machine) (target: flat within 2x from 2 500 to 200 000 halls, whatever the split).
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build/release}
[ $# -gt 0 ] && shift
dcb=$build/dcbuildout
[ -x "$dcb" ] || { echo "build first: cmake --workflow --preset demo (or give BUILD_DIR)" >&2; exit 2; }
halls=${*:-2500 20000 80000 200000}
splits=${BENCH_SPLITS:-1 20}
years=${BENCH_YEARS:-100}
work=$(mktemp -d "${TMPDIR:-/tmp}/dcb-bench-halls-XXXXXX")
trap 'rm -rf "$work"' EXIT

# case H SPLIT: H halls of 1 MW in sites of SPLIT halls (SPLIT 1: a single site of H halls).
case_run() {
  h=$1 split=$2 dir=$work/h$1-s$2
  per=$split
  [ "$split" -eq 1 ] && per=$h
  sites=$((h / per))
  mkdir -p "$dir"
  awk -v n="$sites" -v per="$per" 'BEGIN {
    print "site,substation,halls,hall_mw"
    for (i = 1; i <= n; i++) printf "s%06d,sub%06d,%d,1\n", i, i, per
  }' >"$dir/sites.csv"
  "$dcb" platform "$dir/sites.csv" --out "$dir/region.xml" >/dev/null
  {
    echo "[scenario]"
    echo "name = halls-$h-$split"
    echo "platform = region.xml"
    echo "start_year = 2025"
    echo "end_year = $((2025 + years - 1))"
    echo "[demand]"
    echo "it_mw = $((h / 2))"
    echo "growth = 0"
    echo "[investor]"
    echo "enabled = true"
    echo "project_mw = $((per / 2))"
    echo "phase_mw = $((per / 4))"
    i=1
    while [ $i -le "$sites" ]; do
      printf '[substation:sub%06d]\nheadroom_mw = %d\nreinforcement_mw = %d\n' $i $((per * 2)) $((per * 2))
      i=$((i + 1))
    done
  } >"$dir/region.ini"
  /usr/bin/time -f "%e %U %S %M" -o "$dir/time" "$dcb" run "$dir/region.ini" --out "$dir/out" -q \
    >/dev/null 2>"$dir/stderr" || { cat "$dir/stderr" >&2; exit 1; }
  hy=$(awk -F, '/^#/ { next } !c { for (i = 1; i <= NF; i++) if ($i == "fitted_mw") c = i; next }
                { s += $c } END { printf "%.0f", s }' "$dir/out/yearly.csv")
  label="1 site"
  [ "$split" -eq 1 ] || label="sites of $split"
  echo "$h $label $hy $(cat "$dir/time")" | awk '{
    n = NF; t = $(n - 3); cpu = $(n - 2) + $(n - 1); kb = $n; hy = $(n - 4)
    lab = $2; for (i = 3; i <= n - 5; i++) lab = lab " " $i
    printf "  %7d  %-14s %9.0f  %7.2f  %7.2f  %7.0f  %11.2f  %10.2f\n",
      $1, lab, hy, t, cpu, kb / 1024, (hy > 0 ? t / hy * 1e6 : 0), (hy > 0 ? cpu / hy * 1e6 : 0) }'
  rm -rf "$dir"
}

echo "halls of 1 MW, demand and projects of half the halls, $years years"
echo "    halls  split          hall-years   wall s    cpu s  peak MB  us/h-y wall  us/h-y cpu"
for s in $splits; do
  for h in $halls; do
    case_run "$h" "$s"
  done
done
