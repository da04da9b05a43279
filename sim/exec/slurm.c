/* slurm.c - the sweep's side of Slurm (see slurm.h): MaxArraySize from scontrol, the job array's
 * tasks.txt and batch script, sbatch, and squeue for whether a job is still active.
 *
 * The points to submit are cut into array tasks by the pure dcb_sweep_chunking (core/sweep.c);
 * each task's points are written as ranges on its own line of tasks.txt, so the batch script
 * carries no point list and a task's command line stays short whatever the plan's size.  Every
 * file is written atomically; job_id only once sbatch has accepted the script, so a refused
 * submission leaves the previous job's id in place.  Values reach the script quoted: #SBATCH
 * values double-quoted with \ and " escaped, the command line through g_shell_quote, and '%'
 * doubled in the log pattern (Slurm expands %A, %a there).
 */
#include "slurm.h"
#include "error.h"
#include "trace.h"
#include <glib.h>
#include <stdio.h>
#include <string.h>

int dcb_slurm_max_array_size(void)
{
  const char *argv[] = {"scontrol", "show", "config", NULL};
  g_autofree char *out = NULL;
  int status = 0;
  if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &out, NULL, &status, NULL))
    return DCB_SLURM_DEFAULT_MAX_ARRAY;
  int v = dcb_sweep_parse_max_array_size(out);
  return v > 0 ? v : DCB_SLURM_DEFAULT_MAX_ARRAY;
}

/* ---- whether a job is still active -------------------------------------------------------- */

gboolean dcb_slurm_job_active(const char *id)
{
  const char *argv[] = {"squeue", "-h", "-j", id, "-o", "%i", NULL};
  g_autofree char *out = NULL;
  int status = 0;
  if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &out, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status(status, NULL) && out != NULL && *g_strstrip(out) != '\0';
}

void dcb_slurm_job_wait(const char *id)
{
  while (dcb_slurm_job_active(id))
    g_usleep(G_USEC_PER_SEC);
}

gboolean dcb_slurm_check_no_active_job(const DcbSweep *sw, GError **error)
{
  g_autofree char *job_file = g_build_filename(sw->dir, "slurm", "job_id", NULL);
  g_autofree char *old_job = NULL;
  if (g_file_get_contents(job_file, &old_job, NULL, NULL) && *g_strstrip(old_job) != '\0' &&
      dcb_slurm_job_active(old_job)) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME,
                "sweep %s: job %s of an earlier submission is still queued or running: wait "
                "for it (or scancel it) before submitting again",
                sw->spec->name, old_job);
    return FALSE;
  }
  return TRUE;
}

/* ---- submission --------------------------------------------------------------------------- */

void dcb_slurm_job_clear(DcbSlurmJob *job)
{
  g_free(job->id);
  g_free(job->array);
  g_free(job->script);
  g_free(job->logs);
  memset(job, 0, sizeof *job);
}

/* An #SBATCH line "opt=value", the value double-quoted with \ and " escaped (sbatch's own
 * rules for #SBATCH lines: a space or '#' inside quotes is part of the value). */
static void append_sbatch(GString *s, const char *opt, const char *value)
{
  g_string_append_printf(s, "#SBATCH %s=\"", opt);
  for (const char *p = value; *p; p++) {
    if (*p == '"' || *p == '\\')
      g_string_append_c(s, '\\');
    g_string_append_c(s, *p);
  }
  g_string_append(s, "\"\n");
}

/* Run a command, capturing its stdout; FALSE when it cannot be started. */
static gboolean spawn(const char *const *argv, char **out, char **err, int *status, GError **error)
{
  GError *local = NULL;
  if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, err, status,
                    &local)) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot run %s: %s (is Slurm installed?)",
                argv[0], local->message);
    g_error_free(local);
    return FALSE;
  }
  return TRUE;
}

