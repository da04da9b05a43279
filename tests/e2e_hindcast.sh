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

for c in singapore northern-virginia; do
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
      if cmp_num "$p50" ">=" "$lo" && cmp_num "$p50" "<=" "$hi"; then
        echo "ok   singapore $m $y: observed $v, model median $p50"
      else
        echo "FAIL: singapore $m $y: observed $v, model median $p50 (tolerance [$lo, $hi])"
        echo x >>"$tmp/sg-fail"
      fi
    done
  [ -f "$tmp/sg-fail" ] && failed=$((failed + $(wc -l <"$tmp/sg-fail")))
  # Ceiling: the corridor caps grants since 2016 at 1104 grid MW from 2023 (1000 before);
  # 1104 / 1.3 = 849.2 IT MW, i.e. 53 whole 16 MW halls = 848 MW, + the 240 MW fleet = 1088.
  for y in 2016 2017 2018 2019 2020 2021 2022 2023 2024 2025; do
    p95=$(q "$sg" operating_mw "$y" p95)
    cmp_num "$p95" "<=" 1088 || fail "singapore operating_mw p95 $y = $p95 above the allocation's 1088"
  done
  ok "singapore: operating never above the allocation (240 + 848 = 1088 MW)"
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
      if cmp_num "$p50" "<" "$v"; then
        echo "ok   northern-virginia $m $y: observed $v, model median $p50 (below, as the README says)"
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
  for y in 2020 2021 2022 2023 2024 2025 2026; do
    s=$(q "$nv" stranded_mw "$y" p50) o=$(q "$nv" operating_mw "$y" p50)
    cmp_num "$s" "<=" "$(awk -v o="$o" 'BEGIN { print 0.05 * o }')" ||
      fail "northern-virginia: stranded $s MW in $y, over 5 % of operating $o"
  done
  ok "northern-virginia: stranding stays under 5 % of operating every year"
  s25=$(q "$nv" stranded_mw 2025 p50)
  cmp_num "$s25" "==" 0 && ok "northern-virginia: nothing stranded once the 500 kV lines are in (2025)" ||
    fail "northern-virginia: $s25 MW stranded in 2025"
fi

if [ "$failed" -gt 0 ]; then
  echo "$failed check(s) failed"
  exit 1
fi
echo "all hindcast checks passed"
