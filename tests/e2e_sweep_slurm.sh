#!/bin/sh
# e2e_sweep_slurm.sh - a sweep submitted to a REAL single-node Slurm cluster gives the same
# summary.csv, byte for byte, as the same sweep run locally.
#
# Starts the cluster with tests/slurm/slurm-local.sh (installs Debian's slurm packages when
# missing; needs root), runs tests/data/sweep-tiny.ini (40 points x 2 replications) locally, then
# submits it as a job array of 7 tasks (6 points each) throttled with %4, into a directory whose
# name holds a space, quotes and a '%'.  While the array runs, at most 4 tasks may be running.
# Then it deletes 5 finished points and resubmits with --wait: only those 5 run again (resume),
# and the summary is still identical.
# The cluster is the test's own (tests/slurm/slurm-local.sh DIR: its munged, its ports, its
# configuration in a temporary directory, reached through SLURM_CONF), so the test runs beside a
# real Slurm without touching it: /etc/slurm and any daemon already running are left alone (the
# test checks /etc/slurm/slurm.conf is unchanged).  A second private cluster is started and
# stopped while the first one runs the array, which must not disturb it.  The daemons are
# stopped at the end, by PID.
# Under ASan (DCB_SANITIZE=ON) the simulations use SimGrid's thread contexts.
set -eu

: "${DCB:?path of the dcbuildout binary}" "${DCB_SRC:?source directory}"
SPEC="$DCB_SRC/tests/data/sweep-tiny.ini"
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[ "$(id -u)" = 0 ] || fail "needs root to install and start Slurm (see tests/slurm/slurm-local.sh)"
SG=
[ "${DCB_SANITIZE:-OFF}" != ON ] || SG=--cfg=contexts/factory:thread

etc_sum() { sha256sum /etc/slurm/slurm.conf 2>/dev/null || echo none; }
ETC_BEFORE=$(etc_sum)
CLUSTER=$(mktemp -d /tmp/dcb-slurm.XXXXXX)
OTHER=$(mktemp -d /tmp/dcb-slurm.XXXXXX)
trap 'bash "$DCB_SRC/tests/slurm/slurm-stop.sh" "$OTHER" || true; bash "$DCB_SRC/tests/slurm/slurm-stop.sh" "$CLUSTER" || true' EXIT
bash "$DCB_SRC/tests/slurm/slurm-local.sh" "$CLUSTER" || fail "cannot start the single-node Slurm cluster"
export SLURM_CONF="$CLUSTER/slurm.conf"

WORK="$PWD/e2e_sweep_slurm"
rm -rf "$WORK"
mkdir -p "$WORK"
# A second test cluster beside it: its own ports; it runs a job, and is stopped while the first
# one works (below), which must not disturb the first.
bash "$DCB_SRC/tests/slurm/slurm-local.sh" "$OTHER" 2>"$WORK/other.log" || fail "second cluster: $(cat "$WORK/other.log")"
[ "$(sed -n 's/^SlurmctldPort=//p' "$OTHER/slurm.conf")" != "$(sed -n 's/^SlurmctldPort=//p' "$CLUSTER/slurm.conf")" ] ||
  fail "the two clusters share a port"
LOCAL="$WORK/local"
REMOTE="$WORK/it's a \"slurm\" 100%j"

# --- the reference: a local run ---------------------------------------------------------------
"$DCB" sweep run "$SPEC" --out "$LOCAL" --jobs 2 $SG 2>"$WORK/local.log" || fail "local run: $(tail -n 3 "$WORK/local.log")"
"$DCB" sweep collect "$SPEC" --out "$LOCAL" >/dev/null 2>&1 || fail "local collect"
[ "$(grep -vc '^#' "$LOCAL/summary.csv")" = 41 ] || fail "local summary.csv has not 40 rows"

# --- the array, with a throttle -----------------------------------------------------------------
"$DCB" sweep submit "$SPEC" --out "$REMOTE" --chunk 6 --max-running 4 --time 10 $SG >"$WORK/submit.log" 2>&1 ||
  fail "submit: $(cat "$WORK/submit.log")"
