# e2e_plot.sh - the figures: every plots/*.gp script and 'dcbuildout plot' on hand-built runs.
#
# tests/data/run-fixture is a small run written by hand (2025-2036, 3 sites, 2 substations, 5
# projects: an existing campus, a cancelled one, two stranded for a while); run-reordered holds
# the same data with the columns of every CSV shuffled and extra columns added.  Checked here:
#  1. each script renders the fixture, run directly by gnuplot, into a valid PNG (\x89PNG),
#     PDF (%PDF) and SVG (<svg or <?xml) with nothing at all on stderr (a warning is a failure);
#  2. the series the scripts pick BY NAME are the right ones: the data behind the capacity,
#     emissions, sites, grid and pipeline figures of the REORDERED run are exported with
#     `set table` and compared with numbers worked out by hand from the fixture's story (below),
#     and the exports of both runs must be identical;
#  3. 'dcbuildout plot': --format all writes the 18 files and prints them; a directory that is
#     not a run exits 2 naming it; a script that fails leaves neither its output nor a
#     temporary file behind and does not clobber an older figure (exit 1, the warning reported);
#     unknown --format and missing gnuplot are reported.
# Env (set by CTest): DCB (the binary), DCB_SRC (source tree).
set -u
: "${DCB:?DCB must name the dcbuildout binary}"
: "${DCB_SRC:?DCB_SRC must name the source tree}"
PLOTS="$DCB_SRC/plots"
FIX="$DCB_SRC/tests/data/run-fixture"
REO="$DCB_SRC/tests/data/run-reordered"
T=$(mktemp -d "${TMPDIR:-/tmp}/dcb-e2e-plot.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

command -v gnuplot >/dev/null 2>&1 || { echo "FAIL: gnuplot not found (Debian package gnuplot-nox)"; exit 1; }

signature_ok() { # FILE FMT
  case "$2" in
  png) [ "$(head -c 4 "$1" | od -An -c | tr -d ' \n')" = '211PNG' ] ;;
  pdf) [ "$(head -c 4 "$1")" = '%PDF' ] ;;
  svg) head -c 200 "$1" | grep -q -e '<svg' -e '<?xml' ;;
  esac
}

# 1. every script, every format, run directly.
for s in capacity emissions energy pipeline sites grid; do
  for f in png pdf svg; do
    out="$T/direct-$s.$f"
    if ! gnuplot -e "run='$FIX';out='$out';fmt='$f'" "$PLOTS/$s.gp" 2>"$T/err"; then
      fail "$s.gp ($f) exited non-zero: $(head -3 "$T/err")"
    elif [ -s "$T/err" ]; then
      fail "$s.gp ($f) wrote on stderr: $(head -3 "$T/err")"
    elif ! signature_ok "$out" "$f"; then
      fail "$s.gp ($f): $out is not a $f file"
    else
      ok "$s.gp renders $f"
    fi
  done
done

# 2. the series picked by name.  export RUN SCRIPT: the data of the figure's last plot, every
# number with enough digits, one "curve-index x y..." line per point.  (grid.gp's last plot is
# its last panel, drawn inside a loop over i: replot needs i.)
export_table() {
  gnuplot -e "run='$1';out='$T/scratch.png'" "$PLOTS/$2.gp" \
    -e "if (exists('n_subs')) { i = n_subs }" \
    -e "set format x '%.10g'; set format y '%.10g'; set table '$T/table.dat'; replot; unset table" \
    2>"$T/err" || { echo "gnuplot failed: $(head -3 "$T/err")" >&2; return 1; }
  [ ! -s "$T/err" ] || { echo "gnuplot stderr: $(head -3 "$T/err")" >&2; return 1; }
  awk '/^# Curve [0-9]/ { c = $3 } /^#/ || NF == 0 { next } { print c, $0 }' "$T/table.dat"
}
# expect TABLE CURVE X COLUMN VALUE WHAT: the point of curve CURVE at x = X has VALUE in column
# COLUMN (2 = y, or y1 for filledcurves, 3 = y2) within 1e-6.
expect() {
  got=$(awk -v c="$2" -v x="$3" -v k="$4" '$1 == c && ($2 - x) ^ 2 < 1e-12 { print $(k + 1); exit }' "$1")
  if [ -n "$got" ] && awk -v a="$got" -v b="$5" 'BEGIN { exit !((a - b) ^ 2 < 1e-12) }'; then
    ok "$6 = $5"
  else
    fail "$6: expected $5, got '${got}'"
  fi
}
for s in capacity emissions sites grid pipeline; do
  export_table "$FIX" "$s" >"$T/$s-fixture.tab" || fail "$s: cannot export the fixture's table"
  export_table "$REO" "$s" >"$T/$s-reordered.tab" || fail "$s: cannot export the reordered table"
  if cmp -s "$T/$s-fixture.tab" "$T/$s-reordered.tab" && [ -s "$T/$s-fixture.tab" ]; then
    ok "$s: reordered columns give the same figure data"
  else
    fail "$s: the reordered run gives other figure data"
  fi
