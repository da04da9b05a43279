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
 * Outputs, written by the parent once every replication is done into the temporary directory
 * of the output directory (outdir.h), which is then swapped in whole:
 *   replications.csv  one row per replication: replication, seed, status ("ok" or the exit cause
 *                     of a failed child), then one column per uncertain input of the scenario
 *                     (DESIGN §2.2 rule 25), named as the input ("demand.share",
 *                     "demand.growth@2025"), in the inputs' (name) order, holding the value the
 *                     replication drew, with every digit (the shortest text that reads back as the
 *                     same double): computed here by dcb_scenario_draw_inputs for the
 *                     replication's seed (pure, the very draw the child applied; written for a
 *                     failed replication too), then headline outcomes named metric@year like sweep
 *                     outcomes: operating_mw and unmet_mw at 2030/2035/2040/2050 (those inside the
 *                     horizon), target_year (first year with operating_mw >= target_mw, empty
 *                     when never reached or without a target), facility_energy_gwh and
 *                     cumulative_emissions_t at end_year, capex_meur_total (sum of the rows);
 *   quantiles.csv     year, metric, mean, p05, p25, p50, p75, p95 for every yearly column but
 *                     year, grouped by metric (column order) then year; type-7 quantiles over
 *                     the replications that succeeded (quantile.h);
 *   drivers.csv       when the scenario draws inputs (rule 25): for each headline outcome the
 *                     inputs ranked by their partial rank correlation with it (drivers.h);
 *   rep-NNNN/         with --keep-traces, each replication's traces, written by its child into
 *                     .rep-NNNN.tmp/ and renamed (in the temporary directory, so they appear or
 *                     vanish with the rest): a rep-NNNN/ directory is always complete.
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
 * Test hook: DCB_TEST_FAIL_REPLICATION=r makes the child of replication r abort() before it
 * simulates (used by tests/e2e_replications.sh to check that a crash is reported and the other
 * replications survive).
 */
#include "replicate.h"
#include "drivers.h"
#include "error.h"
#include "interrupt.h"
#include "outdir.h"
#include "quantile.h"
#include "runner.h"
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Headline years, written when inside [start_year, end_year]. */
static const int headline_years[] = {2030, 2035, 2040, 2050};

typedef struct {
  const DcbReplicateOptions *opt;
  const char *dir;  /* where the outputs are written: the output directory's temporary one */
  int first_year;   /* start_year */
  int n_years;      /* rows per replication */
  gsize row_values; /* n_years * DCB_Y_N */
  double *rows;     /* replications x row_values, read only where ok[r] */
  gboolean *ok;     /* per replication */
  char **cause;     /* per replication, NULL when ok */
  int n_failed;
  int fail_replication; /* test hook, -1 when unset */
  double *drawn; /* replications x the scenario's n_inputs: each one's drawn inputs (rule 25),
                    computed once for replications.csv and drivers.csv */
} Replicate;

static char *rep_dir(const char *out_dir, int r, gboolean tmp)
{
  g_autofree char *name = g_strdup_printf(tmp ? ".rep-%04d.tmp" : "rep-%04d", r);
  return g_build_filename(out_dir, name, NULL);
}

/* In the child: write the traces into .rep-NNNN.tmp/, then rename it to rep-NNNN/. */
static gboolean keep_traces(const Replicate *rep, int r, guint64 seed, const DcbTrace *tr,
                            GError **error)
{
  const DcbReplicateOptions *opt = rep->opt;
  g_autofree char *tmp = rep_dir(rep->dir, r, TRUE);
  g_autofree char *final = rep_dir(rep->dir, r, FALSE);
  dcb_remove_tree(tmp);
  DcbProvenance prov =
      dcb_provenance_of_run(dcb_inputs_scenario(opt->in), opt->eng->simgrid_version(), seed, NULL);
  if (!dcb_trace_write(tr, &prov, tmp, error))
    return FALSE;
  if (g_rename(tmp, final) != 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot rename '%s' to '%s': %s", tmp, final,
                g_strerror(errno));
    return FALSE;
  }
  return TRUE;
}

typedef struct {
  const Replicate *rep;
  int r;
  guint64 seed;
  GByteArray *out;
} ChildCtx;

/* In the child: the replication's rows into 'out' (and its traces with --keep-traces); returns
 * the child's exit status. */
