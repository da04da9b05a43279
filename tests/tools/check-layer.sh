#!/bin/sh
# check-layer.sh LAYER LIBRARY - fail when a layer's library uses a symbol its layer may not
# (docs/ARCHITECTURE.md, "Layers").  Run by the build after every link of a layer library, so a
# forbidden call is a build error, not a review comment:
#   core    no SimGrid (sg_*, simgrid_*, xbt_*), no processes (fork, exec*, posix_spawn*, system,
#           popen, wait*, g_spawn_*, g_subprocess_*), no module loading (dlopen, g_module_*)
#   exec    no SimGrid
#   engine  no processes, no module loading
set -eu
layer=$1
lib=$2
simgrid='^(sg_|simgrid_|xbt_|_ZN7simgrid)'
procs='^(fork|vfork|_Fork|execv|execve|execvp|execvpe|execl|execlp|execle|fexecve|posix_spawn|posix_spawnp|system|popen|wait|waitpid|waitid|g_spawn_|g_subprocess_)'
modules='^(dlopen|dlmopen|g_module_)'
case $layer in
core) bad="$simgrid|$procs|$modules" ;;
exec) bad="$simgrid" ;;
engine) bad="$procs|$modules" ;;
*) echo "check-layer.sh: unknown layer '$layer'" >&2; exit 2 ;;
esac
bad=$(echo "$bad" | sed 's/)|^(/|/g')
found=$(nm -D --undefined-only "$lib" | awk '{print $NF}' | sed 's/@.*//' | grep -E "$bad" || true)
if [ -n "$found" ]; then
  echo "check-layer.sh: $lib ($layer layer) uses symbols its layer may not:" $found >&2
  echo "  (see docs/ARCHITECTURE.md, 'Layers')" >&2
  exit 1
fi
