#!/bin/sh
# e2e_hindcast.sh - the hindcast cases of workloads/hindcast/ (issue 15), through the real binary:
#   - `check` accepts each case (exit 0);
#   - a Monte Carlo of each case (40 replications, the case's seed) copies observed.csv into its
#     run directory byte for byte, and so does a single run; `plot` draws figures/hindcast.png
#     from both (a PNG file);
#   - the agreement each case README states, read from quantiles.csv with awk: the model at an
#     observation's year is quantiles.csv's p50 interpolated linearly between the rows around it
#     (observed.csv writes a mid-year figure Y - 0.5);
#   - the signature each case is about (growth continuing after the pause from projects already
#     granted, then slowing; the allocation's ceiling; leakage appearing only when the region is
#     closed; built halls waiting for power briefly, not for decades).
# Environment (set by CTest): DCB = the dcbuildout binary, DCB_SRC = the source directory.
set -u
: "${DCB:?set DCB to the dcbuildout binary}"
: "${DCB_SRC:?set DCB_SRC to the source directory}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dcb-hindcast-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0
fail() {
  failed=$((failed + 1))
  echo "FAIL: $*"
}
ok() { echo "ok   $*"; }
# within TEXT P50 LO HI FAILS: "ok TEXT" when LO <= P50 <= HI, else "FAIL: TEXT (tolerance
# [LO, HI])" and a line in the file FAILS (the checks run in a pipeline's subshell, which cannot
# count into $failed)
within() {
  if cmp_num "$2" ">=" "$3" && cmp_num "$2" "<=" "$4"; then
    echo "ok   $1"
  else
    echo "FAIL: $1 (tolerance [$3, $4])"
    echo x >>"$5"
  fi
}
# okif MARK TEXT: "ok TEXT" when no check failed since MARK=$failed was taken (a loop of checks)
okif() { [ "$failed" -eq "$1" ] && ok "$2"; }
cases="$DCB_SRC/workloads/hindcast"

# q DIR METRIC YEAR COL: column COL (p05 p50 p95 ...) of METRIC at YEAR of DIR/quantiles.csv,
# interpolated linearly between the rows floor(YEAR) and floor(YEAR) + 1.
q() {
  awk -F, -v m="$2" -v y="$3" -v c="$4" '
    /^#/ { next }
    !h { for (i = 1; i <= NF; i++) col[$i] = i; h = 1; next }
    $2 == m { v[$1 + 0] = $(col[c]) + 0 }
    END { y0 = int(y); f = y - y0; if (f == 0) print v[y0]; else print v[y0] + f * (v[y0 + 1] - v[y0]) }
  ' "$1/quantiles.csv"
}
# cmp_num A OP B: awk's numeric comparison (exit 0 when "A OP B" holds).
cmp_num() { awk -v a="$1" -v b="$3" "BEGIN { exit !(a $2 b) }"; }

for c in singapore northern-virginia ireland; do
  ini="$cases/$c/$c.ini"
  if "$DCB" check "$ini" >"$tmp/check.out" 2>&1; then ok "check $c"; else
    fail "check $c"
    sed 's/^/    /' "$tmp/check.out"
  fi
  if "$DCB" run "$ini" --replications 40 --jobs 2 --out "$tmp/$c-mc" >/dev/null 2>"$tmp/err"; then
    ok "Monte Carlo of $c"
  else
    fail "Monte Carlo of $c"
    sed 's/^/    /' "$tmp/err"
    continue
  fi
  "$DCB" run "$ini" --out "$tmp/$c-run" >/dev/null 2>"$tmp/err" || fail "single run of $c"
  for d in "$c-mc" "$c-run"; do
    cmp -s "$cases/$c/observed.csv" "$tmp/$d/observed.csv" && ok "$d: observed.csv copied" ||
      fail "$d: observed.csv not copied"
    if command -v gnuplot >/dev/null 2>&1; then
      "$DCB" plot "$tmp/$d" >"$tmp/plot.out" 2>"$tmp/err" || fail "$d: plot failed: $(head -3 "$tmp/err")"
      if [ -s "$tmp/$d/figures/hindcast.png" ] &&
        [ "$(head -c 4 "$tmp/$d/figures/hindcast.png" | tail -c 3)" = "PNG" ]; then
        ok "$d: figures/hindcast.png drawn"
      else fail "$d: no figures/hindcast.png"; fi
    fi
  done
