#!/bin/bash
# slurm-stop.sh DIR - stop the private Slurm cluster that slurm-local.sh DIR started, by PID, and
# remove DIR (keep it with SLURM_LOCAL_KEEP=1, e.g. to read its logs).
#
# Only the daemons recorded in DIR/run/started are stopped (slurmd first, then slurmctld, then
# its munged), each by the PID in its PID file under DIR and only if /proc says that PID is still
# that daemon: a real Slurm on the machine, or another test run's cluster, is never signalled.
# The cluster's jobs still queued are cancelled first (through its own SLURM_CONF) and the script
# waits up to 10 s for the queue to empty, so that no step lingers retrying its completion
# messages against a stopped controller.
set -eu
trap '' PIPE

say() { echo "slurm-stop: $*" >&2; }
[ $# = 1 ] || { say "usage: slurm-stop.sh DIR"; exit 2; }
DIR=$1
. "$(dirname "$0")/procs.sh"
set_dirs "$DIR"

# remove_dir: DIR goes unless SLURM_LOCAL_KEEP=1, and only when it is a cluster's (or empty).
remove_dir() {
  [ "${SLURM_LOCAL_KEEP:-0}" != 1 ] || return 0
  if [ -d "$RUN_DIR" ] || [ -z "$(ls -A "$DIR" 2>/dev/null)" ]; then rm -rf "${DIR:?}"; fi
}
[ -f "$RUN_DIR/started" ] || {
  say "nothing to stop in '$DIR' (no cluster started there by slurm-local.sh)"
  remove_dir
  exit 0
}
started=$(cat "$RUN_DIR/started")
has() { printf '%s\n' "$started" | grep -qx "$1"; }
export SLURM_CONF=$DIR/slurm.conf

if has slurmctld && command -v scancel >/dev/null; then
  scancel --user=root 2>/dev/null || true
  for i in $(seq 100); do
    [ -n "$(squeue -h 2>/dev/null)" ] || break
    sleep 0.1
  done
  sleep 0.5 # the last steps report their completion
fi
for name in slurmd slurmctld; do
  if has "$name"; then
    pid=$(cat "$RUN_DIR/$name.pid" 2>/dev/null | tr -dc 0-9) || true
    if alive "$pid" "$name"; then
      say "stopping $name ($pid)"
      stop_pid "$pid" "$name"
    fi
  fi
done
if has munged; then
  pid=$(cat "$DIR/munge/munged.pid" 2>/dev/null | tr -dc 0-9) || true
  if alive "$pid" munged; then
    say "stopping munged ($pid)"
    stop_pid "$pid" munged
  fi
fi
rm -f "$RUN_DIR/started"
# Undo slurm-local.sh's stand-in cgroup filesystem (only made where none was mounted).
if [ -f "$RUN_DIR/cgroup-mounted" ]; then
  umount /sys/fs/cgroup 2>/dev/null || true
  rm -f "$RUN_DIR/cgroup-mounted"
fi
remove_dir
