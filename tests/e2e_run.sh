#!/bin/sh
# e2e_run.sh - `dcbuildout run` end to end: the trace contract, byte-identical reruns, seeds,
# run.ini reproducing the run, usage errors, and the invariants of the default Hauts-de-France
# run (served <= demand and <= operating, no negative stock, cumulative = running sum of
# operational + embodied, sites adding up to the region).
# Environment (set by ctest): DCB (binary), DCB_SRC (source dir), DCB_SANITIZE (ON under ASan).
set -u
: "${DCB:?}" "${DCB_SRC:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/dcb-e2e-run-XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
ok() { printf 'ok   %s\n' "$1"; }
ko() { printf 'FAIL %s\n' "$1"; fails=$((fails + 1)); }
cfg=""
[ "${DCB_SANITIZE:-OFF}" = ON ] && cfg="--cfg=contexts/factory:thread"
tiny="$DCB_SRC/tests/data/tiny.ini"
hdf="$DCB_SRC/workloads/hauts-de-france.ini"

# 1. The contract: every file, every column of DESIGN §5.
"$DCB" run "$tiny" --out "$work/a" -q $cfg || ko "run tiny"
for f in yearly.csv sites.csv substations.csv events.csv corridors.csv run.ini; do
  [ -s "$work/a/$f" ] && ok "wrote $f" || ko "wrote $f"
done
header=$(grep -v '^#' "$work/a/yearly.csv" | head -1)
for c in year demand_mw operating_mw served_mw unmet_mw under_construction_mw stranded_mw \
  pipeline_mw grid_queue_mw headroom_mw it_energy_gwh facility_energy_gwh op_emissions_t \
  embodied_emissions_t cumulative_emissions_t compute_eflops capex_meur; do
  echo ",$header," | grep -q ",$c," || ko "yearly.csv column $c"
done
grep -v '^#' "$work/a/sites.csv" | head -1 | grep -q '^year,site,substation,operating_mw,stranded_mw,' ||
  ko "sites.csv header"
grep -v '^#' "$work/a/events.csv" | head -1 | grep -qx 'time,event,project,site,substation,mw' ||
  ko "events.csv header"
grep -v '^#' "$work/a/corridors.csv" | grep -qx 'year,corridor,cap_mw,used_mw' ||
  ko "corridors.csv: its header alone without a corridor"
grep -q '^# simgrid: 3\.32' "$work/a/yearly.csv" && grep -q '^# scenario_sha256: [0-9a-f]\{64\}' \
  "$work/a/yearly.csv" && grep -q '^# seed: 7$' "$work/a/yearly.csv" && ok "provenance lines" ||
  ko "provenance lines"
[ -z "$(find "$work/a" -name '*.tmp' -o -name '.goutputstream*')" ] && ok "no temporary files" ||
  ko "temporary files left"

# 2. Same inputs and seed: byte-identical; another seed: other draws.
unc="--set project:one.permit_years=tri(0.5,1,2) --set project:one.phase_years=uniform(0.8,1.6)"
"$DCB" run "$tiny" $unc --out "$work/b1" -q $cfg && "$DCB" run "$tiny" $unc --out "$work/b2" -q $cfg ||
  ko "run with distributions"
same=1
for f in yearly.csv sites.csv substations.csv events.csv corridors.csv run.ini; do
  cmp -s "$work/b1/$f" "$work/b2/$f" || same=0
done
[ $same = 1 ] && ok "byte-identical rerun" || ko "byte-identical rerun"
"$DCB" run "$tiny" $unc --seed 8 --out "$work/b3" -q $cfg || ko "run --seed 8"
cmp -s "$work/b1/events.csv" "$work/b3/events.csv" && ko "another seed, other draws" ||
  ok "another seed, other draws"

# 3. run.ini reproduces the run (data lines identical; provenance names another file).
"$DCB" run "$work/b1/run.ini" --out "$work/b4" -q $cfg || ko "run run.ini"
grep -v '^#' "$work/b1/yearly.csv" >"$work/y1"
grep -v '^#' "$work/b4/yearly.csv" >"$work/y4"
cmp -s "$work/y1" "$work/y4" && ok "run.ini reproduces the run" || ko "run.ini reproduces the run"

