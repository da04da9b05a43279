#!/bin/sh
# e2e_check.sh - the `check` and `platform` commands and the top-level options, through the real
# binary:
#   - `check workloads/hauts-de-france.ini` exits 0 and its summary names all 16 sites;
#   - `check tests/data/tiny.ini` prints figures worked out by hand from tiny.ini/tiny.xml, and
#     lists the second layer's ten defaults it takes; `check tests/data/tiny-layer2.ini` prints
#     its planned work, corridor and developers' behaviour, with --set on their keys too;
#   - `--help`, `--version`, `check --help` exit 0; an unknown command and usage errors exit 2;
#   - `platform SITES.csv --out FILE` writes a platform that `check` accepts, with the hall names
#     and counts asked; its input errors name the CSV file and line (exit 2);
#   - a platform with links and routes is refused by `check` and `run` (exit 2) with one line
#     naming the file and the element, before SimGrid sees it;
#   - `platform` refuses out-of-range CSV numbers (exit 2, CSV file and line) and never replaces
#     an existing --out file or prints an invalid platform; non-regular files (/dev/zero, a
#     directory, a FIFO) are refused by `platform` and as a scenario's platform.
# Environment (set by CTest): DCB = the dcbuildout binary, DCB_SRC = the source directory.
set -u
: "${DCB:?set DCB to the dcbuildout binary}"
: "${DCB_SRC:?set DCB_SRC to the source directory}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dcb-check-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0
fail() {
  failed=$((failed + 1))
  echo "FAIL: $*"
}
ok() { echo "ok   $*"; }

# expect_status WANT NAME -- command...
expect_status() {
  want=$1
  name=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" -eq "$want" ]; then ok "$name (exit $got)"; else
    fail "$name: exit $got, expected $want"
    sed 's/^/    /' "$tmp/err"
  fi
}

# --- the default region
expect_status 0 "check hauts-de-france" "$DCB" check "$DCB_SRC/workloads/hauts-de-france.ini"
cp "$tmp/out" "$tmp/hdf.out"
for site in arras bethune calais cambrai compiegne dunkirk escaudain la-salmagne le-bosquel \
  lens quaedypre rantigny roubaix saint-quentin vieille-eglise zouafques; do
  grep -qE "^  $site  " "$tmp/hdf.out" || fail "summary does not list site '$site'"
done
n_sites=$(sed -n '/^sites (/,/^$/p' "$tmp/hdf.out" | grep -c '^  [a-z]')
# 16 sites + the header row
[ "$n_sites" -eq 17 ] && ok "16 sites in the summary" || fail "sites table has $n_sites rows, expected 17"
grep -q '(16 sites, ' "$tmp/hdf.out" || fail "summary does not say 16 sites"
grep -qE '^  microsoft-quaedypre .* cancelled$' "$tmp/hdf.out" || fail "Microsoft project not shown as cancelled"
grep -qE '^  roubaix .* existing$' "$tmp/hdf.out" || fail "Roubaix not shown as existing"
grep -q '^ok: ' "$tmp/hdf.out" || fail "no final ok line"
# Rule 26: Dunkirk is the one site on a heat network; rule 25: the default draws 20 inputs.
grep -qE '^  dunkirk .* turnkey,fast-track,heat-network$' "$tmp/hdf.out" || fail "Dunkirk's flags"
[ "$(grep -c 'heat-network' "$tmp/hdf.out")" -eq 1 ] || fail "one heat-network site"
grep -q '^uncertain inputs (.*: 20)$' "$tmp/hdf.out" || fail "20 uncertain inputs"
grep -qE '^  demand.share@2035 +tri\(0.1,0.25,0.4\) +central 0.25$' "$tmp/hdf.out" ||
  fail "the share's drawn point"

