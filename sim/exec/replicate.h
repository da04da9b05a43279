/* replicate.h - Monte Carlo: N replications of one scenario, replications.csv and quantiles.csv.
 *
 * The scenario is parsed and validated once; replication r runs in a forked child with the seed
 * dcb_seed_derive(scenario seed, r), so results depend neither on --jobs nor on order.
 */
#ifndef DCB_REPLICATE_H
#define DCB_REPLICATE_H

#include "engine_loader.h"
#include <glib.h>

typedef struct {
  const DcbInputs *in; /* checked inputs (inputs.h) */
  const DcbEngine *eng;
  const char *const *sg_args; /* SimGrid pass-through arguments */
  const char *out_dir;        /* replaced as a whole at the end, or left as it was (outdir.h) */
  guint64 seed;               /* base seed (scenario's or --seed) */
  int replications;           /* >= 1 */
  int jobs;                   /* >= 1 */
  int batch;                  /* replications per child (batch.h); 0: chosen (dcb_batch_choose) */
  gboolean keep_traces;       /* write each replication's traces into out_dir/rep-NNNN/ */
  gboolean quiet;             /* no summary on stdout */
} DcbReplicateOptions;

/* Returns the exit status (0 all replications succeeded, 1 some failed); *error only for
 * failures of the whole run (output directory refused, locked by another run or not writable,
 * checked before any replication runs; outputs could not be written).  Interrupted by
 * SIGINT/SIGTERM: returns 130/143 after reporting it on stderr itself, *error left unset,
 * nothing written and the previous output directory intact. */
int dcb_replicate_run(const DcbReplicateOptions *opt, GError **error);

/* The test hook DCB_TEST_FAIL_REPLICATION=r: the child of replication r (of every scenario, in
 * a comparison) abort()s before it simulates.  Returns r, or -1 when unset. */
int dcb_replicate_fail_hook(void);

#endif
