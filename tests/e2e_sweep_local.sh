#!/bin/sh
# e2e_sweep_local.sh - local sweeps: failed points, kill -9 and resume, determinism across
# --jobs, and the exit codes of run / status / collect.
#
# 1. sweep-invalid.ini varies operation.utilization over 0.5, 1.5, 0.8 (x 2 growth values):
#    exactly points 2 and 3 (utilization 1.5) fail with the scenario's one-line reason; the
#    other 4 are summarised; run, status and collect exit 1.
# 1b. sweep-crosscheck.ini: points whose site is unknown or whose phases exceed the site's
#    halls fail with the very line `run` prints for the same overrides (the checked opener).
# 2. sweep-tiny.ini (40 points) run with --jobs 2 is the reference.  The same sweep run with
#    --jobs 1 is killed with SIGKILL (its whole process group) once a few points are done:
#    every result file left is complete, and a second run does only what is left and ends
#    with the reference summary.csv byte for byte.
# 3. Exit codes: bad spec 2 (one line naming the file, group and key), status/collect 1 while
#    points are missing, 0 when all are done; a run with nothing left to do exits 0.
# 10. compare_to (DESIGN §7): the paired differences from the base scenario or from a point, the
#    base run, counted, resumed and chunked like a point; bad values; the figure of an LHS sweep.
set -eu

: "${DCB:?path of the dcbuildout binary}" "${DCB_SRC:?source directory}"
DATA="$DCB_SRC/tests/data"
SG=
[ "${DCB_SANITIZE:-OFF}" != ON ] || SG=--cfg=contexts/factory:thread
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
expect_rc() { # expect_rc WANT LOG COMMAND...
  want=$1 log=$2
  shift 2
  rc=0
  "$@" >"$log" 2>&1 || rc=$?
  [ "$rc" = "$want" ] || fail "'$*' exited $rc, expected $want: $(tail -n 5 "$log")"
}

WORK="$PWD/e2e_sweep_local"
rm -rf "$WORK"
mkdir -p "$WORK"

# --- 1. invalid points ------------------------------------------------------------------------
INV="$WORK/invalid"
expect_rc 1 "$WORK/inv-run.log" "$DCB" sweep run "$DATA/sweep-invalid.ini" --out "$INV" --jobs 2 $SG
expect_rc 1 "$WORK/inv-status.log" "$DCB" sweep status "$DATA/sweep-invalid.ini" --out "$INV"
grep -q "6 points: 4 done, 2 failed, 0 missing" "$WORK/inv-status.log" || fail "status: $(cat "$WORK/inv-status.log")"
[ "$(grep -c '^  failed point' "$WORK/inv-status.log")" = 2 ] || fail "not exactly 2 failed points"
grep -q "^  failed point 2: .*utilization.*1\.5" "$WORK/inv-status.log" || fail "point 2 not failed on utilization"
grep -q "^  failed point 3: .*utilization.*1\.5" "$WORK/inv-status.log" || fail "point 3 not failed on utilization"
expect_rc 1 "$WORK/inv-collect.log" "$DCB" sweep collect "$DATA/sweep-invalid.ini" --out "$INV"
rows=$(grep -v '^#' "$INV/summary.csv" | tail -n +2 | cut -d, -f1-3 | tr '\n' ' ')
[ "$rows" = "0,0.5,0.1 1,0.5,0.2 4,0.8,0.1 5,0.8,0.2 " ] || fail "summary rows: $rows"
head -n 6 "$INV/summary.csv" | grep -q "^point,operation.utilization,demand.growth,operating_mw@2030_p05,operating_mw@2030_p50,operating_mw@2030_p95,unmet_mw@2034_p05," ||
  fail "summary header: $(grep -v '^#' "$INV/summary.csv" | head -n 1)"
# A rerun redoes the failed points (and only them): they fail again, the others stay done.
expect_rc 1 "$WORK/inv-run2.log" "$DCB" sweep run "$DATA/sweep-invalid.ini" --out "$INV" $SG
grep -q "running 2 of 6 points" "$WORK/inv-run2.log" || fail "rerun: $(cat "$WORK/inv-run2.log")"

