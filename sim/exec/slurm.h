/* slurm.h - what the execution layer asks of a Slurm installation: its MaxArraySize, the
 * submission of a sweep as a job array, and whether a job is still queued or running.
 *
 * A submission writes, under the sweep directory, slurm/tasks.txt (which points each array task
 * runs: line "K: RANGES", under the plan's fingerprint), slurm/sweep.sbatch (the batch script:
 * absolute paths, every #SBATCH value quoted, `dcbuildout sweep run SPEC --out DIR --chunk
 * $SLURM_ARRAY_TASK_ID` with SimGrid's arguments) and, once sbatch has accepted it,
 * slurm/job_id.  Array task K reads its line back with dcb_slurm_task_points; a tasks.txt of
 * another plan is refused.  Slurm's programs (scontrol, sbatch, squeue) are run from $PATH.
 */
#ifndef DCB_SLURM_H
#define DCB_SLURM_H

#include "sweep.h"
#include <glib.h>

/* Slurm's default MaxArraySize (slurm.conf(5)): array indices 0..1000. */
#define DCB_SLURM_DEFAULT_MAX_ARRAY 1001

/* MaxArraySize from `scontrol show config`, or DCB_SLURM_DEFAULT_MAX_ARRAY when scontrol is
 * missing or says nothing usable. */
int dcb_slurm_max_array_size(void);

/* Whether Slurm still knows job 'id' as pending or running (squeue fails once it is purged, and
 * FALSE when squeue cannot be run). */
gboolean dcb_slurm_job_active(const char *id);
/* Return once job 'id' is no longer active, polling squeue every second. */
void dcb_slurm_job_wait(const char *id);
/* Refuse (DCB_ERROR_RUNTIME) to submit the sweep again while the job recorded in
 * DIR/slurm/job_id is still queued or running. */
gboolean dcb_slurm_check_no_active_job(const DcbSweep *sw, GError **error);

typedef struct {
  int chunk;                  /* points per array task, >= 1; 0: as few tasks as can be */
  int max_running;            /* array tasks at once (--array=...%M), >= 1; 0: no limit */
  const char *partition;      /* #SBATCH values, NULL when not given; none spans lines */
  const char *time;           /* time limit of one array task */
  const char *mem;            /* memory of one array task */
  const char *account;        /* Slurm account */
  const char *const *extra;   /* extra #SBATCH lines ("--opt=value" is quoted), may be NULL */
  const char *const *sg_args; /* SimGrid pass-through arguments of `sweep run`, never NULL */
} DcbSlurmOptions;

/* What was submitted; released with dcb_slurm_job_clear. */
typedef struct {
  char *id;     /* the job's id, NULL when nothing was submitted */
  char *array;  /* the --array value, "0-N" or "0-N%M" */
  char *script; /* DIR/slurm/sweep.sbatch */
  char *logs;   /* DIR/slurm/logs */
  int n_points; /* points submitted; 0: every point is done, nothing was submitted */
  int n_tasks, per_task;
} DcbSlurmJob;

void dcb_slurm_job_clear(DcbSlurmJob *job);

/* Submit the points of the sweep that are not done as one job array: DIR/slurm/logs created,
 * the points cut into at most MaxArraySize tasks (a --chunk that would need more is widened,
 * with a warning on stderr), tasks.txt and sweep.sbatch written atomically, sbatch run, job_id
 * written.  Fills 'job' (job->id NULL and n_points 0 when every point is done; release it with
 * dcb_slurm_job_clear whatever the outcome).  FALSE with *error (DCB_ERROR_RUNTIME) when a file
 * cannot be written, or sbatch cannot be run or refuses the script. */
gboolean dcb_slurm_submit(const DcbSweep *sw, const DcbSlurmOptions *opt, DcbSlurmJob *job,
                          GError **error);

/* The points of array task 'task' as recorded in DIR/slurm/tasks.txt (an array of int), or NULL
 * with *error (DCB_ERROR_INPUT) when the file is missing, of another plan, has no such task or
 * a bad line. (transfer full) */
GArray *dcb_slurm_task_points(const DcbSweep *sw, int task, GError **error);

#endif
