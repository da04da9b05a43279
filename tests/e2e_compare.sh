# e2e_compare.sh - `dcbuildout compare` end to end (DESIGN §5 "Comparison", §6; issue 14).
#
# Checks, with the real binary and the real SimGrid engine:
#   1. the hand-worked case tests/data/compare-planned.ini (its head comment): moving the planned
#      work's ready from 2029 to 2032 energizes project one exactly 3.0 years later in every
#      replication, so target_year differs by exactly 3 in every replication (compare.csv's
#      late-planned row is 3,3,3), and operating_mw at the end of 2031 by exactly -100 MW (base:
#      energized by 2029 + 3 = 2032.0; late: from 2033); independently seeded runs of the two
#      scenarios do NOT give 3 in every replication (so the test sees the common numbers);
#   2. a scenario compared with itself (a variant setting a key to the value it has) gives
#      differences of exactly 0 in every row, and its replications' rows equal the base's;
#   3. each scenario's directory holds the bytes `run --replications N --seed S` of it writes
#      (a variant: with --set of its overrides);
#   4. an OTHER scenario file with a second project elsewhere (compare-planned-extra.ini) leaves
#      project one's draws alone: target_year identical in every replication (difference 0,0,0),
#      and project one's events identical in single runs with the same seed;
#   5. a drawn input removed in a variant (carbon.building_t_per_mw fixed) leaves every other
#      input's draw and every operating MW unchanged on the default region (streams per input);
#   6. on the default region the paired difference's 5-95 % width is far smaller than that of
#      the difference of two independently seeded runs (ratio printed, asserted < 0.3);
#   7. compare.csv byte-identical for --jobs 1 and --jobs 2; a second comparison into the same
#      directory replaces it;
#   8. bad input: a variant with an unknown key, a bad value, a bad NAME, a taken name, an
#      unreadable OTHER file: exit 2, one line naming the variant or file, nothing written;
#   9. DCB_TEST_FAIL_REPLICATION=2: exit 1, the failures named with scenario and seed, compare.csv
#      written over the replications that succeeded; SIGTERM: exit 143, nothing written;
#  10. `dcbuildout plot` renders figures/compare.png and compare-cumulative_emissions_t.png, and
#      --metric water_m3 adds compare-water_m3.png (when gnuplot is on the PATH).
# Env (from CTest): DCB (binary), DCB_SRC (source dir), DCB_SANITIZE (ON under ASan).
set -eu
: "${DCB:?set DCB to the dcbuildout binary}"
: "${DCB_SRC:?set DCB_SRC to the source directory}"
SG=""
if [ "${DCB_SANITIZE:-OFF}" = "ON" ]; then SG="--cfg=contexts/factory:thread"; fi
W="$(mktemp -d "${TMPDIR:-/tmp}/dcb-e2e-compare.XXXXXX")"
trap 'rm -rf "$W"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
data() { grep -v '^#' "$1"; }
PL="$DCB_SRC/tests/data/compare-planned.ini"
HDF="$DCB_SRC/workloads/hauts-de-france.ini"
N=20
# row YEAR METRIC SCENARIO FILE: "p05,p50,p95" of that row of compare.csv
row() { awk -F, -v y="$1" -v m="$2" -v s="$3" '!/^#/ && $1 == y && $2 == m && $3 == s { print $4 "," $5 "," $6 }' "$4"; }
# col FILE NAME: the values of column NAME of a CSV (data rows)
col() { data "$1" | awk -F, -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } { print $k }'; }

# 1. The hand-worked case.
"$DCB" compare "$PL" $SG --variant 'late: reinforcement:north-b.ready=2032' -n $N -j 2 \
  --out "$W/pl" > "$W/pl.out" || fail "compare exited $?"
[ "$(row '' target_year late-planned "$W/pl/compare.csv")" = "3,3,3" ] ||
  fail "target_year late-planned is '$(row '' target_year late-planned "$W/pl/compare.csv")', expected 3,3,3"
[ "$(row 2031 operating_mw late-planned "$W/pl/compare.csv")" = "-100,-100,-100" ] ||
  fail "operating_mw 2031 late-planned is not -100,-100,-100"
