#!/bin/sh
# make_layer3.sh - writes tests/data/run-layer3 and tests/data/mc-layer3, the hand-built runs of
# the jobs and resources figure (rule 26), from tests/data/run-layer2 (see README.md here).
#
# run-layer3 is run-layer2 (its events, sites, substations and corridor unchanged) with the six
# columns of rule 26 appended to yearly.csv after the second layer's, derived with awk from the
# columns already there (the fixture's own assumptions, not the model's):
#   construction_jobs       = under_construction_mw x 3            ([jobs] construction_per_mw)
#   operations_jobs         = operating_mw x 0.5                   ([jobs] operations_per_mw)
#   water_m3                = it_energy_gwh x 1e6 kWh/GWh x 0.2 L/kWh / 1000 L/m3 = it x 200
#   heat_reused_gwh         = it_energy_gwh x 0.1                  (every site on a heat network)
#   op_emissions_marginal_t = (facility - onsite energy) x 300 t/GWh + onsite energy x 30 t/GWh
#                             (the fixture's op_emissions_t counts all energy at 30 t/GWh)
#   facility_power_mw       = operating_mw x 0.5 (load) x 1.25 (PUE), ramps ignored
# and run.ini declares [hardware] precision = bf16 (the compute label's test).
# mc-layer3 is a Monte Carlo directory whose quantiles.csv holds, for every yearly column of
# run-layer3 and every year, mean = p50 = v, p05 = 0.6 v, p25 = 0.8 v, p75 = 1.2 v, p95 = 1.5 v.
#     sh tests/data/run-layer3/make_layer3.sh            # rewrites run-layer3/ and mc-layer3/
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
L2="$HERE/../run-layer2"
MC="$HERE/../mc-layer3"
for f in events.csv sites.csv substations.csv corridors.csv; do
  sed 's|^# scenario: tests/data/run-layer2 (hand-built)|# scenario: tests/data/run-layer3 (hand-built)|' \
    "$L2/$f" >"$HERE/$f"
done
{
  sed -e 's/(the second layer)/(the second layer and rule 26)/' -e 's/^name = layer2-fixture/name = layer3-fixture/' \
    "$L2/run.ini"
  printf '\n[hardware]\nprecision = bf16\n\n[jobs]\nconstruction_per_mw = 3\noperations_per_mw = 0.5\n'
  printf '\n[operation]\nwue_l_per_kwh = 0.2\n\n[heat]\nreuse_share = 0.1\n\n[carbon]\nmarginal_g_per_kwh = 300\n'
} >"$HERE/run.ini"
awk 'BEGIN { FS = OFS = "," }
  /^# scenario:/ { print "# scenario: tests/data/run-layer3 (hand-built)"; next }
  /^#/ { print; next }
  !h { h = 1; for (i = 1; i <= NF; i++) c[$i] = i
       print $0, "construction_jobs,operations_jobs,water_m3,heat_reused_gwh,op_emissions_marginal_t,facility_power_mw"
       next }
  { it = $c["it_energy_gwh"]; fac = $c["facility_energy_gwh"]; on = $c["onsite_energy_gwh"]
    print $0, $c["under_construction_mw"] * 3, $c["operating_mw"] * 0.5, it * 200, it * 0.1,
          (fac - on) * 300 + on * 30, $c["operating_mw"] * 0.625 }' \
  OFMT='%.10g' CONVFMT='%.10g' "$L2/yearly.csv" >"$HERE/yearly.csv"

mkdir -p "$MC"
prov='# program: dcbuildout 0.1.0
# simgrid: 3.32
# scenario: tests/data/mc-layer3 (hand-built)
# seed: 3
# replications: 20 (seed of replication r: splitmix64 of seed, r)'
{
  echo "# run.ini - the effective scenario of this Monte Carlo run (hand-built fixture)"
  echo "$prov"
  grep -v '^#' "$HERE/run.ini" | sed 's/^name = layer3-fixture/name = layer3-mc-fixture/'
} >"$MC/run.ini"
{
  echo "$prov"
  echo "year,metric,mean,p05,p25,p50,p75,p95"
  awk 'BEGIN { FS = OFS = "," }
    /^#/ { next }
    !h { h = 1; n = NF; for (i = 1; i <= NF; i++) name[i] = $i; next }
    { rows++; for (i = 1; i <= n; i++) v[rows, i] = $i }
    END { for (i = 2; i <= n; i++) for (r = 1; r <= rows; r++) { x = v[r, i]
            print v[r, 1], name[i], x, 0.6 * x, 0.8 * x, x, 1.2 * x, 1.5 * x } }' \
    OFMT='%.10g' CONVFMT='%.10g' "$HERE/yearly.csv"
} >"$MC/quantiles.csv"
{
  echo "$prov"
  echo "replication,seed,status,operating_mw@2032"
  echo "0,11,ok,330"
  echo "1,12,ok,550"
  echo "2,13,ok,825"
} >"$MC/replications.csv"
