/* sweep_run.c - running a sweep's points through the fork pool (see sweep_run.h).
 *
 * The parent (this process) reads nothing itself: the command line has opened the sweep (spec,
 * plan, fingerprint, base scenario bytes) and chosen the points.  Here it parses the base
 * scenario and its platform once, loads the engine module and, unless the sweep varies the
 * platform, prepares SimGrid, then hands the simulations to the fork pool (runner.h).  Each child
 * opens its point's inputs (the base with the point's overrides, through the checked opener, so
 * a validation failure makes the point "failed" with the very line `run` prints), simulates one
 * replication and sends its outcome values back.  Only this process writes a point's result
 * file, atomically and fsync'ed, once all its replications have ended: a worker killed
 * mid-point (kill -9, a Slurm time limit) leaves nothing that looks finished, and two array
 * tasks never write the same file (their points are disjoint).
 *
 * The child's message: 'V' then n_outcomes doubles (the outcome values of its replication), or
 * 'E' then the one-line reason its point cannot run (every replication of it says the same).
 * The base of a sweep with compare_to = base (DCB_SWEEP_BASE) runs like a point with no
 * override: its result file is results/base.ini.
 */
#include "sweep_run.h"
#include "batch.h"
#include "engine_loader.h"
#include "error.h"
#include "inputs.h"
#include "runner.h"
#include "scenario.h"
#include "trace.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A sweep's simulations run as one flat list of tasks, point after point, replication after
 * replication (task = i x replications + r for the i-th point to run), each in a child forked
 * from this process, which holds the base scenario, its platform and (unless the sweep varies
 * the platform) the prepared engine.  A point's result is written, atomically and fsync'ed, by
 * this process once all its replications have ended, so nothing looks finished before it is.
 * A child runs a batch of consecutive simulations (batch.h), which may span points: the
 * per-point overhead is the parsing of the point's scenario once in each child that runs some
 * of its replications, and the result file. */
typedef struct {
  double *values; /* n_outcomes x replications, allocated when its first replication ends */
  char *failure;  /* why the point fails (first failed replication, or invalid values) */
  int pending;    /* replications not ended yet */
} PointRun;

typedef struct {
  const DcbSweep *sw;
  const DcbEngine *eng;
  const char *const *sg_args;
  const DcbInputs *base; /* the base scenario, opened once: points borrow its platform */
  const int *todo;       /* points to run */
  int n_todo;
  PointRun *points; /* n_todo */
  gboolean verbose; /* one line per finished point (stderr is not a terminal) */
  int finished, done, failed;
  GError *write_error;
} RunCtx;

/* In a child: the point's inputs (the base with the point's overrides, through the checked
 * opener, so a point fails with the very line `run` would print), or why they cannot run.
 * (transfer full) */
static char *load_point(const RunCtx *run, int point, DcbInputs **in_out)
{
  const DcbSweep *sw = run->sw;
  const DcbSweepSpec *spec = sw->spec;
  g_auto(GStrv) overrides = dcb_sweep_plan_overrides(sw->plan, point);
  GError *error = NULL;
  DcbInputs *in = dcb_inputs_open_data(spec->scenario_path, sw->scenario, sw->scenario_len,
                                       (const char *const *)overrides, run->base, &error);
  if (in == NULL) {
    char *why = g_strdup(error->message);
    g_error_free(error);
    return why;
  }
  *in_out = in;
  const DcbScenario *sc = dcb_inputs_scenario(in);
  for (int k = 0; k < spec->n_outcomes; k++)
    if (spec->outcomes[k].year < sc->start_year || spec->outcomes[k].year > sc->end_year)
      return g_strdup_printf("%s: [sweep] outcomes: %s: the year is outside the scenario's rows "
                             "%d..%d",
                             spec->path, spec->outcomes[k].label, sc->start_year, sc->end_year);
  return NULL;
}

typedef struct {
  const DcbSweepSpec *spec;
  DcbBatchChild *batch;
  int k; /* its place in the batch */
} SimCtx;

/* Called by the engine, inside the simulation, when a replication's trace is complete: 'V' and
 * the outcome values to the batch (the last one of the batch ends the child). */
static void simulation_complete(const DcbTrace *tr, void *user)
{
  const SimCtx *c = user;
  const DcbSweepSpec *spec = c->spec;
  g_autofree guint8 *msg = g_malloc(1 + sizeof(double) * (gsize)spec->n_outcomes);
  msg[0] = 'V';
  for (int k = 0; k < spec->n_outcomes; k++) {
    int y = spec->outcomes[k].year - tr->first_year;
    double v = NAN;
    if (y >= 0 && y < tr->n_years)
      v = tr->yearly[(gsize)y * DCB_Y_N + spec->outcomes[k].column];
    memcpy(msg + 1 + sizeof(double) * (gsize)k, &v, sizeof v);
  }
  dcb_batch_child_result(c->batch, c->k, 0, msg, 1 + sizeof(double) * (gsize)spec->n_outcomes);
}