# --- 1b. points that fail the cross-checks with the platform, as `run` would -------------------
# Before the one checked opener, such a point aborted on an assertion (unknown site) or was
# reported done with truncated numbers (phases larger than the site's halls).
XC="$WORK/crosscheck"
expect_rc 0 "$WORK/xc-plan.log" "$DCB" sweep plan "$DATA/sweep-crosscheck.ini" --out "$XC"
grep -q "warning: \[vary\] project:one.site = nowhere fails" "$WORK/xc-plan.log" || fail "xc plan: $(cat "$WORK/xc-plan.log")"
expect_rc 1 "$WORK/xc-run.log" "$DCB" sweep run "$DATA/sweep-crosscheck.ini" --out "$XC" --jobs 2 $SG
expect_rc 1 "$WORK/xc-status.log" "$DCB" sweep status "$DATA/sweep-crosscheck.ini" --out "$XC"
grep -q "4 points: 1 done, 3 failed, 0 missing" "$WORK/xc-status.log" || fail "xc status: $(cat "$WORK/xc-status.log")"
# point: site phases_mw
for case in "1 alpha 300" "2 nowhere 100" "3 nowhere 300"; do
  set -- $case
  rc=0
  "$DCB" run "$DATA/sweep-base.ini" --out "$WORK/xc-r$1" --set "project:one.site=$2" \
    --set "project:one.phases_mw=$3" >"$WORK/xc-r$1.log" 2>&1 || rc=$?
  [ "$rc" = 2 ] || fail "run with point $1's overrides exited $rc: $(cat "$WORK/xc-r$1.log")"
  [ "$(wc -l <"$WORK/xc-r$1.log")" = 1 ] || fail "run, point $1: not one line: $(cat "$WORK/xc-r$1.log")"
  want=$(sed 's/^dcbuildout: //' "$WORK/xc-r$1.log")
  got=$(sed -n "s/^  failed point $1: //p" "$WORK/xc-status.log")
  [ "$got" = "$want" ] || fail "point $1 failed with '$got', run says '$want'"
done
grep -q "no site 'nowhere'\|site 'nowhere'" "$WORK/xc-r2.log" || fail "unknown site message: $(cat "$WORK/xc-r2.log")"
grep -q "phase 1 needs 300 MW" "$WORK/xc-r1.log" || fail "halls message: $(cat "$WORK/xc-r1.log")"
expect_rc 1 "$WORK/xc-collect.log" "$DCB" sweep collect "$DATA/sweep-crosscheck.ini" --out "$XC"
rows=$(grep -v '^#' "$XC/summary.csv" | tail -n +2 | cut -d, -f1-3 | tr '\n' ' ')
[ "$rows" = "0,alpha,100 " ] || fail "xc summary rows: $rows"

# --- 2. reference, kill -9, resume ----------------------------------------------------------------
REF="$WORK/ref"
KIL="$WORK/killed"
expect_rc 1 "$WORK/status0.log" "$DCB" sweep status "$DATA/sweep-tiny.ini" --out "$REF"
grep -q "0 done, 0 failed, 40 missing" "$WORK/status0.log" || fail "status before: $(cat "$WORK/status0.log")"
expect_rc 0 "$WORK/ref-run.log" "$DCB" sweep run "$DATA/sweep-tiny.ini" --out "$REF" --jobs 2 $SG
expect_rc 0 "$WORK/ref-collect.log" "$DCB" sweep collect "$DATA/sweep-tiny.ini" --out "$REF"
expect_rc 0 "$WORK/ref-status.log" "$DCB" sweep status "$DATA/sweep-tiny.ini" --out "$REF"
[ "$(grep -vc '^#' "$REF/summary.csv")" = 41 ] || fail "reference summary has not 40 rows"
expect_rc 0 "$WORK/ref-run2.log" "$DCB" sweep run "$DATA/sweep-tiny.ini" --out "$REF" $SG
grep -q "nothing to do" "$WORK/ref-run2.log" || fail "second run: $(cat "$WORK/ref-run2.log")"

