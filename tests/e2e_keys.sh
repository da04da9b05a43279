#!/bin/sh
# e2e_keys.sh - `dcbuildout keys` and what is generated from the scenario key table:
#   - the README's key reference (between "<!-- keys:begin -->" and "<!-- keys:end -->", each
#     marker once) is exactly `dcbuildout keys` (Markdown), and tests/fuzz/scenario.dict is
#     exactly `dcbuildout keys --format dict`; when not, the failure names the command that
#     regenerates both (tests/tools/update-keys.sh);
#   - the table has a header, a separator and one row per key, every row with six cells; the
#     dictionary holds every group and key of the table;
#   - `keys --help` exits 0, `keys --format nope` and an extra argument exit 2; `--help` lists
#     `keys`.
# Environment (set by CTest): DCB = the dcbuildout binary, DCB_SRC = the source directory.
set -u
: "${DCB:?set DCB to the dcbuildout binary}"
: "${DCB_SRC:?set DCB_SRC to the source directory}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dcb-keys-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0
fail() {
  failed=$((failed + 1))
  echo "FAIL: $*"
}
ok() { echo "ok   $*"; }
regen="run: sh tests/tools/update-keys.sh $DCB  (from $DCB_SRC), then commit README.md and tests/fuzz/scenario.dict"

if "$DCB" keys >"$tmp/keys.md" 2>"$tmp/err" && "$DCB" keys --format markdown >"$tmp/keys2.md" &&
  cmp -s "$tmp/keys.md" "$tmp/keys2.md"; then
  ok "keys prints the Markdown table by default"
else
  fail "keys / keys --format markdown failed or differ: $(cat "$tmp/err")"
fi
"$DCB" keys --format dict >"$tmp/scenario.dict" 2>"$tmp/err" || fail "keys --format dict: $(cat "$tmp/err")"

# The README section, markers once each.
markers_ok=1
for m in '<!-- keys:begin -->' '<!-- keys:end -->'; do
  n=$(grep -cxF -- "$m" "$DCB_SRC/README.md")
  [ "$n" -eq 1 ] || {
    fail "README.md holds the line '$m' $n times, expected once"
    markers_ok=0
  }
done
if [ "$markers_ok" -eq 1 ]; then
  awk '$0 == "<!-- keys:end -->" { inside = 0 } inside { print } $0 == "<!-- keys:begin -->" { inside = 1 }' \
    "$DCB_SRC/README.md" >"$tmp/readme-keys.md"
  if diff -u "$tmp/readme-keys.md" "$tmp/keys.md" >"$tmp/diff"; then
    ok "README key reference is the generated table"
  else
    fail "README.md key reference differs from 'dcbuildout keys'; $regen"
    head -20 "$tmp/diff" | sed 's/^/    /'
  fi
fi
if diff -u "$DCB_SRC/tests/fuzz/scenario.dict" "$tmp/scenario.dict" >"$tmp/diff"; then
  ok "tests/fuzz/scenario.dict is the generated dictionary"
else
  fail "tests/fuzz/scenario.dict differs from 'dcbuildout keys --format dict'; $regen"
  head -20 "$tmp/diff" | sed 's/^/    /'
fi

# Shape of the table, and the dictionary covers its groups and keys.
bad_rows=$(awk -F'|' 'NR > 2 && NF != 8' "$tmp/keys.md" | wc -l | tr -d ' ')
rows=$(awk 'NR > 2' "$tmp/keys.md" | wc -l | tr -d ' ')
if [ "$(sed -n 2p "$tmp/keys.md")" = "|---|---|---|---|---|---|" ] && [ "$bad_rows" -eq 0 ] &&
  [ "$rows" -ge 50 ]; then
  ok "table: $rows rows of six cells"
else
  fail "table shape: $rows rows, $bad_rows rows without six cells"
fi
missing=0
awk -F' [|] ' 'NR > 2 { sub(/^[|] /, "", $1); print $1; print $2 }' "$tmp/keys.md" |
  sed 's/^\[\([a-z_]*\):NAME\]$/[\1:/; s/^`\(.*\)`$/\1/' | sort -u >"$tmp/tokens"
while IFS= read -r t; do
  grep -qxF "\"$t\"" "$tmp/scenario.dict" || {
    missing=$((missing + 1))
    echo "    not in the dictionary: $t"
  }
done <"$tmp/tokens"
[ "$missing" -eq 0 ] && ok "dictionary holds every group and key" || fail "$missing groups or keys missing from the dictionary"

# Usage.
"$DCB" keys --help >/dev/null 2>&1 && ok "keys --help exits 0" || fail "keys --help"
"$DCB" keys --format nope >/dev/null 2>"$tmp/err"
st=$?
[ "$st" -eq 2 ] && grep -q "expected markdown or dict" "$tmp/err" && ok "keys --format nope exits 2" ||
  fail "keys --format nope: status $st, $(cat "$tmp/err")"
"$DCB" keys extra >/dev/null 2>&1
st=$?
[ "$st" -eq 2 ] && ok "keys with an argument exits 2" || fail "keys extra: status $st"
"$DCB" --help | grep -q '^  keys ' && ok "--help lists keys" || fail "--help does not list keys"

if [ "$failed" -ne 0 ]; then
  echo "$failed failure(s)"
  exit 1
fi
echo "all keys checks passed"
