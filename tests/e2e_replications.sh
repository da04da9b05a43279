# e2e_replications.sh - `dcbuildout run --replications N` end to end, on tests/data/tiny.ini made
# uncertain with --set (random permit, phase and connection durations).
#
# Checks, with the real binary and the real SimGrid engine:
#   1. --jobs 1 and --jobs 2 give byte-identical replications.csv and quantiles.csv;
#   2. the bands are not degenerate (the durations are random, so p05 < p95 somewhere);
#   3. replication r equals a single run with --seed <seed of r> (rep-NNNN/yearly.csv from
#      --keep-traces against the single run's yearly.csv, data lines; r is the first replication
#      whose seed fits in --seed, an int64);
#   4. quantiles.csv agrees with type-7 quantiles recomputed here with awk from the
#      operating_mw@2030 column of replications.csv (an independent implementation);
#   5. DCB_TEST_FAIL_REPLICATION=3 (test hook: that child aborts) gives exit status 1, the
#      replication reported with its seed and "signal 6", the other replications intact;
#   6. SIGTERM during a long Monte Carlo: exit status 143, no output directory, no temporary
#      directory or lock file left (the replication directories live in the temporary directory
#      until the end; tests/e2e_outdir.sh checks what happens to a previous directory);
#   7. `dcbuildout plot` renders figures/fan.png from the Monte Carlo directory (when gnuplot is
#      on the PATH).
# Env (from CTest): DCB (binary), DCB_SRC (source dir), DCB_SANITIZE (ON under ASan).
set -eu
: "${DCB:?set DCB to the dcbuildout binary}"
: "${DCB_SRC:?set DCB_SRC to the source directory}"
SG=""
if [ "${DCB_SANITIZE:-OFF}" = "ON" ]; then SG="--cfg=contexts/factory:thread"; fi
W="$(mktemp -d "${TMPDIR:-/tmp}/dcb-e2e-mc.XXXXXX")"
trap 'rm -rf "$W"' EXIT
SC="$DCB_SRC/tests/data/tiny.ini"
N=30
fail() { echo "FAIL: $*" >&2; exit 1; }
# The Monte Carlo of this test: tiny.ini with random durations.
mc() {
  "$DCB" run "$SC" $SG --set "grid.connection_years=tri(1,2,4)" \
    --set "project:one.permit_years=uniform(0.5,2.5)" \
    --set "project:one.phase_years=tri(0.5,1,2)" "$@"
}
data() { grep -v '^#' "$1"; }

# 1. --jobs invariance.
mc --out "$W/j1" -n $N -j 1 > "$W/j1.out" || fail "run -j 1 exited $?"
mc --out "$W/j2" -n $N -j 2 --keep-traces > "$W/j2.out" || fail "run -j 2 exited $?"
for f in replications.csv quantiles.csv; do
  cmp -s "$W/j1/$f" "$W/j2/$f" || fail "$f differs between --jobs 1 and --jobs 2"
done
[ "$(data "$W/j1/replications.csv" | wc -l)" -eq $((N + 1)) ] || fail "expected $N rows"
[ "$(data "$W/j1/replications.csv" | awk -F, 'NR > 1 && $3 == "ok"' | wc -l)" -eq $N ] ||
  fail "not every replication is ok"
[ "$(data "$W/j1/replications.csv" | awk -F, 'NR > 1 { print $2 }' | sort -u | wc -l)" -eq $N ] ||
  fail "seeds are not distinct"
head -1 "$W/j1.out" | grep -q "^$N replications written to" || fail "no summary on stdout"

# 2. The bands are not degenerate.
awk -F, '!/^#/ && $2 == "operating_mw" && $4 < $8 { found = 1 } END { exit !found }' \
  "$W/j1/quantiles.csv" || fail "operating_mw has p05 == p95 every year: durations not random?"

# 3. Replication r is a single run with its seed (the first r whose seed fits --seed's int64).
rs=$(data "$W/j1/replications.csv" |
  awk -F, 'NR > 1 && (length($2) < 19 || (length($2) == 19 && substr($2, 1, 1) < "9")) { print $1 " " $2; exit }')