static int send_replication(const ChildCtx *c, const DcbTrace *tr)
{
  const Replicate *rep = c->rep;
  const DcbReplicateOptions *opt = rep->opt;
  GError *error = NULL;
  if (tr->first_year != rep->first_year || tr->n_years != rep->n_years) {
    fprintf(stderr, "the engine returned years %d+%d, expected %d+%d\n", tr->first_year,
            tr->n_years, rep->first_year, rep->n_years);
    return 1;
  }
  if (opt->keep_traces && !keep_traces(rep, c->r, c->seed, tr, &error)) {
    fprintf(stderr, "%s\n", error->message);
    return 1;
  }
  g_byte_array_append(c->out, (const guint8 *)tr->yearly,
                      (guint)(rep->row_values * sizeof(double)));
  return 0;
}

/* Called by the engine, inside the simulation, when the trace is complete: send and exit. */
static void replication_complete(const DcbTrace *tr, void *user)
{
  const ChildCtx *c = user;
  dcb_runner_child_exit(send_replication(c, tr), c->out);
}

/* Runs in the child of replication r. */
static int child_replication(int r, GByteArray *out, void *user)
{
  const Replicate *rep = user;
  const DcbReplicateOptions *opt = rep->opt;
  ChildCtx c = {.rep = rep, .r = r, .seed = dcb_seed_derive(opt->seed, (guint64)r), .out = out};
  if (r == rep->fail_replication) {
    fprintf(stderr, "DCB_TEST_FAIL_REPLICATION=%d: aborting on purpose\n", r);
    abort();
  }
  GError *error = NULL;
  DcbEngineOptions eo = {.seed = c.seed,
                         .sg_args = opt->sg_args,
                         .on_complete = replication_complete,
                         .on_complete_user = &c};
  /* Returns only from an engine that does not call on_complete, or on failure.  Not freed:
   * the child _exit()s right after sending the rows. */
  DcbTrace *tr = opt->eng->simulate(opt->in, &eo, &error);
  if (tr == NULL) {
    fprintf(stderr, "%s\n", error != NULL ? error->message : "the simulation failed");
    return 1;
  }
  return send_replication(&c, tr);
}

/* Runs in the parent when replication r is over. */
static void done_replication(int r, const DcbChildStatus *st, const guint8 *data, gsize len,
                             void *user)
{
  Replicate *rep = user;
  const DcbReplicateOptions *opt = rep->opt;
  gsize want = rep->row_values * sizeof(double);
  if (st->ok && len == want) {
    memcpy(rep->rows + (gsize)r * rep->row_values, data, want);
    rep->ok[r] = TRUE;
    return;
  }
  rep->cause[r] = st->ok ? g_strdup_printf("malformed result (%" G_GSIZE_FORMAT " bytes)", len)
                         : g_strdup(st->cause);
  rep->n_failed++;
  fprintf(stderr, "dcbuildout: replication %d (seed %" G_GUINT64_FORMAT ") failed: %s\n", r,
          dcb_seed_derive(opt->seed, (guint64)r), rep->cause[r]);
  if (opt->keep_traces) {
    g_autofree char *tmp = rep_dir(rep->dir, r, TRUE);
    g_autofree char *final = rep_dir(rep->dir, r, FALSE);
    dcb_remove_tree(tmp);
    dcb_remove_tree(final);
  }
}

/* The provenance lines of replications.csv, quantiles.csv and run.ini: the run's, with the
 * base seed, the number of replications and, for quantiles.csv, the quantile type. */
static char *replications_text(const DcbReplicateOptions *opt)
{
  return g_strdup_printf("%d (seed of replication r: splitmix64 of seed, r)", opt->replications);
}

static void append_provenance(GString *s, const DcbReplicateOptions *opt, const char *quantiles)
{
  g_autofree char *n = replications_text(opt);
  const char *extra[] = {"replications", n, quantiles ? "quantiles" : NULL, quantiles, NULL};
  DcbProvenance prov = dcb_provenance_of_run(dcb_inputs_scenario(opt->in),
                                             opt->eng->simgrid_version(), opt->seed, extra);
  dcb_provenance_append(s, &prov);
}

/* A number, or nothing for NaN (failed replication, no value). */
static void append_number(GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (!isnan(v))
    g_string_append(s, dcb_trace_format_number(buf, sizeof buf, v));
}

static double value_at(const Replicate *rep, int r, int year, int col)
{
  if (!rep->ok[r] || year < rep->first_year || year >= rep->first_year + rep->n_years)
    return NAN;
  return rep->rows[(gsize)r * rep->row_values + (gsize)(year - rep->first_year) * DCB_Y_N + col];
}

