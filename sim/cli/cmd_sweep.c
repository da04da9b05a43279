/* cmd_sweep.c - the 'sweep' command: plan, run, submit, status, collect (DESIGN §7).
 *
 *   sweep plan SPEC      expand the spec into DIR/points.csv, print the count and the work
 *   sweep run SPEC       run the points not yet done, locally, --jobs at once (or, with
 *                        --chunk K, only the points of Slurm array task K as submit recorded)
 *   sweep submit SPEC    write DIR/slurm/sweep.sbatch and tasks.txt, sbatch it as a job array
 *   sweep status SPEC    count done / failed / missing points
 *   sweep collect SPEC   write DIR/summary.csv from the done points, list the others
 * DIR is out/<spec name>/ unless --out DIR; DIR/sweep.id names the spec that owns it, and
 * another spec's directory is refused (exit 2).  plan, run and submit first check the plan
 * against the base scenario (outcome years, each varied value alone): a parameter none of whose
 * values loads is bad input; a value that fails alone is a warning of plan (its points fail).
 * status and collect exit 0 when every point is done, 1 when some are failed or missing, 2 on bad
 * input.  With compare_to = base the base scenario is one more point to run, count and collect
 * (DCB_SWEEP_BASE, results/base.ini); with compare_to (base or N) collect adds the paired
 * differences from the reference to summary.csv.
 *
 * Here are the options, the checks of the plan and directory, and what the subcommands print;
 * running the points (the fork pool, the result files) is exec/sweep_run.c, the Slurm
 * submission (batch script, tasks.txt, sbatch, squeue) exec/slurm.c.
 */
#include "batch.h"
#include "cli.h"
#include "error.h"
#include "inputs.h"
#include "platform.h"
#include "runner.h"
#include "scenario.h"
#include "slurm.h"
#include "sweep.h"
#include "sweep_run.h"
#include "trace.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- which spec a sweep directory belongs to ------------------------------------------------- */

/* DIR/sweep.id names the spec that planned the directory: its absolute path and the SHA-256 of
 * its bytes.  A directory belongs to a spec when either matches (an edited spec keeps its path;
 * a moved copy keeps its bytes); results of an earlier plan of the same spec count as missing
 * (fingerprint).  Another spec's directory is refused: collect would overwrite its summary.csv
 * and status would report on the wrong plan. */
typedef struct {
  char *path, *sha256;
} SpecId;

static void spec_id_clear(SpecId *id)
{
  g_free(id->path);
  g_free(id->sha256);
}

static gboolean spec_id_of(const DcbSweep *sw, SpecId *id, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  GError *local = NULL;
  if (!g_file_get_contents(sw->spec->path, &data, &len, &local)) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: %s", sw->spec->path, local->message);
    g_error_free(local);
    return FALSE;
  }
  id->path = g_canonicalize_filename(sw->spec->path, NULL);
  id->sha256 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
  return TRUE;
}

/* Refuse a directory planned by another spec; with 'record', write DIR/sweep.id (the
 * directory must exist). */
static gboolean check_owner(const DcbSweep *sw, gboolean record, GError **error)
{
  SpecId id = {0};
  if (!spec_id_of(sw, &id, error))
    return FALSE;
  g_autofree char *path = g_build_filename(sw->dir, "sweep.id", NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new();
  gboolean ok = TRUE;
  if (g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL)) {
    g_autofree char *p = g_key_file_get_string(kf, "sweep", "spec", NULL);
    g_autofree char *h = g_key_file_get_string(kf, "sweep", "spec_sha256", NULL);
    if ((p == NULL || strcmp(p, id.path) != 0) && (h == NULL || strcmp(h, id.sha256) != 0)) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s: this directory holds the sweep of another spec ('%s'): choose another "
                  "--out DIR for '%s'",
                  sw->dir, p ? p : "?", sw->spec->path);
      ok = FALSE;
    }
  }
  if (ok && record) {
    g_autoptr(GKeyFile) out = g_key_file_new();
    g_key_file_set_string(out, "sweep", "spec", id.path);
    g_key_file_set_string(out, "sweep", "spec_sha256", id.sha256);
    g_key_file_set_string(out, "sweep", "plan", sw->fingerprint);
    g_autofree char *body = g_key_file_to_data(out, NULL, NULL);
    g_autofree char *text = g_strconcat(
        "# dcbuildout sweep directory: the spec it belongs to (written by plan, run, submit)\n",
        body, NULL);
    g_autofree char *old = NULL;
    if (!g_file_get_contents(path, &old, NULL, NULL) || strcmp(old, text) != 0)
      ok = dcb_write_file_atomic(path, text, -1, error);
  }
  spec_id_clear(&id);
  return ok;
}

