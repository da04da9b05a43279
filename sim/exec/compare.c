/* compare.c - paired comparison of scenarios with common random numbers (see compare.h).
 *
 * Task t of the pool is replication r = t / S of scenario s = t % S (S scenarios); a child runs a
 * batch of replications of one scenario (batch.h), the scenarios' batches in turn, so that the
 * progress line covers all of them evenly.  Each
 * scenario's rows are a DcbMcSet (mcset.h) with the same base seed, so its directory holds the
 * very tables a Monte Carlo run of it with that seed writes.
 */
#include "compare.h"
#include "error.h"
#include "interrupt.h"
#include "mcset.h"
#include "outdir.h"
#include "quantile.h"
#include "replicate.h"
#include "runner.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const DcbCompareOptions *opt;
  DcbMcSet *sets; /* one per scenario */
  int fail_replication;
} Compare;

/* Each scenario's children touch its own inputs (the drawn values are written into them): the
 * runner learns and maps a working set per scenario. */
static int scenario_of_task(int task, void *user)
{
  const Compare *cmp = user;
  return task % cmp->opt->n_scenarios;
}

/* A batch: replications of one scenario (the runner's groups, scenario_of_task). */
static void child_tasks(DcbBatchChild *b, const int *tasks, int n, void *user)
{
  const Compare *cmp = user;
  const DcbCompareOptions *opt = cmp->opt;
  int s = tasks[0] % opt->n_scenarios;
  int *rs = g_new(int, n);
  for (int k = 0; k < n; k++) {
    g_assert(tasks[k] % opt->n_scenarios == s);
    rs[k] = tasks[k] / opt->n_scenarios;
    if (rs[k] == cmp->fail_replication) {
      fprintf(stderr, "DCB_TEST_FAIL_REPLICATION=%d: aborting on purpose\n", rs[k]);
      abort();
    }
  }
  dcb_mcset_child(b, &cmp->sets[s], opt->eng, opt->sg_args, rs, n, NULL);
  g_free(rs);
}

static void done_task(int task, const DcbChildStatus *st, const guint8 *data, gsize len, void *user)
{
  Compare *cmp = user;
  const DcbCompareOptions *opt = cmp->opt;
  int s = task % opt->n_scenarios, r = task / opt->n_scenarios;
  if (!dcb_mcset_store(&cmp->sets[s], r, st, data, len))
    fprintf(stderr, "dcbuildout: %s: replication %d (seed %" G_GUINT64_FORMAT ") failed: %s\n",
            opt->scenarios[s].name, r, dcb_mcset_seed(&cmp->sets[s], r), cmp->sets[s].cause[r]);
}

/* An outcome of compare.csv: a yearly column at a year, or (col < 0) one per replication. */
enum { OUT_TARGET_YEAR = -1, OUT_CAPEX_TOTAL = -2 };

static double outcome(const DcbMcSet *set, int r, int col, int year)
{
  return col == OUT_TARGET_YEAR   ? dcb_mcset_target_year(set, r)
         : col == OUT_CAPEX_TOTAL ? dcb_mcset_capex_total(set, r)
                                  : dcb_mcset_value(set, r, year, col);
}

/* One row: year (empty when < 0), metric, scenario, p05, p50, p95 of 'values'. */
static void append_row(GString *s, int year, const char *metric, const char *scenario,
                       const double *values, int n, double *scratch)
{
  DcbQuantiles q;
  dcb_quantile_summarize(values, n, scratch, &q);
  if (year >= 0)
    g_string_append_printf(s, "%d", year);
  g_string_append_printf(s, ",%s,", metric);
  dcb_csv_append_field(s, scenario);
  const double fields[] = {q.p05, q.p50, q.p95};
  for (size_t f = 0; f < G_N_ELEMENTS(fields); f++) {
    g_string_append_c(s, ',');
    dcb_mcset_append_number(s, fields[f]);
  }
  g_string_append_c(s, '\n');
}

/* The rows of one outcome: each scenario's quantiles, then each paired difference's. */
static void append_outcome(GString *s, const Compare *cmp, int col, const char *metric,
                           int first_year, int n_years, double *a, double *scratch)
{
  const DcbCompareOptions *opt = cmp->opt;
  int n = opt->replications, S = opt->n_scenarios;
  const DcbMcSet *base = &cmp->sets[0];
  gboolean yearly = col >= 0;
  for (int d = 0; d < 2 * S - 1; d++) {
    int sc = d < S ? d : d - S + 1; /* d >= S: the difference of scenario d - S + 1 */
    g_autofree char *name =
        d < S ? g_strdup(opt->scenarios[sc].name)
              : g_strdup_printf("%s-%s", opt->scenarios[sc].name, opt->scenarios[0].name);
    for (int y = 0; y < (yearly ? n_years : 1); y++) {
      int year = first_year + y;
      for (int r = 0; r < n; r++) {
        a[r] = outcome(&cmp->sets[sc], r, col, year);
        if (d >= S)
          a[r] -= outcome(base, r, col, year); /* NaN when either has no value */
      }
      append_row(s, yearly ? year : -1, metric, name, a, n, scratch);
    }
  }
}

