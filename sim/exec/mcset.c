/* mcset.c - the replications of one scenario (see mcset.h): the child's simulation, the rows
 * stored by replication index, the outcomes and the tables of a Monte Carlo directory. */
#include "mcset.h"
#include "batch.h"
#include "drivers.h"
#include "error.h"
#include "outdir.h"
#include "quantile.h"
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

const int dcb_mcset_headline_years[4] = {2030, 2035, 2040, 2050};

void dcb_mcset_init(DcbMcSet *set, const DcbInputs *in, const char *simgrid_version, guint64 seed,
                    int n)
{
  const DcbScenario *sc = dcb_inputs_scenario(in);
  *set = (DcbMcSet){.in = in,
                    .simgrid_version = simgrid_version,
                    .seed = seed,
                    .n = n,
                    .first_year = sc->start_year,
                    .n_years = sc->end_year - sc->start_year + 1};
  set->row_values = (gsize)set->n_years * DCB_Y_N;
  set->rows = dcb_runner_parent_alloc((gsize)n * set->row_values * sizeof(double));
  set->ok = g_new0(gboolean, n);
  set->cause = g_new0(char *, n);
  set->drawn = g_new(double, (gsize)n * sc->n_inputs + 1);
  for (int r = 0; r < n; r++)
    dcb_scenario_draw_inputs(sc, dcb_mcset_seed(set, r), &set->drawn[(gsize)r * sc->n_inputs]);
}

void dcb_mcset_clear(DcbMcSet *set)
{
  if (set->rows != NULL)
    dcb_runner_parent_free(set->rows, (gsize)set->n * set->row_values * sizeof(double));
  for (int r = 0; set->cause != NULL && r < set->n; r++)
    g_free(set->cause[r]);
  g_free(set->cause);
  g_free(set->ok);
  g_free(set->drawn);
  *set = (DcbMcSet){0};
}

guint64 dcb_mcset_seed(const DcbMcSet *set, int r)
{
  return dcb_seed_derive(set->seed, (guint64)r);
}

gboolean dcb_mcset_store(DcbMcSet *set, int r, const DcbChildStatus *st, const guint8 *data,
                         gsize len)
{
  gsize want = set->row_values * sizeof(double);
  if (st->ok && len == want) {
    memcpy(set->rows + (gsize)r * set->row_values, data, want);
    set->ok[r] = TRUE;
    return TRUE;
  }
  set->cause[r] = st->ok ? g_strdup_printf("malformed result (%" G_GSIZE_FORMAT " bytes)", len)
                         : g_strdup(st->cause);
  set->n_failed++;
  return FALSE;
}

char *dcb_mcset_rep_dir(const char *dir, int r, gboolean tmp)
{
  g_autofree char *name = g_strdup_printf(tmp ? ".rep-%04d.tmp" : "rep-%04d", r);
  return g_build_filename(dir, name, NULL);
}

typedef struct {
  const DcbMcSet *set;
  const DcbEngine *eng;
  int r;
  int k; /* its place in the batch */
  const char *keep_dir;
  DcbBatchChild *batch;
} ChildCtx;

/* In the child: write the traces into .rep-NNNN.tmp/, then rename it to rep-NNNN/. */
static gboolean keep_traces(const ChildCtx *c, const DcbTrace *tr, GError **error)
{
  g_autofree char *tmp = dcb_mcset_rep_dir(c->keep_dir, c->r, TRUE);
  g_autofree char *final = dcb_mcset_rep_dir(c->keep_dir, c->r, FALSE);
  dcb_remove_tree(tmp);
  DcbProvenance prov =
      dcb_provenance_of_run(dcb_inputs_scenario(c->set->in), c->eng->simgrid_version(),
                            dcb_mcset_seed(c->set, c->r), NULL);
  if (!dcb_trace_write(tr, &prov, tmp, error))
    return FALSE;
  if (g_rename(tmp, final) != 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot rename '%s' to '%s': %s", tmp, final,
                g_strerror(errno));
    return FALSE;
  }
  return TRUE;
}

/* Called by the engine, inside the simulation, when replication c->r's trace is complete: its
 * rows (and its traces when kept) go to the batch; the last one of the batch ends the child. */