/* tasks.txt: which points each array task runs (sweep run --chunk K reads line "K:"). */
static gboolean write_tasks(const DcbSweep *sw, const char *slurm_dir, const GArray *todo,
                            const DcbSlurmJob *job, GError **error)
{
  g_autoptr(GString) tasks = g_string_new(NULL);
  g_string_append_printf(tasks,
                         "# dcbuildout sweep %s: array task K runs the points on line \"K:\"\n"
                         "plan: %s\npoints_per_task: %d\ntasks: %d\n",
                         sw->spec->name, sw->fingerprint, job->per_task, job->n_tasks);
  const int *pts = (const int *)todo->data;
  for (int t = 0; t < job->n_tasks; t++) {
    int first = t * job->per_task, count = MIN(job->per_task, (int)todo->len - first);
    g_autofree char *ranges = dcb_sweep_ranges_format(pts + first, count);
    g_string_append_printf(tasks, "%d: %s\n", t, ranges);
  }
  g_autofree char *tasks_path = g_build_filename(slurm_dir, "tasks.txt", NULL);
  return dcb_write_file_atomic(tasks_path, tasks->str, (gssize)tasks->len, error);
}

/* The batch script: absolute paths, every value quoted. */
static GString *batch_script(const DcbSweep *sw, const DcbSlurmOptions *opt, const DcbSlurmJob *job)
{
  g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
  g_autofree char *abs_spec = g_canonicalize_filename(sw->spec->path, NULL);
  g_autofree char *abs_dir = g_canonicalize_filename(sw->dir, NULL);
  /* '%' in the directory is doubled so that Slurm does not expand it in the file pattern. */
  g_autofree char *logs_dir = g_build_filename(abs_dir, "slurm", "logs", NULL);
  g_auto(GStrv) pct = g_strsplit(logs_dir, "%", -1);
  g_autofree char *logs_escaped = g_strjoinv("%%", pct);
  g_autofree char *abs_logs = g_strconcat(logs_escaped, "/task-%A_%a.out", NULL);
  GString *sc = g_string_new("#!/bin/sh\n");
  g_string_append_printf(sc,
                         "# Slurm batch script of the dcbuildout sweep '%s', written by "
                         "'dcbuildout sweep submit'.\n"
                         "# Submitted as: sbatch --array=%s <this file>\n"
                         "# Array task K runs the points on line \"K:\" of tasks.txt beside this "
                         "file (%d points\n"
                         "# per task, %d points to run).  Each finished point is written "
                         "atomically into results/,\n"
                         "# so submitting again runs only the points that are failed or "
                         "missing.\n",
                         sw->spec->name, job->array, job->per_task, job->n_points);
  g_autofree char *job_name = g_strconcat("dcb-", sw->spec->name, NULL);
  g_strdelimit(job_name, "\n\r", '_');
  append_sbatch(sc, "--job-name", job_name);
  append_sbatch(sc, "--output", abs_logs);
  if (opt->partition)
    append_sbatch(sc, "--partition", opt->partition);
  if (opt->time)
    append_sbatch(sc, "--time", opt->time);
  if (opt->mem)
    append_sbatch(sc, "--mem", opt->mem);
  if (opt->account)
    append_sbatch(sc, "--account", opt->account);
  for (const char *const *x = opt->extra; x != NULL && *x != NULL; x++) {
    const char *eq = strchr(*x, '=');
    if (g_str_has_prefix(*x, "--") && eq != NULL) {
      g_autofree char *o = g_strndup(*x, (gsize)(eq - *x));
      append_sbatch(sc, o, eq + 1);
    } else
      g_string_append_printf(sc, "#SBATCH %s\n", *x);
  }
  g_autofree char *q_exe = g_shell_quote(exe ? exe : "dcbuildout");
  g_autofree char *q_spec = g_shell_quote(abs_spec);
  g_autofree char *q_dir = g_shell_quote(abs_dir);
  g_string_append_printf(sc, "\nexec %s sweep run %s --out %s --chunk \"$SLURM_ARRAY_TASK_ID\"",
                         q_exe, q_spec, q_dir);
  for (const char *const *a = opt->sg_args; a != NULL && *a != NULL; a++) {
    g_autofree char *q = g_shell_quote(*a);
    g_string_append_printf(sc, " %s", q);
  }
  g_string_append_c(sc, '\n');
  return sc;
}