col "$W/pl/planned/replications.csv" target_year > "$W/a"
col "$W/pl/late/replications.csv" target_year > "$W/b"
paste -d' ' "$W/a" "$W/b" | awk 'NF != 2 || $2 - $1 != 3 { bad = 1 } END { exit bad }' ||
  fail "a replication's target_year does not differ by exactly 3"
grep -q "late - planned, paired difference" "$W/pl.out" || fail "no paired summary on stdout"
# Without common random numbers: the late scenario seeded otherwise.
"$DCB" run "$PL" $SG --set reinforcement:north-b.ready=2032 -n $N --seed 12345 --out "$W/ind" -q ||
  fail "independent run exited $?"
col "$W/ind/replications.csv" target_year > "$W/b"
paste -d' ' "$W/a" "$W/b" | awk '$2 - $1 != 3 { other = 1 } END { exit !other }' ||
  fail "independent seeds gave exactly 3 everywhere: the test cannot tell common numbers apart"

# 2. Self-comparison: every difference exactly 0, the rows equal.
"$DCB" compare "$PL" $SG --variant 'same: grid.crews=1' -n $N --out "$W/self" -q ||
  fail "self-compare exited $?"
data "$W/self/compare.csv" | awk -F, '$3 == "same-planned" { n++; if ($4 != 0 || $5 != 0 || $6 != 0) bad = 1 } END { exit bad || n == 0 }' ||
  fail "a difference of the self-comparison is not exactly 0"
data "$W/self/planned/replications.csv" > "$W/a"
data "$W/self/same/replications.csv" > "$W/b"
cmp -s "$W/a" "$W/b" ||
  fail "the self-comparison's replications differ"

# 3. Each scenario's directory is the Monte Carlo run of it with the same seed.
"$DCB" run "$PL" $SG -n $N --seed 11 --out "$W/mc-base" -q || fail "run base exited $?"
"$DCB" run "$PL" $SG --set reinforcement:north-b.ready=2032 -n $N --seed 11 --out "$W/mc-late" -q ||
  fail "run late exited $?"
for f in replications.csv quantiles.csv run.ini; do
  cmp -s "$W/mc-base/$f" "$W/pl/planned/$f" || fail "planned/$f differs from run --replications"
  cmp -s "$W/mc-late/$f" "$W/pl/late/$f" || fail "late/$f differs from run --set ... --replications"
done

# 4. Another scenario with a second project: project one's draws unchanged.
"$DCB" compare "$PL" "$DCB_SRC/tests/data/compare-planned-extra.ini" $SG -n $N --out "$W/extra" -q ||
  fail "compare with an OTHER file exited $?"
[ "$(row '' target_year planned-extra-planned "$W/extra/compare.csv")" = "0,0,0" ] ||
  fail "the second project moved project one's target year"
"$DCB" run "$PL" $SG --seed 99 --out "$W/one" -q
"$DCB" run "$DCB_SRC/tests/data/compare-planned-extra.ini" $SG --seed 99 --out "$W/two" -q
grep ',one,' "$W/one/events.csv" > "$W/a"
grep ',one,' "$W/two/events.csv" > "$W/b"
cmp -s "$W/a" "$W/b" ||
  fail "project one's events differ when another project is added"
grep -q ',two,' "$W/two/events.csv" || fail "project two did not run"

# 5. and 6. The default region.
M=100
"$DCB" compare "$HDF" $SG -n $M -j 2 --out "$W/hdf" -q \
  --variant 'fixed-building: carbon.building_t_per_mw=1000' \
  --variant 'no-guarantee: grid.fast_track_guarantee=false' || fail "compare of the default exited $?"
H="$W/hdf/hauts-de-france/replications.csv"
F="$W/hdf/fixed-building/replications.csv"
for c in $(data "$F" | head -1 | tr ',' '\n' | grep -E '^[a-z_:-]+\.[a-z_]+(@[0-9]+)?$|^operating_mw@'); do
  col "$H" "$c" > "$W/a"
  col "$F" "$c" > "$W/b"
  cmp -s "$W/a" "$W/b" || fail "column $c changed when carbon.building_t_per_mw was fixed"
done
col "$H" carbon.building_t_per_mw | sort -u | awk 'END { exit NR < 2 }' ||
  fail "carbon.building_t_per_mw is not drawn in the default"