# The victim runs in its own process group (setsid), so that kill -9 reaches it and every child.
setsid "$DCB" sweep run "$DATA/sweep-tiny.ini" --out "$KIL" --jobs 1 $SG >"$WORK/kill-run.log" 2>&1 &
victim=$!
i=0
while :; do
  n=$(ls "$KIL/results" 2>/dev/null | grep -c '^p[0-9]*\.ini$' || true)
  [ "$n" -lt 4 ] || break
  kill -0 "$victim" 2>/dev/null || fail "the run ended before it could be killed ($n points)"
  i=$((i + 1))
  [ $i -lt 2000 ] || fail "no progress after 100 s"
  sleep 0.05
done
kill -9 "-$victim"
wait "$victim" 2>/dev/null || true
sleep 0.2 # let the orphaned children be reaped
left=$(ls "$KIL/results" | grep -c '^p[0-9]*\.ini$' || true)
[ "$left" -lt 40 ] || fail "the run finished before the kill"
for f in "$KIL"/results/p*.ini; do # every result left is a whole, finished point
  grep -q '^status=done$' "$f" || fail "partial or failed result left by the kill: $f"
done
expect_rc 1 "$WORK/kill-status.log" "$DCB" sweep status "$DATA/sweep-tiny.ini" --out "$KIL"
grep -q "40 points: $left done, 0 failed, $((40 - left)) missing" "$WORK/kill-status.log" ||
  fail "status after the kill ($left left): $(cat "$WORK/kill-status.log")"
expect_rc 0 "$WORK/resume.log" "$DCB" sweep run "$DATA/sweep-tiny.ini" --out "$KIL" --jobs 2 $SG
grep -q "running $((40 - left)) of 40 points" "$WORK/resume.log" || fail "resume: $(head -n 1 "$WORK/resume.log")"
expect_rc 0 "$WORK/kill-collect.log" "$DCB" sweep collect "$DATA/sweep-tiny.ini" --out "$KIL"
cmp "$REF/summary.csv" "$KIL/summary.csv" || fail "summary after kill -9 and resume differs from the reference"

# --- 3. bad input ------------------------------------------------------------------------------------
printf '[sweep]\nscenario = %s/sweep-base.ini\nreplications = 0\noutcomes = operating_mw@2030\n[vary]\ndemand.growth = 0.1\n' "$DATA" >"$WORK/bad.ini"
expect_rc 2 "$WORK/bad.log" "$DCB" sweep plan "$WORK/bad.ini"
grep -q "bad.ini: \[sweep\] replications: must be an integer" "$WORK/bad.log" || fail "bad spec: $(cat "$WORK/bad.log")"
[ "$(wc -l <"$WORK/bad.log")" = 1 ] || fail "bad spec: not one line: $(cat "$WORK/bad.log")"
printf '[sweep]\nscenario = %s/sweep-base.ini\noutcomes = operating_gw@2030\n[vary]\ndemand.growth = 0.1\n' "$DATA" >"$WORK/bad2.ini"
expect_rc 2 "$WORK/bad2.log" "$DCB" sweep status "$WORK/bad2.ini"
grep -q "\[sweep\] outcomes: unknown metric 'operating_gw': did you mean 'operating_mw'" "$WORK/bad2.log" || fail "bad2: $(cat "$WORK/bad2.log")"
expect_rc 2 "$WORK/bad3.log" "$DCB" sweep frobnicate "$DATA/sweep-tiny.ini"
expect_rc 2 "$WORK/bad4.log" "$DCB" sweep run "$WORK/absent.ini"

