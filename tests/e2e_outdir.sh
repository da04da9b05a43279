#!/bin/sh
# e2e_outdir.sh - a run directory is replaced as a whole or not at all (sim/core/outdir.h): the
# regression tests of issue 11's "outputs that never mix".
#
#   1. disk full (a small tmpfs; skipped with a message where it cannot be mounted): a rerun
#      into a complete run directory, single and Monte Carlo, on a nearly full disk fails and
#      leaves the old directory byte-identical and nothing else; a fresh directory on a full
#      disk leaves nothing;
#   2. two concurrent runs into one --out, 30 times: each time both complete one after the
#      other or one is refused (exit 1, "being written by another run"), and every file of the
#      final directory carries the same seed; a run into a directory that a Monte Carlo is
#      writing is refused at once naming the Monte Carlo's pid; a held lock file refuses too;
#   3. Ctrl-C (SIGINT to the process group) during a --keep-traces Monte Carlo rerun: exit 130,
#      the previous complete run intact, rep-* included, nothing beside it;
#   4. a single run into a Monte Carlo's directory leaves no quantiles.csv, replications.csv or
#      rep-*; a smaller Monte Carlo over a larger one leaves no extra rep-*;
#   5. an unwritable output directory (under a regular file; a read-only tmpfs, which refuses
#      root too; chmod 0555 when not root) fails before any replication runs: fast, exit 1, the
#      message naming the directory;
#   6. a directory that is not a run directory (no run.ini, other files) is refused with exit 2
#      and left alone.
# Env (from CTest): DCB (binary), DCB_SRC (source dir), DCB_SANITIZE (ON under ASan).
set -u
: "${DCB:?set DCB to the dcbuildout binary}"
: "${DCB_SRC:?set DCB_SRC to the source directory}"
SG=""
[ "${DCB_SANITIZE:-OFF}" = ON ] && SG="--cfg=contexts/factory:thread"
W="$(mktemp -d "${TMPDIR:-/tmp}/dcb-e2e-outdir.XXXXXX")"
M="$W/mnt"
RO="$W/ro"
bg= # a long run in the background, killed if the test stops early
cleanup() {
  [ -n "$bg" ] && kill -KILL "$bg" 2> /dev/null
  umount "$M" 2> /dev/null
  umount "$RO" 2> /dev/null
  rm -rf "$W"
}
trap cleanup EXIT
SC="$DCB_SRC/tests/data/tiny.ini"
fails=0
ok() { printf 'ok   %s\n' "$1"; }
ko() { printf 'FAIL %s\n' "$1"; fails=$((fails + 1)); }
# tiny.ini with random durations (so that seeds differ in their data).
run() {
  "$DCB" run "$SC" $SG -q --set "grid.connection_years=tri(1,2,4)" \
    --set "project:one.permit_years=uniform(0.5,2.5)" "$@"
}
# Every entry of a directory, sorted (hidden ones included), on one line.
entries() { ls -A "$1" | sort | tr '\n' ' '; }
# Is directory $2 byte-identical to $1 (same names at every depth, same bytes)?
same_tree() { diff -r "$1" "$2" > /dev/null 2>&1; }
# The distinct "# seed:" lines of every file of a run directory (not the platform copy).
seeds() { cat "$1"/*.csv "$1"/run.ini | grep '^# seed:' | sort -u; }

# 1. Disk full.
mkdir -p "$M"
if ! mount -t tmpfs -o size=512k tmpfs "$M" 2> "$W/mount.err"; then
  echo "skip 1 (disk full): cannot mount a tmpfs here: $(head -1 "$W/mount.err")"
else
  run --seed 1 --out "$M/run" || ko "1 first run on the tmpfs"
  run --seed 1 -n 3 --keep-traces --out "$M/mc" || ko "1 first Monte Carlo on the tmpfs"
  cp -a "$M/run" "$W/run.snap" && cp -a "$M/mc" "$W/mc.snap"
  # Fill the disk, then free two pages: the rerun's first file fits, the next ones do not.
  dd if=/dev/zero of="$M/fill" bs=4096 2> /dev/null
  truncate -s -8192 "$M/fill"
  run --seed 2 --out "$M/run" 2> "$W/full.err"
  st=$?
  [ $st = 1 ] && grep -q 'No space left' "$W/full.err" && ok "1 rerun on a nearly full disk fails" ||
    ko "1 rerun on a nearly full disk fails (exit $st: $(cat "$W/full.err"))"
  same_tree "$W/run.snap" "$M/run" && ok "1 the previous run directory is byte-identical" ||
    ko "1 the previous run directory is byte-identical"
  run --seed 2 -n 3 --keep-traces --out "$M/mc" 2> "$W/full.err"
  st=$?
  [ $st = 1 ] && grep -q 'No space left' "$W/full.err" && same_tree "$W/mc.snap" "$M/mc" &&
    ok "1 Monte Carlo rerun on a nearly full disk: previous one byte-identical" ||
    ko "1 Monte Carlo rerun on a nearly full disk (exit $st: $(cat "$W/full.err"))"
  [ "$(entries "$M")" = "fill mc run " ] && ok "1 nothing left beside them" ||
    ko "1 nothing left beside them: $(entries "$M")"
  # A fresh directory on a full disk.
  dd if=/dev/zero of="$M/fill2" bs=4096 2> /dev/null
  run --seed 2 --out "$M/fresh" 2> "$W/full.err"
  st=$?
  [ $st = 1 ] && [ "$(entries "$M")" = "fill fill2 mc run " ] &&
    ok "1 a fresh directory on a full disk leaves nothing" ||
    ko "1 a fresh directory on a full disk leaves nothing (exit $st): $(entries "$M")"
  umount "$M"
fi

# 2. Concurrent runs into one directory.
i=0
mixed=0
refused=0
while [ $i -lt 30 ]; do
  run --seed 1 --out "$W/c" 2> "$W/c1.err" &
  p1=$!
  run --seed 2 --out "$W/c" 2> "$W/c2.err" &
  p2=$!
  wait $p1
  s1=$?
  wait $p2
  s2=$?
  for k in 1 2; do
    eval "s=\$s$k"
    # (pid N), or the lock file when the writer holds the lock but has not written its pid yet
    if [ "$s" = 1 ] && grep -q "^dcbuildout: '$W/c' is being written by another run (\(pid [0-9]*\|lock '.*'\))" \
      "$W/c$k.err"; then
      refused=$((refused + 1))
    elif [ "$s" != 0 ]; then
      mixed=$((mixed + 1))
      echo "  try $i: run $k exited $s: $(cat "$W/c$k.err")"
    fi
  done
  got=$(seeds "$W/c")
  case "$s1$s2:$got" in
  00:"# seed: 1" | 00:"# seed: 2" | 01:"# seed: 1" | 10:"# seed: 2") ;;
  *)
    mixed=$((mixed + 1))
    echo "  try $i: exits $s1 $s2, seeds: $got"
    ;;
  esac
  [ "$(ls -A "$W" | grep -c '^\.c\.')" = 0 ] || {
    mixed=$((mixed + 1))
    echo "  try $i: left beside: $(ls -A "$W" | grep '^\.c\.')"
  }
  i=$((i + 1))
done
[ $mixed = 0 ] && ok "2 30 pairs of concurrent runs: never mixed ($refused refused)" ||
  ko "2 concurrent runs mixed or failed ($mixed times)"
# A run into a directory a long Monte Carlo is writing: refused at once, naming it.
# (the binary itself in the background, not the run function: $! must be its pid)
"$DCB" run "$SC" $SG -q --set "grid.connection_years=tri(1,2,4)" -n 200000 -j 2 --out "$W/long" \
  2> /dev/null &
mc=$!
bg=$mc
i=0
while ! ls -d "$W"/.long.tmp-* > /dev/null 2>&1 && [ $i -lt 600 ]; do
  sleep 0.05
  i=$((i + 1))
done
run --out "$W/long" 2> "$W/long.err"
st=$?
kill -TERM $mc
wait $mc
bg=
[ $st = 1 ] && grep -q "^dcbuildout: '$W/long' is being written by another run (pid $mc): wait" \
  "$W/long.err" && [ "$(wc -l < "$W/long.err")" = 1 ] &&
  ok "2 a run into a directory being written is refused, naming the writer" ||
  ko "2 a run into a directory being written (exit $st): $(cat "$W/long.err")"
[ ! -e "$W/long" ] && [ "$(ls -A "$W" | grep -c '^\.long\.')" = 0 ] ||
  ko "2 the interrupted writer left something: $(ls -A "$W" | grep long)"
if command -v flock > /dev/null; then
  cp -a "$W/c" "$W/c.snap"
  flock "$W/.c.lock" sleep 30 &
  fl=$!
  sleep 0.3
  run --seed 3 --out "$W/c" 2> "$W/lock.err"
  st=$?
  kill $fl
  wait $fl 2> /dev/null
  [ $st = 1 ] && grep -q 'is being written by another run' "$W/lock.err" &&
    same_tree "$W/c.snap" "$W/c" && ok "2 a held lock refuses, the directory untouched" ||
    ko "2 a held lock refuses (exit $st): $(cat "$W/lock.err")"
fi

# 3. Ctrl-C during a --keep-traces Monte Carlo rerun.
run --seed 5 -n 4 -j 2 --keep-traces --out "$W/k" || ko "3 first Monte Carlo"
cp -a "$W/k" "$W/k.snap"
# Its own session (the group gets the SIGINT, as from a terminal), SIGINT not ignored (a
# background job of a shell without job control ignores it).
setsid env --default-signal=INT "$DCB" run "$SC" $SG -q --set "grid.connection_years=tri(1,2,4)" \
  --seed 6 -n 200000 -j 2 --keep-traces --out "$W/k" 2> "$W/int.err" &
pid=$!
bg=$pid
i=0
while ! ls -d "$W"/.k.tmp-*/rep-0000 > /dev/null 2>&1 && [ $i -lt 1200 ]; do
  sleep 0.05
  i=$((i + 1))
done
ls -d "$W"/.k.tmp-*/rep-0000 > /dev/null 2>&1 || ko "3 no replication finished within 60 s"
kill -INT -- -$pid 2> /dev/null || kill -INT $pid
wait $pid
st=$?
bg=
[ $st = 130 ] && grep -q 'interrupted.*nothing written' "$W/int.err" && ok "3 Ctrl-C: exit 130" ||
  ko "3 Ctrl-C: exit 130 (got $st: $(cat "$W/int.err"))"
same_tree "$W/k.snap" "$W/k" && [ -d "$W/k/rep-0003" ] &&
  ok "3 the previous complete run is intact, rep-* included" ||
  ko "3 the previous complete run is intact: $(entries "$W/k")"
[ "$(ls -A "$W" | grep -c '^\.k\.')" = 0 ] && ok "3 nothing left beside it" ||
  ko "3 left beside it: $(ls -A "$W" | grep '^\.k\.')"

# 4. Stale files: a single run into a Monte Carlo's directory; a smaller Monte Carlo.
run --seed 7 --out "$W/k" || ko "4 single run into a Monte Carlo directory"
[ "$(entries "$W/k")" = "corridors.csv events.csv run.ini sites.csv substations.csv tiny.xml yearly.csv " ] &&
  ok "4 a single run leaves no quantiles.csv, replications.csv, rep-*" ||
  ko "4 a single run over a Monte Carlo left: $(entries "$W/k")"
run --seed 8 -n 6 --keep-traces --out "$W/s" && run --seed 8 -n 2 --keep-traces --out "$W/s" ||
  ko "4 two Monte Carlo runs"
[ "$(entries "$W/s")" = "quantiles.csv rep-0000 rep-0001 replications.csv run.ini tiny.xml " ] &&
  [ "$(grep -vc '^#' "$W/s/replications.csv")" = 3 ] &&
  ok "4 a smaller Monte Carlo leaves no extra rep-*" ||
  ko "4 a smaller Monte Carlo left: $(entries "$W/s")"

# 5. An unwritable output directory fails before any replication runs.
unwritable() { # $1: what, $2: --out, $3: the directory the message must name
  t0=$(date +%s)
  run -n 100000 -j 2 --out "$2" 2> "$W/unw.err"
  st=$?
  t=$(($(date +%s) - t0))
  [ $st = 1 ] && [ $t -le 10 ] && grep -q "'$3'" "$W/unw.err" &&
    [ "$(wc -l < "$W/unw.err")" = 1 ] && ok "5 $1: fails at once ($t s), naming '$3'" ||
    ko "5 $1 (exit $st after $t s): $(cat "$W/unw.err")"
}
echo x > "$W/afile"
unwritable "under a regular file" "$W/afile/out/mc" "$W/afile/out"
mkdir -p "$RO"
if mount -t tmpfs -o ro,size=64k tmpfs "$RO" 2> /dev/null; then
  unwritable "on a read-only filesystem" "$RO/mc" "$RO"
  umount "$RO"
else
  echo "skip 5 (read-only filesystem): cannot mount a tmpfs here"
fi
if [ "$(id -u)" != 0 ]; then
  mkdir -p "$W/locked"
  chmod 0555 "$W/locked"
  unwritable "in a directory without write permission" "$W/locked/mc" "$W/locked"
  chmod 0755 "$W/locked"
fi

# 6. Not a run directory: refused, left alone.
mkdir -p "$W/home/docs"
echo mine > "$W/home/notes.txt"
run --out "$W/home" 2> "$W/home.err"
st=$?
[ $st = 2 ] && grep -q "^dcbuildout: '$W/home' is not a run directory (no run.ini" "$W/home.err" &&
  [ "$(entries "$W/home")" = "docs notes.txt " ] && ok "6 a foreign directory is refused, exit 2" ||
  ko "6 a foreign directory is refused (exit $st): $(cat "$W/home.err")"
run -n 2 --out "$W/home" 2> "$W/home.err"
st=$?
[ $st = 2 ] && [ "$(entries "$W/home")" = "docs notes.txt " ] &&
  ok "6 a Monte Carlo into it too" || ko "6 a Monte Carlo into it (exit $st): $(cat "$W/home.err")"

echo "$fails failure(s)"
[ $fails = 0 ]
