#!/bin/sh
# e2e_uncertain.sh - DESIGN §2.2 rule 25 through the real binary: inputs given as distributions
# are drawn once per run (per replication), from their own streams, and the run uses that number
# throughout.
#
# The scenario is tests/data/tiny.ini (it_mw = 150, start_year 2025) with
#   demand.share  = uniform(0.2,0.4)                   mean 0.3, sd 0.2/sqrt(12) = 0.0577350
#   demand.growth = tri(0.05,0.1,0.3)@2025, 0.1@2030   point 2025: mean (0.05+0.1+0.3)/3 = 0.15,
#                   variance (a²+b²+c²-ab-ac-bc)/18 = 0.0525/18, sd 0.0540062
#   1. sampling, N = 2000 replications: the mean of each drawn column of replications.csv is
#      within 3 standard errors of its distribution's mean (share: 3 x 0.0577350/sqrt(2000) =
#      0.003873; growth@2025: 3 x 0.0540062/sqrt(2000) = 0.003623); the share's sample sd is
#      within 0.0017 of 0.0577350 (3 x the sd of a sample sd, sigma x sqrt((kurtosis - 1)/(4N))
#      with kurtosis 1.8 for a uniform: 0.0577350 x sqrt(0.8/8000) = 0.000577); every draw lies
#      inside its bounds;
#   2. outputs consistent with the draws: demand is linear in the share, so quantiles.csv's mean
#      demand_mw in 2025 is 150 x mean(share) and in 2026 150 x mean(share x (1 + growth@2025))
#      (rule 1: demand(2026) = demand(2025) x (1 + growth(2025))), computed from
#      replications.csv; per replication (20 kept traces), rep-NNNN/yearly.csv's demand_mw in
#      2025 and 2026 are the same products of that replication's drawn values;
#   3. --jobs 1 and --jobs 2 give byte-identical replications.csv and quantiles.csv (N = 200);
#   4. a single run: run.ini keeps the distribution text and lists "# drawn NAME = VALUE"; the
#      run with --set NAME=VALUE for each drawn value writes the same data rows (the run used
#      those numbers throughout); check lists the uncertain inputs and their count;
#   5. a planned work's ready (workloads/hauts-de-france.ini): run.ini's drawn value is the date
#      of the work's reinforcement_done event (events.csv, 4 decimals).
# Env (from CTest): DCB (binary), DCB_SRC (source dir), DCB_SANITIZE (ON under ASan).
set -eu
: "${DCB:?set DCB to the dcbuildout binary}"
: "${DCB_SRC:?set DCB_SRC to the source directory}"
SG=""
if [ "${DCB_SANITIZE:-OFF}" = "ON" ]; then SG="--cfg=contexts/factory:thread"; fi
W="$(mktemp -d "${TMPDIR:-/tmp}/dcb-e2e-unc.XXXXXX")"
trap 'rm -rf "$W"' EXIT
SC="$DCB_SRC/tests/data/tiny.ini"
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok   $*"; }
data() { grep -v '^#' "$1"; }
SHARE='demand.share=uniform(0.2,0.4)'
GROWTH='demand.growth=tri(0.05,0.1,0.3)@2025, 0.1@2030'
mc() { "$DCB" run "$SC" $SG --set "$SHARE" --set "$GROWTH" -q "$@"; }
# col FILE NAME: the column number of NAME in FILE's header line.
col() { data "$1" | head -1 | tr ',' '\n' | grep -n "^$2\$" | cut -d: -f1; }

# 1. Sampling.
N=2000
mc --out "$W/big" -n $N -j 2 || fail "Monte Carlo of $N exited $?"
R="$W/big/replications.csv"
cs=$(col "$R" demand.share)
cg=$(col "$R" 'demand.growth@2025')
[ -n "$cs" ] && [ -n "$cg" ] || fail "replications.csv lacks demand.share or demand.growth@2025"
# The drawn columns sit after status, before the headline outcomes (replicate.c).
[ "$(data "$R" | head -1 | cut -d, -f1-5)" = "replication,seed,status,demand.growth@2025,demand.share" ] ||
  fail "unexpected header: $(data "$R" | head -1)"