gboolean dcb_slurm_submit(const DcbSweep *sw, const DcbSlurmOptions *opt, DcbSlurmJob *job,
                          GError **error)
{
  memset(job, 0, sizeof *job);
  g_autofree char *slurm_dir = g_build_filename(sw->dir, "slurm", NULL);
  job->logs = g_build_filename(slurm_dir, "logs", NULL);
  if (!dcb_make_dir(job->logs, error))
    return FALSE;
  /* Every point not done, the base first when compare_to = base: it goes into task 0's chunk
   * like any point ("0: base,0-8" in tasks.txt). */
  g_autoptr(GArray) todo = dcb_sweep_todo(sw, NULL, 0);
  if (todo->len == 0)
    return TRUE;
  job->n_points = (int)todo->len;
  int max_array = dcb_slurm_max_array_size();
  dcb_sweep_chunking(job->n_points, opt->chunk, max_array, &job->per_task, &job->n_tasks);
  if (opt->chunk > 0 && job->per_task != opt->chunk)
    fprintf(stderr,
            "sweep %s: --chunk %d would need more than MaxArraySize = %d tasks: %d points per "
            "task instead\n",
            sw->spec->name, opt->chunk, max_array, job->per_task);
  if (!write_tasks(sw, slurm_dir, todo, job, error))
    return FALSE;

  job->array = opt->max_running > 0
                   ? g_strdup_printf("0-%d%%%d", job->n_tasks - 1, opt->max_running)
                   : g_strdup_printf("0-%d", job->n_tasks - 1);
  g_autoptr(GString) sc = batch_script(sw, opt, job);
  job->script = g_build_filename(slurm_dir, "sweep.sbatch", NULL);
  if (!dcb_write_file_atomic(job->script, sc->str, (gssize)sc->len, error))
    return FALSE;

  g_autofree char *array_opt = g_strconcat("--array=", job->array, NULL);
  const char *argv[] = {"sbatch", "--parsable", array_opt, job->script, NULL};
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  if (!spawn(argv, &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status(status, NULL)) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "sbatch refused '%s': %s", job->script,
                err ? g_strstrip(err) : "");
    return FALSE;
  }
  g_autofree char *id = g_strdup(g_strstrip(out));
  char *semi = strchr(id, ';'); /* "id;cluster" */
  if (semi)
    *semi = '\0';
  g_autofree char *job_file = g_build_filename(slurm_dir, "job_id", NULL);
  if (!dcb_write_file_atomic(job_file, id, -1, error))
    return FALSE;
  job->id = g_steal_pointer(&id);
  return TRUE;
}

/* ---- an array task's points ----------------------------------------------------------------- */

/* Points of array task 'task' as recorded in DIR/slurm/tasks.txt by submit. */
GArray *dcb_slurm_task_points(const DcbSweep *sw, int task, GError **error)
{
  g_autofree char *path = g_build_filename(sw->dir, "slurm", "tasks.txt", NULL);
  g_autofree char *text = NULL;
  GError *local = NULL;
  if (!g_file_get_contents(path, &text, NULL, &local)) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "--chunk %d: cannot read '%s': %s", task, path,
                local->message);
    g_error_free(local);
    return NULL;
  }
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  gboolean plan_ok = FALSE;
  g_autofree char *prefix = g_strdup_printf("%d:", task);
  for (int i = 0; lines[i] != NULL; i++) {
    if (g_str_has_prefix(lines[i], "plan: "))
      plan_ok = strcmp(lines[i] + 6, sw->fingerprint) == 0;
    if (!g_str_has_prefix(lines[i], prefix))
      continue;
    if (!plan_ok) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "'%s' was written for another plan (the spec or the base scenario changed "
                  "since 'sweep submit'): submit again",
                  path);
      return NULL;
    }
    GArray *pts = dcb_sweep_ranges_parse(lines[i] + strlen(prefix));
    int n = dcb_sweep_plan_n_points(sw->plan);
    gboolean base_ok = sw->spec->has_reference && sw->spec->reference == DCB_SWEEP_BASE;
    for (guint k = 0; pts != NULL && k < pts->len; k++)
      if (g_array_index(pts, int, k) >= n ||
          (g_array_index(pts, int, k) == DCB_SWEEP_BASE && !base_ok)) {
        g_array_free(pts, TRUE);
        pts = NULL;
      }
    if (pts == NULL)
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "'%s': bad line for task %d", path, task);
    return pts;
  }
  g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "--chunk %d: '%s' has no task %d", task, path,
              task);
  return NULL;
}
