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
. "$src/tests/bench/synthetic-region.sh"

s=400 years=200 dir=$work/region
make_region "$dcb" "$dir" "$s" "$years"
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
