#!/bin/sh
# bench_batch_memory.sh - peak memory of a child versus its batch K (not a ctest test: it prints
# figures).
#
#   sh tests/bench/bench_batch_memory.sh [BUILD_DIR]        (default build/release)
#   env: KS (batches for the default region, default "1 2 4 8 16 32"),
#        SYN_KS (batches for the synthetic region, default "1 2 4 8"),
#        SYN_SITES (default 500), SYN_YEARS (default 36)
#
# For (i) the default region (workloads/hauts-de-france.ini) and (ii) the synthetic region of
# synthetic-region.sh (SYN_SITES sites of 20 halls, so 10 000 halls by default, over SYN_YEARS
# years), runs `DCB_RUNNER_STATS=1 dcbuildout run SCENARIO -n 2K --jobs 2 --batch K` (two
# children of K replications each) and parses the runner line "peak resident memory X MiB per
# child at most, Y MiB in the parent".  Prints K, the child peak, the parent peak and
# (child(K) - child(1)) / (K - 1): the MiB one more replication in a batch costs.  Then the batch
# the tool chooses itself with --jobs 2: for 1000 replications of the default region, for 64 of
# the synthetic one (1000 would take minutes).
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build/release}
dcb=$build/dcbuildout
[ -x "$dcb" ] || { echo "build first: cmake --workflow --preset demo (or give BUILD_DIR)" >&2; exit 2; }
KS=${KS:-1 2 4 8 16 32}
SYN_KS=${SYN_KS:-1 2 4 8}
SYN_SITES=${SYN_SITES:-500}
SYN_YEARS=${SYN_YEARS:-36}
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
work=$(mktemp -d "$base/dcb-bench-mem-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
cp -R "$src/workloads" "$src/platforms" "$work/in/"
hdf=$work/in/workloads/hauts-de-france.ini
. "$src/tests/bench/synthetic-region.sh"
make_region "$dcb" "$work/syn" "$SYN_SITES" "$SYN_YEARS"
syn=$work/syn/region.ini
now() { date +%s.%N; }

# stats SCENARIO N [ARGS...]: one Monte Carlo run with DCB_RUNNER_STATS=1; prints its stderr
# (the batch: and runner: lines) and leaves the wall seconds in $work/wall.
stats() {
  sc=$1 n=$2
  shift 2
  rm -rf "$work/out"
  t0=$(now)
  DCB_RUNNER_STATS=1 "$dcb" run "$sc" -n "$n" --jobs 2 "$@" --out "$work/out" -q 2>"$work/err" ||
    { echo "run $sc -n $n $* failed:" >&2; cat "$work/err" >&2; exit 1; }
  t1=$(now)
  echo "$t0 $t1" | awk '{ printf "%.2f\n", $2 - $1 }' >"$work/wall"
  cat "$work/err"
}

# table NAME SCENARIO KS: the K table of one region, then its conclusion.
table() {
  name=$1 sc=$2 ks=$3
  echo "$name: -n 2K --jobs 2 --batch K"
  printf '  %3s  %9s  %10s  %13s  %7s\n' K "child MiB" "parent MiB" "MiB/extra rep" "wall s"
  : >"$work/rows"
  for k in $ks; do
    line=$(stats "$sc" $((2 * k)) --batch "$k" | grep '^runner:') ||
      { echo "no runner: line for K=$k" >&2; exit 1; }
    # "runner: C children for N replications; peak resident memory X MiB per child at most, Y MiB in the parent"
    echo "$line" | awk -v k="$k" -v wall="$(cat "$work/wall")" '{
      for (i = 1; i <= NF; i++) {
        if ($i == "memory") child = $(i + 1)
        if ($i == "most,") parent = $(i + 1)
      }
      print k, child, parent, wall }' >>"$work/rows"
  done
  awk '
    NR == 1 { k1 = $1; c1 = $2 }
    { slope = ($1 > k1 ? sprintf("%.2f", ($2 - c1) / ($1 - k1)) : "-")
      printf "  %3d  %9.1f  %10.1f  %13s  %7.2f\n", $1, $2, $3, slope, $4
      last_k = $1; last_c = $2 }
    END {
      if (last_k > k1)
        printf "  conclusion: a child grows by %.2f MiB per extra replication in its batch (%.1f MiB at K=%d, %.1f MiB at K=%d: x%.1f)\n",
               (last_c - c1) / (last_k - k1), c1, k1, last_c, last_k, last_c / c1
    }' "$work/rows"
}

echo "peak resident memory per child versus the batch K (DCB_RUNNER_STATS=1, --jobs 2):"
table "default region (hauts-de-france.ini)" "$hdf" "$KS"
table "synthetic region ($SYN_SITES sites x 20 halls = $((SYN_SITES * 20)) halls, $SYN_YEARS years)" "$syn" "$SYN_KS"

echo "the batch chosen by the tool (no --batch, --jobs 2):"
for spec in "default 1000 $hdf" "synthetic 64 $syn"; do
  set -- $spec
  out=$(stats "$3" "$2")
  echo "$out" | awk -v name="$1" -v n="$2" -v wall="$(cat "$work/wall")" '
    /^batch:/ { for (i = 1; i <= NF; i++) if ($i == "most") k = $(i + 1); nb = $5 }
    /^runner:/ { for (i = 1; i <= NF; i++) { if ($i == "memory") c = $(i + 1); if ($i == "most,") p = $(i + 1) } }
    END { printf "  %-9s -n %4d: %s batches of at most %s; child peak %s MiB, parent %s MiB (%s s)\n", name, n, nb, k, c, p, wall }'
  echo "$out" | grep -E '^(batch|runner):' | sed 's/^/    /'
done
