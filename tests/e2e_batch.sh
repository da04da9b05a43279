#!/bin/sh
# e2e_batch.sh - batched replications (DESIGN §3, issue 16): several simulations per child
# process give the very bytes of one simulation per child, on every path.
#
# 1. Monte Carlo of the default region (second layer, 2025-2060), 24 replications: --batch 1
#    (one per child, the reference), --batch 5 (batches of 5, the last one of 4) with --jobs 1,
#    --batch 24 (one child) and the chosen batch with --jobs 2: replications.csv, quantiles.csv,
#    drivers.csv, run.ini and every kept trace (rep-NNNN/*.csv) byte-identical;
# 2. replication 7 (in the middle of the second batch of 5) equals a single `run --seed` of its
#    seed, every trace file;
# 3. isolation: DCB_TEST_FAIL_REPLICATION=7 (that replication's child aborts) with --batch 5:
#    exit status 1, replication 7 reported with its seed and "signal 6", its batch run again one
#    per child, and every other row byte-identical to the reference;
# 4. compare (two variants, 6 replications each): --batch 1 and --batch 4 (batches within a
#    scenario) give identical compare.csv and per-scenario tables;
# 5. sweep run (tests/data/sweep-tiny.ini, 40 points x 2 replications): --batch 1, --batch 7
#    (batches across points) and the chosen batch give identical results/ and summary.csv;
#    sweep-invalid.ini (points that fail validation inside a batch) fails the same points with
#    the same reasons;
# 6. bad --batch values exit 2 with one line naming the option.
# Env (from CTest): DCB (binary), DCB_SRC (source dir), DCB_SANITIZE (ON under ASan).
set -eu
: "${DCB:?set DCB to the dcbuildout binary}"
: "${DCB_SRC:?set DCB_SRC to the source directory}"
SG=""
if [ "${DCB_SANITIZE:-OFF}" = "ON" ]; then SG="--cfg=contexts/factory:thread"; fi
W="$(mktemp -d "${TMPDIR:-/tmp}/dcb-e2e-batch.XXXXXX")"
trap 'rm -rf "$W"' EXIT
HDF="$DCB_SRC/workloads/hauts-de-france.ini"
fail() { echo "FAIL: $*" >&2; exit 1; }
same_dirs() { # same_dirs A B WHAT: every file of A and B byte-identical, none missing
  diff -r "$1" "$2" >"$W/diff" 2>&1 || fail "$3: $(head -5 "$W/diff")"
}
data() { grep -v '^#' "$1"; }
N=24

# 1. Monte Carlo: the same bytes whatever the batch and --jobs.
"$DCB" run "$HDF" $SG -n $N -j 2 --batch 1 --keep-traces --out "$W/mc1" -q || fail "batch 1 exited $?"
"$DCB" run "$HDF" $SG -n $N -j 1 --batch 5 --keep-traces --out "$W/mc5" -q || fail "batch 5 exited $?"
"$DCB" run "$HDF" $SG -n $N -j 2 --batch $N --keep-traces --out "$W/mcall" -q || fail "batch $N exited $?"
"$DCB" run "$HDF" $SG -n $N -j 2 --keep-traces --out "$W/mcauto" -q || fail "chosen batch exited $?"
[ "$(ls -d "$W/mc1"/rep-* | wc -l)" -eq $N ] || fail "expected $N kept traces"
same_dirs "$W/mc1" "$W/mc5" "--batch 5 differs from --batch 1"
same_dirs "$W/mc1" "$W/mcall" "--batch $N differs from --batch 1"
same_dirs "$W/mc1" "$W/mcauto" "the chosen batch differs from --batch 1"
# The bands are not degenerate (so that equal files mean something).
awk -F, '!/^#/ && $2 == "operating_mw" && $4 < $8 { found = 1 } END { exit !found }' \
  "$W/mc1/quantiles.csv" || fail "operating_mw has p05 == p95 every year"

# 2. Replication 7 is a single run with its seed.
seed=$(data "$W/mc1/replications.csv" | awk -F, 'NR > 1 && $1 == 7 { print $2 }')
[ -n "$seed" ] || fail "no seed for replication 7"
"$DCB" run "$HDF" $SG --seed "$seed" --out "$W/solo" -q || fail "single run exited $?"
for f in yearly.csv sites.csv substations.csv events.csv corridors.csv; do
  cmp -s "$W/solo/$f" "$W/mc5/rep-0007/$f" || fail "rep-0007/$f (batch 5) differs from the single run"
done

