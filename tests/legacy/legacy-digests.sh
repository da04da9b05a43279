#!/bin/sh
# legacy-digests.sh - digests of the first layer's traces (DESIGN §2.1 read alone), one line per
# case, seed and file, projected onto the columns the first version wrote.
#
#   sh tests/legacy/legacy-digests.sh BINARY            # prints the digests
#
# The cases are the first version's default scenario (hauts-de-france-v1.ini and its platform,
# copied here as they were on 2026-12-01, before the second layer) and the scenarios of
# tests/test_model.c with the overrides its tests use, each over seeds 1-5, all with the
# second layer switched to its legacy reading (DCB_LEGACY_SETS; see e2e_legacy.sh).  Every file
# is reduced to its data rows (no '#' provenance lines) and to the columns named in
# tests/legacy/columns.txt (the first version's headers): the second layer adds columns that
# the first version did not have, and these must not change the others.  digests.txt holds
# the first version's output of this script (made with DCB_LEGACY_SETS= at commit 4934bd2).
set -eu
bin=${1:?usage: legacy-digests.sh BINARY}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
sets=${DCB_LEGACY_SETS-grid.grant=whole developer.build_at_risk=true investor.siting=legacy}
work=$(mktemp -d "${TMPDIR:-/tmp}/dcb-legacy-XXXXXX")
trap 'rm -rf "$work"' EXIT

# project FILE: the data rows of FILE restricted to the columns of its kind in columns.txt.
project() {
  kind=$(basename "$1" .csv)
  cols=$(sed -n "s/^$kind: //p" "$here/columns.txt")
  grep -v '^#' "$1" | awk -F, -v want="$cols" '
    NR == 1 {
      n = split(want, w, ",")
      for (i = 1; i <= NF; i++) idx[$i] = i
      for (k = 1; k <= n; k++) if (!(w[k] in idx)) { print "missing column " w[k] > "/dev/stderr"; exit 3 }
    }
    { line = ""; for (k = 1; k <= n; k++) line = line (k > 1 ? "," : "") $(idx[w[k]]); print line }'
}

# name|scenario|overrides (space-separated)
cases='hdf-v1|tests/legacy/hauts-de-france-v1.ini|
tiny|tests/data/tiny.ini|
tiny-moratorium|tests/data/tiny.ini|grid.moratorium=2025-2026
tiny-uiol|tests/data/tiny.ini|grid.use_it_or_lose_it_years=2.5 project:one.permit_years=3
tiny-ramp|tests/data/tiny.ini|operation.ramp_years=1
tiny-refresh|tests/data/tiny.ini|project:one.announced=2025.1 project:one.permit_years=0.9 project:one.phases_mw=100 operation.ramp_years=2 hardware.refresh_years=1
tiny-investor|tests/data/tiny.ini|investor.enabled=true investor.lookahead_years=2 investor.project_mw=100 investor.phase_mw=50 investor.permit_years=1 investor.phase_years=1 investor.cancel_probability=0
two|tests/data/tiny-two.ini|
two-fast|tests/data/tiny-two.ini|grid.policy=fast_track
many|tests/data/many.ini|operation.ramp_years=1'

cd "$src"
echo "$cases" | while IFS='|' read -r name scn extra; do
  for seed in 1 2 3 4 5; do
    out=$work/$name-$seed
    args=
    for s in $sets $extra; do args="$args --set $s"; done
    # shellcheck disable=SC2086
    if ! "$bin" run "$scn" --seed "$seed" --out "$out" -q $args >/dev/null 2>"$work/err"; then
      echo "$name seed $seed: run failed: $(head -1 "$work/err")"
      continue
    fi
    for f in yearly.csv sites.csv substations.csv events.csv; do
      printf '%s seed %s %s %s\n' "$name" "$seed" "$f" "$(project "$out/$f" | sha256sum | cut -c1-16)"
    done
  done
done