# --- 4. checks plan makes before any point runs (each: exit 2, one line naming the culprit) -------
spec() { # spec FILE [sweep]-lines [vary]-lines
  printf '[sweep]\nscenario = %s/sweep-base.ini\n%s\n[vary]\n%s\n' "$DATA" "$2" "$3" >"$WORK/$1"
}
one_line_2() { # one_line_2 LOG PATTERN COMMAND...
  log=$1 pat=$2
  shift 2
  expect_rc 2 "$log" "$@"
  grep -q "$pat" "$log" || fail "'$*': $(cat "$log")"
  [ "$(wc -l <"$log")" = 1 ] || fail "'$*': not one line: $(cat "$log")"
}
spec nope.ini 'outcomes = operating_mw@2030' 'project:nope.phases_mw = 1, 2'
one_line_2 "$WORK/nope.log" "nope.ini: \[vary\] project:nope.phases_mw: every value fails.*no such group" "$DCB" sweep plan "$WORK/nope.ini" --out "$WORK/nope"
[ ! -e "$WORK/nope/points.csv" ] || fail "a refused plan wrote points.csv"
spec horizon.ini 'outcomes = operating_mw@2030, operating_mw@2100' 'demand.growth = 0.1'
one_line_2 "$WORK/horizon.log" "horizon.ini: \[sweep\] outcomes: operating_mw@2100: the year is outside the base scenario's rows 2025..2034" "$DCB" sweep plan "$WORK/horizon.ini"
spec dup.ini 'outcomes = operating_mw@2030' 'grid.crews = 1, 2
demand.growth = 0.1
grid.crews = 3'
one_line_2 "$WORK/dup.log" "dup.ini: \[vary\] grid.crews: set twice (lines 5 and 7)" "$DCB" sweep plan "$WORK/dup.ini"
spec inf.ini 'outcomes = operating_mw@2030
method = lhs
samples = 4' 'demand.it_mw = 0:1.7976931348623157e308'
one_line_2 "$WORK/inf.log" "inf.ini: \[vary\] demand.it_mw: bounds too large" "$DCB" sweep plan "$WORK/inf.ini"
# LHS over an integer key: 1:5 with 5 samples gives each of 1..5 once (strata 1 wide), as integers.
spec crews.ini 'outcomes = operating_mw@2030
method = lhs
samples = 5' 'grid.crews = 1:5'
expect_rc 0 "$WORK/crews.log" "$DCB" sweep plan "$WORK/crews.ini" --out "$WORK/crews"
[ "$(tail -n +2 "$WORK/crews/points.csv" | cut -d, -f2 | sort | tr '\n' ' ')" = "1 2 3 4 5 " ] ||
  fail "lhs grid.crews 1:5: $(cat "$WORK/crews/points.csv")"
# Some invalid points: the plan stands (exit 0) and names the value and its points.
expect_rc 0 "$WORK/inv-plan.log" "$DCB" sweep plan "$DATA/sweep-invalid.ini" --out "$WORK/inv-plan"
grep -q "warning: \[vary\] operation.utilization = 1.5 fails the base scenario's validation; the 2 point(s) with it will fail" "$WORK/inv-plan.log" ||
  fail "plan of sweep-invalid: $(cat "$WORK/inv-plan.log")"

# --- 5. a directory belongs to one spec ---------------------------------------------------------
cp "$REF/summary.csv" "$WORK/ref-summary.csv"
for sub in status collect run submit; do
  one_line_2 "$WORK/other-$sub.log" "holds the sweep of another spec ('.*sweep-tiny.ini')" "$DCB" sweep $sub "$DATA/sweep-invalid.ini" --out "$REF"
done
cmp "$REF/summary.csv" "$WORK/ref-summary.csv" || fail "collect of another spec touched summary.csv"
# A copy elsewhere whose bytes differ (another path, another SHA-256) is another spec.
cp "$DATA/sweep-tiny.ini" "$WORK/tiny-copy.ini"
sed -i "s|^scenario = .*|scenario = $DATA/sweep-base.ini|" "$WORK/tiny-copy.ini"
expect_rc 2 "$WORK/copy.log" "$DCB" sweep status "$WORK/tiny-copy.ini" --out "$REF"

# --- 6. option ranges ---------------------------------------------------------------------------
for opt in "--chunk -1" "--chunk -2" "--jobs 0" "--chunk x"; do
  expect_rc 2 "$WORK/opt.log" "$DCB" sweep run "$DATA/sweep-tiny.ini" --out "$REF" $opt
