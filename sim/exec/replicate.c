/* replicate.c - Monte Carlo: N replications of one scenario in forked children (see
 * replicate.h), summarised in replications.csv and quantiles.csv.
 *
 * The caller has parsed and validated the scenario and platform and loaded the engine module,
 * but not initialised SimGrid.  Replication r runs in a child of the fork pool (runner.h) with
 * the seed dcb_seed_derive(base seed, r): the child simulates once, checks the trace's years
 * against the scenario's, sends its yearly rows (n_years x DCB_Y_N doubles) through the pool's
 * result pipe and _exit()s.  The parent stores the rows at index r, so every output depends only
 * on (scenario, base seed, N), never on --jobs or on the order in which children finish.
 *
 * Outputs (mcset.h: replications.csv, quantiles.csv, drivers.csv, run.ini), written by the
 * parent once every replication is done into the temporary directory of the output directory
 * (outdir.h), which is then swapped in whole; with --keep-traces also rep-NNNN/, each
 * replication's traces, written by its child into .rep-NNNN.tmp/ and renamed (in the temporary
 * directory, so they appear or vanish with the rest): a rep-NNNN/ directory is always complete.
 * A failed replication (crash, signal, error) is reported on stderr with its seed and cause, the
 * others complete, and the exit status is 1.  The output directory is locked and its temporary
 * directory created before anything runs.  SIGINT/SIGTERM are held from then on
 * (interrupt.h): during the pool they make it kill the children, later they are found before
 * the commit; either way the temporary directory (this run's rep-* with it) is removed, the
 * previous output directory stays as it was, the interruption is reported here on stderr (not
 * through *error, so that the caller's generic error path cannot turn it into status 1) and the
 * exit status is 130/143.  Besides the two tables, run.ini holds the effective scenario with the
 * base seed, and a short summary of the headline bands goes to stdout.
 *
 * Replications run in batches of several per child (batch.h, --batch), each one's rows the
 * same whatever the batch.  Test hook: DCB_TEST_FAIL_REPLICATION=r makes the child of
 * replication r (its batch's, then its own when the batch is run again) abort() before it
 * simulates (used by tests/e2e_replications.sh to check that a crash is reported and the other
 * replications survive).
 */
#include "replicate.h"
#include "error.h"
#include "interrupt.h"
#include "mcset.h"
#include "outdir.h"
#include "quantile.h"
#include "runner.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  const DcbReplicateOptions *opt;
  const char *dir; /* where the outputs are written: the output directory's temporary one */
  DcbMcSet set;
  int fail_replication; /* test hook, -1 when unset */
} Replicate;

/* The test hook DCB_TEST_FAIL_REPLICATION=r (replicate.h's head), -1 when unset. */
int dcb_replicate_fail_hook(void)
{
  const char *hook = g_getenv("DCB_TEST_FAIL_REPLICATION");
  if (hook != NULL && *hook != '\0') {
    char *end = NULL;
    gint64 v = g_ascii_strtoll(hook, &end, 10);
    if (end != hook && *end == '\0' && v >= 0 && v < G_MAXINT)
      return (int)v;
  }
  return -1;
}

/* Runs in the child of a batch of replications. */
static void child_replications(DcbBatchChild *b, const int *rs, int n, void *user)
{
  const Replicate *rep = user;
  const DcbReplicateOptions *opt = rep->opt;
  for (int k = 0; k < n; k++)
    if (rs[k] == rep->fail_replication) {
      fprintf(stderr, "DCB_TEST_FAIL_REPLICATION=%d: aborting on purpose\n", rs[k]);
      abort();
    }
  dcb_mcset_child(b, &rep->set, opt->eng, opt->sg_args, rs, n, opt->keep_traces ? rep->dir : NULL);
}

/* Runs in the parent when replication r is over. */
static void done_replication(int r, const DcbChildStatus *st, const guint8 *data, gsize len,
                             void *user)
{
  Replicate *rep = user;
  if (dcb_mcset_store(&rep->set, r, st, data, len))
    return;
  fprintf(stderr, "dcbuildout: replication %d (seed %" G_GUINT64_FORMAT ") failed: %s\n", r,
          dcb_mcset_seed(&rep->set, r), rep->set.cause[r]);
  if (rep->opt->keep_traces) {
    g_autofree char *tmp = dcb_mcset_rep_dir(rep->dir, r, TRUE);
    g_autofree char *final = dcb_mcset_rep_dir(rep->dir, r, FALSE);
    dcb_remove_tree(tmp);
    dcb_remove_tree(final);
  }
}

/* The outputs, into the output directory's temporary one. */
static gboolean write_outputs(void *user, const char *dir, GError **error)
{
  const Replicate *rep = user;
  return dcb_mcset_write(&rep->set, dir, "Monte Carlo run", NULL, error);
}

