#!/bin/sh
# e2e_provenance.sh - outputs do not depend on where the scenario sits nor on the current
# directory (DESIGN §5), and run.ini stays runnable.
#
#   1. The default scenario (workloads/hauts-de-france.ini and platforms/hauts-de-france.xml,
#      keeping the relative layout ../platforms/) copied into two different folders, each run
#      from another current directory with --out into different places (one absolute, one
#      relative): every output file is byte-identical (cmp), run.ini and the platform copy
#      included, and no provenance line holds a path of the machine.
#   2. The written run.ini, run from a third directory: the data rows (non-# lines) of every CSV
#      are those of the first run.
#   3. The same for a Monte Carlo with --keep-traces (replications.csv, quantiles.csv, run.ini,
#      rep-NNNN/), and for a scenario with a demand curve (the curve copied beside run.ini).
#   4. The second layer's groups and keys (tests/data/tiny-layer2.ini, with overrides) survive
#      run.ini: `check` of it prints the same summary of them, and its run the same data rows.
# Environment (set by ctest): DCB (binary), DCB_SRC (source dir), DCB_SANITIZE (ON under ASan).
set -u
: "${DCB:?}" "${DCB_SRC:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/dcb-e2e-prov-XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
ok() { printf 'ok   %s\n' "$1"; }
ko() { printf 'FAIL %s\n' "$1"; fails=$((fails + 1)); }
cfg=""
[ "${DCB_SANITIZE:-OFF}" = ON ] && cfg="--cfg=contexts/factory:thread"

# same DIR1 DIR2: the two directories hold the same files, byte for byte (recursively).
same() {
  (cd "$1" && find . -type f | sort) >"$work/list1"
  (cd "$2" && find . -type f | sort) >"$work/list2"
  cmp -s "$work/list1" "$work/list2" || {
    echo "  files differ: $(diff "$work/list1" "$work/list2" | tr '\n' ' ')"
    return 1
  }
  while read -r f; do
    cmp -s "$1/$f" "$2/$f" || {
      echo "  $f differs"
      return 1
    }
  done <"$work/list1"
}

# same_data DIR1 DIR2: every CSV of DIR1 has the non-# lines of DIR2's (recursively).
same_data() {
  n=0
  for f in $(cd "$1" && find . -name '*.csv' | sort); do
    grep -v '^#' "$1/$f" >"$work/d1"
    grep -v '^#' "$2/$f" >"$work/d2" 2>/dev/null || return 1
    cmp -s "$work/d1" "$work/d2" || {
      echo "  data rows of $f differ"
      return 1
    }
    n=$((n + 1))
  done
  [ $n -gt 0 ]
}

# no_paths DIR: no file of DIR names the work directory (a path of this machine).
no_paths() {
  ! grep -rl "$work" "$1" >/dev/null
}