done
for opt in "--chunk 0" "--max-running 0" "--chunk -1"; do
  expect_rc 2 "$WORK/opt.log" "$DCB" sweep submit "$DATA/sweep-tiny.ini" --out "$REF" $opt
  grep -q "must be an integer >= 1" "$WORK/opt.log" || fail "submit $opt: $(cat "$WORK/opt.log")"
done

# --- 7. the figure of a three-parameter sweep (gnuplot must not fail on its key) --------------------
if command -v gnuplot >/dev/null 2>&1; then
  expect_rc 0 "$WORK/plot.log" "$DCB" plot "$REF"
  [ -s "$REF/figures/sweep.png" ] || fail "no sweep.png: $(cat "$WORK/plot.log")"
fi
# --- 8. rule 25: [vary] values that are distributions (commas inside parentheses) -------------
# 2 x 2 = 4 points: share uniform(0.5,1) (drawn once per run) or 1, times two connection times;
# summary.csv quotes the values that hold a comma, and the heat map (two parameters) renders.
cat >"$WORK/dist.ini" <<SPEC
[sweep]
scenario = $DATA/sweep-base.ini
seed = 5
replications = 2
method = grid
outcomes = operating_mw@2030, demand_mw@2030

[vary]
demand.share = uniform(0.5,1), 1
grid.connection_years = 1, tri(1,2,4)
SPEC
DIST="$WORK/dist"
expect_rc 0 "$WORK/dist-run.log" "$DCB" sweep run "$WORK/dist.ini" --out "$DIST" --jobs 2 $SG
expect_rc 0 "$WORK/dist-collect.log" "$DCB" sweep collect "$WORK/dist.ini" --out "$DIST"
n=$(grep -v '^#' "$DIST/summary.csv" | tail -n +2 | wc -l)
[ "$n" -eq 4 ] || fail "distribution sweep: $n rows in summary.csv, expected 4"
grep -q '"uniform(0.5,1)","tri(1,2,4)"' "$DIST/summary.csv" ||
  fail "summary.csv does not quote the distributions: $(head -5 "$DIST/summary.csv")"
if command -v gnuplot >/dev/null 2>&1; then
  expect_rc 0 "$WORK/dist-plot.log" "$DCB" plot "$DIST"
  [ -s "$DIST/figures/sweep.png" ] || fail "no heat map: $(cat "$WORK/dist-plot.log")"
fi
# --- 8b. common random numbers (DESIGN §7): three identical points give three identical rows,
# and each equals the Monte Carlo of the base scenario with the sweep's seed (replication r has
# the seed dcb_seed_derive(seed, r) in both): operating_mw@2030 quantiles from quantiles.csv.
cat >"$WORK/crn.ini" <<SPEC
[sweep]
scenario = $DATA/sweep-base.ini
seed = 9
replications = 8
method = grid
outcomes = operating_mw@2030

[vary]
grid.crews = 1, 1, 1
SPEC
expect_rc 0 "$WORK/crn-run.log" "$DCB" sweep run "$WORK/crn.ini" --out "$WORK/crn" --jobs 2 $SG
expect_rc 0 "$WORK/crn-collect.log" "$DCB" sweep collect "$WORK/crn.ini" --out "$WORK/crn"
n=$(grep -v '^#' "$WORK/crn/summary.csv" | tail -n +2 | cut -d, -f2- | sort -u | wc -l)
[ "$n" -eq 1 ] || fail "identical points give $n different rows: $(cat "$WORK/crn/summary.csv")"
expect_rc 0 "$WORK/crn-mc.log" "$DCB" run "$DATA/sweep-base.ini" --seed 9 --replications 8 \
  --set grid.crews=1 --out "$WORK/crn-mc" -q $SG
mc=$(grep -v '^#' "$WORK/crn-mc/quantiles.csv" | awk -F, '$1 == 2030 && $2 == "operating_mw" { print $4 "," $6 "," $8 }')
row=$(grep -v '^#' "$WORK/crn/summary.csv" | awk -F, 'NR == 2 { print $3 "," $4 "," $5 }')
[ "$mc" = "$row" ] || fail "a point's quantiles ($row) differ from the Monte Carlo's ($mc)"