static void replication_complete(const DcbTrace *tr, void *user)
{
  const ChildCtx *c = user;
  const DcbMcSet *set = c->set;
  GError *error = NULL;
  if (tr->first_year != set->first_year || tr->n_years != set->n_years) {
    g_autofree char *why =
        g_strdup_printf("the engine returned years %d+%d, expected %d+%d", tr->first_year,
                        tr->n_years, set->first_year, set->n_years);
    dcb_batch_child_result(c->batch, c->k, 1, why, strlen(why));
    return;
  }
  if (c->keep_dir != NULL && !keep_traces(c, tr, &error)) {
    g_autofree char *why = g_strdup(error->message);
    g_error_free(error);
    dcb_batch_child_result(c->batch, c->k, 1, why, strlen(why));
    return;
  }
  dcb_batch_child_result(c->batch, c->k, 0, tr->yearly, set->row_values * sizeof(double));
}

void dcb_mcset_child(DcbBatchChild *b, const DcbMcSet *set, const DcbEngine *eng,
                     const char *const *sg_args, const int *rs, int n, const char *keep_dir)
{
  ChildCtx *c = g_new0(ChildCtx, n);
  DcbEngineOptions *eo = g_new0(DcbEngineOptions, n);
  const DcbInputs **in = g_new(const DcbInputs *, n);
  for (int k = 0; k < n; k++) {
    c[k] = (ChildCtx){.set = set, .eng = eng, .r = rs[k], .k = k, .keep_dir = keep_dir, .batch = b};
    eo[k] = (DcbEngineOptions){.seed = dcb_mcset_seed(set, rs[k]),
                               .sg_args = sg_args,
                               .on_complete = replication_complete,
                               .on_complete_user = &c[k],
                               .rows_only = keep_dir == NULL};
    in[k] = set->in;
  }
  /* The last replication to complete ends the child from inside the simulation; this returns
   * only on failure.  Not freed: the child _exit()s. */
  GError *error = NULL;
  if (!dcb_engine_run_batch(eng, in, eo, n, &error))
    fprintf(stderr, "%s\n", error != NULL ? error->message : "the simulation failed");
}

/* The lines after the scenario's provenance: the replications, the quantile type, 'extra'. */
static GPtrArray *extra_lines(const DcbMcSet *set, const char *quantiles, const char *const *extra)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(lines, g_strdup("replications"));
  g_ptr_array_add(lines,
                  g_strdup_printf("%d (seed of replication r: splitmix64 of seed, r)", set->n));
  if (quantiles != NULL) {
    g_ptr_array_add(lines, g_strdup("quantiles"));
    g_ptr_array_add(lines, g_strdup(quantiles));
  }
  for (int i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add(lines, g_strdup(extra[i]));
  g_ptr_array_add(lines, NULL);
  return lines;
}

void dcb_mcset_append_provenance(GString *s, const DcbMcSet *set, const char *quantiles,
                                 const char *const *extra)
{
  g_autoptr(GPtrArray) lines = extra_lines(set, quantiles, extra);
  DcbProvenance prov = dcb_provenance_of_run(dcb_inputs_scenario(set->in), set->simgrid_version,
                                             set->seed, (const char *const *)lines->pdata);
  dcb_provenance_append(s, &prov);
}

void dcb_mcset_append_number(GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (!isnan(v))
    g_string_append(s, dcb_trace_format_number(buf, sizeof buf, v));
}

double dcb_mcset_value(const DcbMcSet *set, int r, int year, int col)
{
  if (!set->ok[r] || year < set->first_year || year >= set->first_year + set->n_years)
    return NAN;
  return set->rows[(gsize)r * set->row_values + (gsize)(year - set->first_year) * DCB_Y_N + col];
}

double dcb_mcset_target_year(const DcbMcSet *set, int r)
{
  int last_year = set->first_year + set->n_years - 1;
  double target_year = NAN;
  if (set->ok[r] && dcb_inputs_scenario(set->in)->has_target)
    for (int y = set->first_year; y <= last_year && isnan(target_year); y++)
      if (dcb_mcset_value(set, r, y, DCB_Y_OPERATING_MW) >=
          dcb_mcset_value(set, r, y, DCB_Y_TARGET_MW))
        target_year = y;
  return target_year;
}

double dcb_mcset_capex_total(const DcbMcSet *set, int r)
{
  double capex = set->ok[r] ? 0.0 : NAN;
  for (int y = set->first_year; y < set->first_year + set->n_years && set->ok[r]; y++)
    capex += dcb_mcset_value(set, r, y, DCB_Y_CAPEX_MEUR);
  return capex;
}

