#!/bin/sh
# e2e_layers.sh - no source file includes a header of a layer above its own (docs/ARCHITECTURE.md,
# "Layers"): the include paths already refuse `#include "runner.h"` in the core, this also
# catches a relative path such as `#include "../exec/runner.h"`.  Layers, lowest first:
#   core < exec, engine < cli   (exec and engine may not include each other)
set -eu
: "${DCB_SRC:?source directory}"
cd "$DCB_SRC/sim"
fail=0
allowed() { # allowed LAYER: the directories whose headers LAYER may include
  case $1 in
  core) echo "core" ;;
  exec) echo "core exec" ;;
  engine) echo "core engine" ;;
  cli) echo "core exec cli" ;;
  esac
}
for layer in core exec engine cli; do
  ok=$(allowed $layer)
  for f in $layer/*.c $layer/*.h; do
    [ -f "$f" ] || continue
    for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
      name=$(basename "$inc")
      home=
      for d in core exec engine cli; do
        [ -f "$d/$name" ] && home=$d
      done
      [ -n "$home" ] || { echo "FAIL: $f includes \"$inc\", which is in no layer" >&2; fail=1; continue; }
      case " $ok " in
      *" $home "*) ;;
      *) echo "FAIL: $f ($layer layer) includes \"$inc\" of the $home layer" >&2; fail=1 ;;
      esac
    done
  done
done
[ $fail = 0 ] || exit 1
echo "PASS: every #include stays within its layer or below"
