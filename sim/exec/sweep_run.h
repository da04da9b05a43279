/* sweep_run.h - running a sweep's points (DESIGN §7): locally, or as the chunk of one Slurm
 * array task, through the fork pool.
 *
 * Every point not done yet runs its replications, each a forked child simulating the base
 * scenario with the point's overrides and the seed dcb_sweep_seed(sweep seed, point, r); once a
 * point's replications have all ended, this process writes its result file (results/, durable
 * and atomic), so what is on disk is finished or absent, never half-written.  Which points: all
 * of the plan and the base when compare_to = base (dcb_sweep_all_points, `sweep run`) or those
 * of one array task (dcb_slurm_task_points, slurm.h); DCB_SWEEP_BASE runs the base scenario
 * with no override.
 */
#ifndef DCB_SWEEP_RUN_H
#define DCB_SWEEP_RUN_H

#include "engine_loader.h"
#include "sweep.h"
#include <glib.h>

typedef struct {
  const DcbSweep *sweep;      /* opened (sweep.h); the caller has checked the directory's owner */
  const DcbEngine *eng;       /* NULL: loaded here (dcb_engine_load) once some point is to run */
  const char *const *sg_args; /* SimGrid pass-through arguments, NULL-terminated, never NULL */
  const int *points;          /* the points to run; those done already are skipped */
  int n_points;
  int jobs;  /* simulations at once, >= 1 */
  int batch; /* simulations per child (batch.h); 0: chosen (dcb_batch_choose) */
} DcbSweepRunOptions;

/* Run the points not done yet; progress and the closing count go to stderr.  Returns the exit
 * status: 0 when every point run is done (or none was left), 1 when some failed; a failure of
 * the whole run (the results directory, the base scenario, the engine, a result file that
 * cannot be written) sets *error and returns its exit status.  Interrupted by SIGINT/SIGTERM
 * (or when the pool itself fails): reports it on stderr with the count of finished points and
 * returns 130/143 (or 1), *error left unset; the points finished stay done. */
int dcb_sweep_run_points(const DcbSweepRunOptions *opt, GError **error);

#endif