static gboolean write_replications(const DcbMcSet *set, const char *dir, const char *const *extra,
                                   GError **error)
{
  int last_year = set->first_year + set->n_years - 1;
  g_autoptr(GString) s = g_string_sized_new(256 + (gsize)set->n * 160);
  dcb_mcset_append_provenance(s, set, NULL, extra);
  g_string_append(s, "replication,seed,status");
  const DcbScenario *sc = dcb_inputs_scenario(set->in);
  for (int i = 0; i < sc->n_inputs; i++) {
    g_string_append_c(s, ',');
    dcb_csv_append_field(s, sc->inputs[i].name);
  }
  const int per_year_cols[] = {DCB_Y_OPERATING_MW, DCB_Y_UNMET_MW};
  for (size_t c = 0; c < G_N_ELEMENTS(per_year_cols); c++)
    for (size_t y = 0; y < G_N_ELEMENTS(dcb_mcset_headline_years); y++)
      if (dcb_mcset_headline_years[y] >= set->first_year &&
          dcb_mcset_headline_years[y] <= last_year)
        g_string_append_printf(s, ",%s@%d", dcb_yearly_column_names[per_year_cols[c]],
                               dcb_mcset_headline_years[y]);
  g_string_append_printf(s,
                         ",target_year,facility_energy_gwh@%d,cumulative_emissions_t@%d,"
                         "capex_meur_total\n",
                         last_year, last_year);
  for (int r = 0; r < set->n; r++) {
    g_string_append_printf(s, "%d,%" G_GUINT64_FORMAT ",", r,
                           dcb_seed_derive(set->seed, (guint64)r));
    dcb_csv_append_field(s, set->ok[r] ? "ok" : set->cause[r]);
    for (int i = 0; i < sc->n_inputs; i++) {
      /* every digit (shortest text that reads back the same): --set NAME=VALUE replays it */
      g_autofree char *v = dcb_dist_format_number(set->drawn[(gsize)r * sc->n_inputs + i]);
      g_string_append_printf(s, ",%s", v);
    }
    for (size_t c = 0; c < G_N_ELEMENTS(per_year_cols); c++)
      for (size_t y = 0; y < G_N_ELEMENTS(dcb_mcset_headline_years); y++)
        if (dcb_mcset_headline_years[y] >= set->first_year &&
            dcb_mcset_headline_years[y] <= last_year) {
          g_string_append_c(s, ',');
          dcb_mcset_append_number(
              s, dcb_mcset_value(set, r, dcb_mcset_headline_years[y], per_year_cols[c]));
        }
    /* First year where operating capacity reaches the target (empty: never, or no target). */
    g_string_append_c(s, ',');
    dcb_mcset_append_number(s, dcb_mcset_target_year(set, r));
    g_string_append_c(s, ',');
    dcb_mcset_append_number(s, dcb_mcset_value(set, r, last_year, DCB_Y_FACILITY_ENERGY_GWH));
    g_string_append_c(s, ',');
    dcb_mcset_append_number(s, dcb_mcset_value(set, r, last_year, DCB_Y_CUMULATIVE_EMISSIONS_T));
    g_string_append_c(s, ',');
    dcb_mcset_append_number(s, dcb_mcset_capex_total(set, r));
    g_string_append_c(s, '\n');
  }
  g_autofree char *path = g_build_filename(dir, "replications.csv", NULL);
  return dcb_write_file_atomic(path, s->str, (gssize)s->len, error);
}

typedef struct {
  int r;
  double prcc;
} Driver;

static int cmp_driver(const void *a, const void *b)
{
  const Driver *x = a, *y = b;
  if (fabs(x->prcc) != fabs(y->prcc))
    return fabs(x->prcc) > fabs(y->prcc) ? -1 : 1;
  return (x->r > y->r) - (x->r < y->r);
}

/* drivers.csv (DESIGN §5): for each headline outcome, the drawn inputs (rule 25) ranked by the
 * absolute value of their partial rank correlation with it (drivers.h), and each one's share of
 * the sum of the squared coefficients of that outcome.  Inputs that do not vary and outcomes
 * that do not are left out, with a comment line saying so.  Written only when the scenario
 * draws inputs. */