static gboolean write_compare_csv(const Compare *cmp, const char *dir, GError **error)
{
  const DcbCompareOptions *opt = cmp->opt;
  const DcbScenario *base = dcb_inputs_scenario(opt->scenarios[0].in);
  int first_year, last_year; /* the years every scenario has (the caller checked there are some) */
  dcb_compare_common_years(opt->scenarios, opt->n_scenarios, &first_year, &last_year);
  int n_years = last_year - first_year + 1;
  g_autoptr(GString) s = g_string_sized_new((gsize)(2 * opt->n_scenarios) * DCB_Y_N * n_years * 40);
  g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(extra, g_strdup("replications"));
  g_ptr_array_add(extra, g_strdup_printf("%d in every scenario (seed of replication r: "
                                         "splitmix64 of seed, r; common random numbers)",
                                         opt->replications));
  for (int i = 0; i < opt->n_scenarios; i++) {
    g_ptr_array_add(extra, g_strdup_printf("scenario %s", opt->scenarios[i].name));
    g_ptr_array_add(extra, g_strdup(opt->scenarios[i].about));
  }
  for (int i = 0; i < opt->n_scenarios; i++) {
    int reached = 0, pairs = 0;
    for (int r = 0; r < opt->replications; r++) {
      gboolean here = !isnan(dcb_mcset_target_year(&cmp->sets[i], r));
      reached += here;
      pairs += here && !isnan(dcb_mcset_target_year(&cmp->sets[0], r));
    }
    g_ptr_array_add(extra, g_strdup_printf("target reached %s", opt->scenarios[i].name));
    g_ptr_array_add(extra,
                    i == 0 ? g_strdup_printf("in %d of %d replications", reached, opt->replications)
                           : g_strdup_printf("in %d of %d replications; %d pairs with the base "
                                             "(the rows of %s-%s)",
                                             reached, opt->replications, pairs,
                                             opt->scenarios[i].name, opt->scenarios[0].name));
  }
  g_ptr_array_add(extra, g_strdup("quantiles"));
  g_ptr_array_add(extra,
                  g_strdup("type 7 over the replications that succeeded; NAME-BASE: per "
                           "replication NAME's value minus the base's, where both have one"));
  g_ptr_array_add(extra, NULL);
  DcbProvenance prov = dcb_provenance_of_run(base, opt->eng->simgrid_version(), opt->seed,
                                             (const char *const *)extra->pdata);
  dcb_provenance_append(s, &prov);
  g_string_append(s, "year,metric,scenario,p05,p50,p95\n");
  g_autofree double *a = g_new(double, opt->replications);
  g_autofree double *scratch = g_new(double, opt->replications);
  for (int col = 0; col < DCB_Y_N; col++)
    if (col != DCB_Y_YEAR)
      append_outcome(s, cmp, col, dcb_yearly_column_names[col], first_year, n_years, a, scratch);
  append_outcome(s, cmp, OUT_TARGET_YEAR, "target_year", first_year, n_years, a, scratch);
  append_outcome(s, cmp, OUT_CAPEX_TOTAL, "capex_meur_total", first_year, n_years, a, scratch);
  g_autofree char *path = g_build_filename(dir, "compare.csv", NULL);
  return dcb_write_file_atomic(path, s->str, (gssize)s->len, error);
}

/* The outputs into 'dir', the output directory's temporary one: each scenario's Monte Carlo
 * directory, then compare.csv. */
static gboolean write_outputs(void *user, const char *dir, GError **error)
{
  const Compare *cmp = user;
  const DcbCompareOptions *opt = cmp->opt;
  for (int s = 0; s < opt->n_scenarios; s++) {
    g_autofree char *sub = g_build_filename(dir, opt->scenarios[s].name, NULL);
    if (!dcb_make_dir(sub, error) ||
        !dcb_mcset_write(&cmp->sets[s], sub, "Monte Carlo run", NULL, error))
      return FALSE;
  }
  return write_compare_csv(cmp, dir, error);
}