/* First year where operating capacity reaches the target (NaN: never, no target, failed). */
static double target_year_of(const Replicate *rep, int r)
{
  int last_year = rep->first_year + rep->n_years - 1;
  double target_year = NAN;
  if (rep->ok[r] && dcb_inputs_scenario(rep->opt->in)->has_target)
    for (int y = rep->first_year; y <= last_year && isnan(target_year); y++)
      if (value_at(rep, r, y, DCB_Y_OPERATING_MW) >= value_at(rep, r, y, DCB_Y_TARGET_MW))
        target_year = y;
  return target_year;
}

/* The sum of the rows' capex (NaN for a failed replication). */
static double capex_total_of(const Replicate *rep, int r)
{
  double capex = rep->ok[r] ? 0.0 : NAN;
  for (int y = rep->first_year; y < rep->first_year + rep->n_years && rep->ok[r]; y++)
    capex += value_at(rep, r, y, DCB_Y_CAPEX_MEUR);
  return capex;
}

static gboolean write_replications(const Replicate *rep, GError **error)
{
  const DcbReplicateOptions *opt = rep->opt;
  int last_year = rep->first_year + rep->n_years - 1;
  g_autoptr(GString) s = g_string_sized_new(256 + (gsize)opt->replications * 160);
  append_provenance(s, opt, NULL);
  g_string_append(s, "replication,seed,status");
  const DcbScenario *sc = dcb_inputs_scenario(opt->in);
  for (int i = 0; i < sc->n_inputs; i++) {
    g_string_append_c(s, ',');
    dcb_csv_append_field(s, sc->inputs[i].name);
  }
  const int per_year_cols[] = {DCB_Y_OPERATING_MW, DCB_Y_UNMET_MW};
  for (size_t c = 0; c < G_N_ELEMENTS(per_year_cols); c++)
    for (size_t y = 0; y < G_N_ELEMENTS(headline_years); y++)
      if (headline_years[y] >= rep->first_year && headline_years[y] <= last_year)
        g_string_append_printf(s, ",%s@%d", dcb_yearly_column_names[per_year_cols[c]],
                               headline_years[y]);
  g_string_append_printf(s,
                         ",target_year,facility_energy_gwh@%d,cumulative_emissions_t@%d,"
                         "capex_meur_total\n",
                         last_year, last_year);
  for (int r = 0; r < opt->replications; r++) {
    g_string_append_printf(s, "%d,%" G_GUINT64_FORMAT ",", r,
                           dcb_seed_derive(opt->seed, (guint64)r));
    dcb_csv_append_field(s, rep->ok[r] ? "ok" : rep->cause[r]);
    for (int i = 0; i < sc->n_inputs; i++) {
      /* every digit (shortest text that reads back the same): --set NAME=VALUE replays it */
      g_autofree char *v = dcb_dist_format_number(rep->drawn[(gsize)r * sc->n_inputs + i]);
      g_string_append_printf(s, ",%s", v);
    }
    for (size_t c = 0; c < G_N_ELEMENTS(per_year_cols); c++)
      for (size_t y = 0; y < G_N_ELEMENTS(headline_years); y++)
        if (headline_years[y] >= rep->first_year && headline_years[y] <= last_year) {
          g_string_append_c(s, ',');
          append_number(s, value_at(rep, r, headline_years[y], per_year_cols[c]));
        }
    /* First year where operating capacity reaches the target (empty: never, or no target). */
    g_string_append_c(s, ',');
    append_number(s, target_year_of(rep, r));
    g_string_append_c(s, ',');
    append_number(s, value_at(rep, r, last_year, DCB_Y_FACILITY_ENERGY_GWH));
    g_string_append_c(s, ',');
    append_number(s, value_at(rep, r, last_year, DCB_Y_CUMULATIVE_EMISSIONS_T));
    g_string_append_c(s, ',');
    append_number(s, capex_total_of(rep, r));
    g_string_append_c(s, '\n');
  }
  g_autofree char *path = g_build_filename(rep->dir, "replications.csv", NULL);
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
static gboolean write_drivers(const Replicate *rep, GError **error)
{
  const DcbReplicateOptions *opt = rep->opt;
  const DcbScenario *sc = dcb_inputs_scenario(opt->in);
  int n = opt->replications, k = sc->n_inputs, last_year = rep->first_year + rep->n_years - 1;
  if (k == 0)
    return TRUE;
  const double *x = rep->drawn;
  g_autoptr(GString) s = g_string_sized_new(4096);
  append_provenance(s, opt, NULL);
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
  } outcomes[G_N_ELEMENTS(headline_years) + 5];
  int n_out = 0;
  for (size_t h = 0; h < G_N_ELEMENTS(headline_years); h++)
    if (headline_years[h] >= rep->first_year && headline_years[h] <= last_year) {
      outcomes[n_out].col = DCB_Y_OPERATING_MW;
      outcomes[n_out++].year = headline_years[h];
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
      y[r] = col == OUT_TARGET_YEAR   ? target_year_of(rep, r)
             : col == OUT_CAPEX_TOTAL ? capex_total_of(rep, r)
                                      : value_at(rep, r, year, col);
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
      if (rep->ok[r]) {
        lo = fmin(lo, x[(gsize)r * k + i]);
        hi = fmax(hi, x[(gsize)r * k + i]);
      }
    if (!(hi > lo))
      g_string_append_printf(s, "# %s: left out (no variance over the replications)\n",
                             sc->inputs[i].name);
  }
  g_autofree char *path = g_build_filename(rep->dir, "drivers.csv", NULL);
  return dcb_write_file_atomic(path, s->str, (gssize)s->len, error);
}