static gboolean write_drivers(const DcbMcSet *set, const char *dir, const char *const *extra,
                              GError **error)
{
  const DcbScenario *sc = dcb_inputs_scenario(set->in);
  int n = set->n, k = sc->n_inputs, last_year = set->first_year + set->n_years - 1;
  if (k == 0)
    return TRUE;
  const double *x = set->drawn;
  g_autoptr(GString) s = g_string_sized_new(4096);
  dcb_mcset_append_provenance(s, set, NULL, extra);
  g_string_append(s, "# method: ranks (ties averaged), then the partial correlation of each input "
                     "with the outcome given the other inputs (precision-matrix identity)\n");
  g_string_append(s, "outcome,input,rank_correlation,share\n");
  g_autofree double *y = g_new(double, n);
  g_autofree double *prcc = g_new(double, k);
  g_autofree Driver *order = g_new(Driver, k);
  /* The outcomes: operating MW in the headline years; the target year; cumulative CO2, leaked MW
   * and operations jobs at the end; total capex.  A negative col names the two that are not a
   * yearly column: OUT_TARGET_YEAR and OUT_CAPEX_TOTAL. */
  enum { OUT_TARGET_YEAR = -1, OUT_CAPEX_TOTAL = -2 };
  struct {
    int col, year;
  } outcomes[G_N_ELEMENTS(dcb_mcset_headline_years) + 5];
  int n_out = 0;
  for (size_t h = 0; h < G_N_ELEMENTS(dcb_mcset_headline_years); h++)
    if (dcb_mcset_headline_years[h] >= set->first_year &&
        dcb_mcset_headline_years[h] <= last_year) {
      outcomes[n_out].col = DCB_Y_OPERATING_MW;
      outcomes[n_out++].year = dcb_mcset_headline_years[h];
    }
  outcomes[n_out].col = OUT_TARGET_YEAR;
  outcomes[n_out++].year = 0;
  const int at_end[] = {DCB_Y_CUMULATIVE_EMISSIONS_T, DCB_Y_LEAKED_MW, DCB_Y_OPERATIONS_JOBS};
  for (size_t c = 0; c < G_N_ELEMENTS(at_end); c++) {
    outcomes[n_out].col = at_end[c];
    outcomes[n_out++].year = last_year;
  }
  outcomes[n_out].col = OUT_CAPEX_TOTAL;
  outcomes[n_out++].year = 0;
  for (int o = 0; o < n_out; o++) {
    int col = outcomes[o].col, year = outcomes[o].year;
    g_autofree char *name = col == OUT_TARGET_YEAR ? g_strdup("target_year")
                            : col == OUT_CAPEX_TOTAL
                                ? g_strdup("capex_meur_total")
                                : g_strdup_printf("%s@%d", dcb_yearly_column_names[col], year);
    for (int r = 0; r < n; r++)
      y[r] = col == OUT_TARGET_YEAR   ? dcb_mcset_target_year(set, r)
             : col == OUT_CAPEX_TOTAL ? dcb_mcset_capex_total(set, r)
                                      : dcb_mcset_value(set, r, year, col);
    dcb_drivers_prcc(x, n, k, y, prcc);
    int m = 0;
    double sum2 = 0;
    for (int i = 0; i < k; i++)
      if (!isnan(prcc[i])) {
        order[m++] = (Driver){.r = i, .prcc = prcc[i]};
        sum2 += prcc[i] * prcc[i];
      }
    if (m == 0) {
      g_string_append_printf(s, "# %s: left out (it does not vary, or too few replications)\n",
                             name);
      continue;
    }
    qsort(order, (size_t)m, sizeof *order, cmp_driver);
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    for (int j = 0; j < m; j++) {
      g_string_append_printf(s, "%s,", name);
      dcb_csv_append_field(s, sc->inputs[order[j].r].name);
      g_string_append_printf(s, ",%s,", dcb_trace_format_number(buf, sizeof buf, order[j].prcc));
      g_string_append_printf(
          s, "%s\n",
          dcb_trace_format_number(buf, sizeof buf,
                                  sum2 > 0 ? order[j].prcc * order[j].prcc / sum2 : 0));
    }
  }
  for (int i = 0; i < k; i++) {
    double lo = INFINITY, hi = -INFINITY;
    for (int r = 0; r < n; r++)
      if (set->ok[r]) {
        lo = fmin(lo, x[(gsize)r * k + i]);
        hi = fmax(hi, x[(gsize)r * k + i]);
      }
    if (!(hi > lo))
      g_string_append_printf(s, "# %s: left out (no variance over the replications)\n",
                             sc->inputs[i].name);
  }
  g_autofree char *path = g_build_filename(dir, "drivers.csv", NULL);
  return dcb_write_file_atomic(path, s->str, (gssize)s->len, error);
}

