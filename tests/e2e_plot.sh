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
#     unknown --format and missing gnuplot are reported;
#  4. a directory that is not one complete run is refused (exit 2, one line): no run.ini, files
#     missing, a file of another run (seed, Monte Carlo), a missing column, a non-numeric or
#     infinite cell, a truncated events.csv (no last newline, a short last line);
#  5. SIGINT and SIGTERM during a figure: exit 130 / 143, no gnuplot (nor its children) left,
#     no half-written figure;
#  6. scale: a 200-year run plots without warnings, year labels at least 25 years apart; a
#     region of 40 sites plots with "other" groups in sites, pipeline and grid, heights bounded;
#  7. the second layer (tests/data/run-layer2, a hand-built run whose story is written in its
#     make_layer2.py): a bridged, a relocated, a waiting and an abandoned project, a reactive
#     reinforcement overlapping a planned work, a planned work without a start, one corridor.
#     The Gantt chart's bars, labels and legend kinds, the grid's work bands and corridor panel,
#     the capacity figure's on-site band and leaked line are compared with numbers worked out
#     by hand; PNG sizes; older runs (no corridors.csv, no onsite_mw / leaked_mw, none of the new
#     events) draw without a warning and without any of the new elements.
#  8. rule 26 (tests/data/run-layer3 and mc-layer3, hand-built from run-layer2: their README
#     gives every derived column): the resources figure renders from a run and from a Monte
#     Carlo in png, pdf and svg, its panels pick the right columns (values worked out by hand),
#     scale their units, drop the panels whose columns are absent; an older run is skipped with
#     one note and no gnuplot error; the emissions figure pairs attributional and consequential
#     CO2 only when they differ; energy names the precision; fan accepts a metric (directly and
#     as `plot --fan METRIC`) and refuses one the file lacks.
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
# A run written before rule 26 (the fixtures below, and real runs until the model writes the
# columns) gets one note from 'plot' for the resources figure, and nothing else on stderr.
# quiet_but_note ERR: ERR is empty or holds that note alone.  n_figs RUN: the figures 'plot'
# draws from a single run: six, and resources when yearly.csv has rule 26's columns.
NOTE='^dcbuildout plot: resources skipped: yearly.csv has none of construction_jobs, operations_jobs, water_m3, heat_reused_gwh (a run written before them)$'
quiet_but_note() { [ "$(grep -cv -e "$NOTE" "$1")" -eq 0 ] && [ "$(wc -l <"$1")" -le 1 ]; }
n_figs() { grep -v '^#' "$1/yearly.csv" | head -1 | tr ',' '\n' | grep -q -x -e construction_jobs -e operations_jobs -e water_m3 -e heat_reused_gwh && echo 7 || echo 6; }

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
# The grid figure's last panel is its corridor's (rule 23): the substation checks below read
# copies without corridors.csv (as an older run has), whose last panel is mastaing's.
for d in "$FIX" "$REO"; do
  cp -r "$d" "$T/old-$(basename "$d")" && rm "$T/old-$(basename "$d")/corridors.csv"
done
for s in capacity emissions sites grid pipeline corridor; do
  fix=$FIX reo=$REO g=$s
  [ $s = grid ] && fix=$T/old-run-fixture reo=$T/old-run-reordered
  [ $s = corridor ] && g=grid
  export_table "$fix" "$g" >"$T/$s-fixture.tab" || fail "$s: cannot export the fixture's table"
  export_table "$reo" "$g" >"$T/$s-reordered.tab" || fail "$s: cannot export the reordered table"
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
# The corridor a1-backbone (over mastaing): cap 600 until 2030, 1200 from 2031; used = the grid
# MW granted at mastaing, 390 (cambrai), 650 once lens-ai's 260 are granted (2033.2).
K="$T/corridor-reordered.tab"
expect "$K" 2 2030 2 600 "grid: corridor cap 2030"
expect "$K" 2 2031 2 1200 "grid: corridor cap 2031"
expect "$K" 0 2032 2 390 "grid: corridor used 2032"
expect "$K" 0 2033 2 650 "grid: corridor used 2033"
expect "$K" 1 2033 3 1200 "grid: corridor room up to the cap 2033"
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
if [ $st -eq 0 ] && [ "$n" -eq 18 ] && [ "$(wc -l <"$T/out")" -eq 18 ] && grep -q -e "$NOTE" "$T/err" &&
  quiet_but_note "$T/err"; then
  ok "plot --format all: 18 files written in RUN_DIR/figures and listed, the resources note alone on stderr"
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

# 4. complete runs, whole tables (issue 11): real runs of the default scenario, seeds 1 and 2.
HDF="$DCB_SRC/workloads/hauts-de-france.ini"
"$DCB" run "$HDF" --out "$T/r1" -q && "$DCB" run "$HDF" --seed 2 --out "$T/r2" -q ||
  fail "cannot run the default scenario"