/* The median and 90 % band of operating MW in the headline years, per scenario and paired. */
static void print_summary(const Compare *cmp)
{
  const DcbCompareOptions *opt = cmp->opt;
  int n = opt->replications, S = opt->n_scenarios;
  printf("%d scenarios x %d replications written to %s/ (compare.csv, one Monte Carlo directory "
         "per scenario)\n",
         S, n, opt->out_dir);
  g_autofree double *a = g_new(double, n);
  g_autofree double *scratch = g_new(double, n);
  for (int d = 0; d < 2 * S - 1; d++) {
    int sc = d < S ? d : d - S + 1;
    if (d < S)
      printf("  %s, operating IT MW:", opt->scenarios[sc].name);
    else
      printf("  %s - %s, paired difference:", opt->scenarios[sc].name, opt->scenarios[0].name);
    const char *sep = "";
    for (size_t h = 0; h < G_N_ELEMENTS(dcb_mcset_headline_years); h++) {
      int year = dcb_mcset_headline_years[h];
      for (int r = 0; r < n; r++) {
        a[r] = dcb_mcset_value(&cmp->sets[sc], r, year, DCB_Y_OPERATING_MW);
        if (d >= S)
          a[r] -= dcb_mcset_value(&cmp->sets[0], r, year, DCB_Y_OPERATING_MW);
      }
      DcbQuantiles q;
      dcb_quantile_summarize(a, n, scratch, &q);
      if (q.n > 0 && d < S)
        printf("%s %d %.0f (%.0f-%.0f)", sep, year, q.p50, q.p05, q.p95);
      else if (q.n > 0)
        printf("%s %d %+.0f (%+.0f..%+.0f)", sep, year, q.p50, q.p05, q.p95);
      if (q.n > 0)
        sep = ";";
    }
    printf("\n");
  }
  printf("  (median, and in brackets the 5-95 %% band)\n");
  fflush(stdout);
}

gboolean dcb_compare_common_years(const DcbCompareScenario *scenarios, int n, int *first, int *last)
{
  *first = G_MININT;
  *last = G_MAXINT;
  for (int s = 0; s < n; s++) {
    const DcbScenario *sc = dcb_inputs_scenario(scenarios[s].in);
    *first = MAX(*first, sc->start_year);
    *last = MIN(*last, sc->end_year);
  }
  return *first <= *last;
}

int dcb_compare_run(const DcbCompareOptions *opt, GError **error)
{
  g_return_val_if_fail(opt != NULL && opt->n_scenarios >= 2 && opt->eng != NULL, DCB_EXIT_RUNTIME);
  GError *local = NULL;
  g_autoptr(DcbInterrupt) guard = NULL; /* freed after the directory is finished */
  g_autoptr(DcbOutdir) od = dcb_outdir_begin(opt->out_dir, &local);
  if (od == NULL) {
    int st = dcb_error_exit_status(local);
    g_propagate_error(error, local);
    return st;
  }
  guard = dcb_interrupt_new(od);
  /* One platform for all: SimGrid initialised and the platform loaded once, here.  Otherwise
   * each platform is checked (SimGrid aborts on what it cannot read) and each child loads its
   * own. */
  int jobs = opt->jobs >= 1 ? opt->jobs : dcb_runner_default_jobs();
  int batch = G_MAXINT; /* the smallest any scenario's platform allows */
  for (int s = 0; s < opt->n_scenarios; s++)
    batch = MIN(batch, dcb_batch_choose(opt->eng, opt->scenarios[s].in, opt->batch,
                                        opt->n_scenarios * opt->replications, jobs));
  gboolean ready = TRUE;
  if (opt->shared_platform)
    ready = dcb_engine_ready_to_fork(opt->eng, opt->scenarios[0].in, opt->sg_args, batch, &local);
  for (int s = 0; s < opt->n_scenarios && ready && !opt->shared_platform; s++)
    ready = dcb_engine_check(opt->eng, dcb_inputs_scenario(opt->scenarios[s].in)->platform_path,
                             opt->sg_args, &local);
  if (!ready) {
    g_propagate_error(error, local);
    return DCB_EXIT_INPUT;
  }
  int S = opt->n_scenarios, n = opt->replications;
  Compare cmp = {
      .opt = opt, .sets = g_new0(DcbMcSet, S), .fail_replication = dcb_replicate_fail_hook()};
  for (int s = 0; s < S; s++)
    dcb_mcset_init(&cmp.sets[s], opt->scenarios[s].in, opt->eng->simgrid_version(), opt->seed, n);
  DcbRunnerOptions ro = {.jobs = jobs,
                         .progress = TRUE,
                         .label = "simulations",
                         .n_groups = S,
                         .group_of = scenario_of_task,
                         .group_user = &cmp};
  int status = dcb_mcset_run_pool(od, guard, S * n, batch, child_tasks, done_task, write_outputs,
                                  &cmp, &ro, "comparison", error);
  if (status == DCB_EXIT_OK) {
    if (!opt->quiet)
      print_summary(&cmp);
    int n_failed = 0;
    for (int s = 0; s < S; s++)
      n_failed += cmp.sets[s].n_failed;
    if (n_failed > 0) {
      fprintf(stderr,
              "dcbuildout: %d of %d simulations failed (see each scenario's replications.csv)\n",
              n_failed, S * n);
      status = DCB_EXIT_RUNTIME;
    }
  }
  for (int s = 0; s < S; s++)
    dcb_mcset_clear(&cmp.sets[s]);
  g_free(cmp.sets);
  return status;
}