done
# A run of a scenario without observed.csv beside it has none (the default region's tiny twin).
"$DCB" run "$DCB_SRC/tests/data/tiny.ini" --out "$tmp/tiny" >/dev/null 2>&1 || fail "run tiny"
[ ! -e "$tmp/tiny/observed.csv" ] && ok "no observed.csv without one beside the scenario" ||
  fail "tiny run has an observed.csv"

# --- Singapore (README: operating within +-20 % of the median; leaked and energy within a
# factor 2; the State's allocation as a ceiling; growth through the pause, then flat; leakage only
# from the pause on).
sg="$tmp/singapore-mc"
if [ -f "$sg/quantiles.csv" ]; then
  # every observation of observed.csv against its tolerance
  awk -F, '/^#/ { next } !h { h = 1; next } { print $1, $2, $3 }' "$cases/singapore/observed.csv" |
    while read -r y m v; do
      p50=$(q "$sg" "$m" "$y" p50)
      case $m in
      operating_mw) lo=$(awk -v v="$v" 'BEGIN { print v / 1.2 }') hi=$(awk -v v="$v" 'BEGIN { print v / 0.8 }') ;;
      *) lo=$(awk -v v="$v" 'BEGIN { print v / 2 }') hi=$(awk -v v="$v" 'BEGIN { print v * 2 }') ;;
      esac
      # obs within +-20 % of p50 <=> p50 in [obs / 1.2, obs / 0.8]; a factor 2: p50 in [obs/2, 2 obs]
      within "singapore $m $y: observed $v, model median $p50" "$p50" "$lo" "$hi" "$tmp/sg-fail"
    done
  [ -f "$tmp/sg-fail" ] && failed=$((failed + $(wc -l <"$tmp/sg-fail")))
  # Ceiling: the corridor caps grants since 2016 at 1104 grid MW from 2023 (1000 before);
  # 1104 / 1.3 = 849.2 IT MW, i.e. 53 whole 16 MW halls = 848 MW, + the 240 MW fleet = 1088.
  mark=$failed
  for y in 2016 2017 2018 2019 2020 2021 2022 2023 2024 2025; do
    p95=$(q "$sg" operating_mw "$y" p95)
    cmp_num "$p95" "<=" 1088 || fail "singapore operating_mw p95 $y = $p95 above the allocation's 1088"
  done
  okif "$mark" "singapore: operating never above the allocation (240 + 848 = 1088 MW)"
  # Growth through the pause from projects granted before 2019, then flat once they are built.
  a=$(q "$sg" operating_mw 2018 p50) b=$(q "$sg" operating_mw 2021 p50) e=$(q "$sg" operating_mw 2025 p50)
  f=$(q "$sg" operating_mw 2022 p50)
  cmp_num "$b" ">=" "$(awk -v a="$a" 'BEGIN { print a + 200 }')" &&
    ok "singapore: +200 MW or more during the pause ($a -> $b)" ||
    fail "singapore: growth during the pause $a -> $b"
  cmp_num "$(awk -v e="$e" -v f="$f" 'BEGIN { print e - f }')" "<" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN { print 0.25 * (b - a) }')" &&
    ok "singapore: 2022-2025 growth under a quarter of 2018-2021's" ||
    fail "singapore: no slowing after the pause ($f -> $e vs $a -> $b)"
  # Leakage: none before the pause (nothing waits before 2019: demand to 2020 is 768 MW above the
  # fleet, which the 1000 grid MW of approvals cover), some by 2021.
  l18=$(q "$sg" leaked_mw 2018 p95) l21=$(q "$sg" leaked_mw 2021 p50)
  cmp_num "$l18" "==" 0 && ok "singapore: nothing leaked before the pause" || fail "singapore: leaked $l18 by 2018"
  cmp_num "$l21" ">" 0 && ok "singapore: leakage by 2021 ($l21 MW)" || fail "singapore: no leakage by 2021"
fi