data "$R" | awk -F, -v s="$cs" -v g="$cg" -v n=$N 'NR > 1 {
    k++; a += $s; a2 += $s * $s; b += $g
    if ($s < 0.2 || $s > 0.4 || $g < 0.05 || $g > 0.3) bad++
  }
  END {
    ma = a / k; sd = sqrt((a2 - k * ma * ma) / (k - 1)); mb = b / k
    printf "share mean %.5f sd %.5f, growth@2025 mean %.5f over %d\n", ma, sd, mb, k
    if (k != n || bad) exit 1
    if (ma < 0.3 - 0.003873 || ma > 0.3 + 0.003873) exit 2
    if (sd < 0.0577350 - 0.0017 || sd > 0.0577350 + 0.0017) exit 3
    if (mb < 0.15 - 0.003623 || mb > 0.15 + 0.003623) exit 4
  }' || fail "sampling check failed (awk status $?)"
ok "1. $N draws of uniform(0.2,0.4) and tri(0.05,0.1,0.3): means and sd within their bands"

# 2. Outputs consistent with the draws.
Q="$W/big/quantiles.csv"
want=$(data "$R" | awk -F, -v s="$cs" -v g="$cg" 'NR > 1 { k++; a += 150 * $s; b += 150 * $s * (1 + $g) }
  END { printf "%.10g %.10g\n", a / k, b / k }')
got=$(data "$Q" | awk -F, '$2 == "demand_mw" && ($1 == 2025 || $1 == 2026) { printf "%s ", $3 }')
echo "$want $got" | awk '{ for (i = 1; i <= 2; i++) if ($i - $(i + 2) > 1e-6 * $i || $(i + 2) - $i > 1e-6 * $i) exit 1 }' ||
  fail "mean demand_mw 2025/2026 in quantiles.csv ($got) is not 150 x the drawn values ($want)"
ok "2a. quantiles.csv mean demand_mw 2025, 2026 = 150 x mean(share), 150 x mean(share x (1 + growth)): $want"
mc --out "$W/kept" -n 20 -j 2 --keep-traces || fail "Monte Carlo with --keep-traces exited $?"
K="$W/kept/replications.csv"
data "$K" | awk -F, -v s="$cs" -v g="$cg" 'NR > 1 { printf "%04d %s %s\n", $1, $s, $g }' |
  while read -r r share growth; do
    y="$W/kept/rep-$r/yearly.csv"
    d=$(data "$y" | awk -F, '$1 == 2025 || $1 == 2026 { printf "%s ", $2 }')
    echo "$share $growth $d" | awk '{ w1 = 150 * $1; w2 = w1 * (1 + $2)
        if ($3 - w1 > 1e-8 * w1 || w1 - $3 > 1e-8 * w1 || $4 - w2 > 1e-8 * w2 || w2 - $4 > 1e-8 * w2) exit 1 }' ||
      fail "replication $r: demand_mw $d is not 150 x $share (x (1 + $growth))"
  done
ok "2b. 20 replications: demand_mw in 2025 and 2026 follow each replication's drawn values"

# 3. --jobs invariance.
mc --out "$W/j1" -n 200 -j 1 || fail "run -j 1 exited $?"
mc --out "$W/j2" -n 200 -j 2 || fail "run -j 2 exited $?"
for f in replications.csv quantiles.csv; do
  cmp -s "$W/j1/$f" "$W/j2/$f" || fail "$f differs between --jobs 1 and --jobs 2"
done
ok "3. --jobs 1 and 2: identical replications.csv and quantiles.csv (with drawn inputs)"

# 4. A single run and its replay with the drawn numbers.
mc --out "$W/one" --seed 5 || fail "single run exited $?"
I="$W/one/run.ini"
grep -qxE 'share ?= ?uniform\(0\.2,0\.4\)' "$I" || fail "run.ini does not keep the distribution"
[ "$(grep -c '^# drawn ' "$I")" -eq 2 ] || fail "run.ini lists $(grep -c '^# drawn ' "$I") draws, expected 2"
vs=$(sed -n 's/^# drawn demand\.share = //p' "$I")
vg=$(sed -n 's/^# drawn demand\.growth@2025 = //p' "$I")
"$DCB" run "$SC" $SG --set "demand.share=$vs" --set "demand.growth=$vg@2025, 0.1@2030" --seed 5 \
  --out "$W/replay" -q || fail "replay exited $?"
for f in yearly.csv sites.csv substations.csv events.csv; do
  [ "$(data "$W/one/$f" | sha256sum)" = "$(data "$W/replay/$f" | sha256sum)" ] ||
    fail "$f of the replay with share = $vs, growth = $vg differs"