[ -n "$rs" ] || fail "no replication with a seed below 2^63"
r=${rs% *}
seed=${rs#* }
"$DCB" run "$SC" $SG --set "grid.connection_years=tri(1,2,4)" \
  --set "project:one.permit_years=uniform(0.5,2.5)" \
  --set "project:one.phase_years=tri(0.5,1,2)" --seed "$seed" --out "$W/single" > /dev/null ||
  fail "single run with --seed $seed failed"
data "$W/single/yearly.csv" > "$W/single.rows"
data "$W/j2/$(printf 'rep-%04d' "$r")/yearly.csv" > "$W/rep.rows"
cmp -s "$W/single.rows" "$W/rep.rows" || fail "replication $r differs from a single run with its seed"
ls -a "$W/j2" | grep -q '^\.rep-' && fail "temporary replication directory left in j2"
[ "$(ls -d "$W/j2"/rep-* | wc -l)" -eq $N ] || fail "expected $N rep-NNNN directories"

# 4. Type-7 quantiles of operating_mw@2030, recomputed with awk.
col=$(data "$W/j1/replications.csv" | head -1 | tr ',' '\n' | grep -n '^operating_mw@2030$' | cut -d: -f1)
[ -n "$col" ] || fail "no operating_mw@2030 column"
want=$(data "$W/j1/replications.csv" | awk -F, -v c="$col" 'NR > 1 { print $c }' | sort -g |
  awk '{ x[NR] = $1; s += $1 }
       function q(p,   h, lo) { h = (NR - 1) * p; lo = int(h); return x[lo + 1] + (h - lo) * (x[lo + 2] - x[lo + 1]) }
       END { printf "%.6f %.6f %.6f %.6f %.6f %.6f\n", s / NR, q(0.05), q(0.25), q(0.5), q(0.75), q(0.95) }')
got=$(awk -F, '$1 == "2030" && $2 == "operating_mw" { printf "%.6f %.6f %.6f %.6f %.6f %.6f\n", $3, $4, $5, $6, $7, $8 }' "$W/j1/quantiles.csv")
[ "$want" = "$got" ] || fail "operating_mw 2030 quantiles: awk says '$want', quantiles.csv '$got'"

# 5. A replication that crashes is reported; the others complete.
set +e
DCB_TEST_FAIL_REPLICATION=3 mc --out "$W/fail" -n 8 -j 2 > /dev/null 2> "$W/fail.err"
st=$?
set -e
[ $st -eq 1 ] || fail "a failed replication must give exit status 1 (got $st)"
grep -q "replication 3 (seed [0-9]*) failed: signal 6" "$W/fail.err" || fail "failure not reported: $(cat "$W/fail.err")"
awk -F, '!/^#/ && $1 == "3" && $3 ~ /^signal 6/ { found = 1 } END { exit !found }' "$W/fail/replications.csv" ||
  fail "replications.csv does not mark replication 3"
[ "$(data "$W/fail/replications.csv" | awk -F, 'NR > 1 && $3 == "ok"' | wc -l)" -eq 7 ] ||
  fail "the 7 other replications must be ok"
[ -f "$W/fail/quantiles.csv" ] || fail "quantiles.csv missing after one failure"

# 6. SIGTERM stops everything and leaves nothing behind.
# (the binary itself in the background, not the mc function: $! must be its pid)
"$DCB" run "$SC" $SG --set "grid.connection_years=tri(1,2,4)" --out "$W/term" -n 200000 -j 2 \
  --keep-traces > /dev/null 2> "$W/term.err" &
pid=$!
# Wait until the pool runs (a first replication directory exists in the temporary directory
# beside the target), up to 60 s (ASan, load).
i=0
while ! ls -d "$W"/.term.tmp-*/rep-0000 > /dev/null 2>&1 && [ $i -lt 1200 ]; do
  sleep 0.05
  i=$((i + 1))
done
ls -d "$W"/.term.tmp-*/rep-0000 > /dev/null 2>&1 || fail "no replication finished within 60 s"
kill -TERM $pid
set +e
wait $pid
st=$?
set -e
[ $st -eq 143 ] || fail "SIGTERM must give exit status 143 (got $st)"
grep -q "interrupted" "$W/term.err" || fail "interruption not reported: $(cat "$W/term.err")"
[ -e "$W/term" ] && fail "output directory written after SIGTERM: $(ls -A "$W/term" | head -3)"
ls -a "$W" | grep -q '^\.term\.' && fail "left behind after SIGTERM: $(ls -a "$W" | grep '^\.term\.')"

# 7. The fan chart.
if command -v gnuplot > /dev/null 2>&1; then
  "$DCB" plot "$W/j1" > "$W/plot.out" 2>&1 || fail "plot failed: $(cat "$W/plot.out")"
  [ -s "$W/j1/figures/fan.png" ] || fail "no figures/fan.png"
fi
echo "e2e_replications: ok"