/* ---- checks of the plan against the base scenario ------------------------------------------ */

/* Opens the base scenario with one override "key=value" through the checked opener (the
 * cross-checks with the platform included, as run does); NULL when it passes, else the one-line
 * reason (transfer full). */
static char *value_failure(const DcbSweep *sw, const DcbInputs *base, const char *key,
                           const char *value)
{
  g_autofree char *ov = g_strconcat(key, "=", value, NULL);
  const char *ovs[] = {ov, NULL};
  GError *error = NULL;
  g_autoptr(DcbInputs) in = dcb_inputs_open_data(sw->spec->scenario_path, sw->scenario,
                                                 sw->scenario_len, ovs, base, &error);
  if (in != NULL)
    return NULL;
  char *why = g_strdup(error->message);
  g_error_free(error);
  return why;
}

static gboolean param_varied(const DcbSweepSpec *spec, const char *key)
{
  for (int j = 0; j < spec->n_params; j++)
    if (strcmp(spec->params[j].key, key) == 0)
      return TRUE;
  return FALSE;
}

/* What plan can check cheaply before any point runs.  Fails (bad input) when an outcome's year
 * lies outside the base scenario's rows (and the horizon is not varied), or when every checked
 * value of a parameter fails the scenario's validation (an unknown project, a value out of
 * range...).  Each value of a grid parameter is checked once, alone on the base scenario (a sum
 * of list lengths, not the product); an LHS parameter at its lowest and highest sample.  A value
 * that fails alone while others pass is reported on 'warn' (when non-NULL) with the points that
 * will fail (appended to warn): the plan stands, and run reports those points as failed. */
static gboolean validate_plan(const DcbSweep *sw, const DcbInputs *base_in, GString *warn,
                              GError **error)
{
  const DcbScenario *base = dcb_inputs_scenario(base_in);
  const DcbSweepSpec *spec = sw->spec;
  if (!param_varied(spec, "scenario.start_year") && !param_varied(spec, "scenario.end_year"))
    for (int k = 0; k < spec->n_outcomes; k++)
      if (spec->outcomes[k].year < base->start_year || spec->outcomes[k].year > base->end_year) {
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                    "%s: [sweep] outcomes: %s: the year is outside the base scenario's rows "
                    "%d..%d",
                    spec->path, spec->outcomes[k].label, base->start_year, base->end_year);
        return FALSE;
      }
  int n = dcb_sweep_plan_n_points(sw->plan);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int j = 0; j < spec->n_params; j++) {
    const DcbSweepParam *prm = &spec->params[j];
    int n_checked = 0, n_failed = 0;
    g_autofree char *first_why = NULL;
    if (spec->method == DCB_SWEEP_GRID) {
      for (int v = 0; v < prm->n_values; v++) {
        g_autofree char *why = value_failure(sw, base_in, prm->key, prm->values[v]);
        n_checked++;
        if (why == NULL)
          continue;
        n_failed++;
        if (warn != NULL)
          g_string_append_printf(warn,
                                 "sweep %s: warning: [vary] %s = %s fails the base scenario's "
                                 "validation; the %d point(s) with it will fail: %s\n",
                                 spec->name, prm->key, prm->values[v], n / prm->n_values, why);
        if (first_why == NULL)
          first_why = g_steal_pointer(&why);
      }
    } else {
      int lo = 0, hi = 0;
      double vlo = HUGE_VAL, vhi = -HUGE_VAL;
      for (int p = 0; p < n; p++) {
        double x = g_ascii_strtod(dcb_sweep_plan_value(sw->plan, p, j, buf, sizeof buf), NULL);
        if (x < vlo)
          vlo = x, lo = p;
        if (x > vhi)
          vhi = x, hi = p;
      }
      int ends[2] = {lo, hi};
      for (int e = 0; e < (lo == hi ? 1 : 2); e++) {
        const char *value = dcb_sweep_plan_value(sw->plan, ends[e], j, buf, sizeof buf);
        g_autofree char *why = value_failure(sw, base_in, prm->key, value);
        n_checked++;
        if (why == NULL)
          continue;
        n_failed++;
        if (warn != NULL)
          g_string_append_printf(
              warn,
              "sweep %s: warning: point %d (the %s %s, %s) fails the base scenario's "
              "validation: %s\n",
              spec->name, ends[e], e ? "highest" : "lowest", prm->key, value, why);
        if (first_why == NULL)
          first_why = g_steal_pointer(&why);
      }
    }
    if (n_failed == n_checked) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s: [vary] %s: %s fails the base scenario's validation: %s", spec->path,
                  prm->key,
                  n_checked == 1                   ? "its value"
                  : spec->method == DCB_SWEEP_GRID ? "every value"
                                                   : "its lowest and highest samples",
                  first_why);
      return FALSE;
    }
  }
  return TRUE;
}