# --- tiny: figures by hand.  2 sites x 4 halls x 50 MW = 8 halls, 400 MW; demand 150 MW in 2025
# growing 10 %/year: 165 in 2026, 181.5 -> 182 in 2027; project one: 100 + 100 = 200 MW.
expect_status 0 "check tiny" "$DCB" check "$DCB_SRC/tests/data/tiny.ini"
grep -q '(2 sites, 8 halls, 400 MW IT; control host .ctrl.)' "$tmp/out" || fail "tiny: platform line"
grep -q '2025: 150, 2026: 165, 2027: 182,' "$tmp/out" || fail "tiny: demand line"
grep -qE '^  one +alpha +100,100 +200 ' "$tmp/out" || fail "tiny: project line"
grep -qE '^  alpha +Alphaville +north +4 +200 +fast-track$' "$tmp/out" || fail "tiny: site line"
[ -s "$tmp/err" ] && fail "tiny: unexpected stderr: $(cat "$tmp/err")"

# --- the second layer's defaults: tiny.ini sets none of its twenty keys of the fixed groups
# ([demand] share, the ten of rules 15-21, the four of rule 22 and the five of rule 26), so
# `check` lists all twenty as new defaults; no planned work, no corridor, no project's own keys.
grep -q '^new defaults (keys of the second layer, DESIGN §2.2, not set by the scenario: 20)$' \
  "$tmp/out" || fail "tiny: new defaults count"
grep -qE '^  grid.grant = per_phase +rule 15$' "$tmp/out" || fail "tiny: grid.grant default listed"
grep -qE '^  developer.on_long_wait = relocate, abandon +rule 17$' "$tmp/out" ||
  fail "tiny: on_long_wait default listed"
grep -q '^planned works (0; grid MW, MEUR)$' "$tmp/out" || fail "tiny: no planned works"
grep -q '^corridors (0; grid MW)$' "$tmp/out" || fail "tiny: no corridors"
grep -q '^  no project sets its own$' "$tmp/out" || fail "tiny: no developer overrides"

# --- tiny-layer2: the planned work, the corridor, developers and the defaults left, by hand.
expect_status 0 "check tiny-layer2" "$DCB" check "$DCB_SRC/tests/data/tiny-layer2.ini"
grep -qE '^  north-b +north +300 +tri\(2028,2029,2031\) +2026 +120$' "$tmp/out" ||
  fail "tiny-layer2: planned work line"
grep -qE '^  backbone +north,south +500@2025, 900@2032$' "$tmp/out" ||
  fail "tiny-layer2: corridor line"
grep -q '^  every project: build_at_risk = false; phase_overlap = 0; max_wait_years = 4; on_long_wait = relocate, bridge, abandon$' \
  "$tmp/out" || fail "tiny-layer2: [developer] line"
grep -qE '^    one +true\* +0.5\* +4 +relocate, bridge, abandon$' "$tmp/out" ||
  fail "tiny-layer2: project one's own developer keys"
grep -q 'not set by the scenario: 17)$' "$tmp/out" || fail "tiny-layer2: new defaults count"
grep -q '^  grid.grant = ' "$tmp/out" && fail "tiny-layer2: grid.grant is set, not a default"
expect_status 0 "check tiny-layer2 --set" "$DCB" check "$DCB_SRC/tests/data/tiny-layer2.ini" \
  --set grid.grant=whole --set developer.build_at_risk=true --set investor.siting=legacy \
  --set reinforcement:north-b.ready=2030 --set corridor:backbone.cap_mw=700
grep -qE '^  grid.grant +whole +--set$' "$tmp/out" || fail "tiny-layer2: --set grid.grant"
grep -qE '^  north-b +north +300 +2030 +2026 +120$' "$tmp/out" ||
  fail "tiny-layer2: --set reinforcement:north-b.ready"
grep -qE '^  backbone +north,south +700$' "$tmp/out" || fail "tiny-layer2: --set corridor cap"
expect_status 2 "check tiny-layer2 with bridging off" "$DCB" check \
  "$DCB_SRC/tests/data/tiny-layer2.ini" --set onsite.enabled=false
