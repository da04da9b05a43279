/* mcset.h - the replications of one scenario: what a Monte Carlo run (replicate.h) and each
 * scenario of a comparison (compare.h) hold, compute and write.
 *
 * A set is N replications of one checked scenario with the seeds dcb_seed_derive(seed, r): the
 * yearly rows each replication sent back (stored at index r, so nothing depends on --jobs or on
 * the order children finish), its status, and the uncertain inputs it drew (DESIGN §2.2 rule 25,
 * computed in the parent by the pure dcb_scenario_draw_inputs: the very draw the child applied).
 * Its writers produce a Monte Carlo directory's tables, each atomically:
 *   replications.csv  replication, seed, status ("ok" or the exit cause of a failed child), one
 *                     column per drawn input ("demand.share", "demand.growth@2025", with every
 *                     digit: --set NAME=VALUE replays it), then the headline outcomes: operating_mw
 *                     and unmet_mw at 2030/2035/2040/2050 (those inside the rows), target_year
 *                     (first year with operating_mw >= target_mw; empty when never reached or
 *                     without a target), facility_energy_gwh and cumulative_emissions_t at
 *                     end_year, capex_meur_total (sum of the rows);
 *   quantiles.csv     year, metric, mean, p05, p25, p50, p75, p95 for every yearly column but year,
 *                     grouped by metric (column order) then year; type-7 quantiles over the
 *                     replications that succeeded (quantile.h);
 *   drivers.csv       when the scenario draws inputs: for each headline outcome the inputs ranked
 *                     by their partial rank correlation with it (drivers.h);
 *   run.ini           the effective scenario with the set's seed, and copies of its platform and
 *                     demand curve (provenance.h).
 */
#ifndef DCB_MCSET_H
#define DCB_MCSET_H

#include "batch.h"
#include "engine_loader.h"
#include "interrupt.h"
#include "outdir.h"
#include "runner.h"
#include <glib.h>

typedef struct {
  const DcbInputs *in;         /* borrowed */
  const char *simgrid_version; /* for the provenance lines */
  guint64 seed;                /* base seed: replication r runs with dcb_seed_derive(seed, r) */
  int n;                       /* replications, >= 1 */
  int first_year, n_years;     /* the scenario's rows */
  gsize row_values;            /* n_years x DCB_Y_N */
  double *rows;                /* n x row_values, read only where ok[r] (parent-only memory) */
  gboolean *ok;
  char **cause; /* per replication, NULL when ok */
  int n_failed;
  double *drawn; /* n x the scenario's n_inputs */
} DcbMcSet;

/* Headline years of the outcomes, used when inside the rows. */
extern const int dcb_mcset_headline_years[4];

void dcb_mcset_init(DcbMcSet *set, const DcbInputs *in, const char *simgrid_version, guint64 seed,
                    int n);
void dcb_mcset_clear(DcbMcSet *set);

/* The seed of replication r. */
guint64 dcb_mcset_seed(const DcbMcSet *set, int r);

/* In the parent, when replication r is over: store its rows (TRUE), or record why it failed
 * (FALSE: the cause is in set->cause[r], n_failed counted). */
gboolean dcb_mcset_store(DcbMcSet *set, int r, const DcbChildStatus *st, const guint8 *data,
                         gsize len);

/* In the child of a batch of replications rs[0..n-1] (batch.h): simulate them with 'eng' in one
 * run (its simulate_batch; one at a time with simulate when it has none, n = 1) and report each
 * one's rows to 'b'; with keep_dir, also write each one's traces into keep_dir/.rep-NNNN.tmp/,
 * renamed rep-NNNN/.  The last report ends the child; returns only when the batch could not
 * run (the reason printed on stderr, one line). */
void dcb_mcset_child(DcbBatchChild *b, const DcbMcSet *set, const DcbEngine *eng,
                     const char *const *sg_args, const int *rs, int n, const char *keep_dir);
/* The path of replication r's kept traces in 'dir' (tmp: its temporary name). (transfer full) */
char *dcb_mcset_rep_dir(const char *dir, int r, gboolean tmp);

/* Outcomes of replication r (NaN when it failed or there is none). */
double dcb_mcset_value(const DcbMcSet *set, int r, int year, int col);
double dcb_mcset_target_year(const DcbMcSet *set, int r);
double dcb_mcset_capex_total(const DcbMcSet *set, int r);

/* replications.csv, quantiles.csv, drivers.csv (when inputs are drawn) and run.ini into 'dir';
 * 'what' names the run in run.ini's head ("Monte Carlo run"); 'extra' as in DcbProvenance
 * (lines after the replications line, may be NULL). */
gboolean dcb_mcset_write(const DcbMcSet *set, const char *dir, const char *what,
                         const char *const *extra, GError **error);

/* The provenance lines of the set's tables ('quantiles': the quantile type line, or NULL). */
void dcb_mcset_append_provenance(GString *s, const DcbMcSet *set, const char *quantiles,
                                 const char *const *extra);

/* Writes a run's outputs into 'dir' (the output directory's temporary one). */
typedef gboolean (*DcbMcsetWriteFn)(void *user, const char *dir, GError **error);

/* The pool of a Monte Carlo run or a comparison, and what becomes of its output directory 'od'
 * (begun, with 'guard' over it, by the caller): run the n_tasks tasks in batches of 'batch'
 * (batch.h); unless the pool failed or
 * was interrupted, write the outputs (write_fn) and commit the directory, unless a signal came
 * meanwhile.  Returns DCB_EXIT_OK when the directory is committed; otherwise the directory is
 * aborted (the previous one stays) and the exit status is returned: 128 + signal for an
 * interruption, reported here on stderr ("...; WHAT stopped, nothing written"), so that the
 * caller's generic error path cannot turn it into 1; else *error is set. */
int dcb_mcset_run_pool(DcbOutdir *od, DcbInterrupt *guard, int n_tasks, int batch,
                       DcbBatchChildFn child_fn, DcbDoneFn done_fn, DcbMcsetWriteFn write_fn,
                       void *user, const DcbRunnerOptions *ro, const char *what, GError **error);

/* A number as the traces write it, or nothing for NaN. */
void dcb_mcset_append_number(GString *s, double v);

#endif