# place DIR: the default scenario (and its demand curves) copied into DIR/workloads and
# DIR/platforms.
place() {
  mkdir -p "$1/workloads/demand" "$1/platforms"
  cp "$DCB_SRC/workloads/hauts-de-france.ini" "$1/workloads/"
  cp "$DCB_SRC"/workloads/demand/*.csv "$1/workloads/demand/"
  cp "$DCB_SRC/platforms/hauts-de-france.xml" "$1/platforms/"
}
place "$work/laptop/project"
place "$work/cluster/node/scratch/copy"
mkdir -p "$work/cwd1" "$work/cwd2/sub" "$work/cwd3" "$work/results"

# 1. Two copies, two current directories, two output places.
(cd "$work/cwd1" && "$DCB" run ../laptop/project/workloads/hauts-de-france.ini \
  --out "$work/out1" -q $cfg) || ko "run the first copy"
(cd "$work/cluster/node/scratch/copy/workloads" && "$DCB" run hauts-de-france.ini \
  --out ../../../../../results/out2 -q $cfg) || ko "run the second copy"
same "$work/out1" "$work/results/out2" && ok "two copies: byte-identical outputs" ||
  ko "two copies: byte-identical outputs"
[ -f "$work/out1/hauts-de-france.xml" ] && grep -qx 'platform=hauts-de-france.xml' \
  "$work/out1/run.ini" && ok "run.ini names the platform copy beside it" ||
  ko "run.ini names the platform copy beside it"
grep -qx '# scenario: hauts-de-france.ini' "$work/out1/yearly.csv" &&
  ok "provenance names the scenario by file name" || ko "provenance names the scenario by file name"
no_paths "$work/out1" && ok "no path of the machine in the outputs" ||
  ko "no path of the machine in the outputs"

# 2. run.ini reproduces the run from anywhere.
(cd "$work/cwd2/sub" && "$DCB" run ../../out1/run.ini --out "$work/out3" -q $cfg) ||
  ko "run run.ini"
same_data "$work/out1" "$work/out3" && ok "run.ini reproduces the data rows" ||
  ko "run.ini reproduces the data rows"

# 3a. Monte Carlo with kept traces.
mc="-n 4 -j 2 --keep-traces --set project:cambrai.phase_years=tri(1,1.5,2.5)"
(cd "$work/cwd1" && "$DCB" run ../laptop/project/workloads/hauts-de-france.ini $mc \
  --out "$work/mc1" -q $cfg) || ko "Monte Carlo of the first copy"
(cd "$work/cwd3" && "$DCB" run ../cluster/node/scratch/copy/workloads/hauts-de-france.ini $mc \
  --out ../results/mc2 -q $cfg) || ko "Monte Carlo of the second copy"
[ -d "$work/mc1/rep-0003" ] && same "$work/mc1" "$work/results/mc2" && no_paths "$work/mc1" &&
  ok "Monte Carlo: byte-identical outputs" || ko "Monte Carlo: byte-identical outputs"
(cd "$work/cwd3" && "$DCB" run ../mc1/run.ini -n 4 -j 2 --keep-traces --out mc3 -q $cfg) ||
  ko "Monte Carlo of run.ini"
same_data "$work/mc1" "$work/cwd3/mc3" && ok "Monte Carlo run.ini reproduces the data rows" ||
  ko "Monte Carlo run.ini reproduces the data rows"

# 3b. A demand curve: copied beside run.ini too.
for d in a/scn b/deeper/scn; do
  mkdir -p "$work/curve/$d/../data"
  sed -e 's/^it_mw = 150/curve = ..\/data\/demand.csv/' -e '/^growth = /d' \
    -e 's/^platform = tiny.xml/platform = ..\/data\/tiny.xml/' \
    "$DCB_SRC/tests/data/tiny.ini" >"$work/curve/$d/tiny-curve.ini"
  cp "$DCB_SRC/tests/data/tiny.xml" "$work/curve/$d/../data/"
  cp "$DCB_SRC/tests/data/scn-curve.csv" "$work/curve/$d/../data/demand.csv"
done
(cd "$work/curve/a" && "$DCB" run scn/tiny-curve.ini --out "$work/c1" -q $cfg) &&
  (cd "$work/cwd2" && "$DCB" run "$work/curve/b/deeper/scn/tiny-curve.ini" --out c2 -q $cfg) ||
  ko "run the curve scenario"
same "$work/c1" "$work/cwd2/c2" && [ -f "$work/c1/demand.csv" ] &&
  grep -qx 'curve=demand.csv' "$work/c1/run.ini" && no_paths "$work/c1" &&
  ok "demand curve: byte-identical outputs, curve copied" ||
  ko "demand curve: byte-identical outputs, curve copied"
rm -rf "$work/curve"
(cd "$work/cwd1" && "$DCB" run ../c1/run.ini --out "$work/c3" -q $cfg) &&
  same_data "$work/c1" "$work/c3" && ok "demand curve: run.ini reproduces the data rows" ||
  ko "demand curve: run.ini reproduces the data rows"

# 4. The second layer's groups and keys (DESIGN §2.2), some of them overridden, round-trip
# through run.ini: `check` of run.ini shows the same planned works, corridors, developers and
# new defaults as `check` of the scenario with the overrides, and its run the same data rows.
l2="--set grid.grant=whole --set developer.build_at_risk=true --set investor.siting=legacy
  --set reinforcement:north-b.ready=2030 --set corridor:backbone.cap_mw=700
  --set project:one.on_long_wait=abandon"
# shellcheck disable=SC2086 # l2 is a list of options
(cd "$work/cwd1" && "$DCB" run "$DCB_SRC/tests/data/tiny-layer2.ini" $l2 --out "$work/l1" -q \
  $cfg) || ko "run tiny-layer2 with overrides"
grep -qx 'grant=whole' "$work/l1/run.ini" && grep -qx '\[reinforcement:north-b\]' \
  "$work/l1/run.ini" && grep -qx 'ready=2030' "$work/l1/run.ini" &&
  grep -qx '\[corridor:backbone\]' "$work/l1/run.ini" && grep -qx 'cap_mw=700' "$work/l1/run.ini" &&
  ok "run.ini holds the second layer's groups and overrides" ||
  ko "run.ini holds the second layer's groups and overrides"
summary() { sed -n '/^planned works (/,/^ok: /p' | grep -v '^ok: '; }
# shellcheck disable=SC2086
"$DCB" check "$DCB_SRC/tests/data/tiny-layer2.ini" $l2 $cfg 2>/dev/null | summary >"$work/s1"
"$DCB" check "$work/l1/run.ini" $cfg 2>/dev/null | summary >"$work/s2"
[ -s "$work/s1" ] && cmp -s "$work/s1" "$work/s2" &&
  ok "check of run.ini: the same works, corridors, developers and new defaults" ||
  ko "check of run.ini: the same works, corridors, developers and new defaults"
(cd "$work/cwd3" && "$DCB" run ../l1/run.ini --out "$work/l2" -q $cfg) &&
  same_data "$work/l1" "$work/l2" && ok "tiny-layer2: run.ini reproduces the data rows" ||
  ko "tiny-layer2: run.ini reproduces the data rows"

echo "$fails failure(s)"
[ $fails = 0 ]