static gboolean write_quantiles(const Replicate *rep, GError **error)
{
  const DcbReplicateOptions *opt = rep->opt;
  int n = opt->replications;
  g_autoptr(GString) s = g_string_sized_new((gsize)rep->n_years * DCB_Y_N * 96 + 512);
  append_provenance(s, opt,
                    "type 7 (linear between order statistics, R's default) over the "
                    "replications that succeeded");
  g_string_append(s, "year,metric,mean,p05,p25,p50,p75,p95\n");
  g_autofree double *values = g_new(double, n);
  g_autofree double *scratch = g_new(double, n);
  for (int col = 0; col < DCB_Y_N; col++) {
    if (col == DCB_Y_YEAR)
      continue;
    for (int y = 0; y < rep->n_years; y++) {
      for (int r = 0; r < n; r++)
        values[r] = value_at(rep, r, rep->first_year + y, col);
      DcbQuantiles q;
      dcb_quantile_summarize(values, n, scratch, &q);
      g_string_append_printf(s, "%d,%s,", rep->first_year + y, dcb_yearly_column_names[col]);
      const double fields[] = {q.mean, q.p05, q.p25, q.p50, q.p75, q.p95};
      for (size_t f = 0; f < G_N_ELEMENTS(fields); f++) {
        if (f)
          g_string_append_c(s, ',');
        append_number(s, fields[f]);
      }
      g_string_append_c(s, '\n');
    }
  }
  g_autofree char *path = g_build_filename(rep->dir, "quantiles.csv", NULL);
  return dcb_write_file_atomic(path, s->str, (gssize)s->len, error);
}

/* run.ini: the effective scenario with the base seed, so that the directory names what it holds
 * (figures take their title from it) and the same command can be run again. */
static gboolean write_run_ini(const Replicate *rep, GError **error)
{
  const DcbReplicateOptions *opt = rep->opt;
  g_autofree char *n = replications_text(opt);
  const char *extra[] = {"replications", n, NULL};
  DcbProvenance prov = dcb_provenance_of_run(dcb_inputs_scenario(opt->in),
                                             opt->eng->simgrid_version(), opt->seed, extra);
  prov.list_draws = FALSE; /* one draw per replication: replications.csv lists them */
  return dcb_run_ini_write(rep->dir, dcb_inputs_scenario(opt->in), &prov, "Monte Carlo run", error);
}