"$DCB" run "$HDF" $SG --set grid.fast_track_guarantee=false -n $M --seed 424242 --out "$W/hdf-ind" -q ||
  fail "independent run of the default exited $?"
# type-7 p05 and p95 of a column of numbers on stdin, sorted (sort -g), "p05 p95"
q7='{ v[NR] = $1 } END { n = NR; for (k = 0; k < 2; k++) { p = k ? 0.95 : 0.05; h = (n - 1) * p; i = int(h); q[k] = v[i + 1] + (h - i) * (v[i + 2] - v[i + 1]) } print q[0], q[1] }'
col "$H" operating_mw@2035 > "$W/a"
col "$W/hdf/no-guarantee/replications.csv" operating_mw@2035 > "$W/b"
col "$W/hdf-ind/replications.csv" operating_mw@2035 > "$W/c"
paired=$(paste -d' ' "$W/a" "$W/b" | awk '{ print $2 - $1 }' | sort -g | awk "$q7")
indep=$(paste -d' ' "$W/a" "$W/c" | awk '{ print $2 - $1 }' | sort -g | awk "$q7")
[ "$(row 2035 operating_mw no-guarantee-hauts-de-france "$W/hdf/compare.csv" | cut -d, -f1)" = \
  "$(echo "$paired" | awk '{ print $1 + 0 }')" ] || fail "compare.csv's p05 is not the paired one recomputed here"
ratio=$(echo "$paired $indep" | awk '{ print ($2 - $1) / ($4 - $3) }')
echo "default region, fast-track guarantee off, operating_mw@2035, $M replications: paired 5-95 % width" \
  "$(echo "$paired" | awk '{ print $2 - $1 }') MW, independent $(echo "$indep" | awk '{ print $2 - $1 }') MW, ratio $ratio"
awk -v r="$ratio" 'BEGIN { exit !(r < 0.3) }' || fail "paired width / independent width = $ratio, not < 0.3"

# 7. --jobs invariance.
"$DCB" compare "$PL" $SG --variant 'late: reinforcement:north-b.ready=2032' -n $N -j 1 \
  --out "$W/pl1" -q || fail "compare -j 1 exited $?"
cmp -s "$W/pl/compare.csv" "$W/pl1/compare.csv" || fail "compare.csv differs between --jobs 1 and 2"
# a comparison directory is replaced by the next comparison into it (compare.csv marks it)
"$DCB" compare "$PL" $SG --variant 'late: reinforcement:north-b.ready=2032' -n $N -j 2 \
  --out "$W/pl1" -q || fail "compare into an existing comparison directory exited $?"
cmp -s "$W/pl/compare.csv" "$W/pl1/compare.csv" || fail "the replaced comparison differs"

# 8. Bad input: exit 2, one line naming the variant or the file, nothing written.
bad() {
  want="$1"
  shift
  set +e
  "$DCB" compare "$@" -n 2 --out "$W/bad" > "$W/bad.out" 2> "$W/bad.err"
  st=$?
  set -e
  [ $st -eq 2 ] || fail "compare $* exited $st, expected 2"
  [ "$(wc -l < "$W/bad.err")" -eq 1 ] || fail "compare $*: expected one line on stderr, got: $(cat "$W/bad.err")"
  grep -qF -- "$want" "$W/bad.err" || fail "compare $*: '$want' not in: $(cat "$W/bad.err")"
  [ ! -e "$W/bad" ] || fail "compare $*: wrote $W/bad"
}
bad "variant 'typo'" "$PL" --variant 'typo: grid.crewz=2'
bad "variant 'neg'" "$PL" --variant 'neg: grid.crews=-1'
bad "[grid] crews" "$PL" --variant 'neg: grid.crews=-1'
bad "--variant 'no name here'" "$PL" --variant 'no name here'
bad "not GROUP.KEY=VALUE" "$PL" --variant 'x: grid.crews'
bad "the name 'planned' is taken" "$PL" --variant 'planned: grid.crews=2'
bad "nowhere.ini" "$PL" "$W/nowhere.ini"
bad "nothing to compare" "$PL"
sed 's/^name = planned$/name = planned twice/' "$PL" > "$W/spaced.ini"
cp "$DCB_SRC/tests/data/tiny.xml" "$W/"
bad "[scenario] name 'planned twice' cannot name a scenario" "$PL" "$W/spaced.ini"
bad "is also the name of the difference of 'x'" "$PL" --variant 'x: grid.crews=2' \
  --variant 'x-planned: grid.crews=1'
