#!/bin/sh
# e2e_install.sh - `cmake --install` into any prefix gives a working program: the installed
# dcbuildout finds its libraries, the engine module and the figure scripts relative to itself,
# from any current directory (README, Quick start).
set -eu
: "${DCB_BUILD:?build directory}" "${DCB_SRC:?source directory}"
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
SG=
[ "${DCB_SANITIZE:-OFF}" != ON ] || SG=--cfg=contexts/factory:thread
WORK="$PWD/e2e_install"
rm -rf "$WORK"
mkdir -p "$WORK/elsewhere"
cmake --install "$DCB_BUILD" --prefix "$WORK/prefix with space" >"$WORK/install.log" 2>&1 ||
  fail "cmake --install: $(tail -n 3 "$WORK/install.log")"
BIN="$WORK/prefix with space/bin/dcbuildout"
[ -x "$BIN" ] || fail "no installed binary"
[ -f "$WORK/prefix with space/share/dcbuildout/plots/style.gp" ] || fail "no installed figure scripts"
cd "$WORK/elsewhere"
"$BIN" --version >/dev/null || fail "--version"
"$BIN" check "$DCB_SRC/workloads/hauts-de-france.ini" >"$WORK/check.log" 2>&1 || fail "check: $(tail -n 2 "$WORK/check.log")"
"$BIN" run "$DCB_SRC/tests/data/tiny.ini" --out run -q $SG 2>"$WORK/run.log" || fail "run: $(cat "$WORK/run.log")"
[ -s run/yearly.csv ] || fail "no yearly.csv"
if command -v gnuplot >/dev/null 2>&1; then
  # the installed scripts, not the source tree's: a copy of the tree without plots/ must still plot
  "$BIN" plot run >"$WORK/plot.log" 2>&1 || fail "plot: $(tail -n 3 "$WORK/plot.log")"
  [ -s run/figures/capacity.png ] || fail "no capacity.png"
fi
echo "PASS: installed under a prefix with a space, runs from another directory"
