#!/bin/sh
# check-layer.sh LAYER LIBRARY [LOWER_LIBRARY...] - fail when a layer's library uses a symbol its
# layer may not (docs/ARCHITECTURE.md, "Layers").  Run by the build after every link of a layer
# library, so a forbidden call is a build error, not a review comment:
#   core    no SimGrid (sg_*, simgrid_*, xbt_*), no processes (fork, exec*, posix_spawn*, system,
#           popen, wait*, clone, syscall, g_spawn_*, g_subprocess_*), no module loading (dlopen,
#           dlsym, g_module_*)
#   exec    no SimGrid
#   engine  no processes, no module loading
#   cli     no SimGrid (the executable reaches the engine only through the module exec loads)
# and, for every layer, no undefined dcb_ function that none of the LOWER_LIBRARY files (the
# layers it may call) defines: the core may call no other layer, the engine only the core.  This
# also holds in the sanitizer build, which links without --no-undefined.
set -eu
layer=$1
lib=$2
shift 2
simgrid='sg_|simgrid_|xbt_|_ZN7simgrid'
procs='fork|vfork|_Fork|clone|clone3|syscall|execv|execve|execvp|execvpe|execl|execlp|execle|fexecve|posix_spawn|posix_spawnp|system|popen|wait|waitpid|waitid|wait3|wait4|g_spawn_|g_subprocess_'
modules='dlopen|dlmopen|dlsym|dlvsym|g_module_'
case $layer in
core) bad="$simgrid|$procs|$modules" ;;
exec) bad="$simgrid" ;;
engine) bad="$procs|$modules" ;;
cli) bad="$simgrid" ;;
*) echo "check-layer.sh: unknown layer '$layer'" >&2; exit 2 ;;
esac
undefined=$(nm -D --undefined-only "$lib" | awk '{print $NF}' | sed 's/@.*//')
found=$(printf '%s\n' "$undefined" | grep -E "^($bad)" || true)
# dcb_ functions must come from an allowed lower layer.
defined=
for lower in "$@"; do
  defined="$defined
$(nm -D --defined-only "$lower" | awk '{print $NF}' | sed 's/@.*//')"
done
for sym in $(printf '%s\n' "$undefined" | grep '^dcb_' || true); do
  printf '%s\n' "$defined" | grep -qx "$sym" || found="$found $sym"
done
if [ -n "$(echo $found)" ]; then
  echo "check-layer.sh: $lib ($layer layer) uses symbols its layer may not:" $found >&2
  echo "  (see docs/ARCHITECTURE.md, 'Layers')" >&2
  exit 1
fi