done
C="$T/capacity-reordered.tab"
# Capacity, end of 2030 (by hand from the fixture's events): operating = ovh-roubaix 100 +
# cambrai phases 1-2 (energized 2029.4, 2030.4) = 300; stranded = lens-ai phase 1 (built
# 2029.45) + roubaix-2 (built 2030.5, grid ready 2031.0) = 200, stacked on top: 500; under
# construction = cambrai phase 3 + lens-ai phase 2 = 200, stacked: 700; demand = 120 x 1.18^5 =
# 274.5309311; queue = lens-ai 200 MW x 1.3 = 260 grid MW; target 1000.
expect "$C" 2 2030 3 300 "capacity: operating 2030"
expect "$C" 1 2030 3 500 "capacity: operating + stranded 2030"
expect "$C" 0 2030 3 700 "capacity: operating + stranded + under construction 2030"
expect "$C" 3 2030 2 274.530931 "capacity: demand 2030"
expect "$C" 4 2030 2 260 "capacity: grid queue 2030"
expect "$C" 4 2033 2 0 "capacity: grid queue 2033 (granted after the 2033.2 reinforcement)"
expect "$C" 2 2036 3 700 "capacity: operating 2036 (lens-ai energized 2036.2)"
[ "$(awk '$1 == 5 && $3 + 0 == 1000' "$C" | wc -l)" -gt 0 ] &&
  [ "$(awk '$1 == 5 && $3 + 0 != 1000' "$C" | wc -l)" -eq 0 ] &&
  ok "capacity: target line at 1000 MW" || fail "capacity: target line not at 1000 MW"
# Emissions 2036 (kt, Mt): embodied = lens-ai building 200 MW x 1000 t + IT fitted 200 MW x 500 t
# = 300 kt; operational = 700 MW x 0.55 x 8.766 GWh x PUE 1.2 x 25 g/kWh = 101.2473 kt.
E="$T/emissions-reordered.tab"
expect "$E" 1 2036 2 101.2473 "emissions: operational 2036 (kt)"
expect "$E" 0 2036 2 401.2473 "emissions: operational + embodied 2036 (kt)"
expect "$E" 0 2025 2 25.07076 "emissions: 2025 = 100 MW x 0.55 x 8.766 x 1.3 x 40 g/kWh (kt)"
# Sites, ranked by their 2036 capacity (cambrai 300; roubaix 200 = ovh + roubaix-2, ties with
# lens 200 and comes first in the file), the largest at the bottom; the stack is drawn top-down
# (curve 0 = all three sites): 2036 cambrai 300, + roubaix = 500, + lens = 700; 2030 cambrai
# 200 (phases 1-2).
S="$T/sites-reordered.tab"
expect "$S" 0 2036 2 700 "sites: stack top 2036"
expect "$S" 1 2036 2 500 "sites: cambrai + roubaix 2036"
expect "$S" 2 2036 2 300 "sites: cambrai 2036"
expect "$S" 2 2030 2 200 "sites: cambrai 2030"
expect "$S" 1 2030 2 300 "sites: cambrai + roubaix 2030"
# Grid, last panel (mastaing): headroom 400 - 390 (cambrai) = 10 until the reinforcement
# (+1000 at 2033.2) and the lens-ai grant (260): 750; its queue holds lens-ai's 260 meanwhile.
G="$T/grid-reordered.tab"
expect "$G" 1 2032 2 10 "grid: mastaing headroom 2032"
expect "$G" 1 2033 2 750 "grid: mastaing headroom 2033"
expect "$G" 2 2032 2 260 "grid: mastaing queue 2032"
# Pipeline (curve 0: bars x, y, xlow, xhigh): lens-ai (row 4) stranded from phase 1 built
# 2029.45 to energized 2036.2; cambrai (row 2) stranded 2028.65 -> 2029.4; the cancelled
# roubaix-ext (row 3) gets its cross at 2026.0 and no power bar; loads are not rows.
P="$T/pipeline-reordered.tab"
awk '$1 == 0 && ($3 - 4.19) ^ 2 < 1e-6 && $4 + 0 == 2029.45 && $5 + 0 == 2036.2' "$P" | grep -q . &&
  ok "pipeline: lens-ai stranded 2029.45-2036.2" || fail "pipeline: lens-ai stranded bar missing"
awk '$1 == 0 && ($3 - 2.19) ^ 2 < 1e-6 && $4 + 0 == 2028.65 && $5 + 0 == 2029.4' "$P" | grep -q . &&
  ok "pipeline: cambrai stranded 2028.65-2029.4" || fail "pipeline: cambrai stranded bar missing"