static gboolean write_quantiles(const DcbMcSet *set, const char *dir, const char *const *extra,
                                GError **error)
{
  int n = set->n;
  g_autoptr(GString) s = g_string_sized_new((gsize)set->n_years * DCB_Y_N * 96 + 512);
  dcb_mcset_append_provenance(s, set,
                              "type 7 (linear between order statistics, R's default) over the "
                              "replications that succeeded",
                              extra);
  g_string_append(s, "year,metric,mean,p05,p25,p50,p75,p95\n");
  g_autofree double *values = g_new(double, n);
  g_autofree double *scratch = g_new(double, n);
  for (int col = 0; col < DCB_Y_N; col++) {
    if (col == DCB_Y_YEAR)
      continue;
    for (int y = 0; y < set->n_years; y++) {
      for (int r = 0; r < n; r++)
        values[r] = dcb_mcset_value(set, r, set->first_year + y, col);
      DcbQuantiles q;
      dcb_quantile_summarize(values, n, scratch, &q);
      g_string_append_printf(s, "%d,%s,", set->first_year + y, dcb_yearly_column_names[col]);
      const double fields[] = {q.mean, q.p05, q.p25, q.p50, q.p75, q.p95};
      for (size_t f = 0; f < G_N_ELEMENTS(fields); f++) {
        if (f)
          g_string_append_c(s, ',');
        dcb_mcset_append_number(s, fields[f]);
      }
      g_string_append_c(s, '\n');
    }
  }
  g_autofree char *path = g_build_filename(dir, "quantiles.csv", NULL);
  return dcb_write_file_atomic(path, s->str, (gssize)s->len, error);
}

/* run.ini: the effective scenario with the base seed, so that the directory names what it holds
 * (figures take their title from it) and the same command can be run again. */
static gboolean write_run_ini(const DcbMcSet *set, const char *dir, const char *what,
                              const char *const *extra, GError **error)
{
  g_autoptr(GPtrArray) lines = extra_lines(set, NULL, extra);
  DcbProvenance prov = dcb_provenance_of_run(dcb_inputs_scenario(set->in), set->simgrid_version,
                                             set->seed, (const char *const *)lines->pdata);
  prov.list_draws = FALSE; /* one draw per replication: replications.csv lists them */
  return dcb_run_ini_write(dir, dcb_inputs_scenario(set->in), &prov, what, error);
}

gboolean dcb_mcset_write(const DcbMcSet *set, const char *dir, const char *what,
                         const char *const *extra, GError **error)
{
  return write_replications(set, dir, extra, error) && write_quantiles(set, dir, extra, error) &&
         write_drivers(set, dir, extra, error) && write_run_ini(set, dir, what, extra, error);
}

int dcb_mcset_run_pool(DcbOutdir *od, DcbInterrupt *guard, int n_tasks, int batch,
                       DcbBatchChildFn child_fn, DcbDoneFn done_fn, DcbMcsetWriteFn write_fn,
                       void *user, const DcbRunnerOptions *ro, const char *what, GError **error)
{
  GError *local = NULL;
  int sig = 0;
  if (!dcb_batch_run(n_tasks, batch, child_fn, done_fn, user, ro, &local)) {
    dcb_outdir_abort(od); /* this run's rep-* go with it; the previous directory stays */
    int status = dcb_runner_exit_status(local);
    if (local->domain == DCB_RUNNER_ERROR) {
      fprintf(stderr, "dcbuildout: %s; %s stopped, nothing written\n", local->message, what);
      g_error_free(local);
    } else
      g_propagate_error(error, local);
    return status;
  }
  if (!write_fn(user, dcb_outdir_path(od), error))
    return DCB_EXIT_RUNTIME;
  if ((sig = dcb_interrupt_pending(guard)) != 0) {
    dcb_outdir_abort(od);
    fprintf(stderr, "dcbuildout: interrupted by %s; nothing written\n", g_strsignal(sig));
    return 128 + sig;
  }
  return dcb_outdir_commit(od, error) ? DCB_EXIT_OK : DCB_EXIT_RUNTIME;
}