/* Write points.csv unless it already holds the same plan (array tasks never rewrite it), and
 * DIR/sweep.id (refusing another spec's directory). */
static gboolean write_points(const DcbSweep *sw, GError **error)
{
  g_autofree char *results = g_build_filename(sw->dir, "results", NULL);
  if (!dcb_make_dir(results, error) || !check_owner(sw, TRUE, error))
    return FALSE;
  g_autofree char *path = g_build_filename(sw->dir, "points.csv", NULL);
  g_autofree char *old = NULL;
  gsize old_len = 0;
  if (g_file_get_contents(path, &old, &old_len, NULL) && old_len == sw->points->len &&
      memcmp(old, sw->points->str, old_len) == 0)
    return TRUE;
  return dcb_write_file_atomic(path, sw->points->str, (gssize)sw->points->len, error);
}

/* ---- status of every point ------------------------------------------------------------------ */

/* The state of every point of dcb_sweep_all_points: the base first when compare_to = base. */
typedef struct {
  int n;                   /* the plan's points */
  int n_all;               /* n, and the base when compare_to = base */
  int *point;              /* per entry: its point (DCB_SWEEP_BASE, 0..n-1) */
  DcbPointState *state;    /* per entry */
  char **reason;           /* per entry, failed ones */
  double *q;               /* per point (of the plan) x outcome x 3 (collect only) */
  double *dq;              /* the same, of the paired differences (collect with compare_to) */
  gboolean reference_done; /* compare_to: the reference's values were read */
  int done, failed, missing;
} States;

static void states_clear(States *st)
{
  for (int i = 0; st->reason && i < st->n_all; i++)
    g_free(st->reason[i]);
  g_free(st->reason);
  g_free(st->state);
  g_free(st->point);
  g_free(st->q);
  g_free(st->dq);
}

/* Reads every result file; with 'want_quantiles', the quantiles of every done point and, with
 * compare_to, their paired differences from the reference (NaN while the reference is not
 * done).  The reference's values are read first, once. */
