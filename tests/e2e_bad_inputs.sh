#!/bin/sh
# e2e_bad_inputs.sh - the bad-input corpus through the real binary: every broken scenario,
# scenario/platform mismatch and broken platform must be refused with exactly one clear line.
#
#   tests/bad/scenarios/*.ini   dcbuildout check FILE            (first line "# expect: TEXT")
#   tests/bad/cross/*.ini       dcbuildout check FILE            (first line "# expect: TEXT")
#   tests/bad/platforms/*.xml   dcbuildout check tests/data/tiny.ini --set scenario.platform=FILE
#                               and the same with `run` (which has no SimGrid-in-a-child check:
#                               the platform validator alone must keep SimGrid from aborting)
#                               (line after the XML declaration "<!-- expect: TEXT -->")
#
# Each case must: exit with status 2 exactly; print exactly one line on stderr once "warning:"
# lines are removed; that line contains TEXT and the case's file name; nothing on stderr looks
# like a crash (Backtrace, Aborted, a signal, a sanitizer report).  One line per case, then a
# total; the corpus must hold at least 30 cases.
# Environment (set by CTest): DCB = the dcbuildout binary, DCB_SRC = the source directory.
set -u
: "${DCB:?set DCB to the dcbuildout binary}"
: "${DCB_SRC:?set DCB_SRC to the source directory}"
MIN_CASES=30

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dcb-bad-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

total=0
failed=0

# check_case NAME FILE EXPECT -- then the command line to run.
check_case() {
  name=$1
  file=$2
  expect=$3
  shift 3
  total=$((total + 1))
  "$@" >"$tmp/out" 2>"$tmp/err"
  status=$?
  grep -v '^warning: ' "$tmp/err" >"$tmp/errors"
  lines=$(wc -l <"$tmp/errors" | tr -d ' ')
  base=$(basename "$file")
  why=""
  if [ -z "$expect" ]; then
    why="no expect line in the file"
  elif [ "$status" -ne 2 ]; then
    why="exit status $status, expected 2"
  elif [ "$lines" -ne 1 ]; then
    why="$lines error lines on stderr, expected 1"
  elif ! grep -qF -- "$expect" "$tmp/errors"; then
    why="message does not contain '$expect'"
  elif ! grep -qF -- "$base" "$tmp/errors"; then
    why="message does not name the file '$base'"
  elif grep -qE 'Backtrace|Aborted|[Ss]ignal|Segmentation fault|core dumped|AddressSanitizer|runtime error:' "$tmp/err"; then
    why="stderr looks like a crash"
  fi
  if [ -n "$why" ]; then
    failed=$((failed + 1))
    echo "FAIL $name: $why"
    sed 's/^/    stderr: /' "$tmp/err"
  else
    echo "ok   $name"
  fi
}

for dir in scenarios cross; do
  for f in "$DCB_SRC"/tests/bad/$dir/*.ini; do
    [ -e "$f" ] || continue
    expect=$(sed -n '1s/^# expect: //p' "$f")
    check_case "$dir/$(basename "$f")" "$f" "$expect" "$DCB" check "$f"
  done
done

for f in "$DCB_SRC"/tests/bad/platforms/*.xml; do
  [ -e "$f" ] || continue
  expect=$(sed -n '2s/^<!-- expect: \(.*\) -->$/\1/p' "$f")
  abs=$(cd "$(dirname "$f")" && pwd)/$(basename "$f")
  check_case "platforms/$(basename "$f")" "$f" "$expect" \
    "$DCB" check "$DCB_SRC/tests/data/tiny.ini" --set "scenario.platform=$abs"
  # `run` has no SimGrid-in-a-child safety net: the same line, never SimGrid's abort.
  check_case "run platforms/$(basename "$f")" "$f" "$expect" \
    "$DCB" run "$DCB_SRC/tests/data/tiny.ini" --set "scenario.platform=$abs" --out "$tmp/run" -q
done

echo "$total cases, $failed failed"
if [ "$total" -lt "$MIN_CASES" ]; then
  echo "FAIL: only $total cases in the corpus, at least $MIN_CASES expected"
  exit 1
fi
[ "$failed" -eq 0 ]
