#!/bin/sh
# bench_profile.sh - where the time of a replication goes (not a ctest test: it prints figures).
#
#   sh tests/bench/bench_profile.sh [BUILD_DIR]        (default build/release)
#   env: N (replications, default 1000), TOP (symbols listed, default 15)
#
# Profiles `dcbuildout run workloads/hauts-de-france.ini -n N --jobs 1 --out DIR -q` with the
# automatic batch and with --batch 1 (one child per replication), side by side, with linux perf:
# 1. `perf stat -e task-clock,page-faults,context-switches` (children included): CPU ms, page
#    faults and context switches per replication.
# 2. `perf record -g` (frame-pointer call graphs, no dwarf; the event is cpu-clock when the VM
#    has no hardware counters): the share of the samples by shared object, grouped into kernel,
#    libsimgrid, libc, libdcbuildout-engine (the model), libdcbuildout-core, libglib and other
#    (the dynamic loader, libstdc++, libdcbuildout-exec, SimGrid's ns-3 ...), then the TOP
#    symbols of each.  The difference between the two columns is what batching removed.
# Needs perf (Debian: apt-get install linux-perf) and the right to profile
# (kernel.perf_event_paranoid <= 1, or root); without perf it says so and exits 0.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build/release}
dcb=$build/dcbuildout
[ -x "$dcb" ] || { echo "build first: cmake --workflow --preset demo (or give BUILD_DIR)" >&2; exit 2; }
command -v perf >/dev/null 2>&1 || {
  echo "bench_profile: perf is not on the PATH; install linux perf (Debian: apt-get install linux-perf," \
    "Ubuntu: linux-tools-generic) and run it again"
  exit 0
}
N=${N:-1000}
TOP=${TOP:-15}
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
work=$(mktemp -d "$base/dcb-bench-prof-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
cp -R "$src/workloads" "$src/platforms" "$work/in/"
hdf=$work/in/workloads/hauts-de-france.ini

# The sampling event: the hardware cycles counter when there is one, else the cpu-clock timer.
event=cycles
perf stat -x, -e cycles -o "$work/probe" true 2>/dev/null && ! grep -q 'not supported\|not counted' "$work/probe" ||
  event=cpu-clock
perf record -e "$event" -o "$work/probe.data" true >/dev/null 2>&1 || event=cpu-clock
perf record -e "$event" -o "$work/probe.data" true >/dev/null 2>&1 || {
  echo "bench_profile: perf record does not work here (kernel.perf_event_paranoid is" \
    "$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null); try sysctl kernel.perf_event_paranoid=1)"
  exit 0
}
"$dcb" run "$hdf" --out "$work/warm" -q >/dev/null 2>&1 # warm the page cache

# profile NAME [ARGS...]: perf stat then perf record of the run; NAME.stat, NAME.data.
profile() {
  name=$1
  shift
  rm -rf "$work/out"
  perf stat -x, -e task-clock,page-faults,context-switches -o "$work/$name.stat" \
    "$dcb" run "$hdf" -n "$N" --jobs 1 "$@" --out "$work/out" -q ||
    { echo "bench_profile: the $name run failed" >&2; exit 1; }
  rm -rf "$work/out"
  perf record -q -e "$event" --call-graph fp -o "$work/$name.data" \
    "$dcb" run "$hdf" -n "$N" --jobs 1 "$@" --out "$work/out" -q >/dev/null 2>"$work/$name.rec.err" ||
    { echo "bench_profile: perf record of the $name run failed:" >&2; cat "$work/$name.rec.err" >&2; exit 1; }
  perf report -i "$work/$name.data" --stdio --no-children -q -g none --sort dso 2>/dev/null |
    awk 'NF >= 2 { p = $1; sub(/%/, "", p); d = $2
      if (d ~ /^\[kernel|^\[guest\.kernel|^\[unknown\]/) g = "kernel"
      else if (d ~ /^libsimgrid/) g = "libsimgrid"
      else if (d ~ /^libc\.so|^libc-/) g = "libc"
      else if (d ~ /^libdcbuildout-engine/) g = "libdcbuildout-engine"
      else if (d ~ /^libdcbuildout-core/) g = "libdcbuildout-core"
      else if (d ~ /^libglib/) g = "libglib"
      else { g = "other"; if (p >= 0.5) others = others sprintf("%s%s %.1f", (others == "" ? "" : ", "), d, p) }
      s[g] += p }
      END { n = split("kernel libsimgrid libc libdcbuildout-engine libdcbuildout-core libglib other", o, " ")
        for (i = 1; i <= n; i++) printf "%s %.1f\n", o[i], s[o[i]]
        print "others", (others == "" ? "-" : others) }' >"$work/$name.dso"
  perf report -i "$work/$name.data" --stdio --no-children -q -g none --sort dso,sym 2>/dev/null |
    awk -v top="$TOP" 'NF >= 4 && n < top { n++; p = $1; d = $2; $1 = $2 = $3 = ""; sub(/^ +/, "")
      sub(/\.so[.0-9]*$/, "", d); printf "%6s %-22.22s %s\n", p, d, substr($0, 1, 60) }' >"$work/$name.sym"
}

echo "profile of run workloads/hauts-de-france.ini -n $N --jobs 1 (perf $(perf --version | awk '{ print $3 }'), sampling event $event):"
profile auto
profile k1 --batch 1
DCB_RUNNER_STATS=1 "$dcb" run "$hdf" -n "$N" --jobs 1 --out "$work/out" -q 2>&1 | grep '^batch:' | sed 's/^/  automatic /'

# stat FILE EVENT: the count of an event in a perf stat -x, file
stat() { awk -F, -v e="$2" '$3 == e || $3 ~ "^" e ":" { print $1 }' "$1"; }
printf '  %-34s %14s %14s\n' "" "automatic" "--batch 1"
for e in task-clock page-faults context-switches; do
  a=$(stat "$work/auto.stat" "$e") b=$(stat "$work/k1.stat" "$e")
  awk -v e="$e" -v a="$a" -v b="$b" -v n="$N" 'BEGIN {
    if (e == "task-clock") printf "  %-34s %14.3f %14.3f   (x%.2f)\n", "CPU ms per replication", a / n, b / n, b / a
    else printf "  %-34s %14.1f %14.1f   (x%.2f)\n", e " per replication", a / n, b / n, b / a }'
done
echo "  share of the samples by shared object (%):"
awk 'FNR == NR { if ($1 != "others") a[$1] = $2; next }
     $1 != "others" { printf "    %-32s %12.1f %14.1f\n", $1, a[$1], $2 }' "$work/auto.dso" "$work/k1.dso"
echo "    other, automatic: $(awk '$1 == "others" { $1 = ""; sub(/^ /, ""); print }' "$work/auto.dso")"
echo "    other, --batch 1: $(awk '$1 == "others" { $1 = ""; sub(/^ /, ""); print }' "$work/k1.dso")"
echo "  top $TOP symbols (self), automatic batch:"
sed 's/^/    /' "$work/auto.sym"
echo "  top $TOP symbols (self), --batch 1:"
sed 's/^/    /' "$work/k1.sym"