# --- 9. the shipped sweep specs plan against the shipped default scenario (the README's
# walkthrough uses them: a key the default no longer accepts must fail here, not for a user).
for spec in "$DCB_SRC"/workloads/sweep-*.ini; do
  expect_rc 0 "$WORK/plan-shipped.log" "$DCB" sweep plan "$spec" --out "$WORK/shipped-$(basename "$spec" .ini)"
done
# --- 10. compare_to: paired differences from a reference (DESIGN §7) ---------------------------
# 2 x 2 points of sweep-base.ini (growth 0.10, crews 1); point 0 has exactly the base's values,
# so with compare_to = base its differences are 0 in every replication (same seeds, same
# inputs), and compare_to = 0 gives the very same table (point 0 is the base); the reference's
# own differences are 0 by definition.
cmp_spec() { # cmp_spec FILE COMPARE_TO
  cat >"$WORK/$1" <<SPEC
[sweep]
scenario = $DATA/sweep-base.ini
seed = 9
replications = 4
method = grid
compare_to = $2
outcomes = operating_mw@2030, unmet_mw@2030

[vary]
demand.growth = 0.10, 0.20
grid.crews = 1, 2
SPEC
}
cmp_spec cmp-base.ini base
cmp_spec cmp-0.ini 0
CB="$WORK/cmp-base" C0="$WORK/cmp-0"
expect_rc 0 "$WORK/cb-plan.log" "$DCB" sweep plan "$WORK/cmp-base.ini" --out "$CB"
grep -q "work: 5 points (the base included) x 4 replications = 20 simulations" "$WORK/cb-plan.log" ||
  fail "plan with compare_to = base: $(cat "$WORK/cb-plan.log")"
expect_rc 1 "$WORK/cb-status0.log" "$DCB" sweep status "$WORK/cmp-base.ini" --out "$CB"
grep -q "4 points + the base: 0 done, 0 failed, 5 missing" "$WORK/cb-status0.log" ||
  fail "status before: $(cat "$WORK/cb-status0.log")"
grep -q "missing points: base,0-3" "$WORK/cb-status0.log" || fail "missing list: $(cat "$WORK/cb-status0.log")"
expect_rc 0 "$WORK/cb-run.log" "$DCB" sweep run "$WORK/cmp-base.ini" --out "$CB" --jobs 2 $SG
grep -q "running 5 of 5 points, the base included" "$WORK/cb-run.log" || fail "run: $(cat "$WORK/cb-run.log")"
grep -q '^point=base$' "$CB/results/base.ini" || fail "no base result: $(ls "$CB/results")"
expect_rc 0 "$WORK/cb-collect.log" "$DCB" sweep collect "$WORK/cmp-base.ini" --out "$CB"
grep -q "summary.csv: 4 rows" "$WORK/cb-collect.log" || fail "collect: $(cat "$WORK/cb-collect.log")"
grep -q '^# compare_to: base$' "$CB/summary.csv" || fail "no compare_to provenance line"
hdr="point,demand.growth,grid.crews"
for o in operating_mw@2030 unmet_mw@2030; do
  hdr="$hdr,${o}_p05,${o}_p50,${o}_p95,${o}_diff_p05,${o}_diff_p50,${o}_diff_p95"
done
[ "$(grep -v '^#' "$CB/summary.csv" | head -n 1)" = "$hdr" ] ||
  fail "summary header: $(grep -v '^#' "$CB/summary.csv" | head -n 1)"