/* The headline bands on stdout: operating MW at the headline years, cumulative CO2 at the end. */
static void print_summary(const Replicate *rep)
{
  const DcbReplicateOptions *opt = rep->opt;
  const DcbMcSet *set = &rep->set;
  int n = set->n, last_year = set->first_year + set->n_years - 1;
  printf("%d replications written to %s/ (replications.csv, quantiles.csv, run.ini%s)\n", n,
         opt->out_dir, opt->keep_traces ? ", rep-NNNN/" : "");
  g_autofree double *values = g_new(double, n);
  g_autofree double *scratch = g_new(double, n);
  DcbQuantiles q;
  for (size_t y = 0; y < G_N_ELEMENTS(dcb_mcset_headline_years); y++) {
    if (dcb_mcset_headline_years[y] < set->first_year || dcb_mcset_headline_years[y] > last_year)
      continue;
    for (int r = 0; r < n; r++)
      values[r] = dcb_mcset_value(set, r, dcb_mcset_headline_years[y], DCB_Y_OPERATING_MW);
    dcb_quantile_summarize(values, n, scratch, &q);
    if (q.n > 0)
      printf("  operating %d: median %.0f MW IT, 50%% in %.0f-%.0f, 90%% in %.0f-%.0f\n",
             dcb_mcset_headline_years[y], q.p50, q.p25, q.p75, q.p05, q.p95);
  }
  /* Rule 26's outcomes the region asks about first, in 2035 (when inside the rows). */
  static const struct {
    DcbYearlyCol col;
    const char *what;
    double scale;
    const char *unit;
  } outcomes[] = {{DCB_Y_CONSTRUCTION_JOBS, "construction jobs", 1, ""},
                  {DCB_Y_OPERATIONS_JOBS, "operations jobs", 1, ""},
                  {DCB_Y_WATER_M3, "water", 1e-6, " Mm3"}};
  for (size_t k = 0; k < G_N_ELEMENTS(outcomes) && 2035 >= set->first_year && 2035 <= last_year;
       k++) {
    for (int r = 0; r < n; r++)
      values[r] = dcb_mcset_value(set, r, 2035, outcomes[k].col) * outcomes[k].scale;
    dcb_quantile_summarize(values, n, scratch, &q);
    if (q.n == 0)
      continue;
    if (outcomes[k].scale < 1)
      printf("  %s 2035: median %.2f%s, 90%% in %.2f-%.2f%s\n", outcomes[k].what, q.p50,
             outcomes[k].unit, q.p05, q.p95, outcomes[k].unit);
    else
      printf("  %s 2035: median %.0f%s, 90%% in %.0f-%.0f%s\n", outcomes[k].what, q.p50,
             outcomes[k].unit, q.p05, q.p95, outcomes[k].unit);
  }
  for (int r = 0; r < n; r++)
    values[r] = dcb_mcset_value(set, r, last_year, DCB_Y_CUMULATIVE_EMISSIONS_T) / 1e6;
  dcb_quantile_summarize(values, n, scratch, &q);
  if (q.n > 0)
    printf("  cumulative CO2 %d-%d: median %.2f Mt, 90%% in %.2f-%.2f\n", set->first_year,
           last_year, q.p50, q.p05, q.p95);
  fflush(stdout);
}

int dcb_replicate_run(const DcbReplicateOptions *opt, GError **error)
{
  g_return_val_if_fail(opt != NULL && opt->in != NULL && opt->eng != NULL, DCB_EXIT_RUNTIME);
  if (opt->replications < 1) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "--replications must be >= 1 (got %d)",
                opt->replications);
    return DCB_EXIT_INPUT;
  }
  /* Locked, and probed for writing, before any replication runs. */
  GError *local = NULL;
  g_autoptr(DcbInterrupt) guard = NULL; /* freed after the directory is finished */
  g_autoptr(DcbOutdir) od = dcb_outdir_begin(opt->out_dir, &local);
  if (od == NULL) {
    int st = dcb_error_exit_status(local);
    g_propagate_error(error, local);
    return st;
  }
  /* SIGINT/SIGTERM wait from here (Ctrl-C during the preparation stops the pool as soon as it
   * starts): the pool reads them and stops, or they are found before the commit, so the
   * temporary directory is never left behind and the target never half replaced. */
  guard = dcb_interrupt_new(od);
  int n = opt->replications;
  Replicate rep = {
      .opt = opt, .dir = dcb_outdir_path(od), .fail_replication = dcb_replicate_fail_hook()};

  DcbRunnerOptions ro = {.jobs = opt->jobs >= 1 ? opt->jobs : dcb_runner_default_jobs(),
                         .progress = TRUE,
                         .label = "replications"};
  int batch = dcb_batch_choose(opt->eng, opt->in, opt->batch, n, ro.jobs);
  /* SimGrid initialised and the platform loaded once (a copy of the halls per replication of a
   * batch), here: every child inherits them. */
  if (!dcb_engine_ready_to_fork(opt->eng, opt->in, opt->sg_args, batch, &local)) {
    g_propagate_error(error, local);
    return DCB_EXIT_INPUT;
  }
  dcb_mcset_init(&rep.set, opt->in, opt->eng->simgrid_version(), opt->seed, n);
  int status = dcb_mcset_run_pool(od, guard, n, batch, child_replications, done_replication,
                                  write_outputs, &rep, &ro, "replications", error);
  if (status == DCB_EXIT_OK) {
    if (!opt->quiet)
      print_summary(&rep);
    if (rep.set.n_failed > 0) {
      fprintf(stderr, "dcbuildout: %d of %d replications failed (see replications.csv)\n",
              rep.set.n_failed, n);
      status = DCB_EXIT_RUNTIME;
    }
  }
  dcb_mcset_clear(&rep.set);
  return status;
}