awk '$1 == 1 && $2 + 0 == 2026 && ($3 - 2.81) ^ 2 < 1e-6' "$P" | grep -q . &&
  ok "pipeline: roubaix-ext cancelled at 2026" || fail "pipeline: cancel cross missing"
[ "$(awk '$1 == 0 && $2 != "NaN"' "$P" | wc -l)" -eq 14 ] &&
  ok "pipeline: 14 bars" || fail "pipeline: expected 14 bars, got $(awk '$1 == 0 && $2 != "NaN"' "$P" | wc -l)"
awk '$1 == 0 && $3 > 5.5' "$P" | grep -q . && fail "pipeline: a row beyond the 5 projects (a load?)" ||
  ok "pipeline: 5 project rows, the load left out"

# 3. the command: default output directory RUN_DIR/figures, every format.
cp -r "$FIX" "$T/run"
"$DCB" plot "$T/run" --format all >"$T/out" 2>"$T/err"
st=$?
n=$(ls "$T/run/figures" | wc -l)
if [ $st -eq 0 ] && [ "$n" -eq 18 ] && [ "$(wc -l <"$T/out")" -eq 18 ] && [ ! -s "$T/err" ]; then
  ok "plot --format all: 18 files written in RUN_DIR/figures and listed"
else
  fail "plot --format all: status $st, $n files, stderr: $(head -3 "$T/err")"
fi
for f in "$T"/run/figures/*; do
  signature_ok "$f" "${f##*.}" || fail "plot: $f is not a valid ${f##*.} file"
done
grep -q "^$T/run/figures/pipeline.svg\$" "$T/out" || fail "plot: the files written are not listed"
ls -A "$T/run/figures" | grep -q '^\.' && fail "plot: temporary files left in RUN_DIR/figures"

mkdir -p "$T/notarun"
"$DCB" plot "$T/notarun" >"$T/out" 2>"$T/err"
st=$?
[ $st -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "$T/notarun" "$T/err" &&
  ok "plot: not a run directory -> exit 2, one line naming it" ||
  fail "plot: not a run: status $st, stderr: $(cat "$T/err")"

"$DCB" plot "$FIX" --format jpeg --out "$T/x" >/dev/null 2>&1
[ $? -eq 2 ] && ok "plot: unknown format -> exit 2" || fail "plot: unknown format not refused"

PATH=/nonexistent "$DCB" plot "$FIX" --out "$T/x" >/dev/null 2>"$T/err"
st=$?
[ $st -eq 1 ] && grep -q "gnuplot not found: install the Debian package 'gnuplot-nox'" "$T/err" &&
  ok "plot: missing gnuplot -> exit 1 with the package" || fail "plot: missing gnuplot: status $st"

# A broken script (a column that does not exist: gnuplot warns) through DCB_PLOTS: the figure
# fails, the old file stays as it was, nothing temporary is left, the others are written.
mkdir -p "$T/plots" "$T/broken"
cp "$PLOTS"/*.gp "$T/plots/"
sed 's/column("op_emissions_t")/column("no_such_column")/' "$PLOTS/emissions.gp" >"$T/plots/emissions.gp"
echo "old figure" >"$T/broken/emissions.png"
DCB_PLOTS="$T/plots" "$DCB" plot "$FIX" --out "$T/broken" >"$T/out" 2>"$T/err"
st=$?
[ $st -eq 1 ] && grep -q "emissions.gp: gnuplot: .*warning" "$T/err" &&
  ok "plot: a gnuplot warning fails the figure (exit 1) and is reported" ||
  fail "plot: broken script: status $st, stderr: $(head -3 "$T/err")"
[ "$(cat "$T/broken/emissions.png")" = "old figure" ] && ok "plot: failed figure leaves the old file" ||
  fail "plot: failed figure clobbered the old file"
ls -A "$T/broken" | grep -q '^\.' && fail "plot: temporary file left after a failure" ||
  ok "plot: no temporary file left after a failure"
[ -f "$T/broken/capacity.png" ] && [ "$(wc -l <"$T/out")" -eq 5 ] &&
  ok "plot: the other figures are still written" || fail "plot: other figures missing after a failure"

# An empty or foreign table: exit 2, one line naming the file, before gnuplot runs.
mkdir -p "$T/garbage"
printf 'not,our,table\n1,2,3\n' >"$T/garbage/yearly.csv"
"$DCB" plot "$T/garbage" >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "garbage/yearly.csv" "$T/err" &&
  ok "plot: a foreign yearly.csv is exit 2 naming it" ||
  fail "plot: foreign yearly.csv gave exit $rc: $(head -2 "$T/err")"

if [ $fails -ne 0 ]; then
  echo "$fails check(s) failed"
  exit 1
fi
echo "all plot checks passed"