grep -qF "tiny-layer2.ini: [developer] on_long_wait: 'bridge' needs [onsite] enabled = true" \
  "$tmp/err" || fail "tiny-layer2: bridging without [onsite] enabled: $(cat "$tmp/err")"

# --- a warning goes to stderr as "warning: ..." and does not fail the check
expect_status 0 "check tiny with a 60 MW phase" "$DCB" check "$DCB_SRC/tests/data/tiny.ini" \
  --set "project:one.phases_mw=60,100"
grep -q "^warning: project 'one' phase 1: 60 MW asked, halls give 100 MW" "$tmp/err" ||
  fail "no phase warning on stderr"

# --- top-level options and usage errors
expect_status 0 "--help" "$DCB" --help
expect_status 0 "--version" "$DCB" --version
grep -q '^dcbuildout ' "$tmp/out" || fail "--version does not print the program version"
expect_status 0 "check --help" "$DCB" check --help
expect_status 2 "unknown command" "$DCB" frobnicate
expect_status 2 "check without a scenario" "$DCB" check
expect_status 2 "check with two scenarios" "$DCB" check a.ini b.ini
expect_status 2 "check with an unknown option" "$DCB" check --bogus "$DCB_SRC/tests/data/tiny.ini"
expect_status 2 "platform without a table" "$DCB" platform

# --- platform: generate, then check with it.  120 halls -> names padded to 3 digits.
cat >"$tmp/sites.csv" <<'EOF'
# two sites on tiny.ini's substations
site,substation,halls,hall_mw,town,turnkey,fast_track,lat,lon,idle_fraction
alpha,north,4,50,"Alphaville, North",false,true,50.1,3.2,
beta,south,120,2.5,,true,,,,0.25
EOF
expect_status 0 "platform generate" "$DCB" platform "$tmp/sites.csv" --out "$tmp/gen.xml" \
  --control-host boss
grep -q 'id="beta-h001"' "$tmp/gen.xml" && grep -q 'id="beta-h120"' "$tmp/gen.xml" ||
  fail "generated hall names are not beta-h001..beta-h120"
# idle = epsilon = 0.25 x 2.5 MW = 625000 W
grep -q 'id="beta-h007" speed="2500000f"><prop id="wattage_per_state" value="625000:625000:2500000"/>' \
  "$tmp/gen.xml" || fail "generated hall power profile"
grep -q 'value="Alphaville, North"' "$tmp/gen.xml" || fail "quoted town"
expect_status 0 "check on the generated platform" "$DCB" check "$DCB_SRC/tests/data/tiny.ini" \
  --set "scenario.platform=$tmp/gen.xml"
# 4 x 50 + 120 x 2.5 = 500 MW, 124 halls
grep -q "(2 sites, 124 halls, 500 MW IT; control host 'boss')" "$tmp/out" ||
  fail "generated platform summary: $(grep 'platform:' "$tmp/out")"

printf 'site,substation,halls,hall_mw\nalpha,north,4,50\nbeta,south,two,50\n' >"$tmp/bad.csv"
expect_status 2 "platform with a bad row" "$DCB" platform "$tmp/bad.csv" --out "$tmp/bad.xml"
grep -q "bad.csv:3: halls: must be an integer" "$tmp/err" || fail "bad row message: $(cat "$tmp/err")"
[ -e "$tmp/bad.xml" ] && fail "an output was written for a bad table"
printf 'site,substation,halls\nalpha,north,4\n' >"$tmp/bad2.csv"
expect_status 2 "platform without hall_mw" "$DCB" platform "$tmp/bad2.csv"
grep -q "bad2.csv:1: header: missing column 'hall_mw'" "$tmp/err" || fail "header message"

