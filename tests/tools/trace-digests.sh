#!/bin/sh
# trace-digests.sh - SHA-256 of every trace a fixed set of cases writes, one line per file, so
# that a change meant to keep the model's behaviour can be checked byte for byte against the
# commit before it:
#
#   sh tests/tools/trace-digests.sh build/release > /tmp/before.txt   # at the old commit
#   sh tests/tools/trace-digests.sh build/release > /tmp/after.txt    # at the new one
#   diff /tmp/before.txt /tmp/after.txt
#   sh tests/tools/trace-digests.sh --data build/release   # data rows only (no '#' lines)
#
# Cases: the default region and the scenarios of tests/test_model.c with the overrides its
# tests use, each over seeds 1-5.  run.ini is listed apart (its provenance may change on
# purpose); the CSV files include their provenance lines.
set -eu
filter=cat
if [ "${1:-}" = --data ]; then # digest the data rows only: provenance may change on purpose
  filter="grep -v ^#"
  shift
fi
build=${1:?usage: trace-digests.sh [--data] BUILD_DIR}
src=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$build" && pwd)/dcbuildout
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src"

# name|scenario|overrides (space-separated)
cases='hdf|workloads/hauts-de-france.ini|
tiny|tests/data/tiny.ini|
tiny-moratorium|tests/data/tiny.ini|grid.moratorium=2025-2026
tiny-uiol|tests/data/tiny.ini|grid.use_it_or_lose_it_years=2.5 project:one.permit_years=3
tiny-ramp|tests/data/tiny.ini|operation.ramp_years=1
tiny-refresh|tests/data/tiny.ini|project:one.announced=2025.1 project:one.permit_years=0.9 project:one.phases_mw=100 operation.ramp_years=2 hardware.refresh_years=1
tiny-investor|tests/data/tiny.ini|investor.enabled=true investor.lookahead_years=2 investor.project_mw=100 investor.phase_mw=50 investor.permit_years=1 investor.phase_years=1 investor.cancel_probability=0
two|tests/data/tiny-two.ini|
two-fast|tests/data/tiny-two.ini|grid.policy=fast_track
many|tests/data/many.ini|operation.ramp_years=1'

echo "$cases" | while IFS='|' read -r name scn sets; do
  for seed in 1 2 3 4 5; do
    out=$work/$name-$seed
    args=
    for s in $sets; do args="$args --set $s"; done
    # shellcheck disable=SC2086
    if ! "$bin" run "$scn" --seed "$seed" --out "$out" $args >/dev/null 2>"$work/err"; then
      echo "$name seed $seed: run failed: $(head -1 "$work/err")"
      continue
    fi
    for f in yearly.csv sites.csv substations.csv events.csv run.ini; do
      [ -f "$out/$f" ] || continue
      printf '%s seed %s %s %s\n' "$name" "$seed" "$f" "$($filter <"$out/$f" | sha256sum | cut -c1-16)"
    done
  done
done