/* The headline bands on stdout: operating MW at the headline years, cumulative CO2 at the end. */
static void print_summary(const Replicate *rep)
{
  const DcbReplicateOptions *opt = rep->opt;
  int n = opt->replications, last_year = rep->first_year + rep->n_years - 1;
  printf("%d replications written to %s/ (replications.csv, quantiles.csv, run.ini%s)\n", n,
         opt->out_dir, opt->keep_traces ? ", rep-NNNN/" : "");
  g_autofree double *values = g_new(double, n);
  g_autofree double *scratch = g_new(double, n);
  DcbQuantiles q;
  for (size_t y = 0; y < G_N_ELEMENTS(headline_years); y++) {
    if (headline_years[y] < rep->first_year || headline_years[y] > last_year)
      continue;
    for (int r = 0; r < n; r++)
      values[r] = value_at(rep, r, headline_years[y], DCB_Y_OPERATING_MW);
    dcb_quantile_summarize(values, n, scratch, &q);
    if (q.n > 0)
      printf("  operating %d: median %.0f MW IT, 50%% in %.0f-%.0f, 90%% in %.0f-%.0f\n",
             headline_years[y], q.p50, q.p25, q.p75, q.p05, q.p95);
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
  for (size_t k = 0; k < G_N_ELEMENTS(outcomes) && 2035 >= rep->first_year && 2035 <= last_year;
       k++) {
    for (int r = 0; r < n; r++)
      values[r] = value_at(rep, r, 2035, outcomes[k].col) * outcomes[k].scale;
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
    values[r] = value_at(rep, r, last_year, DCB_Y_CUMULATIVE_EMISSIONS_T) / 1e6;
  dcb_quantile_summarize(values, n, scratch, &q);
  if (q.n > 0)
    printf("  cumulative CO2 %d-%d: median %.2f Mt, 90%% in %.2f-%.2f\n", rep->first_year,
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
  Replicate rep = {.opt = opt,
                   .dir = dcb_outdir_path(od),
                   .first_year = dcb_inputs_scenario(opt->in)->start_year,
                   .n_years = dcb_inputs_scenario(opt->in)->end_year -
                              dcb_inputs_scenario(opt->in)->start_year + 1,
                   .fail_replication = -1};
  rep.row_values = (gsize)rep.n_years * DCB_Y_N;
  const char *hook = g_getenv("DCB_TEST_FAIL_REPLICATION");
  if (hook != NULL && *hook != '\0') {
    char *end = NULL;
    gint64 v = g_ascii_strtoll(hook, &end, 10);
    if (end != hook && *end == '\0' && v >= 0 && v < G_MAXINT)
      rep.fail_replication = (int)v;
  }

  DcbRunnerOptions ro = {.jobs = opt->jobs >= 1 ? opt->jobs : dcb_runner_default_jobs(),
                         .progress = TRUE,
                         .label = "replications"};
  /* SimGrid initialised and the platform loaded once, here: every child inherits them. */
  if (!dcb_engine_ready_to_fork(opt->eng, opt->in, opt->sg_args, &local)) {
    g_propagate_error(error, local);
    return DCB_EXIT_INPUT;
  }
  gsize rows_bytes = (gsize)n * rep.row_values * sizeof(double);
  rep.rows = dcb_runner_parent_alloc(rows_bytes);
  rep.ok = g_new0(gboolean, n);
  rep.cause = g_new0(char *, n);
  const DcbScenario *sc = dcb_inputs_scenario(opt->in);
  rep.drawn = g_new(double, (gsize)n * sc->n_inputs + 1);
  for (int r = 0; r < n; r++)
    dcb_scenario_draw_inputs(sc, dcb_seed_derive(opt->seed, (guint64)r),
                             &rep.drawn[(gsize)r * sc->n_inputs]);
  int status = DCB_EXIT_OK, sig = 0;
  if (!dcb_runner_run(n, child_replication, done_replication, &rep, &ro, &local)) {
    dcb_outdir_abort(od); /* this run's rep-* go with it; the previous directory stays */
    status = dcb_runner_exit_status(local);
    if (local->domain == DCB_RUNNER_ERROR) {
      /* Interrupted: reported here so that the exit status stays 128 + signal. */
      fprintf(stderr, "dcbuildout: %s; replications stopped, nothing written\n", local->message);
      g_error_free(local);
    } else
      g_propagate_error(error, local);
  } else if (!write_replications(&rep, error) || !write_quantiles(&rep, error) ||
             !write_drivers(&rep, error) || !write_run_ini(&rep, error)) {
    status = DCB_EXIT_RUNTIME;
  } else if ((sig = dcb_interrupt_pending(guard)) != 0) {
    dcb_outdir_abort(od);
    fprintf(stderr, "dcbuildout: interrupted by %s; nothing written\n", g_strsignal(sig));
    status = 128 + sig;
  } else if (!dcb_outdir_commit(od, error)) {
    status = DCB_EXIT_RUNTIME;
  } else {
    if (!opt->quiet)
      print_summary(&rep);
    if (rep.n_failed > 0) {
      fprintf(stderr, "dcbuildout: %d of %d replications failed (see replications.csv)\n",
              rep.n_failed, n);
      status = DCB_EXIT_RUNTIME;
    }
  }
  dcb_runner_parent_free(rep.rows, rows_bytes);
  g_free(rep.ok);
  g_free(rep.drawn);
  for (int r = 0; r < n; r++)
    g_free(rep.cause[r]);
  g_free(rep.cause);
  return status;
}