# --- a platform with links and routes (SimGrid would abort on this one: the route names a host
# that does not exist) is refused by the platform validator itself, with one line naming the
# file and the element, by `check` and by `run` alike.
sed 's|<host id="ctrl" speed="1f"><prop id="wattage_per_state" value="0:0"/></host>|&<host id="ctrl2" speed="1f"><prop id="wattage_per_state" value="0:0"/></host><link id="l1" bandwidth="1GBps" latency="0"/><route src="ctrl" dst="nowhere"><link_ctn id="l1"/></route>|' \
  "$DCB_SRC/tests/data/tiny.xml" >"$tmp/sgonly.xml"
grep -q 'dst="nowhere"' "$tmp/sgonly.xml" || fail "could not build the links-and-routes case"
for cmd in check run; do
  out_opt=""
  [ "$cmd" = run ] && out_opt="--out=$tmp/run-out"
  # shellcheck disable=SC2086 # out_opt is one word or nothing
  expect_status 2 "$cmd: platform with links and routes" "$DCB" $cmd \
    "$DCB_SRC/tests/data/tiny.ini" --set "scenario.platform=$tmp/sgonly.xml" $out_opt
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$cmd: links and routes: more than one line"
  grep -q "sgonly.xml:8: <link id='l1'>: unknown or unsupported element" "$tmp/err" ||
    fail "$cmd: links and routes message: $(cat "$tmp/err")"
done

# --- platform: out-of-range numbers are refused before anything is written, and an existing
# --out file is never replaced by an invalid one (1e303 MW x 1e6 W/MW used to give 'inf').
"$DCB" platform "$tmp/sites.csv" --out "$tmp/keep.xml" >/dev/null 2>&1 || fail "platform keep.xml"
cp "$tmp/keep.xml" "$tmp/keep.orig"
for bad in 'hall_mw,1e303' 'hall_mw,1000001' 'hall_mw,inf' 'hall_mw,nan' 'hall_mw,0' \
  'halls,1000001' 'halls,1e400' 'idle_fraction,1' 'idle_fraction,-0.1' 'lat,91'; do
  column=${bad%%,*}
  value=${bad#*,}
  printf 'site,substation,halls,hall_mw,idle_fraction,lat\nalpha,north,4,50,0.2,50\n' >"$tmp/x.csv"
  case $column in
  hall_mw) row="beta,south,4,$value,0.2,50" ;;
  halls) row="beta,south,$value,50,0.2,50" ;;
  idle_fraction) row="beta,south,4,50,$value,50" ;;
  lat) row="beta,south,4,50,0.2,$value" ;;
  esac
  echo "$row" >>"$tmp/x.csv"
  expect_status 2 "platform $column=$value --out keep.xml" "$DCB" platform "$tmp/x.csv" \
    --out "$tmp/keep.xml"
  grep -q "x.csv:3: $column: " "$tmp/err" || fail "$column=$value: message: $(cat "$tmp/err")"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$column=$value: more than one line"
  cmp -s "$tmp/keep.xml" "$tmp/keep.orig" || fail "$column=$value: keep.xml was replaced"
  expect_status 2 "platform $column=$value to stdout" "$DCB" platform "$tmp/x.csv"
  [ -s "$tmp/out" ] && fail "$column=$value: something went to stdout"
done
# the largest accepted hall (1e6 MW) still gives a valid platform
printf 'site,substation,halls,hall_mw\nbig,north,2,1e6\n' >"$tmp/big.csv"
expect_status 0 "platform hall_mw=1e6" "$DCB" platform "$tmp/big.csv" --out "$tmp/big.xml"
grep -q 'id="big-h01" speed="1e+12f"><prop id="wattage_per_state" value="2e+11:2e+11:1e+12"' "$tmp/big.xml" ||
  fail "hall_mw=1e6: idle 0.2 x 1e12 W"

