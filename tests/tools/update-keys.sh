#!/bin/sh
# update-keys.sh - regenerate what is generated from the scenario key table (sim/core/schema.c):
# the README's key reference (the lines between "<!-- keys:begin -->" and "<!-- keys:end -->")
# and the fuzz dictionary tests/fuzz/scenario.dict, from a built binary:
#
#   sh tests/tools/update-keys.sh build/dev/dcbuildout
#
# tests/e2e_keys.sh fails while either differs from `dcbuildout keys`.  Files are replaced only
# when both outputs were produced and the README has its two markers once each.
set -eu
bin=${1:?usage: update-keys.sh DCBUILDOUT_BINARY}
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

"$bin" keys --format markdown >"$tmp/keys.md"
"$bin" keys --format dict >"$tmp/scenario.dict"
for m in '<!-- keys:begin -->' '<!-- keys:end -->'; do
  n=$(grep -cxF -- "$m" "$src/README.md" || true)
  [ "$n" -eq 1 ] || {
    echo "update-keys.sh: README.md must hold the line '$m' once (found $n)" >&2
    exit 1
  }
done
awk -v table="$tmp/keys.md" '
  $0 == "<!-- keys:end -->" { inside = 0 }
  !inside { print }
  $0 == "<!-- keys:begin -->" { inside = 1; while ((getline line < table) > 0) print line }
' "$src/README.md" >"$tmp/README.md"
cp "$tmp/README.md" "$src/README.md"
cp "$tmp/scenario.dict" "$src/tests/fuzz/scenario.dict"
echo "update-keys.sh: README.md key reference and tests/fuzz/scenario.dict regenerated"