JOB=$(cat "$REMOTE/slurm/job_id")
grep -q "7 array tasks of up to 6 points" "$WORK/submit.log" || fail "expected 7 tasks: $(cat "$WORK/submit.log")"
grep -q '^#SBATCH --time="10"$' "$REMOTE/slurm/sweep.sbatch" || fail "no --time line in the script"
maxrun=0
i=0
while [ -n "$(squeue -h -j "$JOB" 2>/dev/null)" ]; do
  n=$(squeue -h -r -j "$JOB" -t R 2>/dev/null | wc -l)
  [ "$n" -le "$maxrun" ] || maxrun=$n
  i=$((i + 1))
  [ $i -lt 1200 ] || fail "job $JOB still queued after 120 s"
  sleep 0.1
done
echo "array job $JOB: at most $maxrun tasks running at once"
[ "$maxrun" -le 4 ] || fail "throttle %4 not respected: $maxrun tasks running at once"
scontrol show job "$JOB" 2>/dev/null | grep -q "ArrayTaskThrottle=4" || fail "no ArrayTaskThrottle=4 on job $JOB"
nlogs=$(ls "$REMOTE/slurm/logs" | grep -c "^task-${JOB}_[0-6].out$")
[ "$nlogs" = 7 ] || fail "expected 7 task logs, found $nlogs: $(ls "$REMOTE/slurm/logs")"
"$DCB" sweep status "$SPEC" --out "$REMOTE" >"$WORK/status.log" || fail "status after the array: $(cat "$WORK/status.log")"
grep -q "40 done, 0 failed, 0 missing" "$WORK/status.log" || fail "status: $(cat "$WORK/status.log")"
"$DCB" sweep collect "$SPEC" --out "$REMOTE" >/dev/null 2>&1 || fail "collect after the array"
cmp "$LOCAL/summary.csv" "$REMOTE/summary.csv" || fail "summary.csv differs between local and Slurm runs"

# --- resume: 5 points lost, resubmitted, waited for ---------------------------------------------
rm -f "$REMOTE/results/p000003.ini" "$REMOTE/results/p000010.ini" "$REMOTE/results/p000011.ini" \
  "$REMOTE/results/p000012.ini" "$REMOTE/results/p000039.ini" "$REMOTE/summary.csv"
rc=0
"$DCB" sweep status "$SPEC" --out "$REMOTE" >"$WORK/status2.log" || rc=$?
[ $rc = 1 ] || fail "status with missing points: exit $rc, expected 1"
grep -q "missing points: 3,10-12,39" "$WORK/status2.log" || fail "status: $(cat "$WORK/status2.log")"
SLURM_CONF="$OTHER/slurm.conf" sbatch --wait -o /dev/null --wrap true >"$WORK/other-job.log" 2>&1 ||
  fail "job on the second cluster: $(cat "$WORK/other-job.log")"
# The resubmission runs while the second cluster is stopped.
rc=0
"$DCB" sweep submit "$SPEC" --out "$REMOTE" --chunk 2 --max-running 4 --wait $SG >"$WORK/submit2.log" 2>&1 &
sub_pid=$!
bash "$DCB_SRC/tests/slurm/slurm-stop.sh" "$OTHER" 2>>"$WORK/other.log" || fail "stopping the second cluster"
wait "$sub_pid" || rc=$?
[ $rc = 0 ] || fail "resubmit --wait (exit $rc): $(cat "$WORK/submit2.log")"
scontrol ping | grep -q "is UP" || fail "the first cluster's controller went down with the second"
grep -q "3 array tasks of up to 2 points (5 points" "$WORK/submit2.log" || fail "resubmit: $(cat "$WORK/submit2.log")"
grep -q "^0: 3,10$" "$REMOTE/slurm/tasks.txt" || fail "tasks.txt: $(cat "$REMOTE/slurm/tasks.txt")"
grep -q "40 done, 0 failed, 0 missing" "$WORK/submit2.log" || fail "after --wait: $(cat "$WORK/submit2.log")"
"$DCB" sweep collect "$SPEC" --out "$REMOTE" >/dev/null 2>&1 || fail "collect after the resubmission"
cmp "$LOCAL/summary.csv" "$REMOTE/summary.csv" || fail "summary.csv differs after the resubmission"

# --- nothing left: submit says so and submits nothing -------------------------------------------
"$DCB" sweep submit "$SPEC" --out "$REMOTE" $SG >"$WORK/submit3.log" 2>&1 || fail "submit with nothing to do"
grep -q "nothing to submit" "$WORK/submit3.log" || fail "submit3: $(cat "$WORK/submit3.log")"
[ "$(etc_sum)" = "$ETC_BEFORE" ] || fail "/etc/slurm/slurm.conf was changed"
echo "PASS: Slurm array (7 tasks, %4) and resubmission give the local summary.csv byte for byte"