# --- not regular files: refused at once with one line (/dev/zero used to be read forever)
mkfifo "$tmp/fifo" 2>/dev/null || true
for special in /dev/zero "$tmp" "$tmp/fifo"; do
  [ -e "$special" ] || continue
  expect_status 2 "platform $special" "$DCB" platform "$special"
  grep -q "cannot read the site table: not a regular file" "$tmp/err" ||
    fail "platform $special: message: $(cat "$tmp/err")"
  expect_status 2 "check with platform $special" "$DCB" check "$DCB_SRC/tests/data/tiny.ini" \
    --set "scenario.platform=$special"
  grep -q "cannot read the platform: not a regular file" "$tmp/err" ||
    fail "check with platform $special: message: $(cat "$tmp/err")"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "check with platform $special: more than one line"
done
# the demand curve and the sweep spec too (they used to read /dev/zero until memory ran out,
# and to wait forever on a FIFO); `timeout` turns a hang into a failure
sed -e 's/^it_mw = .*/curve = CURVE/' -e '/^growth/d' "$DCB_SRC/tests/data/tiny.ini" >"$tmp/curve.ini"
cp "$DCB_SRC/tests/data/tiny.xml" "$tmp/"
for special in /dev/zero "$tmp" "$tmp/fifo"; do
  [ -e "$special" ] || continue
  sed "s|^curve = .*|curve = $special|" "$tmp/curve.ini" >"$tmp/curve-special.ini"
  expect_status 2 "check with curve $special" timeout 10 "$DCB" check "$tmp/curve-special.ini"
  grep -q "\[demand\] curve: .*cannot read the curve: not a regular file" "$tmp/err" ||
    fail "check with curve $special: message: $(cat "$tmp/err")"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "check with curve $special: more than one line"
  expect_status 2 "sweep plan $special" timeout 10 "$DCB" sweep plan "$special" --out "$tmp/sw"
  grep -q "cannot read the sweep spec: not a regular file" "$tmp/err" ||
    fail "sweep plan $special: message: $(cat "$tmp/err")"
done
# and every input is read up to a limit (64 MiB): a huge file is refused, not read
head -c 67108865 /dev/zero | tr '\0' '#' >"$tmp/huge.ini"
expect_status 2 "check of a 64 MiB + 1 scenario" "$DCB" check "$tmp/huge.ini"
grep -q "huge.ini: cannot read the scenario: larger than 64 MiB" "$tmp/err" || fail "huge: $(cat "$tmp/err")"
cp "$tmp/huge.ini" "$tmp/huge.csv"
expect_status 2 "platform of a 64 MiB + 1 site table" "$DCB" platform "$tmp/huge.csv"
grep -q "cannot read the site table: larger than 64 MiB" "$tmp/err" || fail "huge csv: $(cat "$tmp/err")"
rm -f "$tmp/huge.ini" "$tmp/huge.csv"

# --- accepted input must not break the outputs (issue: growth 1e11 wrote 'inf' into yearly.csv)
TINY="$DCB_SRC/tests/data/tiny.ini"
one_line() { # one_line NAME PATTERN: the last command's stderr is that one line
  grep -q "$2" "$tmp/err" || fail "$1: message: $(cat "$tmp/err")"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$1: not one line: $(cat "$tmp/err")"
}
expect_status 2 "growth 1e11" "$DCB" check "$TINY" --set demand.growth=1e11
one_line "growth 1e11" "\[demand\] growth: demand would exceed 1e12 MW IT by 2026"
expect_status 2 "run, growth 1e11" "$DCB" run "$TINY" --set demand.growth=1e11 --out "$tmp/inf"
[ ! -e "$tmp/inf" ] || fail "run with growth 1e11 wrote something"
expect_status 2 "efficiency growth 1e9" "$DCB" check "$TINY" --set hardware.efficiency_growth=1e9 --set scenario.end_year=2200
one_line "efficiency growth 1e9" "\[hardware\] efficiency_growth: the newest hardware's GFLOP/s per W would overflow"
expect_status 2 "tri(1,2,1e300)" "$DCB" check "$TINY" --set "grid.connection_years=tri(1,2,1e300)"
one_line "tri(1,2,1e300)" "\[grid\] connection_years: .*out of range (magnitude above 1e12)"
for opt in "--replications -1" "--replications 0" "--jobs -1 --replications 2" "--jobs 0 --replications 2" "--jobs 1025 --replications 2"; do
  optname=${opt%% *} # (expect_status sets $name)
  expect_status 2 "run $opt" "$DCB" run "$TINY" $opt --out "$tmp/neg"
  one_line "run $opt" "dcbuildout run: $optname must be an integer in"
