/* compare.h - paired comparison of scenarios with common random numbers (DESIGN §5
 * "Comparison", §6 `dcbuildout compare`).
 *
 * Every scenario runs the same N replications: replication r of each one runs with the seed
 * dcb_seed_derive(seed, r), whatever its own [scenario] seed, so the durations, probabilities and
 * uncertain inputs that two scenarios share (each entity draws from its own named stream, and an
 * input from "input:NAME") come out the same in both, and a difference between them, replication
 * by replication, is the effect of what differs and not sampling noise.  All replications of all
 * scenarios run in one pool of forked children (runner.h); when every scenario uses the base's
 * platform file, SimGrid is prepared once in the parent (engine.h), else each child prepares its
 * own.
 *
 * Outputs, into the output directory, replaced as a whole or not at all (outdir.h):
 *   compare.csv        year, metric, scenario, p05, p50, p95: for every yearly column but year
 *                      (in column order), the quantiles of each scenario, then of each paired
 *                      difference "NAME-BASE" (per replication, the scenario's value minus the
 *                      base's, over the replications where both succeeded), every year; then, with
 *                      an empty year, the same for target_year (over the replications that reach
 *                      the target; a pair counts when both do: how many, a head line says) and
 *                      capex_meur_total.  Type-7 quantiles (quantile.h).
 *   NAME/              each scenario's Monte Carlo tables (mcset.h): replications.csv,
 *                      quantiles.csv, drivers.csv (when it draws inputs), run.ini and its inputs'
 *                      copies.  They are the bytes `dcbuildout run` of that scenario (a variant:
 *                      the base with --set of each override) with --seed SEED --replications N
 *                      would write.
 * A failed replication is reported with its scenario and seed, the others complete, exit status
 * 1; SIGINT/SIGTERM stop everything as in a Monte Carlo (replicate.h): nothing written, 130/143.
 */
#ifndef DCB_COMPARE_H
#define DCB_COMPARE_H

#include "engine_loader.h"
#include <glib.h>

typedef struct {
  const char *name;  /* unique among the scenarios, a file name: [A-Za-z0-9._-]+ */
  const char *about; /* one line for compare.csv's head: "scenario other.ini", "variant: k=v" */
  const DcbInputs *in;
} DcbCompareScenario;

typedef struct {
  const DcbCompareScenario *scenarios; /* [0] is the base */
  int n_scenarios;                     /* >= 2 */
  gboolean shared_platform;            /* every scenario uses the base's platform file */
  const DcbEngine *eng;
  const char *const *sg_args;
  const char *out_dir;
  guint64 seed;
  int replications, jobs;
  int batch; /* replications of one scenario per child (batch.h); 0: chosen */
  gboolean quiet;
} DcbCompareOptions;

/* The years every scenario has, [*first, *last]; FALSE when they share none. */
gboolean dcb_compare_common_years(const DcbCompareScenario *scenarios, int n, int *first,
                                  int *last);

/* Returns the exit status (0, or 1 when some replications failed); *error only for failures of
 * the whole run (as dcb_replicate_run). */
int dcb_compare_run(const DcbCompareOptions *opt, GError **error);

#endif