# 3. A replication that crashes is reported alone; the rest of its batch completes.
rc=0
DCB_TEST_FAIL_REPLICATION=7 "$DCB" run "$HDF" $SG -n $N -j 2 --batch 5 --out "$W/mcfail" -q \
  2>"$W/fail.err" || rc=$?
[ "$rc" -eq 1 ] || fail "a failed replication: exit $rc, expected 1"
grep -q "replication 7 (seed $seed) failed: signal 6" "$W/fail.err" ||
  fail "replication 7 not reported with its seed and signal: $(cat "$W/fail.err")"
grep -q "run again one by one" "$W/fail.err" || fail "the batch was not run again one by one"
[ "$(grep -c 'failed:' "$W/fail.err")" -eq 1 ] || fail "other replications failed: $(cat "$W/fail.err")"
data "$W/mc1/replications.csv" | awk -F, 'NR == 1 || $1 != 7' >"$W/ref.rows"
data "$W/mcfail/replications.csv" | awk -F, 'NR == 1 || $1 != 7' >"$W/fail.rows"
cmp -s "$W/ref.rows" "$W/fail.rows" || fail "the other replications' rows differ after a failure"

# 4. compare: batches within a scenario.
cmp_run() {
  "$DCB" compare "$HDF" $SG --variant 'crews-5: grid.crews=5' \
    --variant 'no-guarantee: grid.fast_track_guarantee=false' -n 6 -j 2 "$@" -q
}
cmp_run --batch 1 --out "$W/cmp1" || fail "compare --batch 1 exited $?"
cmp_run --batch 4 --out "$W/cmp4" || fail "compare --batch 4 exited $?"
same_dirs "$W/cmp1" "$W/cmp4" "compare --batch 4 differs from --batch 1"

# 5. sweeps: batches across points, and points that fail inside a batch.
for spec in sweep-tiny sweep-invalid; do
  sed "s|^scenario = .*|scenario = $DCB_SRC/tests/data/sweep-base.ini|" \
    "$DCB_SRC/tests/data/$spec.ini" >"$W/$spec.ini"
done
sweep() { # sweep SPEC OUT ARGS...
  spec=$1 out=$2
  shift 2
  rc=0
  "$DCB" sweep run "$W/$spec.ini" --out "$out" $SG "$@" >"$out.log" 2>&1 || rc=$?
  "$DCB" sweep collect "$W/$spec.ini" --out "$out" >>"$out.log" 2>&1 || true
  echo "$rc"
}
[ "$(sweep sweep-tiny "$W/sw1" --jobs 2 --batch 1)" = 0 ] || fail "sweep --batch 1: $(tail -3 "$W/sw1.log")"
[ "$(sweep sweep-tiny "$W/sw7" --jobs 1 --batch 7)" = 0 ] || fail "sweep --batch 7: $(tail -3 "$W/sw7.log")"
[ "$(sweep sweep-tiny "$W/swauto" --jobs 2)" = 0 ] || fail "sweep, chosen batch: $(tail -3 "$W/swauto.log")"
for d in sw7 swauto; do
  same_dirs "$W/sw1/results" "$W/$d/results" "sweep results/ of $d differ from --batch 1"
  cmp -s "$W/sw1/summary.csv" "$W/$d/summary.csv" || fail "sweep summary.csv of $d differs"
done
[ "$(sweep sweep-invalid "$W/inv1" --jobs 2 --batch 1)" = 1 ] || fail "invalid sweep, batch 1: not exit 1"
[ "$(sweep sweep-invalid "$W/inv6" --jobs 2 --batch 6)" = 1 ] || fail "invalid sweep, batch 6: not exit 1"
same_dirs "$W/inv1/results" "$W/inv6/results" "the invalid sweep's results differ with --batch 6"

# 6. Bad values.
for v in 0 -1 x 33; do
  rc=0
  "$DCB" run "$HDF" -n 4 --batch "$v" --out "$W/bad" -q 2>"$W/bad.err" || rc=$?
  [ "$rc" -eq 2 ] || fail "--batch $v: exit $rc, expected 2"
  [ "$(wc -l <"$W/bad.err")" -eq 1 ] && grep -q -- "batch" "$W/bad.err" ||
    fail "--batch $v: not one line naming --batch: $(cat "$W/bad.err")"
  [ ! -e "$W/bad" ] || fail "--batch $v wrote an output directory"
done
rc=0
"$DCB" run "$HDF" --batch 4 --out "$W/bad" -q 2>"$W/bad.err" || rc=$?
[ "$rc" -eq 2 ] || fail "--batch without --replications: exit $rc, expected 2"
echo "e2e_batch: ok"