# --- Northern Virginia (README: the +-20 % tolerance is NOT met: the model starts without the
# pipeline of H1 2020 beyond the 239 MW under construction, and its developers start from
# leasing, so it lags the inventory; the test holds the documented direction, below every
# observation, and the signature: growth after the pause, stranding brief).
nv="$tmp/northern-virginia-mc"
if [ -f "$nv/quantiles.csv" ]; then
  awk -F, '/^#/ { next } !h { h = 1; next } { print $1, $2, $3 }' "$cases/northern-virginia/observed.csv" |
    while read -r y m v; do
      p50=$(q "$nv" "$m" "$y" p50)
      # below the observation, as documented, but not collapsed: at least 0.6 x observed (the
      # first run's gaps are 21-32 %)
      lo=$(awk -v v="$v" 'BEGIN { print 0.6 * v }')
      if cmp_num "$p50" "<" "$v" && cmp_num "$p50" ">=" "$lo"; then
        echo "ok   northern-virginia $m $y: observed $v, model median $p50 (below, as the README says, above 0.6 x)"
      elif cmp_num "$p50" "<" "$lo"; then
        echo "FAIL: northern-virginia $m $y: model median $p50 under 0.6 x the observed $v"
        echo x >>"$tmp/nv-fail"
      else
        echo "FAIL: northern-virginia $m $y: model median $p50 no longer below the observed $v: revise the README"
        echo x >>"$tmp/nv-fail"
      fi
    done
  [ -f "$tmp/nv-fail" ] && failed=$((failed + $(wc -l <"$tmp/nv-fail")))
  o22=$(q "$nv" operating_mw 2022 p50) o23=$(q "$nv" operating_mw 2023 p50) o24=$(q "$nv" operating_mw 2024 p50)
  cmp_num "$o23" ">" "$o22" && cmp_num "$o24" ">" "$o23" &&
    ok "northern-virginia: operating grows after the pause ($o22 -> $o23 -> $o24)" ||
    fail "northern-virginia: no growth after the pause ($o22 $o23 $o24)"
  mark=$failed
  for y in 2020 2021 2022 2023 2024 2025 2026; do
    s=$(q "$nv" stranded_mw "$y" p50) o=$(q "$nv" operating_mw "$y" p50)
    cmp_num "$s" "<=" "$(awk -v o="$o" 'BEGIN { print 0.05 * o }')" ||
      fail "northern-virginia: stranded $s MW in $y, over 5 % of operating $o"
  done
  okif "$mark" "northern-virginia: stranding stays under 5 % of operating every year"
  s25=$(q "$nv" stranded_mw 2025 p50)
  cmp_num "$s25" "==" 0 && ok "northern-virginia: nothing stranded once the 500 kV lines are in (2025)" ||
    fail "northern-virginia: $s25 MW stranded in 2025"
fi