bad "--variant 'figures: grid.crews=2'" "$PL" --variant 'figures: grid.crews=2'
sed 's/^start_year = 2025/start_year = 2010/; s/^end_year = 2040/end_year = 2020/; s/^name = planned$/name = early/' \
  "$PL" > "$W/early.ini"
bad "the scenarios share no year" "$PL" "$W/early.ini"
# a quoted value keeps its ',' (as in a sweep spec); the quotes are not part of it
"$DCB" compare "$PL" $SG --variant 'q: grid.connection_years="uniform(1,3)"; grid.crews = 1' -n 3 \
  --out "$W/q" -q || fail "a quoted variant value exited $?"
grep -q '^# scenario q: variant of the base: grid.connection_years=uniform(1,3); grid.crews=1$' \
  "$W/q/compare.csv" || fail "the quoted value was not unquoted: $(grep '^# scenario q' "$W/q/compare.csv")"
# how many replications reach the target, and how many pairs the target_year differences count
"$DCB" compare "$PL" $SG --variant 'never: reinforcement:north-b.ready=2100' -n 4 --out "$W/tr" -q ||
  fail "compare with a target never reached exited $?"
grep -q '^# target reached never: in 0 of 4 replications; 0 pairs with the base' "$W/tr/compare.csv" ||
  fail "no target-reached line for 'never'"
[ "$(row '' target_year never-planned "$W/tr/compare.csv")" = ",," ] || fail "target_year never-planned not empty"

# 9. A failing replication; an interruption.
set +e
DCB_TEST_FAIL_REPLICATION=2 "$DCB" compare "$PL" $SG --variant 'late: reinforcement:north-b.ready=2032' \
  -n 6 --out "$W/f" > /dev/null 2> "$W/f.err"
st=$?
set -e
[ $st -eq 1 ] || fail "a failing replication gave exit $st, expected 1"
grep -q "planned: replication 2 (seed [0-9]*) failed: signal 6" "$W/f.err" || fail "failure not named: $(cat "$W/f.err")"
grep -q "late: replication 2 (seed [0-9]*) failed" "$W/f.err" || fail "late's failure not named"
[ "$(data "$W/f/late/replications.csv" | awk -F, '$3 == "ok"' | wc -l)" -eq 5 ] || fail "expected 5 ok replications"
[ "$(row '' target_year late-planned "$W/f/compare.csv")" = "3,3,3" ] || fail "differences over the others wrong"
"$DCB" compare "$HDF" $SG --variant 'm: grid.moratorium=2028-2030' -n 100000 -j 2 --out "$W/int" -q 2> "$W/int.err" &
pid=$!
sleep 3
kill -TERM $pid
set +e
wait $pid
st=$?
set -e
[ $st -eq 143 ] || fail "SIGTERM gave exit $st, expected 143"
[ ! -e "$W/int" ] || fail "an interrupted comparison left $W/int"
[ -z "$(find "$W" -maxdepth 1 -name '.int*')" ] || fail "an interrupted comparison left a temporary directory"

# 10. Figures.
if command -v gnuplot > /dev/null 2>&1; then
  "$DCB" plot "$W/hdf" --metric water_m3 > /dev/null || fail "plot of the comparison exited $?"
  for f in compare compare-cumulative_emissions_t compare-water_m3; do
    [ -s "$W/hdf/figures/$f.png" ] || fail "no figures/$f.png"
  done
  # a metric that is 0 everywhere (no stranding in the hand-worked case): drawn without warning
  "$DCB" plot "$W/pl" --metric stranded_mw > /dev/null || fail "plot of a flat metric exited $?"
  set +e
  "$DCB" plot "$W/pl" --metric target_year > /dev/null 2> "$W/pt.err"
  st=$?
  set -e
  [ $st -eq 2 ] && grep -q "not a yearly series" "$W/pt.err" || fail "plot --metric target_year: exit $st"
  [ -s "$W/pl/figures/compare-stranded_mw.png" ] || fail "no figures/compare-stranded_mw.png"
fi
echo "e2e_compare: ok"
