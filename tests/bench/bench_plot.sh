#!/bin/sh
# bench_plot.sh - cost of `dcbuildout plot` at region scale (not a ctest test: it prints figures).
#
#   sh tests/bench/bench_plot.sh [BUILD_DIR]        (default build/release)
#
# A synthetic region generated with `dcbuildout platform` (400 sites x 20 halls of 10 MW, one
# substation per 10 sites, demand that outgrows the region, investor on; as bench_run.sh) run
# over 200 years, then `dcbuildout plot` on it, once (the machine is shared: no loops).  Prints
# the table sizes, the wall time of the plot (target: under 30 s) and the size of each figure.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build/release}
dcb=$build/dcbuildout
[ -x "$dcb" ] || { echo "build first: cmake --workflow --preset demo (or give BUILD_DIR)" >&2; exit 2; }
command -v gnuplot >/dev/null || { echo "gnuplot not found (Debian package gnuplot-nox)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/dcb-bench-plot-XXXXXX")
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

s=400 years=200 dir=$work/region
mkdir -p "$dir"
awk -v s="$s" 'BEGIN {
  print "site,substation,halls,hall_mw,turnkey"
  for (i = 1; i <= s; i++) printf "s%04d,sub%03d,20,10,%s\n", i, int((i - 1) / 10), (i % 3 == 0 ? "true" : "false")
}' >"$dir/sites.csv"
"$dcb" platform "$dir/sites.csv" --out "$dir/region.xml" >/dev/null
{
  echo "[scenario]"
  echo "name = synthetic-$s-$years"
  echo "platform = region.xml"
  echo "start_year = 2025"
  echo "end_year = $((2025 + years - 1))"
  echo "[demand]"
  echo "it_mw = $((s * 4))"
  echo "growth = 0.08"
  echo "[grid]"
  echo "crews = 8"
  echo "[investor]"
  echo "enabled = true"
  echo "project_mw = 200"
  echo "phase_mw = 100"
  echo "cancel_probability = 0.2"
  i=0
  while [ $i -lt $(((s + 9) / 10)) ]; do
    printf '[substation:sub%03d]\nheadroom_mw = 600\nreinforcement_mw = 1000\n' $i
    i=$((i + 1))
  done
} >"$dir/region.ini"
"$dcb" run "$dir/region.ini" --out "$dir/out" -q
rows() { grep -v '^#' "$1" | tail -n +2 | wc -l; }
echo "run: $s sites x $years years: sites.csv $(rows "$dir/out/sites.csv") rows, events.csv $(rows "$dir/out/events.csv") rows, substations.csv $(rows "$dir/out/substations.csv") rows"
t0=$(now)
"$dcb" plot "$dir/out" >"$work/plot.out"
t1=$(now)
echo "$t0 $t1" | awk '{ printf "plot: %.1f s (target < 30 s)\n", $2 - $1 }'
while read -r f; do
  printf '  %-14s %s\n' "$(basename "$f")" "$(file -b "$f" | sed 's/, 8-bit.*//')"
done <"$work/plot.out"
