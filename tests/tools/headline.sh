#!/bin/sh
# headline.sh - the figures the README's "What the default run says" rests on, from a Monte Carlo
# run directory written with --keep-traces:
#
#   dcbuildout run workloads/hauts-de-france.ini --replications 1000 --jobs 2 --keep-traces --out DIR
#   sh tests/tools/headline.sh DIR [ANNOUNCED_BY]
#
# Prints, each as p05 / p50 / p95 over the replications unless said:
#   - operating, stranded, waiting for the grid, unmet and leaked MW in 2030, 2035, 2040, 2050,
#     2060 (quantiles.csv), and the largest median and p95 of stranded_mw over the years;
#   - the outcomes of rule 26 in the same years, when the run has them: facility energy,
#     attributional and consequential operational CO2, cumulative CO2, construction and
#     operations jobs, water and heat reused;
#   - how long built phases stay dark: each phase_built is paired with the energized events of
#     its project (MW taken in build order), its wait = energized - built; the share of built
#     phases that wait more than 0.01, 1, 2 and 5 years, and the longest wait;
#   - the share of the capacity announced by ANNOUNCED_BY (decimal year, default 2026.2) that is
#     energized by the end of 2030: projects whose `announced` event falls in the simulated time
#     up to ANNOUNCED_BY (known projects; existing campuses have none), their announced MW against
#     the MW of their energized events before 2031 (a relocated project counts at its new site).
# Columns and events are found by header name; nothing is assumed about their order.
set -eu
dir=${1:?usage: headline.sh MC_DIR [ANNOUNCED_BY]}
by=${2:-2026.2}
[ -f "$dir/quantiles.csv" ] || { echo "$dir: no quantiles.csv (a Monte Carlo run?)" >&2; exit 2; }
ls "$dir"/rep-*/events.csv >/dev/null 2>&1 ||
  { echo "$dir: no rep-*/events.csv (run with --keep-traces)" >&2; exit 2; }

echo "replications: $(ls -d "$dir"/rep-* | wc -l)"
grep -v '^#' "$dir/quantiles.csv" | awk -F, '
  NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  { y = $c["year"]; m = $c["metric"] }
  m == "stranded_mw" { if ($c["p50"] + 0 > smed) { smed = $c["p50"] + 0; smy = y }
                       if ($c["p95"] + 0 > s95) { s95 = $c["p95"] + 0; s95y = y } }
  (y == 2030 || y == 2035 || y == 2040 || y == 2050 || y == 2060) &&
  (m == "operating_mw" || m == "stranded_mw" || m == "waiting_grid_mw" || m == "unmet_mw" ||
   m == "leaked_mw" || m == "demand_mw" || m == "onsite_mw" || m == "facility_energy_gwh" ||
   m == "op_emissions_t" || m == "op_emissions_marginal_t" || m == "cumulative_emissions_t" ||
   m == "construction_jobs" || m == "operations_jobs" || m == "water_m3" ||
   m == "heat_reused_gwh" || m == "facility_power_mw") {
    printf "%-24s %d  %10.0f / %10.0f / %10.0f\n", m, y, $c["p05"], $c["p50"], $c["p95"] }
  END { printf "stranded_mw: largest median %.0f MW (%d), largest p95 %.0f MW (%d)\n", smed, smy, s95, s95y }'

# Phase waits and the announced share, one awk pass per replication's events.csv.
for f in "$dir"/rep-*/events.csv; do
  grep -v '^#' "$f" | awk -F, -v by="$by" '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { t = $c["time"] + 0; e = $c["event"]; p = $c["project"]; mw = $c["mw"] + 0 }
    e == "announced" && t <= by + 1e-9 && !(p in ann) { ann[p] = mw; annmw += mw }
    e == "relocated" && (p in ann) { annmw += mw - ann[p]; ann[p] = mw }
    e == "cancelled" && (p in ann) && !(p in gone) { gone[p] = 1 }
    e == "phase_built" { n[p]++; bt[p, n[p]] = t; left[p, n[p]] = mw; built++ }
    e == "energized" {
      if ((p in ann) && t < 2031 - 1e-9) en2030 += mw
      while (mw > 1e-9 && done[p] < n[p]) {
        i = done[p] + 1; take = (mw < left[p, i]) ? mw : left[p, i]
        left[p, i] -= take; mw -= take
        if (left[p, i] <= 1e-9) { w = t - bt[p, i]; done[p] = i; nw++
          if (w > 0.01) w0++; if (w > 1 + 1e-9) w1++; if (w > 2 + 1e-9) w2++; if (w > 5 + 1e-9) w5++
          if (w > wmax) wmax = w } } }
    END { printf "%d %d %d %d %d %d %.4f %.4f %.4f %.6f\n", built, nw, w0, w1, w2, w5, wmax, annmw,
                 en2030, (annmw > 0) ? en2030 / annmw : 0 }'
done | sort -k10 -g | awk '
  { b += $1; e += $2; w0 += $3; w1 += $4; w2 += $5; w5 += $6; if ($7 > wmax) wmax = $7
    share[NR] = $10; n = NR }
  END {
    printf "built phases: %d over the replications, %d energized by the end of the rows\n", b, e
    printf "  waiting for power > 0.01 y: %.1f %%, > 1 y: %.1f %%, > 2 y: %.1f %%, > 5 y: %.1f %%; longest %.2f y\n",
      100 * w0 / b, 100 * w1 / b, 100 * w2 / b, 100 * w5 / b, wmax
    printf "announced by the cut-off, energized by 2030: %.0f / %.0f / %.0f %% (p05 / p50 / p95)\n",
      100 * share[int(0.05 * (n - 1)) + 1], 100 * share[int(0.5 * (n - 1)) + 1], 100 * share[int(0.95 * (n - 1)) + 1]
  }'