# Point 0 = the base: its six difference columns are exactly 0.
d0=$(grep -v '^#' "$CB/summary.csv" | awk -F, 'NR == 2 { print $7 $8 $9 $13 $14 $15 }')
[ "$d0" = "000000" ] || fail "point 0 (the base's values) has differences '$d0'"
# The base's own quantiles (from its result file) equal point 0's: one more check that it ran
# with no override and the points' seeds.
base_vals=$(sed -n 's/^operating_mw@2030=//p' "$CB/results/base.ini")
p0_vals=$(sed -n 's/^operating_mw@2030=//p' "$CB/results/p000000.ini")
[ "$base_vals" = "$p0_vals" ] || fail "base ($base_vals) and point 0 ($p0_vals) differ"
# Point 2's diff_p50 of unmet_mw@2030, worked out here from the two result files: replication
# by replication differences, sorted; the type-7 median of 4 values is the mean of the 2nd and
# 3rd.
want=$(awk -F'[=;]' '/^unmet_mw@2030=/ { for (i = 2; i <= NF; i++) v[FILENAME, i - 1] = $i }
  END { for (r = 1; r <= 4; r++) d[r] = v[ARGV[1], r] - v[ARGV[2], r]
        for (i = 2; i <= 4; i++) { t = d[i]; for (j = i - 1; j >= 1 && d[j] > t; j--) d[j + 1] = d[j]; d[j + 1] = t }
        printf "%.6f", (d[2] + d[3]) / 2 }' "$CB/results/p000002.ini" "$CB/results/base.ini")
got=$(grep -v '^#' "$CB/summary.csv" | awk -F, 'NR == 4 { printf "%.6f", $14 }')
[ "$got" = "$want" ] || fail "point 2's unmet diff_p50: $got, worked out $want"
# compare_to = 0: the reference's differences are exactly 0, and since point 0 is the base the
# table is the same as with compare_to = base (but for the provenance lines).
expect_rc 0 "$WORK/c0-run.log" "$DCB" sweep run "$WORK/cmp-0.ini" --out "$C0" --jobs 2 $SG
grep -q "running 4 of 4 points (" "$WORK/c0-run.log" || fail "compare_to = 0 runs no base: $(cat "$WORK/c0-run.log")"
[ ! -e "$C0/results/base.ini" ] || fail "compare_to = 0 ran the base"
expect_rc 0 "$WORK/c0-collect.log" "$DCB" sweep collect "$WORK/cmp-0.ini" --out "$C0"
grep -q '^# compare_to: 0$' "$C0/summary.csv" || fail "no compare_to: 0 line"
cmp "$WORK/cmp-base/summary.csv" "$C0/summary.csv" >/dev/null && fail "provenance lines do not tell the references apart"
[ "$(grep -v '^#' "$CB/summary.csv")" = "$(grep -v '^#' "$C0/summary.csv")" ] ||
  fail "compare_to = 0 and = base differ though point 0 is the base"
# The base lost: status counts it missing, collect writes the diff columns empty and says why,
# and run does only the base.
cp "$CB/summary.csv" "$WORK/cb-summary.csv"
rm "$CB/results/base.ini"
expect_rc 1 "$WORK/cb-status1.log" "$DCB" sweep status "$WORK/cmp-base.ini" --out "$CB"
grep -q "4 points + the base: 4 done, 0 failed, 1 missing" "$WORK/cb-status1.log" &&
  grep -q "missing points: base$" "$WORK/cb-status1.log" || fail "status without the base: $(cat "$WORK/cb-status1.log")"
expect_rc 1 "$WORK/cb-collect1.log" "$DCB" sweep collect "$WORK/cmp-base.ini" --out "$CB"
grep -q "the reference (the base) is not done: the _diff columns are empty" "$WORK/cb-collect1.log" ||
  fail "collect without the base: $(cat "$WORK/cb-collect1.log")"
[ "$(grep -v '^#' "$CB/summary.csv" | awk -F, 'NR == 2 { print $4 "|" $7 $8 $9 "|" }')" = "$(grep -v '^#' "$WORK/cb-summary.csv" | awk -F, 'NR == 2 { print $4 }')||" ] ||
  fail "without the base: $(grep -v '^#' "$CB/summary.csv" | sed -n 2p)"
expect_rc 0 "$WORK/cb-run2.log" "$DCB" sweep run "$WORK/cmp-base.ini" --out "$CB" $SG
grep -q "running 1 of 5 points, the base included" "$WORK/cb-run2.log" || fail "resume: $(cat "$WORK/cb-run2.log")"
expect_rc 0 "$WORK/cb-collect2.log" "$DCB" sweep collect "$WORK/cmp-base.ini" --out "$CB"
cmp "$CB/summary.csv" "$WORK/cb-summary.csv" || fail "summary after the base's resume differs"
# Slurm chunks (with stand-ins for sbatch and scontrol): the base goes into a task like a point,
# and `sweep run --chunk K` runs it.
FAKE="$WORK/fake-slurm"
mkdir -p "$FAKE"
printf '#!/bin/sh
echo 4242
' >"$FAKE/sbatch"
printf '#!/bin/sh
echo "MaxArraySize = 1001"
' >"$FAKE/scontrol"
printf '#!/bin/sh
exit 0
' >"$FAKE/squeue"
chmod +x "$FAKE/sbatch" "$FAKE/scontrol" "$FAKE/squeue"
rm "$CB/results/base.ini" "$CB/results/p000003.ini"
PATH="$FAKE:$PATH" expect_rc 0 "$WORK/cb-submit.log" "$DCB" sweep submit "$WORK/cmp-base.ini" --out "$CB" --chunk 1
grep -q "2 array tasks of up to 1 points (2 points" "$WORK/cb-submit.log" || fail "submit: $(cat "$WORK/cb-submit.log")"
grep -q "^0: base$" "$CB/slurm/tasks.txt" && grep -q "^1: 3$" "$CB/slurm/tasks.txt" || fail "tasks.txt: $(cat "$CB/slurm/tasks.txt")"
for k in 0 1; do
  expect_rc 0 "$WORK/cb-chunk$k.log" "$DCB" sweep run "$WORK/cmp-base.ini" --out "$CB" --chunk $k $SG
done
expect_rc 0 "$WORK/cb-collect3.log" "$DCB" sweep collect "$WORK/cmp-base.ini" --out "$CB"
cmp "$CB/summary.csv" "$WORK/cb-summary.csv" || fail "summary after the chunks differs"
# Bad compare_to: exit 2, one line naming the file and [sweep] compare_to, nothing written.
for bad in x -1 4 1.5; do
  cmp_spec cmp-bad.ini "$bad"
  one_line_2 "$WORK/cmp-bad.log" "cmp-bad.ini: \[sweep\] compare_to: must be base (the base scenario) or a point number 0\.\." \
    "$DCB" sweep plan "$WORK/cmp-bad.ini" --out "$WORK/cmp-bad"
  [ ! -e "$WORK/cmp-bad" ] || fail "compare_to = $bad: something was written"
  one_line_2 "$WORK/cmp-bad.log" "cmp-bad.ini: \[sweep\] compare_to: " "$DCB" sweep run "$WORK/cmp-bad.ini" --out "$WORK/cmp-bad" $SG
  [ ! -e "$WORK/cmp-bad" ] || fail "compare_to = $bad: run wrote something"
done
# The figure of a Latin hypercube (one panel per parameter), with and without compare_to.
if command -v gnuplot >/dev/null 2>&1; then
  for ref in "" "compare_to = base"; do
    cat >"$WORK/lhs.ini" <<SPEC
[sweep]
scenario = $DATA/sweep-base.ini
seed = 3
replications = 2
method = lhs
samples = 8
$ref
outcomes = operating_mw@2030, unmet_mw@2030

[vary]
demand.growth = 0.05:0.20
operation.utilization = 0.4:0.8
grid.crews = 1:3
SPEC
    rm -rf "$WORK/lhs"
    expect_rc 0 "$WORK/lhs-run.log" "$DCB" sweep run "$WORK/lhs.ini" --out "$WORK/lhs" --jobs 2 $SG
    expect_rc 0 "$WORK/lhs-collect.log" "$DCB" sweep collect "$WORK/lhs.ini" --out "$WORK/lhs"
    expect_rc 0 "$WORK/lhs-plot.log" "$DCB" plot "$WORK/lhs"
    [ -s "$WORK/lhs/figures/sweep.png" ] || fail "no LHS sweep.png ($ref): $(cat "$WORK/lhs-plot.log")"
  done
fi
echo "PASS: failed points, kill -9 + resume, --jobs determinism, exit codes, distributions in [vary], shipped specs, compare_to"