/* Runs in the child of a batch of simulations (consecutive tasks: replications of one point or
 * of a few); each point's inputs are opened once.  A point whose values fail validation sends
 * 'E' and why for each of its replications; the others run in one SimGrid run. */
static void simulation_child(DcbBatchChild *b, const int *tasks, int n, void *user)
{
  const RunCtx *run = user;
  const DcbSweepSpec *spec = run->sw->spec;
  const DcbInputs **in = g_new0(const DcbInputs *, n);
  DcbEngineOptions *opts = g_new0(DcbEngineOptions, n);
  SimCtx *ctx = g_new0(SimCtx, n);
  int *place = g_new(int, n); /* the batch's place of each simulation that runs */
  int m = 0, last_point = -1;
  DcbInputs *point_in = NULL;
  char *why = NULL;
  for (int k = 0; k < n; k++) {
    int point = run->todo[tasks[k] / spec->replications];
    if (point != last_point || k == 0) {
      g_clear_pointer(&why, g_free);
      point_in = NULL;
      why = load_point(run, point, &point_in);
      last_point = point;
    }
    if (why != NULL) {
      g_autofree char *msg = g_strdup_printf("E%s", why);
      dcb_batch_child_result(b, k, 0, msg, strlen(msg));
      continue;
    }
    ctx[m] = (SimCtx){.spec = spec, .batch = b, .k = k};
    in[m] = point_in;
    place[m] = k;
    m++;
  }
  for (int j = 0; j < m; j++)
    opts[j] = (DcbEngineOptions){
        .seed = dcb_sweep_seed(spec->seed, run->todo[tasks[place[j]] / spec->replications],
                               tasks[place[j]] % spec->replications),
        .sg_args = run->sg_args,
        .on_complete = simulation_complete,
        .on_complete_user = &ctx[j],
        .rows_only = TRUE};
  /* The last replication to complete ends the child; returning means failure.  Not freed: the
   * child _exit()s. */
  GError *error = NULL;
  if (!dcb_engine_run_batch(run->eng, in, opts, m, &error))
    fprintf(stderr, "%s\n", error ? error->message : "the simulation failed");
}

/* The point's result file, once all its replications have ended. */
static void point_finished(RunCtx *run, int i)
{
  const DcbSweep *sw = run->sw;
  PointRun *pr = &run->points[i];
  int point = run->todo[i];
  g_autofree char *text = dcb_sweep_result_format(sw->spec, sw->fingerprint, point,
                                                  pr->failure ? NULL : pr->values, pr->failure);
  gboolean failed = strstr(text, "\nstatus=failed\n") != NULL;
  g_autofree char *path = dcb_sweep_result_path(sw->dir, point);
  GError *error = NULL;
  if (!dcb_write_file_durable(path, text, -1, &error)) {
    if (run->write_error == NULL)
      run->write_error = error;
    else
      g_error_free(error);
    failed = TRUE;
  }
  g_clear_pointer(&pr->values, g_free);
  g_clear_pointer(&pr->failure, g_free);
  run->finished++;
  if (failed)
    run->failed++;
  else
    run->done++;
  char label[32];
  if (run->verbose)
    fprintf(stderr, "sweep %s: %s %s (%d/%d)\n", sw->spec->name,
            dcb_sweep_point_label(point, label, sizeof label), failed ? "failed" : "done",
            run->finished, run->n_todo);
}

static void simulation_done(int task, const DcbChildStatus *st, const guint8 *data, gsize len,
                            void *user)
{
  RunCtx *run = user;
  const DcbSweepSpec *spec = run->sw->spec;
  int i = task / spec->replications, r = task % spec->replications;
  PointRun *pr = &run->points[i];
  gsize want = 1 + sizeof(double) * (gsize)spec->n_outcomes;
  if (st->ok && len == want && data[0] == 'V') {
    if (pr->values == NULL)
      pr->values = g_new(double, (gsize)spec->n_outcomes * spec->replications);
    for (int k = 0; k < spec->n_outcomes; k++)
      memcpy(&pr->values[k * spec->replications + r], data + 1 + k * sizeof(double),
             sizeof(double));
  } else if (pr->failure == NULL) {
    if (st->ok && len >= 1 && data[0] == 'E')
      pr->failure = g_strndup((const char *)data + 1, len - 1);
    else
      pr->failure = g_strdup_printf("replication %d (seed %" G_GUINT64_FORMAT "): %s", r,
                                    dcb_sweep_seed(spec->seed, run->todo[i], r),
                                    st->ok ? "incomplete result" : st->cause);
  }
  if (--pr->pending == 0)
    point_finished(run, i);
}