done
ok "4a. single run: run.ini lists share = $vs, growth@2025 = $vg; the replay with them is identical"
"$DCB" check "$SC" --set "$SHARE" --set "$GROWTH" >"$W/check.out" 2>/dev/null || fail "check exited $?"
grep -q '^uncertain inputs (.*: 2)$' "$W/check.out" || fail "check does not count 2 uncertain inputs"
grep -q '^  demand.share  *uniform(0.2,0.4)  *central 0.3$' "$W/check.out" ||
  fail "check does not list demand.share"
ok "4b. check lists the 2 uncertain inputs"

# 5. A planned work's ready: the drawn value is the date the engine played.
"$DCB" run "$DCB_SRC/workloads/hauts-de-france.ini" $SG --seed 3 --out "$W/hdf" -q || fail "hdf run exited $?"
ready=$(sed -n 's/^# drawn reinforcement:flandre-maritime-stage1\.ready = //p' "$W/hdf/run.ini")
[ -n "$ready" ] || fail "run.ini does not list reinforcement:flandre-maritime-stage1.ready"
want=$(printf '%.4f' "$ready")
data "$W/hdf/events.csv" | grep -q "^$want,reinforcement_done,flandre-maritime-stage1," ||
  fail "no reinforcement_done of flandre-maritime-stage1 at $want"
ok "5. planned work's ready drawn $ready: reinforcement_done at $want"

# 6. drivers.csv (DESIGN §5): partial rank correlations of the drawn inputs.  tiny.ini with the
# share and the growth point drawn: cumulative CO2 grows with both (more demand, more halls
# fitted, more energy), so both rank with a positive coefficient and their shares add up to 1;
# without a distribution no drivers.csv is written.  On the default region the share of new
# build decides 2035 capacity (README, "What the default run says"): it ranks first, positive.
mc --replications 200 --jobs 2 --out "$W/drv" || fail "drivers run exited $?"
end=$(data "$W/drv/quantiles.csv" | awk -F, 'NR > 1 { y = $1 } END { print y }')
rows=$(data "$W/drv/drivers.csv" | awk -F, -v o="cumulative_emissions_t@$end" '$1 == o')
[ "$(printf '%s\n' "$rows" | grep -c .)" -eq 2 ] || fail "drivers.csv: not 2 rows for cumulative CO2: $rows"
printf '%s\n' "$rows" | awk -F, '$3 <= 0 { exit 1 } { s += $4 } END { if (s < 1 - 1e-9 || s > 1 + 1e-9) exit 1 }' ||
  fail "drivers.csv: coefficients not positive or shares not summing to 1: $rows"
"$DCB" run "$SC" $SG --replications 20 --out "$W/nodrv" -q || fail "plain MC exited $?"
[ ! -e "$W/nodrv/drivers.csv" ] || fail "drivers.csv written without drawn inputs"
"$DCB" run "$DCB_SRC/workloads/hauts-de-france.ini" $SG --replications 100 --jobs 2 --out "$W/hdfdrv" -q ||
  fail "hdf Monte Carlo exited $?"
top=$(data "$W/hdfdrv/drivers.csv" | awk -F, '$1 == "operating_mw@2035" { print $2 "," $3; exit }')
case "$top" in demand.share@2035,0.*) ;; *) fail "operating_mw@2035's first driver: '$top'" ;; esac
if command -v gnuplot >/dev/null 2>&1; then
  "$DCB" plot "$W/hdfdrv" >"$W/plot.out" 2>&1 || fail "plot of the Monte Carlo: $(cat "$W/plot.out")"
  [ -s "$W/hdfdrv/figures/drivers.png" ] || fail "no drivers.png: $(cat "$W/plot.out")"
  # one drawn input: each outcome ranks a single bar (gnuplot 5.4 crashed on a labels plot with
  # no defined point in a one-row table; drivers.gp draws only the labels of the bars' signs)
  "$DCB" run "$DCB_SRC/tests/data/tiny.ini" $SG --set "operation.pue=tri(1.1,1.2,1.4)" -n 20 \
    --out "$W/one" -q || fail "Monte Carlo with one drawn input"
  "$DCB" plot "$W/one" >"$W/plot1.out" 2>&1 || fail "plot with one drawn input: $(cat "$W/plot1.out")"
  [ -s "$W/one/figures/drivers.png" ] || fail "no drivers.png with one drawn input"
fi
ok "6. drivers.csv: cumulative CO2 driven by share and growth (shares sum to 1); default region: $top; its tornado drawn"