# --- Ireland (README: the CSO's metered energy, which is the grid's, within +-25 % of the model's
# facility energy less its on-site energy; operating within +-20 %; the contract book's ceiling;
# growth after the Dublin halt of 2022 from contracted projects, then slowing; leakage only from
# 2023; on-site power only at Microsoft's Grange Castle campus).
ie="$tmp/ireland-mc"
if [ -f "$ie/quantiles.csv" ]; then
  awk -F, '/^#/ { next } !h { h = 1; next } { print $1, $2, $3 }' "$cases/ireland/observed.csv" |
    while read -r y m v; do
      p50=$(q "$ie" "$m" "$y" p50)
      case $m in
      facility_energy_gwh)
        # metered = facility - on-site (the CSO reads ESB Networks' meters); +-25 %
        p50=$(awk -v a="$p50" -v b="$(q "$ie" onsite_energy_gwh "$y" p50)" 'BEGIN { print a - b }')
        lo=$(awk -v v="$v" 'BEGIN { print v / 1.25 }') hi=$(awk -v v="$v" 'BEGIN { print v / 0.75 }')
        note=" (facility less on-site)" ;;
      *) lo=$(awk -v v="$v" 'BEGIN { print v / 1.2 }') hi=$(awk -v v="$v" 'BEGIN { print v / 0.8 }') note="" ;;
      esac
      within "ireland $m $y: observed $v, model median $p50${note:-}" "$p50" "$lo" "$hi" "$tmp/ie-fail"
    done
  [ -f "$tmp/ie-fail" ] && failed=$((failed + $(wc -l <"$tmp/ie-fail")))
  # metered energy of year Y: facility less on-site, medians
  grid_e() { awk -v a="$(q "$ie" facility_energy_gwh "$1" p50)" -v b="$(q "$ie" onsite_energy_gwh "$1" p50)" 'BEGIN { print a - b }'; }
  e21=$(grid_e 2021) e22=$(grid_e 2022) e23=$(grid_e 2023) e24=$(grid_e 2024)
  o21=$(q "$ie" operating_mw 2021 p50) o24=$(q "$ie" operating_mw 2024 p50)
  # Growth after the halt (no Dublin grant from 2022): what was contracted before it is built.
  cmp_num "$o24" ">" "$o21" && cmp_num "$e24" ">" "$e22" &&
    ok "ireland: growth after the 2022 halt (operating $o21 -> $o24 MW, metered $e22 -> $e24 GWh)" ||
    fail "ireland: no growth after the halt (operating $o21 -> $o24, metered $e22 -> $e24)"
  # Then slowing: 2024's relative growth below 2022's.
  cmp_num "$(awk -v a="$e24" -v b="$e23" 'BEGIN { print a / b }')" "<" \
    "$(awk -v a="$e22" -v b="$e21" 'BEGIN { print a / b }')" &&
    ok "ireland: growth slows (2024: $e23 -> $e24; 2022: $e21 -> $e22)" ||
    fail "ireland: no slowing ($e23 -> $e24 vs $e21 -> $e22)"
  # Ceiling: grants since the start are capped at 1460 grid MW in 2025 (1260 before 2021, linear);
  # 1460 / 1.324 = 1102.7 IT MW, i.e. 91 whole 12 MW halls = 1092 MW (grants are whole projects
  # of whole halls), + the 408 MW fleet + Microsoft's 120 MW on on-site power (its request waits
  # in the Dublin halt to 2028, so it is never granted) = 1620.
  mark=$failed
  for y in 2019 2020 2021 2022 2023 2024 2025; do
    p95=$(q "$ie" operating_mw "$y" p95)
    cmp_num "$p95" "<=" 1620 || fail "ireland operating_mw p95 $y = $p95 above the contract book's 1620"
  done
  okif "$mark" "ireland: operating never above the contract book (408 + 1092 + 120 = 1620 MW)"
  # Leakage: the investor's first request is 1 Jan 2019 (its start_year); a project not granted
  # looks 2 years later and relocates outside Dublin (room there for every project), then looks
  # 2 years after that and abandons: the first abandonment is 1 Jan 2023, a 2023 event.
  for y in 2019 2020 2021 2022; do
    l=$(q "$ie" leaked_mw "$y" p95)
    cmp_num "$l" "==" 0 || fail "ireland: leaked $l MW (p95) in $y, before the first possible abandonment"
  done
  l25=$(q "$ie" leaked_mw 2025 p50)
  cmp_num "$l25" ">" 0 && ok "ireland: nothing leaked before 2023, $l25 MW by 2025" ||
    fail "ireland: no leakage by 2025"
  # On-site: only Microsoft's campus bridges (the only project whose on_long_wait is bridge):
  # request 1 Jan 2022 + 1 year's wait = bridge 1 Jan 2023; its phase 1 starts then (rule 19 with
  # rule 16) and takes 1.2-2.5 years: built 2024.2-2025.5, its on-site power ready by 2024.25;
  # so none by the end of 2023, its first 60 MW in every draw by the end of 2025, never above 120.
  for y in 2019 2020 2021 2022 2023; do
    s=$(q "$ie" onsite_mw "$y" p95)
    cmp_num "$s" "==" 0 || fail "ireland: $s MW on on-site power (p95) in $y"
  done
  s05=$(q "$ie" onsite_mw 2025 p05) s95=$(q "$ie" onsite_mw 2025 p95)
  cmp_num "$s05" ">=" 60 && cmp_num "$s95" "<=" 120 &&
    ok "ireland: on-site power as configured (Grange Castle's bridge, rule 19's timing: none by 2023, 60-120 MW in 2025; p05 $s05, p95 $s95)" ||
    fail "ireland: on-site power in 2025 p05 $s05, p95 $s95 (expected 60-120)"
fi

# --- a bad observed.csv is bad input (exit 2, the file and the line named) for check and run
cp -R "$cases/singapore" "$tmp/bad-case"
echo "2021,nonsense_mw,5,made up" >>"$tmp/bad-case/observed.csv"
line=$(grep -c '' "$tmp/bad-case/observed.csv")
for cmd in check run; do
  if [ "$cmd" = run ]; then
    "$DCB" run "$tmp/bad-case/singapore.ini" --out "$tmp/bad-out" -q 2>"$tmp/bad.err"
  else
    "$DCB" check "$tmp/bad-case/singapore.ini" >/dev/null 2>"$tmp/bad.err"
  fi
  st=$?
  if [ $st -eq 2 ] && grep -q "observed.csv: line $line: the metric is not a column of yearly.csv" "$tmp/bad.err" &&
    [ ! -e "$tmp/bad-out" ]; then
    ok "$cmd: a bad observed.csv row is exit 2, naming the file and line $line"
  else
    fail "$cmd of a case with a bad observed.csv: exit $st, $(cat "$tmp/bad.err")"
  fi
done

if [ "$failed" -gt 0 ]; then
  echo "$failed check(s) failed"
  exit 1
fi
echo "all hindcast checks passed"