static void states_read(const DcbSweep *sw, gboolean want_quantiles, States *st)
{
  const DcbSweepSpec *spec = sw->spec;
  memset(st, 0, sizeof *st);
  st->n = dcb_sweep_plan_n_points(sw->plan);
  g_autoptr(GArray) all = dcb_sweep_all_points(sw);
  st->n_all = (int)all->len;
  st->point = (int *)g_array_free(g_steal_pointer(&all), FALSE);
  st->state = g_new0(DcbPointState, st->n_all);
  st->reason = g_new0(char *, st->n_all);
  int nr = spec->replications, nv = spec->n_outcomes * nr;
  g_autofree double *values = g_new(double, nv);
  g_autofree double *ref = g_new(double, nv);
  g_autofree double *scratch = g_new(double, 2 * (gsize)nr);
  gboolean diffs = want_quantiles && spec->has_reference;
  if (want_quantiles)
    st->q = g_new(double, (gsize)st->n * spec->n_outcomes * 3);
  if (diffs) {
    st->dq = g_new(double, (gsize)st->n * spec->n_outcomes * 3);
    st->reference_done = dcb_sweep_result_read(spec, sw->fingerprint, sw->dir, spec->reference, ref,
                                               NULL) == DCB_POINT_DONE;
  }
  for (int i = 0; i < st->n_all; i++) {
    int p = st->point[i];
    st->state[i] = dcb_sweep_result_read(spec, sw->fingerprint, sw->dir, p, values, &st->reason[i]);
    if (st->state[i] == DCB_POINT_DONE) {
      st->done++;
      for (int k = 0; want_quantiles && p >= 0 && k < spec->n_outcomes; k++) {
        gsize at = ((gsize)p * spec->n_outcomes + k) * 3;
        dcb_sweep_quantiles(values + k * nr, nr, scratch, st->q + at);
        if (diffs && st->reference_done)
          dcb_sweep_paired_quantiles(values + k * nr, ref + k * nr, nr, scratch, st->dq + at);
        else if (diffs)
          st->dq[at] = st->dq[at + 1] = st->dq[at + 2] = NAN;
      }
    } else if (st->state[i] == DCB_POINT_FAILED)
      st->failed++;
    else
      st->missing++;
  }
}

/* Lists failed points with their reasons and missing points as ranges, on 'f'. */
static void states_report(const DcbSweep *sw, const States *st, FILE *f)
{
  fprintf(f, "sweep %s: %d points%s: %d done, %d failed, %d missing\n", sw->spec->name, st->n,
          st->n_all > st->n ? " + the base" : "", st->done, st->failed, st->missing);
  for (int i = 0; i < st->n_all; i++) {
    if (st->state[i] != DCB_POINT_FAILED)
      continue;
    const char *why = st->reason[i] ? st->reason[i] : "failed";
    if (st->point[i] == DCB_SWEEP_BASE)
      fprintf(f, "  failed base: %s\n", why);
    else
      fprintf(f, "  failed point %d: %s\n", st->point[i], why);
  }
  if (st->missing > 0) {
    g_autofree int *miss = g_new(int, st->missing);
    int m = 0;
    for (int i = 0; i < st->n_all; i++)
      if (st->state[i] == DCB_POINT_MISSING)
        miss[m++] = st->point[i];
    g_autofree char *ranges = dcb_sweep_ranges_format(miss, m);
    fprintf(f, "  missing points: %s\n", ranges);
  }
}

/* ---- subcommands ---------------------------------------------------------------------------- */

static int parse_options(const char *sub, const char *summary, GOptionEntry *entries, int *argc,
                         char ***argv)
{
  g_autofree char *param = g_strdup_printf("%s SPEC - %s", sub, summary);
  g_autoptr(GOptionContext) ctx = g_option_context_new(param);
  g_option_context_add_main_entries(ctx, entries, NULL);
  GError *error = NULL;
  if (!g_option_context_parse(ctx, argc, argv, &error)) {
    int st = dcb_cli_usage("sweep", "%s", error->message);
    g_error_free(error);
    return st;
  }
  if (*argc != 2)
    return dcb_cli_usage("sweep", "'sweep %s' expects one SPEC file", sub);
  return 0;
}

/* The base scenario (no overrides) after validate_plan; NULL on bad input (then only the one
 * line of the error is printed, no warning). (transfer full) */
static DcbInputs *load_and_validate(const DcbSweep *sw, FILE *warn, GError **error)
{
  g_autoptr(DcbInputs) base = dcb_inputs_open_data(sw->spec->scenario_path, sw->scenario,
                                                   sw->scenario_len, NULL, NULL, error);
  g_autoptr(GString) lines = g_string_new(NULL);
  if (base == NULL || !validate_plan(sw, base, lines, error))
    return NULL;
  if (warn != NULL)
    fputs(lines->str, warn);
  return g_steal_pointer(&base);
}

