# procs.sh - process helpers shared by slurm-local.sh and slurm-stop.sh (bash, sourced).
# Liveness is read from /proc/PID/stat (not kill -0, which succeeds on a zombie that the init
# process has not reaped yet), and a daemon is only ever signalled when its comm is the name
# expected, so a stale pid file never makes us signal an unrelated process.

# set_dirs DIR: the paths of the private cluster in DIR.
set_dirs() {
  RUN_DIR=$1/run
  MUNGE_SOCKET=$1/munge/munge.socket
}

# alive PID NAME: the process exists, is not a zombie, and its comm is NAME.
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

# stop_pid PID NAME: TERM, then KILL after 10 s.
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