# 4. Usage and input errors: exit 2, one line, nothing written.
"$DCB" run >/dev/null 2>&1
[ $? = 2 ] && ok "no scenario: exit 2" || ko "no scenario: exit 2"
"$DCB" run "$work/none.ini" --out "$work/c" >/dev/null 2>"$work/err"
[ $? = 2 ] && [ "$(wc -l <"$work/err")" = 1 ] && [ ! -e "$work/c" ] && ok "missing file: exit 2" ||
  ko "missing file: exit 2"
"$DCB" run "$tiny" --set grid.crews=0 --out "$work/c" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q 'crews' "$work/err" && [ ! -e "$work/c" ] && ok "bad override: exit 2" ||
  ko "bad override: exit 2"

"$DCB" run "$tiny" --cfg=no/such:option --out "$work/c" >/dev/null 2>"$work/err"
[ $? = 2 ] && [ "$(wc -l <"$work/err")" = 1 ] && grep -q 'Bad config key' "$work/err" &&
  [ ! -e "$work/c" ] && ok "unknown SimGrid option: exit 2" || ko "unknown SimGrid option: exit 2"

# 5. Invariants of the default region.
if [ -f "$hdf" ]; then
  "$DCB" run "$hdf" --out "$work/hdf" -q $cfg || ko "run hauts-de-france"
  awk -F, '
    /^#/ { next }
    !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    {
      d = $c["demand_mw"]; o = $c["operating_mw"]; s = $c["served_mw"]
      if (s > d + 1e-6 || s > o + 1e-6) { print "served > demand or operating in " $1; bad++ }
      if (d - s - $c["unmet_mw"] > 1e-6 || d - s - $c["unmet_mw"] < -1e-6) { print "unmet in " $1; bad++ }
      split("operating_mw under_construction_mw stranded_mw pipeline_mw grid_queue_mw headroom_mw it_energy_gwh op_emissions_t embodied_emissions_t capex_meur", k, " ")
      for (j in k) if ($c[k[j]] < -1e-6) { print k[j] " < 0 in " $1; bad++ }
      sum += $c["op_emissions_t"] + $c["embodied_emissions_t"]
      if ((sum - $c["cumulative_emissions_t"]) ^ 2 > (1e-6 * sum) ^ 2 + 1e-6) { print "cumulative in " $1; bad++ }
      if ($c["facility_energy_gwh"] < $c["it_energy_gwh"] - 1e-9) { print "facility < IT in " $1; bad++ }
      op[$1] = o; en[$1] = $c["facility_energy_gwh"]; em[$1] = $c["embodied_emissions_t"]; st[$1] = $c["stranded_mw"]
      n++
    }
    END {
      while ((getline line < site_file) > 0) {
        if (line ~ /^#/) continue
        m = split(line, f, ",")
        if (!sh) { for (i = 1; i <= m; i++) sc[f[i]] = i; sh = 1; continue }
        so[f[1]] += f[sc["operating_mw"]]; se[f[1]] += f[sc["facility_energy_gwh"]]
        sm[f[1]] += f[sc["embodied_emissions_t"]]; ss[f[1]] += f[sc["stranded_mw"]]
      }
      for (y in op) {
        if ((so[y] - op[y]) ^ 2 > 1e-6 || (ss[y] - st[y]) ^ 2 > 1e-6) { print "sites MW != region in " y; bad++ }
        if ((se[y] - en[y]) ^ 2 > (1e-6 * en[y]) ^ 2 + 1e-6) { print "sites energy != region in " y; bad++ }
        if ((sm[y] - em[y]) ^ 2 > (1e-6 * em[y]) ^ 2 + 1e-6) { print "sites embodied != region in " y; bad++ }
      }
      print n " years checked"
      exit bad > 0
    }' site_file="$work/hdf/sites.csv" "$work/hdf/yearly.csv" && ok "default-run invariants" ||
    ko "default-run invariants"
  "$DCB" run "$hdf" --out "$work/hdf2" -q $cfg
  cmp -s "$work/hdf/yearly.csv" "$work/hdf2/yearly.csv" && cmp -s "$work/hdf/events.csv" \
    "$work/hdf2/events.csv" && ok "default run byte-identical" || ko "default run byte-identical"
else
  ko "workloads/hauts-de-france.ini missing"
fi

echo "$fails failure(s)"
[ $fails = 0 ]