# refused RUN_DIR PATTERN WHAT: exit 2, one line on stderr matching PATTERN, nothing drawn.
refused() {
  rm -rf "$1/figures"
  "$DCB" plot "$1" >"$T/out" 2>"$T/err"
  rc=$?
  if [ $rc -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q -- "$2" "$T/err" && [ ! -e "$1/figures" ]; then
    ok "plot: $3 -> exit 2: $(cat "$T/err")"
  else
    fail "plot: $3: exit $rc, stderr: $(head -3 "$T/err")"
  fi
}
fresh() { rm -rf "$T/$1" && cp -r "$T/r1" "$T/$1" && rm -rf "$T/$1/figures"; }
fresh noini && rm "$T/noini/run.ini"
refused "$T/noini" "noini: not a complete run directory: run.ini missing" "a directory without run.ini"
fresh alone && rm "$T/alone/sites.csv" "$T/alone/events.csv" "$T/alone/substations.csv"
refused "$T/alone" "sites.csv, substations.csv, events.csv missing" "yearly.csv and run.ini alone"
# corridors.csv is a run's file only when its run.ini declares a corridor: a run written before
# corridors existed (no corridors.csv, no [corridor:*]) still plots; one that declares a
# corridor and lost the file is refused.
fresh nocorr && rm "$T/nocorr/corridors.csv"
if "$DCB" plot "$T/nocorr" >"$T/out" 2>"$T/err" && [ -s "$T/nocorr/figures/grid.png" ]; then
  ok "plot: a run without corridors (and no corridors.csv, as older runs) draws"
else
  fail "plot: a run without corridors.csv nor [corridor:*]: $(head -2 "$T/err")"
fi
rm -rf "$T/lostcorr" && cp -r "$DCB_SRC/tests/data/run-layer2" "$T/lostcorr" && rm "$T/lostcorr/corridors.csv"
refused "$T/lostcorr" "lostcorr: not a complete run directory: corridors.csv missing" \
  "a run whose run.ini declares a corridor, without corridors.csv"
fresh mixed && cp "$T/r2/sites.csv" "$T/mixed/sites.csv"
refused "$T/mixed" "mixed/sites.csv belongs to another run than run.ini (seed: '2' there, '1' in run.ini)" \
  "sites.csv of a run with another seed"
fresh stale && cp "$T/r1/run.ini" "$T/stale/run.ini" && printf '# program: dcbuildout 0.1.0\n# replications: 4\nyear,metric,mean,p05,p25,p50,p75,p95\n2025,operating_mw,1,1,1,1,1,1\n' >"$T/stale/quantiles.csv"
refused "$T/stale" "stale/quantiles.csv belongs to another run than run.ini (replications" \
  "a Monte Carlo's quantiles.csv beside a single run"
fresh nocol && sed -i 's/^year,demand_mw,/year,demand_xx,/' "$T/nocol/yearly.csv"
refused "$T/nocol" "nocol/yearly.csv: no column 'demand_mw'" "a missing column"
fresh nonnum && awk 'BEGIN { FS = OFS = "," } /^#/ || !h { if (!/^#/) h = 1; print; next } !d { $3 = "12x"; d = 1 } { print }' \
  "$T/r1/yearly.csv" >"$T/nonnum/yearly.csv"
refused "$T/nonnum" "nonnum/yearly.csv: line 7: column 'operating_mw' is not a number ('12x')" "a non-numeric cell"
fresh inf && awk 'BEGIN { FS = OFS = "," } /^#/ || !h { if (!/^#/) h = 1; print; next } !d { $2 = "inf"; d = 1 } { print }' \
  "$T/r1/yearly.csv" >"$T/inf/yearly.csv"
refused "$T/inf" "column 'demand_mw' is not a number ('inf')" "an infinite demand"
fresh leak && awk 'BEGIN { FS = OFS = "," } /^#/ { print; next } !h { h = 1; for (i = 1; i <= NF; i++) if ($i == "leaked_mw") k = i; print; next } !d { $k = "n/a"; d = 1 } { print }' \
  "$T/r1/yearly.csv" >"$T/leak/yearly.csv"
refused "$T/leak" "leak/yearly.csv: line 7: column 'leaked_mw' is not a number ('n/a')" "a non-numeric leaked_mw"
fresh trunc && head -c -1 "$T/r1/events.csv" >"$T/trunc/events.csv"
n=$(wc -l <"$T/r1/events.csv")
refused "$T/trunc" "trunc/events.csv: line $n: the last line has no newline (a truncated file)" \
  "events.csv without its last newline"
fresh short && head -n -1 "$T/r1/events.csv" >"$T/short/events.csv" &&
  tail -n 1 "$T/r1/events.csv" | cut -d, -f1-3 >>"$T/short/events.csv"
refused "$T/short" "short/events.csv: line $n: 3 field(s) where the header has 6" "events.csv with a short last line"

# 5. SIGINT / SIGTERM during a long plot: a script that runs a long child (sleep, in gnuplot's
# process group) stands for a long figure.
mkdir -p "$T/slow"
cp "$PLOTS"/*.gp "$T/slow/"
sed 's|^load plotdir.*style.gp.*$|&\nsystem("sleep 41.7")|' "$PLOTS/capacity.gp" >"$T/slow/capacity.gp"
for sig in INT TERM; do
  want=$([ $sig = INT ] && echo 130 || echo 143)
  rm -rf "$T/sigout"
  DCB_PLOTS="$T/slow" "$DCB" plot "$T/r1" --out "$T/sigout" >/dev/null 2>"$T/err" &
  pid=$!
  sleep 1.5
  kill -$sig $pid
  wait $pid
  rc=$?
  sleep 0.3
  left=$(pgrep -f "sleep 41.7" ; pgrep -f "$T/slow/capacity.gp")
  if [ $rc -eq "$want" ] && [ -z "$left" ] && [ -z "$(ls -A "$T/sigout" 2>/dev/null)" ]; then
    ok "plot: SIG$sig during a figure -> exit $want, no gnuplot left, nothing half-written"
  else
    fail "plot: SIG$sig: exit $rc (want $want), left: '$left', files: $(ls -A "$T/sigout" 2>/dev/null | tr '\n' ' ')"
    [ -z "$left" ] || kill $left 2>/dev/null
  fi
done

# 6. Scale: a 200-year run plots without a warning; a region of 40 sites, 20 substations and
# its investor's projects plots with "other" groups, figures of bounded height.
"$DCB" run "$HDF" --set scenario.end_year=2224 --out "$T/long" -q || fail "cannot run 200 years"
"$DCB" plot "$T/long" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && quiet_but_note "$T/err" && [ "$(wc -l <"$T/out")" -eq "$(n_figs "$T/long")" ] &&
  ok "plot: a 200-year run, $(n_figs "$T/long") figures, no warning" || fail "plot: 200 years: exit $rc: $(head -3 "$T/err")"
for s in capacity sites pipeline grid; do
  step=$(gnuplot -e "run='$T/long';out='$T/x.png'" "$PLOTS/$s.gp" \
    -e "print (exists('gantt_step') ? gantt_step : (exists('panel_step') ? panel_step : xtic_step))" 2>&1)
  [ "$step" -ge 25 ] 2>/dev/null && ok "$s: year labels every $step years over 200 years" ||
    fail "$s: year tic step '$step' over 200 years"
done
mkdir -p "$T/region"
awk 'BEGIN { print "site,substation,halls,hall_mw,turnkey"
  for (i = 1; i <= 40; i++) printf "s%02d,sub%02d,4,10,false\n", i, int((i - 1) / 2) }' >"$T/region/sites.csv"
"$DCB" platform "$T/region/sites.csv" --out "$T/region/region.xml" >/dev/null
{
  printf '[scenario]\nname = region-40\nplatform = region.xml\nstart_year = 2025\nend_year = 2074\n'
  printf '[demand]\nit_mw = 100\ngrowth = 0.08\n[investor]\nenabled = true\nproject_mw = 20\nphase_mw = 10\n'
  i=0
  while [ $i -lt 20 ]; do printf '[substation:sub%02d]\nheadroom_mw = 30\nreinforcement_mw = 100\n' $i; i=$((i + 1)); done
} >"$T/region/region.ini"
"$DCB" run "$T/region/region.ini" --out "$T/region/out" -q || fail "cannot run the 40-site region"
"$DCB" plot "$T/region/out" >"$T/out" 2>"$T/err" && quiet_but_note "$T/err" &&
  ok "plot: the 40-site region plots" || fail "plot: the 40-site region: $(head -3 "$T/err")"
R="$T/region/out"
got=$(gnuplot -e "run='$R';out='$T/x.png'" "$PLOTS/sites.gp" -e "print level_titles[n_levels]" 2>&1)
echo "$got" | grep -q '^other ([0-9]* sites)$' && ok "sites: the rest grouped as '$got'" ||
  fail "sites: no 'other' level: '$got'"
got=$(gnuplot -e "run='$R';out='$T/x.png'" "$PLOTS/pipeline.gp" -e "print n_projects" 2>&1)
labels=$(awk -F, -v what=labels -v h=2075 -v maxr=30 "$(gnuplot -e "run='$R';out='$T/x.png'" "$PLOTS/pipeline.gp" -e "print gantt_awk" 2>&1)" "$R/events.csv")
[ "$got" = 30 ] && echo "$labels" | grep -q '"other ([0-9]* projects, [0-9.]* MW)" 30' &&
  ok "pipeline: 30 rows, the last 'other (K projects)'" || fail "pipeline: rows '$got', labels end: ${labels##*, }"
got=$(gnuplot -e "run='$R';out='$T/x.png'" "$PLOTS/grid.gp" -e "print n_subs, sub_name[n_subs]" 2>&1)
[ "$got" = "12 9 other substations" ] && ok "grid: 12 panels, '$got'" || fail "grid: '$got'"
for f in pipeline grid sites; do
  # the height is the big-endian 32-bit word at byte 20 of a PNG (IHDR); no file(1) needed,
  # which a minimal Debian does not have
  h=$(od -An -tu1 -j20 -N4 "$R/figures/$f.png" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
  [ -n "$h" ] && [ "$h" -le 2000 ] && ok "$f.png is $h px high" || fail "$f.png height '$h'"
done

# 7. The second layer's figures (tests/data/run-layer2; the story and its stocks are in
# make_layer2.py).
L="$DCB_SRC/tests/data/run-layer2"
for s in capacity emissions energy pipeline sites grid; do
  gnuplot -e "run='$L';out='$T/l2-$s.png'" "$PLOTS/$s.gp" 2>"$T/err" && [ ! -s "$T/err" ] &&
    signature_ok "$T/l2-$s.png" png && ok "$s.gp renders the second layer's run" ||
    fail "$s.gp on the second layer's run: $(head -3 "$T/err")"
done
"$DCB" plot "$L" --out "$T/l2figs" >"$T/out" 2>"$T/err" && grep -q -e "$NOTE" "$T/err" &&
  quiet_but_note "$T/err" && [ "$(wc -l <"$T/out")" -eq 6 ] &&
  ok "plot: the second layer's run, six figures, resources skipped with one note" ||
  fail "plot: the second layer's run: $(head -3 "$T/err")"
gantt() { # RUN WHAT: the Gantt chart's awk program run as the script runs it (h = 2033)
  awk -F, -v what="$2" -v h=2033 -v maxr=30 \
    "$(gnuplot -e "run='$1';out='$T/x.png'" "$PLOTS/pipeline.gp" -e "print gantt_awk" 2>&1)" "$1/events.csv"
}
# Rows: alpha 1, gamma 2, beta 3, delta 4 (first events).  Build lane: permitting to the permit
# (beta twice: 2025.5-2026.5 at b1, then 2027.5-2028.0 at c1 after its relocation), waiting for
# the grid from the permit to the first phase start (alpha 2026.0-2027.5, gamma 2025.8-2026.5),
# cut by the relocation (beta 2026.5-2027.5; none after its second permit: it starts at once) or
# the abandonment (delta 2027.0-2029.0); construction; power lane: operating from the first
# energization, gamma on on-site power from its first (on-site) energization 2027.5 until its
# second grid_connected 2031.0 has moved its 200 MW, alpha stranded 2028.5-2029.0 (gamma's
# phases, energized when built, give no bar); delta's cross, beta's diamond.
cat >"$T/bars.want" <<'EOF'
kind,row,x1,x2
0,2,2025.0000,2025.8000
0,1,2025.0000,2026.0000
0,3,2025.5000,2026.5000
5,2,2025.8000,2026.5000
0,4,2026.0000,2027.0000
5,1,2026.0000,2027.5000
5,3,2026.5000,2027.5000
0,3,2027.5000,2028.0000
5,4,2027.0000,2029.0000
1,1,2027.5000,2029.5000
3,1,2029.0000,2033.0000
1,2,2026.5000,2028.5000
3,2,2027.5000,2033.0000
1,3,2028.0000,2029.5000
3,3,2029.5000,2033.0000
6,2,2027.5000,2031.0000
2,1,2028.5000,2029.0000
4,4,2029.0000,2029.0000
7,3,2027.5000,2027.5000
EOF
gantt "$L" bars >"$T/bars.got"
diff "$T/bars.want" "$T/bars.got" >"$T/diff" && ok "pipeline: the second layer's bars, as worked out by hand" ||
  fail "pipeline: second layer's bars differ: $(head -6 "$T/diff" | tr '\n' ' ')"
want='"alpha (200 MW)" 1, "gamma (200 MW)" 2, "beta → c1 (150 MW)" 3, "delta (100 MW)" 4'
got=$(gantt "$L" labels)
[ "$got" = "$want" ] && ok "pipeline: the relocated row is labelled with its new site and MW" ||
  fail "pipeline: labels '$got'"
[ "$(gantt "$L" kinds)" = "1 1 1" ] && [ "$(gantt "$FIX" kinds)" = "0 0 0" ] &&
  ok "pipeline: waiting, on-site, relocated in the legend only when drawn" ||
  fail "pipeline: kinds '$(gantt "$L" kinds)' / '$(gantt "$FIX" kinds)'"
[ "$(gantt "$FIX" bars | grep -c '^[567],')" -eq 0 ] &&
  ok "pipeline: an older run gets none of the new bars" || fail "pipeline: new bars in an older run"
# Grid: works per (substation, project): south-a (no start event) at 2028.0 alone; the reactive
# work at north 2026.0-2029.0 and north-b 2027.0-2030.0 keep their own dates although they
# overlap; "panel from to done kind mw".
got=$(gnuplot -e "run='$L';out='$T/x.png'" "$PLOTS/grid.gp" -e "print bands" 2>&1)
want='2 2028.0000 2028.0000 1 1 500
1 2026.0000 2029.0000 1 0 500
1 2027.0000 2030.0000 1 1 300'
[ "$got" = "$want" ] && ok "grid: reactive and planned works paired per (substation, project)" ||
  fail "grid: bands '$got'"
got=$(gnuplot -e "run='$L';out='$T/x.png'" "$PLOTS/grid.gp" \
  -e "print n_subs, n_corr, has_planned, n_legend, corr_title[1].'|'.corr_members[1]" 2>&1)
[ "$got" = "2 1 1 8 corridor spine|north, south" ] && ok "grid: a corridor panel '$got'" ||
  fail "grid: panels '$got'"
got=$(gnuplot -e "run='$T/old-run-fixture';out='$T/x.png'" "$PLOTS/grid.gp" \
  -e "print n_subs, n_corr, has_planned, n_legend" 2>&1)
[ "$got" = "2 0 0 4" ] && ok "grid: an older run (no corridors.csv): no corridor panel, one legend line" ||
  fail "grid: older run '$got'"
export_table "$L" grid >"$T/l2-grid.tab" || fail "grid: cannot export the second layer's table"
expect "$T/l2-grid.tab" 0 2028 2 715 "grid: corridor spine used 2028"
expect "$T/l2-grid.tab" 2 2028 2 800 "grid: corridor spine cap 2028"
expect "$T/l2-grid.tab" 2 2029 2 1200 "grid: corridor spine cap 2029"
# Capacity: curve 3 is the on-site band (from operating - onsite to operating), curve 7 leaked.
export_table "$L" capacity >"$T/l2-cap.tab" || fail "capacity: cannot export the second layer's table"
expect "$T/l2-cap.tab" 2 2028 3 200 "capacity: operating 2028"
expect "$T/l2-cap.tab" 3 2028 2 0 "capacity: on-site band bottom 2028 (all 200 MW on site)"
expect "$T/l2-cap.tab" 3 2028 3 200 "capacity: on-site band top 2028"
expect "$T/l2-cap.tab" 3 2030 2 450 "capacity: on-site band bottom 2030 (550 - 100)"
expect "$T/l2-cap.tab" 7 2029 2 100 "capacity: leaked 2029 (delta abandoned)"
expect "$T/l2-cap.tab" 7 2028 2 0 "capacity: leaked 2028"
got=$(gnuplot -e "run='$FIX';out='$T/x.png'" "$PLOTS/capacity.gp" -e "print onsite_max, leaked_max, onsite_el.leaked_el" 2>&1)
[ "$got" = "0.0 0.0 " ] && ok "capacity: an older run (no onsite_mw, leaked_mw) draws neither" ||
  fail "capacity: older run '$got'"
png_size() {
  od -An -tu1 -j16 -N8 "$1" |
    awk '{ print ($1 * 16777216 + $2 * 65536 + $3 * 256 + $4) "x" ($5 * 16777216 + $6 * 65536 + $7 * 256 + $8) }'
}
# 5 in x 200 dpi wide; capacity 3.3 in + one legend line (0.18 in); pipeline 1.25 x as wide and
# 3.3 in high (4 rows fit); grid 2 panel rows of 1.75 in + a two-line legend 0.7 in + title.
for want in capacity:1000x695 pipeline:1250x660 grid:1000x950; do
  f=${want%%:*}
  got=$(png_size "$T/l2figs/$f.png")
  [ "$got" = "${want#*:}" ] && ok "$f.png is $got px" || fail "$f.png is $got px, want ${want#*:}"
done

# 8. Rule 26: jobs and resources, the two readings of CO2, the precision, the fan's metrics
# (tests/data/run-layer3 and mc-layer3; their README derives every column from run-layer2).
L3="$DCB_SRC/tests/data/run-layer3"
M3="$DCB_SRC/tests/data/mc-layer3"
for r in "$L3" "$M3"; do
  for f in png pdf svg; do
    out="$T/res-$(basename "$r").$f"
    gnuplot -e "run='$r';out='$out';fmt='$f'" "$PLOTS/resources.gp" 2>"$T/err" && [ ! -s "$T/err" ] &&
      signature_ok "$out" "$f" && ok "resources.gp renders $(basename "$r") ($f)" ||
      fail "resources.gp on $(basename "$r") ($f): $(head -3 "$T/err")"
  done
done
# panel RUN EXPR: the figure's own series functions (cj, oj: jobs; w: water; ht: heat; os:
# on-site), evaluated after the script, one "curve year value" line per point.
panel() {
  gnuplot -e "run='$1';out='$T/x.png'" "$PLOTS/resources.gp" \
    -e "set format x '%.10g'; set format y '%.10g'; set table '$T/panel.dat'" \
    -e "plot src using (column('year')):(cj($2)), '' using (column('year')):(oj($2)), '' using (column('year')):(w($2)), '' using (column('year')):(ht($2)), '' using (column('year')):(os($2))" \
    -e "unset table" 2>"$T/err" || { echo "gnuplot failed: $(head -3 "$T/err")" >&2; return 1; }
  awk '/^# Curve [0-9]/ { c = $3 } /^#/ || NF == 0 { next } $3 != "u" { print c, $1, $2 }' "$T/panel.dat"
}
# Single run (README): 2028 construction 250 MW x 3 = 750 jobs, operations 200 x 0.5 = 100;
# water 876.6 GWh x 200 m3/GWh = 175320 m3 = 175.32 thousand m3 (the panel's unit: its peak
# 482130 m3 is >= 1e3 and < 1e6); heat 876.6 x 0.1 = 87.66 GWh (peak 241.065 < 1e4: GWh);
# on-site 200 IT MW.  2029: construction 0, operations 550 x 0.5 = 275, water 482.13, heat
# 241.065, on-site 200.
panel "$L3" "''" >"$T/res.tab" || fail "resources: cannot export the run's series"
for e in "0 2028 750 construction jobs" "1 2028 100 operations jobs" "2 2028 175.32 water (thousand m3)" \
  "3 2028 87.66 heat (GWh)" "4 2028 200 on-site (IT MW)" "0 2029 0 construction jobs" \
  "1 2029 275 operations jobs" "2 2029 482.13 water (thousand m3)" "3 2029 241.065 heat (GWh)"; do
  set -- $e
  c=$1 x=$2 want=$3
  shift 3
  expect "$T/res.tab" "$c" "$x" 2 "$want" "resources: $* $x"
done
got=$(gnuplot -e "run='$L3';out='$T/x.png'" "$PLOTS/resources.gp" \
  -e "print n_panels, mc, jobs_unit, '|', water_unit, '|', heat_unit, cj_top, oj_top, onsite_top" 2>&1)
[ "$got" = "4 0 jobs | thousand m^3 | GWh 750.0 275.0 200.0" ] && ok "resources: 4 panels, units '$got'" ||
  fail "resources: panels and units '$got'"
# Monte Carlo: p50 = the run's value, p05 = 0.6 x, p95 = 1.5 x (README): 2028 construction p95
# 1.5 x 750 = 1125, water p05 0.6 x 175.32 = 105.192 thousand m3, on-site p95 300; heat 2029
# p50 241.065.
panel "$M3" "'p95'" >"$T/res-p95.tab" && panel "$M3" "'p05'" >"$T/res-p05.tab" &&
  panel "$M3" "'p50'" >"$T/res-p50.tab" || fail "resources: cannot export the Monte Carlo's series"
expect "$T/res-p95.tab" 0 2028 2 1125 "resources (Monte Carlo): construction jobs p95 2028"
expect "$T/res-p05.tab" 2 2028 2 105.192 "resources (Monte Carlo): water p05 2028 (thousand m3)"
expect "$T/res-p95.tab" 4 2028 2 300 "resources (Monte Carlo): on-site p95 2028"
expect "$T/res-p50.tab" 3 2029 2 241.065 "resources (Monte Carlo): heat median 2029"
[ "$(awk '$1 == 1' "$T/res-p50.tab" | wc -l)" -eq 8 ] &&
  ok "resources (Monte Carlo): one operations point per year (8), the other metrics' rows left out" ||
  fail "resources (Monte Carlo): $(awk '$1 == 1' "$T/res-p50.tab" | wc -l) operations points"
# The last panel (on-site) as drawn: the band from p05 to p95 (2028: 120 to 300), the median.
# (undefined points, the other metrics' rows, are left out of the exports: flag 'u')
export_table "$M3" resources | awk '$NF != "u"' >"$T/res-mc.tab" || fail "resources: cannot export the Monte Carlo panel"
expect "$T/res-mc.tab" 0 2028 2 120 "resources (Monte Carlo): on-site band bottom 2028 (0.6 x 200)"
expect "$T/res-mc.tab" 0 2028 3 300 "resources (Monte Carlo): on-site band top 2028 (1.5 x 200)"
expect "$T/res-mc.tab" 1 2029 2 200 "resources (Monte Carlo): on-site median 2029"
# Panels follow the columns: without the jobs columns, three (water, heat, on-site); with water
# alone, one; PNG sizes 6 in x 6.27 in (2 x 2) and 5 in x 3.63 in (1 panel) at 200 dpi.
mkdir -p "$T/part3" "$T/part1"
cp "$L3"/*.csv "$L3/run.ini" "$T/part3/" && cp "$L3"/*.csv "$L3/run.ini" "$T/part1/"
drop_cols() { # FILE COL... : yearly.csv without those columns
  f=$1
  shift
  awk -v drop="$*" 'BEGIN { FS = OFS = ","; n = split(drop, d, " "); for (i = 1; i <= n; i++) x[d[i]] = 1 }
    /^#/ { print; next } !h { h = 1; for (i = 1; i <= NF; i++) keep[i] = !($i in x) }
    { s = ""; for (i = 1; i <= NF; i++) if (keep[i]) s = s (s == "" ? "" : ",") $i; print s }' "$f" >"$f.new" && mv "$f.new" "$f"
}
drop_cols "$T/part3/yearly.csv" construction_jobs operations_jobs
drop_cols "$T/part1/yearly.csv" construction_jobs operations_jobs heat_reused_gwh onsite_mw
for d in part3:3 part1:1; do
  got=$(gnuplot -e "run='$T/${d%%:*}';out='$T/${d%%:*}.png'" "$PLOTS/resources.gp" -e "print n_panels" 2>&1)
  [ "$got" = "${d#*:}" ] && ok "resources: ${d#*:} panel(s) without the absent columns" ||
    fail "resources: ${d%%:*}: '$got'"
done
for want in res-run-layer3.png:1200x1254 part1.png:1000x726; do
  got=$(png_size "$T/${want%%:*}")
  [ "$got" = "${want#*:}" ] && ok "${want%%:*} is $got px" || fail "${want%%:*} is $got px, want ${want#*:}"
done
# An older run (run-layer2, before rule 26): the script refuses in one line, writes nothing; the
# command skips it with one note and draws the six others (above, section 7).
rm -f "$T/old-res.png"
gnuplot -e "run='$L';out='$T/old-res.png'" "$PLOTS/resources.gp" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "no construction_jobs, operations_jobs, water_m3 nor heat_reused_gwh" "$T/err" &&
  [ ! -e "$T/old-res.png" ] && ok "resources.gp: an older run -> exit 1, one line, no file" ||
  fail "resources.gp on an older run: exit $rc, $(head -2 "$T/err")"
# The command on the new runs: seven figures x 3 formats from the run, nothing on stderr; from
# the Monte Carlo resources and fan, plus --fan's.
"$DCB" plot "$L3" --format all --out "$T/l3figs" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && [ ! -s "$T/err" ] && [ "$(wc -l <"$T/out")" -eq 21 ] && grep -q '/resources.pdf$' "$T/out" &&
  ok "plot: rule 26's run, 21 files (resources among them), nothing on stderr" ||
  fail "plot: rule 26's run: exit $rc, $(wc -l <"$T/out") files, $(head -2 "$T/err")"
"$DCB" plot "$M3" --format pdf --fan water_m3 --fan op_emissions_marginal_t --out "$T/m3figs" >"$T/out" 2>"$T/err"
rc=$?
want="$T/m3figs/resources.pdf
$T/m3figs/fan.pdf
$T/m3figs/fan-water_m3.pdf
$T/m3figs/fan-op_emissions_marginal_t.pdf"
[ $rc -eq 0 ] && [ ! -s "$T/err" ] && [ "$(cat "$T/out")" = "$want" ] &&
  ok "plot: the Monte Carlo draws resources, fan and --fan's two metrics" ||
  fail "plot: Monte Carlo: exit $rc, $(tr '\n' ' ' <"$T/out"), $(head -2 "$T/err")"
for f in "$T"/m3figs/*.pdf; do signature_ok "$f" pdf || fail "plot: $f is not a pdf"; done
"$DCB" plot "$M3" --fan capex_meur --out "$T/m3bad" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "no metric 'capex_meur' in $M3/quantiles.csv" "$T/err" &&
  [ ! -e "$T/m3bad" ] && ok "plot: --fan with a metric quantiles.csv lacks -> exit 2, one line, nothing written" ||
  fail "plot: --fan capex_meur: exit $rc, $(head -2 "$T/err")"
"$DCB" plot "$L3" --fan water_m3 --out "$T/l3bad" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q "is not a Monte Carlo directory" "$T/err" && ok "plot: --fan on a single run -> exit 2" ||
  fail "plot: --fan on a single run: exit $rc, $(head -2 "$T/err")"
fresh water && awk 'BEGIN { FS = OFS = "," } /^#/ { print; next } !h { h = 1; print $0, "water_m3"; next } { print $0, (++n == 2 ? "lots" : 1) }' \
  "$T/r1/yearly.csv" >"$T/water/yearly.csv"
refused "$T/water" "water/yearly.csv: line 8: column 'water_m3' is not a number ('lots')" "a non-numeric water_m3"
# Fan of one metric: water_m3 in thousand m3 (its p95 723195 m3 is < 1e6); 2029 band 0.6 and 1.5
# x 482.13 = 289.278 and 723.195, median 482.13; construction jobs in jobs (p95 1125 < 1e4);
# heat in GWh (p95 1.5 x 241.065 < 1e4); marginal CO2 in Mt (p95 1.5 x 903993.75 t >= 1e6).
export_table "$M3" fan >/dev/null 2>&1 # (the default two panels draw: checked by the command above)
gnuplot -e "run='$M3';out='$T/x.png';metric='water_m3'" "$PLOTS/fan.gp" \
  -e "set format x '%.10g'; set format y '%.10g'; set table '$T/table.dat'; replot; unset table; print m_unit" \
  >"$T/out" 2>"$T/err"
[ "$(cat "$T/err")" = "thousand m^3" ] && ok "fan: water_m3 in thousand m^3" || fail "fan: water_m3 unit '$(cat "$T/err")'"
awk '/^# Curve [0-9]/ { c = $3 } /^#/ || NF == 0 || $NF == "u" { next } { print c, $0 }' "$T/table.dat" >"$T/fan-w.tab"
expect "$T/fan-w.tab" 0 2029 2 289.278 "fan water_m3: p05 2029 (thousand m3)"
expect "$T/fan-w.tab" 0 2029 3 723.195 "fan water_m3: p95 2029"
expect "$T/fan-w.tab" 2 2029 2 482.13 "fan water_m3: median 2029"
for m in construction_jobs:jobs operations_jobs:jobs heat_reused_gwh:GWh "op_emissions_marginal_t:Mt CO_2e" \
  facility_power_mw:MW "compute_eflops:EFLOP/s BF16"; do
  got=$(gnuplot -e "run='$M3';out='$T/fan-${m%%:*}.png';metric='${m%%:*}'" "$PLOTS/fan.gp" -e "print m_unit" 2>&1)
  [ "$got" = "${m#*:}" ] && signature_ok "$T/fan-${m%%:*}.png" png && ok "fan: ${m%%:*} in '$got'" ||
    fail "fan: ${m%%:*}: '$got'"
done
rm -f "$T/fan-nope.png"
gnuplot -e "run='$M3';out='$T/fan-nope.png';metric='nope'" "$PLOTS/fan.gp" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q "metric 'nope' is not in" "$T/err" && [ ! -e "$T/fan-nope.png" ] &&
  ok "fan: an absent metric -> exit 1, no file" || fail "fan: absent metric: exit $rc, $(head -2 "$T/err")"
# Emissions: run-layer3's marginal differs from 2029 (README): the bottom panel pairs 2029
# attributional 90399.375 t = 90.399375 kt (bar at 2029 - 0.19) with consequential 608141.25 t
# = 608.14125 kt (at 2029 + 0.19); 2027, all on-site at 30 t/GWh, 16.43625 kt both.  The figure
# is 1.85 x 3.3 in high; without the column, or with it equal to op_emissions_t, one panel.
export_table "$L3" emissions >"$T/em3.tab" || fail "emissions: cannot export rule 26's panel"
expect "$T/em3.tab" 0 2028.81 2 90.399375 "emissions: attributional 2029 (kt)"
expect "$T/em3.tab" 1 2029.19 2 608.14125 "emissions: consequential 2029 (kt)"
expect "$T/em3.tab" 1 2027.19 2 16.43625 "emissions: consequential 2027 = attributional (on-site only)"
mkdir -p "$T/same"
cp "$L3"/*.csv "$L3/run.ini" "$T/same/"
awk 'BEGIN { FS = OFS = "," } /^#/ { print; next } !h { h = 1; for (i = 1; i <= NF; i++) c[$i] = i; print; next }
  { $c["op_emissions_marginal_t"] = $c["op_emissions_t"]; print }' "$L3/yearly.csv" >"$T/same/yearly.csv"
got=$(for r in "$L3" "$T/same" "$FIX"; do gnuplot -e "run='$r';out='$T/em.png'" "$PLOTS/emissions.gp" -e "print marginal" 2>&1; done | tr '\n' ' ')
[ "$got" = "1 0 0 " ] && ok "emissions: the consequential panel only when the column is there and differs" ||
  fail "emissions: marginal flags '$got'"
gnuplot -e "run='$L3';out='$T/em3.png'" "$PLOTS/emissions.gp" 2>"$T/err" && [ ! -s "$T/err" ] &&
  [ "$(png_size "$T/em3.png")" = "1000x1221" ] && ok "emissions: two panels, 1000x1221 px" ||
  fail "emissions: two panels: $(png_size "$T/em3.png") $(head -2 "$T/err")"
# Energy: compute in run.ini's [hardware] precision (run-layer3: bf16), FP64 when absent.
gnuplot -e "run='$L3';out='$T/en3.svg';fmt='svg'" "$PLOTS/energy.gp" 2>"$T/err" &&
  gnuplot -e "run='$FIX';out='$T/enf.svg';fmt='svg'" "$PLOTS/energy.gp" 2>>"$T/err"
[ ! -s "$T/err" ] && grep -q 'EFLOP/s BF16' "$T/en3.svg" && grep -q 'compute, BF16 (right axis)' "$T/en3.svg" &&
  grep -q 'EFLOP/s FP64' "$T/enf.svg" && ! grep -q 'BF16' "$T/enf.svg" &&
  ok "energy: compute labelled BF16 (run.ini) and FP64 (no key)" || fail "energy: precision labels: $(head -2 "$T/err")"

if [ $fails -ne 0 ]; then
  echo "$fails check(s) failed"
  exit 1
fi
echo "all plot checks passed"
