#!/bin/bash
# slurm-stop.sh - stop the single-node Slurm daemons that slurm-local.sh started, by PID.
#
# Only the daemons recorded in /var/spool/slurm-local/run/started are stopped (slurmd first,
# then slurmctld, then munged if the start script started it), each by the PID in its PID file
# and only if /proc says that PID is still that daemon.  Jobs still queued are cancelled first
# and the script waits up to 10 s for their slurmstepd to exit, so that no step lingers
# retrying its completion messages against a stopped controller.
set -eu
trap '' PIPE

BASE=/var/spool/slurm-local
RUN_DIR=$BASE/run
say() { echo "slurm-stop: $*" >&2; }

alive() {
  local pid=$1 name=$2 stat comm state
  case "$pid" in '' | *[!0-9]*) return 1 ;; esac
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  comm=${stat#*(}
  comm=${comm%%)*}
  state=${stat##*) }
  state=${state%% *}
  [ "$comm" = "$name" ] && [ "$state" != Z ]
}
stop_pid() {
  local pid=$1 name=$2 i
  alive "$pid" "$name" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 100); do
    alive "$pid" "$name" || return 0
    sleep 0.1
  done
  say "$name ($pid) ignored SIGTERM for 10 s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

[ -f "$RUN_DIR/started" ] || {
  say "nothing to stop (no daemon was started by slurm-local.sh)"
  exit 0
}
started=$(cat "$RUN_DIR/started")
has() { printf '%s\n' "$started" | grep -qx "$1"; }

if has slurmctld && command -v scancel >/dev/null; then
  scancel --user=root 2>/dev/null || true
  for i in $(seq 100); do
    pgrep -x slurmstepd >/dev/null 2>&1 || break
    sleep 0.1
  done
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
  pid=$(cat /run/munge/munged.pid 2>/dev/null | tr -dc 0-9) || true
  if alive "$pid" munged; then
    say "stopping munged ($pid)"
    stop_pid "$pid" munged
  fi
fi
rm -f "$RUN_DIR/started"