/* Points of array task 'task' as recorded in DIR/slurm/tasks.txt by submit. */

/* Hand 'local' to the caller; returns its exit status. */
static int fail(GError *local, GError **error)
{
  int st = dcb_error_exit_status(local);
  g_propagate_error(error, local);
  return st;
}

int dcb_sweep_run_points(const DcbSweepRunOptions *opt, GError **error)
{
  const DcbSweep *sw = opt->sweep;
  g_autoptr(GArray) todo = dcb_sweep_todo(sw, opt->points, opt->n_points);
  if (todo->len == 0) {
    fprintf(stderr, "sweep %s: nothing to do: the %d points are done\n", sw->spec->name,
            opt->n_points);
    return DCB_EXIT_OK;
  }
  g_autofree char *results = g_build_filename(sw->dir, "results", NULL);
  GError *local = NULL;
  if (!dcb_make_dir(results, &local))
    return fail(local, error);
  /* Parse the base scenario and its platform once: a point whose overrides leave the platform
   * alone reuses it.  A base that does not load is bad input for the whole sweep. */
  g_autoptr(DcbInputs) base_in = dcb_inputs_open_data(sw->spec->scenario_path, sw->scenario,
                                                      sw->scenario_len, NULL, NULL, &local);
  if (base_in == NULL)
    return fail(local, error);
  const DcbScenario *base = dcb_inputs_scenario(base_in);
  const DcbEngine *eng = opt->eng != NULL ? opt->eng : dcb_engine_load(&local);
  if (eng == NULL)
    return fail(local, error);
  /* Unless the sweep varies the platform itself, initialise SimGrid and load the platform once,
   * here: every simulation is forked from this process and inherits them (when the platform
   * varies, each child initialises its own engine; the base platform is still checked). */
  gboolean varies_platform = FALSE;
  for (int k = 0; k < sw->spec->n_params; k++)
    if (strcmp(sw->spec->params[k].key, "scenario.platform") == 0)
      varies_platform = TRUE;
  /* Batches (batch.h) share one platform: none when the sweep varies it. */
  int batch = varies_platform
                  ? 1
                  : dcb_batch_choose(eng, base_in, opt->batch,
                                     (int)todo->len * sw->spec->replications, opt->jobs);
  if (varies_platform ? !dcb_engine_check(eng, base->platform_path, opt->sg_args, &local)
                      : !dcb_engine_ready_to_fork(eng, base_in, opt->sg_args, batch, &local))
    return fail(local, error);

  g_autofree PointRun *point_runs = g_new0(PointRun, todo->len);
  for (guint i = 0; i < todo->len; i++)
    point_runs[i].pending = sw->spec->replications;
  RunCtx run = {.sw = sw,
                .eng = eng,
                .sg_args = opt->sg_args,
                .base = base_in,
                .todo = (const int *)todo->data,
                .n_todo = (int)todo->len,
                .points = point_runs,
                .verbose = !isatty(STDERR_FILENO)};
  gboolean with_base = g_array_index(todo, int, 0) == DCB_SWEEP_BASE;
  fprintf(stderr, "sweep %s: running %d of %d points%s (%d replications each, %d at once)\n",
          sw->spec->name, run.n_todo, opt->n_points, with_base ? ", the base included" : "",
          sw->spec->replications, opt->jobs);
  DcbRunnerOptions ro = {.jobs = opt->jobs, .progress = TRUE, .label = "simulations"};
  if (!dcb_batch_run(run.n_todo * sw->spec->replications, batch, simulation_child, simulation_done,
                     &run, &ro, &local)) {
    for (int i = 0; i < run.n_todo; i++) {
      g_free(point_runs[i].values);
      g_free(point_runs[i].failure);
    }
    int st = dcb_runner_exit_status(local);
    fprintf(stderr, "dcbuildout: sweep %s: %s (%d points finished; run again to resume)\n",
            sw->spec->name, local->message, run.finished);
    g_error_free(local);
    g_clear_error(&run.write_error);
    return st;
  }
  if (run.write_error != NULL)
    return fail(run.write_error, error);
  fprintf(stderr, "sweep %s: %d points done, %d failed in this run\n", sw->spec->name, run.done,
          run.failed);
  return run.failed > 0 ? DCB_EXIT_RUNTIME : DCB_EXIT_OK;
}