static int cmd_plan(int argc, char **argv)
{
  g_autofree char *out = NULL;
  GOptionEntry entries[] = {
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "sweep directory (default out/NAME)", "DIR"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  int st = parse_options("plan", "expand a sweep spec into DIR/points.csv", entries, &argc, &argv);
  if (st != 0)
    return st;
  DcbSweep sw;
  GError *error = NULL;
  g_autoptr(DcbInputs) base = NULL;
  if (!dcb_sweep_open(&sw, argv[1], out, &error) ||
      (base = load_and_validate(&sw, stderr, &error)) == NULL || !write_points(&sw, &error)) {
    dcb_sweep_clear(&sw);
    return dcb_cli_report(error);
  }
  const DcbSweepSpec *spec = sw.spec;
  int n = dcb_sweep_plan_n_points(sw.plan);
  g_autoptr(GString) shape = g_string_new(NULL);
  for (int j = 0; j < spec->n_params; j++) {
    if (spec->method == DCB_SWEEP_GRID)
      g_string_append_printf(shape, "%s%d", j ? " x " : "", spec->params[j].n_values);
  }
  /* The work: simulations and simulated years (the base scenario's rows). */
  int n_all = n + (spec->has_reference && spec->reference == DCB_SWEEP_BASE);
  gint64 sims = (gint64)n_all * spec->replications;
  int years = dcb_inputs_scenario(base)->end_year - dcb_inputs_scenario(base)->start_year + 1;
  int max_array = DCB_SLURM_DEFAULT_MAX_ARRAY;
  int per_task = 0, tasks = 0;
  dcb_sweep_chunking(n_all, 0, max_array, &per_task, &tasks);
  printf("sweep %s: %d points (%s%s%s), %d outcomes\n", spec->name, n,
         spec->method == DCB_SWEEP_GRID ? "grid " : "latin hypercube of ",
         spec->method == DCB_SWEEP_GRID ? shape->str : "",
         spec->method == DCB_SWEEP_GRID ? "" : "samples", spec->n_outcomes);
  if (spec->method == DCB_SWEEP_LHS)
    printf("  %d samples over %d parameters\n", spec->samples, spec->n_params);
  gboolean with_base = spec->has_reference && spec->reference == DCB_SWEEP_BASE;
  if (with_base)
    printf("  compare_to = base: the base scenario runs once more as the reference "
           "(results/base.ini); summary.csv gets each outcome's paired differences from it\n");
  else if (spec->has_reference)
    printf("  compare_to = %d: summary.csv gets each outcome's paired differences from point %d\n",
           spec->reference, spec->reference);
  printf("  work: %d points%s x %d replications = %" G_GINT64_FORMAT
         " simulations of %d years each (%" G_GINT64_FORMAT " simulated years)\n",
         n + with_base, with_base ? " (the base included)" : "", spec->replications, sims, years,
         sims * years);
  printf("  on Slurm (MaxArraySize %d assumed): %d array tasks of %d points\n", max_array, tasks,
         per_task);
  printf("  plan: %s/points.csv\n", sw.dir);
  dcb_sweep_clear(&sw);
  return DCB_EXIT_OK;
}

static int cmd_run(int argc, char **argv, const DcbCli *cli)
{
  g_autofree char *out = NULL, *jobs_text = NULL, *chunk_text = NULL, *batch_text = NULL;
  int jobs = 0, chunk = 0, batch = 0;
  gboolean jobs_given = FALSE, chunk_given = FALSE, batch_given = FALSE;
  GOptionEntry entries[] = {
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "sweep directory (default out/NAME)", "DIR"},
      {"jobs", 'j', 0, G_OPTION_ARG_STRING, &jobs_text,
       "points at once, >= 1 (default: cores; with --chunk: $SLURM_CPUS_PER_TASK or 1)", "N"},
      {"chunk", 0, 0, G_OPTION_ARG_STRING, &chunk_text,
       "run only the points of Slurm array task K >= 0 (as recorded by 'sweep submit')", "K"},
      {"batch", 0, 0, G_OPTION_ARG_STRING, &batch_text,
       "simulations per child process, 1.." G_STRINGIFY(DCB_BATCH_MAX) " (default: chosen)", "B"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  int st = parse_options("run", "run the points not done yet", entries, &argc, &argv);
  if (st == 0)
    st = dcb_cli_int_option("sweep", "jobs", jobs_text, 1, DCB_CLI_MAX_JOBS, &jobs_given, &jobs);
  if (st == 0)
    st = dcb_cli_int_option("sweep", "chunk", chunk_text, 0, G_MAXINT, &chunk_given, &chunk);
  if (st == 0)
    st = dcb_cli_int_option("sweep", "batch", batch_text, 1, DCB_BATCH_MAX, &batch_given, &batch);
  if (st != 0)
    return st;
  DcbSweep sw;
  GError *error = NULL;
  if (!dcb_sweep_open(&sw, argv[1], out, &error)) {
    dcb_sweep_clear(&sw);
    return dcb_cli_report(error);
  }
  g_autoptr(GArray) points = NULL;
  g_autoptr(DcbInputs) base = NULL;
  if (chunk_given) {
    if (check_owner(&sw, FALSE, &error))
      points = dcb_slurm_task_points(&sw, chunk, &error);
    if (!jobs_given) {
      /* Slurm's allocation, when it is a sane number; else one at a time. */
      const char *cpus = g_getenv("SLURM_CPUS_PER_TASK");
      gint64 v = 1;
      if (cpus == NULL || !g_ascii_string_to_signed(cpus, 10, 1, DCB_CLI_MAX_JOBS, &v, NULL))
        v = 1;
      jobs = (int)v;
    }
  } else if ((base = load_and_validate(&sw, NULL, &error)) != NULL && write_points(&sw, &error))
    points = dcb_sweep_all_points(&sw); /* the base first when compare_to = base */
  if (points == NULL) {
    dcb_sweep_clear(&sw);
    return dcb_cli_report(error);
  }
  if (!jobs_given && !chunk_given)
    jobs = dcb_runner_default_jobs();
  DcbSweepRunOptions ro = {.sweep = &sw,
                           .sg_args = cli->sg_args,
                           .points = (const int *)points->data,
                           .n_points = (int)points->len,
                           .jobs = jobs,
                           .batch = batch};
  st = dcb_sweep_run_points(&ro, &error);
  dcb_sweep_clear(&sw);
  return error != NULL ? dcb_cli_report(error) : st;
}

static int cmd_status(int argc, char **argv, gboolean collect)
{
  g_autofree char *out = NULL;
  GOptionEntry entries[] = {
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "sweep directory (default out/NAME)", "DIR"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  int st = parse_options(collect ? "collect" : "status",
                         collect ? "write DIR/summary.csv from the finished points"
                                 : "count done, failed and missing points",
                         entries, &argc, &argv);
  if (st != 0)
    return st;
  DcbSweep sw;
  GError *error = NULL;
  if (!dcb_sweep_open(&sw, argv[1], out, &error) || !check_owner(&sw, FALSE, &error)) {
    dcb_sweep_clear(&sw);
    return dcb_cli_report(error);
  }
  States s;
  states_read(&sw, collect, &s);
  if (collect) {
    g_autofree gboolean *done = g_new0(gboolean, s.n);
    for (int i = 0; i < s.n_all; i++) /* (entries: the base first, when there is one) */
      if (s.point[i] != DCB_SWEEP_BASE)
        done[s.point[i]] = s.state[i] == DCB_POINT_DONE;
    g_autoptr(GString) csv = dcb_sweep_summary_csv(sw.spec, sw.plan, done, s.q, s.dq);
    g_autofree char *path = g_build_filename(sw.dir, "summary.csv", NULL);
    if (!dcb_make_dir(sw.dir, &error) ||
        !dcb_write_file_atomic(path, csv->str, (gssize)csv->len, &error)) {
      states_clear(&s);
      dcb_sweep_clear(&sw);
      return dcb_cli_report(error);
    }
    printf("%s: %d rows\n", path, s.done - (s.n_all > s.n && s.state[0] == DCB_POINT_DONE));
    if (sw.spec->has_reference && !s.reference_done) {
      char label[32];
      fprintf(stderr, "sweep %s: the reference (%s) is not done: the _diff columns are empty\n",
              sw.spec->name, dcb_sweep_point_label(sw.spec->reference, label, sizeof label));
    }
  }
  states_report(&sw, &s, collect ? stderr : stdout);
  st = (s.failed > 0 || s.missing > 0) ? DCB_EXIT_RUNTIME : DCB_EXIT_OK;
  states_clear(&s);
  dcb_sweep_clear(&sw);
  return st;
}

/* ---- submit --------------------------------------------------------------------------------- */

typedef struct {
  DcbSlurmOptions slurm;
  char *partition, *time, *mem, *account; /* the option values the DcbSlurmOptions point to */
  char **extra;
  gboolean wait;
} SubmitOptions;

static gboolean has_newline(const char *v)
{
  return v != NULL && strpbrk(v, "\n\r") != NULL;
}

static int submit(const DcbSweep *sw, const SubmitOptions *so)
{
  GError *error = NULL;
  g_autoptr(DcbInputs) base = NULL;
  if (!check_owner(sw, FALSE, &error) || (base = load_and_validate(sw, NULL, &error)) == NULL ||
      !dcb_slurm_check_no_active_job(sw, &error) || !write_points(sw, &error))
    return dcb_cli_report(error);
  DcbSlurmJob job;
  if (!dcb_slurm_submit(sw, &so->slurm, &job, &error)) {
    dcb_slurm_job_clear(&job);
    return dcb_cli_report(error);
  }
  if (job.id == NULL) {
    printf("sweep %s: nothing to submit: the %d points are done\n", sw->spec->name,
           dcb_sweep_plan_n_points(sw->plan));
    dcb_slurm_job_clear(&job);
    return DCB_EXIT_OK;
  }
  printf("sweep %s: submitted job %s: %d array tasks of up to %d points (%d points, "
         "--array=%s)\n  script: %s\n  logs:   %s\n",
         sw->spec->name, job.id, job.n_tasks, job.per_task, job.n_points, job.array, job.script,
         job.logs);
  int st = DCB_EXIT_OK;
  if (so->wait) {
    fflush(stdout);
    dcb_slurm_job_wait(job.id);
    States s;
    states_read(sw, FALSE, &s);
    states_report(sw, &s, stdout);
    st = (s.failed > 0 || s.missing > 0) ? DCB_EXIT_RUNTIME : DCB_EXIT_OK;
    if (s.missing > 0)
      printf("  missing points after the job ended: see %s\n", job.logs);
    states_clear(&s);
  }
  dcb_slurm_job_clear(&job);
  return st;
}

static int cmd_submit(int argc, char **argv, const DcbCli *cli)
{
  g_autofree char *out = NULL, *chunk_text = NULL, *max_running_text = NULL;
  SubmitOptions so = {0};
  GOptionEntry entries[] = {
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "sweep directory (default out/NAME)", "DIR"},
      {"chunk", 0, 0, G_OPTION_ARG_STRING, &chunk_text,
       "points per array task, >= 1 (default: as few as MaxArraySize allows)", "K"},
      {"max-running", 0, 0, G_OPTION_ARG_STRING, &max_running_text,
       "array tasks at once (%M), >= 1 (default: no limit)", "M"},
      {"partition", 0, 0, G_OPTION_ARG_STRING, &so.partition, "Slurm partition", "P"},
      {"time", 0, 0, G_OPTION_ARG_STRING, &so.time, "time limit of one array task", "T"},
      {"mem", 0, 0, G_OPTION_ARG_STRING, &so.mem, "memory of one array task", "M"},
      {"account", 0, 0, G_OPTION_ARG_STRING, &so.account, "Slurm account", "A"},
      {"sbatch-arg", 0, 0, G_OPTION_ARG_STRING_ARRAY, &so.extra,
       "extra #SBATCH line (repeatable), e.g. --sbatch-arg=--qos=long", "X"},
      {"wait", 0, 0, G_OPTION_ARG_NONE, &so.wait, "wait for the array, then report status", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  int st = parse_options("submit", "submit the points not done yet as a Slurm job array", entries,
                         &argc, &argv);
  gboolean given = FALSE; /* 0 stands for "not given" in DcbSlurmOptions */
  if (st == 0)
    st = dcb_cli_int_option("sweep", "chunk", chunk_text, 1, G_MAXINT, &given, &so.slurm.chunk);
  if (st == 0)
    st = dcb_cli_int_option("sweep", "max-running", max_running_text, 1, G_MAXINT, &given,
                            &so.slurm.max_running);
  const char *vals[] = {so.partition, so.time, so.mem, so.account};
  for (gsize i = 0; st == 0 && i < G_N_ELEMENTS(vals); i++)
    if (has_newline(vals[i]))
      st = dcb_cli_usage("sweep", "an option value spans lines");
  for (char **x = so.extra; st == 0 && x != NULL && *x != NULL; x++)
    if (has_newline(*x) || **x == '\0')
      st = dcb_cli_usage("sweep", "--sbatch-arg: empty or spans lines");
  if (st == 0) {
    DcbSweep sw;
    GError *error = NULL;
    so.slurm.partition = so.partition;
    so.slurm.time = so.time;
    so.slurm.mem = so.mem;
    so.slurm.account = so.account;
    so.slurm.extra = (const char *const *)so.extra;
    so.slurm.sg_args = cli->sg_args;
    if (!dcb_sweep_open(&sw, argv[1], out, &error))
      st = dcb_cli_report(error);
    else
      st = submit(&sw, &so);
    dcb_sweep_clear(&sw);
  }
  g_free(so.partition);
  g_free(so.time);
  g_free(so.mem);
  g_free(so.account);
  g_strfreev(so.extra);
  return st;
}

int dcb_cmd_sweep(int argc, char **argv, const DcbCli *cli)
{
  static const char usage[] =
      "Usage: dcbuildout sweep plan|run|submit|status|collect SPEC [OPTIONS]\n\n"
      "  plan SPEC       expand the spec into DIR/points.csv; print the count and the work\n"
      "  run SPEC        run the points not done yet locally (--jobs N; --chunk K: only\n"
      "                  the points of Slurm array task K)\n"
      "  submit SPEC     submit them as a Slurm job array (--chunk, --max-running,\n"
      "                  --partition, --time, --mem, --account, --sbatch-arg, --wait)\n"
      "  status SPEC     count done, failed and missing points\n"
      "  collect SPEC    write DIR/summary.csv; list failed and missing points\n\n"
      "DIR is out/<spec name>/ unless --out DIR.  'dcbuildout sweep SUBCOMMAND --help' lists\n"
      "the options.  status and collect exit with 1 while points are failed or missing.\n";
  if (argc < 2) {
    fputs(usage, stderr);
    return DCB_EXIT_INPUT;
  }
  const char *sub = argv[1];
  if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
    fputs(usage, stdout);
    return DCB_EXIT_OK;
  }
  /* The subcommand's options parse argv[1..]: argv[1] plays the program name. */
  if (strcmp(sub, "plan") == 0)
    return cmd_plan(argc - 1, argv + 1);
  if (strcmp(sub, "run") == 0)
    return cmd_run(argc - 1, argv + 1, cli);
  if (strcmp(sub, "submit") == 0)
    return cmd_submit(argc - 1, argv + 1, cli);
  if (strcmp(sub, "status") == 0)
    return cmd_status(argc - 1, argv + 1, FALSE);
  if (strcmp(sub, "collect") == 0)
    return cmd_status(argc - 1, argv + 1, TRUE);
  return dcb_cli_usage("sweep", "unknown subcommand '%s' (plan, run, submit, status, collect)",
                       sub);
}