done
[ ! -e "$tmp/neg" ] || fail "a refused option wrote something"
printf 'site,substation,halls,hall_mw\na,north,2,10\ncontrol,north,1,10\n' >"$tmp/reserved.csv"
expect_status 2 "platform site 'control'" "$DCB" platform "$tmp/reserved.csv" --out "$tmp/reserved.xml"
one_line "platform site 'control'" "reserved.csv:3: site: 'control' is already the name of a zone or host"
[ ! -e "$tmp/reserved.xml" ] || fail "platform with a reserved name wrote its output"
printf '[sweep]\nscenario = %s/tests/data/sweep-base.ini\noutcomes = operating_mw@2030\n[vary]\nscenario.seed = 1, 2\n' "$DCB_SRC" >"$tmp/seed.ini"
expect_status 2 "[vary] scenario.seed" "$DCB" sweep plan "$tmp/seed.ini" --out "$tmp/seedsw"
one_line "[vary] scenario.seed" "\[vary\] scenario.seed: the scenario's seed cannot be varied"
# SimGrid's options: check refuses what run refuses
expect_status 2 "check --cfg=foo:bar" "$DCB" check "$TINY" --cfg=foo:bar
one_line "check --cfg=foo:bar" "SimGrid refuses its options"
expect_status 2 "run --cfg=foo:bar" "$DCB" run "$TINY" --cfg=foo:bar --out "$tmp/cfg"
one_line "run --cfg=foo:bar" "SimGrid refuses its options"
# UTF-8 values of --set work in any locale and are checked like the file's
for loc in C.UTF-8 C; do
  expect_status 0 "--set UTF-8 value ($loc)" env LC_ALL=$loc "$DCB" run "$TINY" --set "project:one.operator=Société Générale" --out "$tmp/utf8-$loc" -q
  grep -q "^operator=Société Générale$" "$tmp/utf8-$loc/run.ini" || fail "UTF-8 operator not in run.ini ($loc)"
done
expect_status 2 "--set invalid UTF-8" "$DCB" check "$TINY" --set "$(printf 'project:one.operator=\377')"
one_line "--set invalid UTF-8" "not valid UTF-8"

# --- the README's ready-made demand variants ("Demand sets"): every command of that block passes
# `check` (run replaced by check; continuation lines joined), and there are eight of them.
awk '/^Ready-made variants of the default region/ { on = 1; next }
     on && /^```sh$/ { inside = 1; next }
     inside && /^```$/ { exit }
     inside { sub(/ +#.*$/, ""); line = line $0; if (line ~ /\\$/) { sub(/\\$/, "", line); next }
              print line; line = "" }' "$DCB_SRC/README.md" >"$tmp/variants"
[ "$(wc -l <"$tmp/variants")" -eq 8 ] || fail "README: $(wc -l <"$tmp/variants") demand variants, expected 8"
while IFS= read -r cmd; do
  args=${cmd#dcbuildout run workloads/hauts-de-france.ini}
  [ "$args" != "$cmd" ] || { fail "README variant not on the default: $cmd"; continue; }
  eval "set -- $args"
  expect_status 0 "README variant:$args" "$DCB" check "$DCB_SRC/workloads/hauts-de-france.ini" "$@"
done <"$tmp/variants"

if [ "$failed" -ne 0 ]; then
  echo "$failed failure(s)"
  exit 1
fi
echo "all passed"
