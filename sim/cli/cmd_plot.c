/* cmd_plot.c - the 'plot' command: render the figures of a run (or Monte Carlo, or sweep)
 * directory with gnuplot (DESIGN §8).
 *
 *   dcbuildout plot RUN_DIR [--format png|pdf|svg|all] [--out DIR] [--fan METRIC]...
 *
 * Each figure is one gnuplot script plots/NAME.gp that reads the trace files by column name;
 * this command only runs them.  gnuplot is found on the PATH at run time (it is not a build
 * dependency); the scripts in $DCB_PLOTS, else in the source tree's plots/ (a build run from its
 * tree), else in the installed data directory.  Each script runs as
 *   gnuplot -e "run='RUN_DIR';out='TMP';fmt='FMT'" SCRIPT
 * writing into a temporary file beside the final one, renamed into place only when gnuplot
 * exited 0, wrote something and said nothing on stderr (any warning counts as a failure: a
 * figure missing a series is worse than no figure).  Paths are passed inside gnuplot single-quoted
 * strings, which the scripts also hand to the shell: a path holding a single quote or a newline
 * is refused.  Which figures: the six trace figures when yearly.csv is there (each needs its own
 * trace file), fan when quantiles.csv is there, sweep when summary.csv is there (those two are
 * skipped silently while their scripts do not exist), drivers (the tornado of drivers.csv) when
 * drivers.csv is there, and resources (jobs, water, heat, on-site
 * power: DESIGN §8, rule 26) from yearly.csv in a run, from quantiles.csv in a Monte Carlo, when
 * that table has one of rule 26's series (a run written before them gets a one-line note on
 * stderr and the figure is skipped, as corridors.csv is asked only of runs that declare a
 * corridor).  --fan METRIC (repeatable, Monte Carlo only) also draws the fan chart of one metric of
 * quantiles.csv into fan-METRIC.FMT (fan.gp run with metric='METRIC'); a metric the file does not
 * hold is refused (exit 2) before any gnuplot runs.  Before gnuplot runs, plot_check.c
 * refuses (exit 2) a directory that is not one complete run.  gnuplot runs in a process group
 * of its own; SIGINT/SIGTERM stop that group and end the command with 130/143.  Exit status: 0
 * all written, 1 gnuplot missing or a figure failed, 2 usage or RUN_DIR is not a complete run
 * directory, 130/143 interrupted.
 */
#define _GNU_SOURCE /* kill, setpgid */
#include "cli.h"
#include "error.h"
#include "plot_check.h"
#include <errno.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef DCB_SOURCE_DIR
#define DCB_SOURCE_DIR "."
#endif
#ifndef DCB_DATA_INSTALL_DIR
#define DCB_DATA_INSTALL_DIR "/usr/local/share/dcbuildout"
#endif

/* Rule 26's series that the resources figure draws besides onsite_mw (which the second layer
 * already wrote): with none of them it has nothing to show. */
static const char *const resource_series[] = {"construction_jobs", "operations_jobs", "water_m3",
                                              "heat_reused_gwh", NULL};

/* A figure: its script (plots/NAME.gp), the trace file it needs in the run directory (NULL:
 * the run's yearly table, yearly.csv in a run and quantiles.csv in a Monte Carlo), whether a
 * missing script is skipped silently (scripts owned by later features), and the series of which
 * that table must hold one (NULL: none asked). */
typedef struct {
  const char *name;
  const char *needs;
  gboolean optional;
  const char *const *series;
} Figure;

static const Figure figures[] = {
    {"capacity", "yearly.csv", FALSE, NULL},  {"emissions", "yearly.csv", FALSE, NULL},
    {"energy", "yearly.csv", FALSE, NULL},    {"resources", NULL, FALSE, resource_series},
    {"pipeline", "events.csv", FALSE, NULL},  {"sites", "sites.csv", FALSE, NULL},
    {"grid", "substations.csv", FALSE, NULL}, {"fan", "quantiles.csv", TRUE, NULL},
    {"sweep", "summary.csv", TRUE, NULL},     {"drivers", "drivers.csv", FALSE, NULL},
    {"compare", "compare.csv", FALSE, NULL},
};

/* A comparison's figures besides compare (operating_mw): the same for these metrics. */
static const char *const compare_metrics[] = {"cumulative_emissions_t", NULL};

/* The table a figure reads in a directory of this kind (NULL: none there to read). */
static const char *figure_table(const Figure *fig, DcbPlotDirKind kind)
{
  if (fig->needs != NULL)
    return fig->needs;
  return kind == DCB_PLOT_DIR_RUN ? "yearly.csv" : kind == DCB_PLOT_DIR_MC ? "quantiles.csv" : NULL;
}

/* Whether the run's table holds one of the figure's series (TRUE when it asks none). */
static gboolean figure_has_series(const Figure *fig, const char *dir, DcbPlotDirKind kind)
{
  if (fig->series == NULL)
    return TRUE;
  for (int i = 0; fig->series[i] != NULL; i++)
    if (dcb_plot_dir_has_series(dir, kind, fig->series[i]))
      return TRUE;
  return FALSE;
}

/* The hindcast figure (DESIGN §8, issue 15): model against observation, drawn when the run or
 * Monte Carlo directory holds the observed.csv that `run` copies from beside a hindcast case's
 * scenario (plots/hindcast.gp reads quantiles.csv in a Monte Carlo, yearly.csv in a run).  NULL
 * when there is none to draw (no observed.csv, or a sweep directory). */
static const Figure hindcast = {"hindcast", "observed.csv", FALSE, NULL};
static const Figure *hindcast_figure(const char *dir, DcbPlotDirKind kind)
{
  if (kind != DCB_PLOT_DIR_RUN && kind != DCB_PLOT_DIR_MC)
    return NULL;
  g_autofree char *p = g_build_filename(dir, hindcast.needs, NULL);
  return g_file_test(p, G_FILE_TEST_IS_REGULAR) ? &hindcast : NULL;
}

/* A metric name passed to fan.gp inside a gnuplot '...' string and used in a file name. */
static gboolean is_metric_name(const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isalnum(*s) && *s != '_')
      return FALSE;
  return TRUE;
}

static gboolean has_file(const char *dir, const char *name)
{
  g_autofree char *p = g_build_filename(dir, name, NULL);
  return g_file_test(p, G_FILE_TEST_IS_REGULAR);
}

/* The directory holding the scripts: $DCB_PLOTS, else the source tree's, else the installed. */
static char *find_scripts_dir(GError **error)
{
  const char *env = g_getenv("DCB_PLOTS");
  if (env != NULL && *env != '\0') {
    g_autofree char *style = g_build_filename(env, "style.gp", NULL);
    if (!g_file_test(style, G_FILE_TEST_IS_REGULAR)) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "DCB_PLOTS='%s': no style.gp there (it must name the plots/ directory)", env);
      return NULL;
    }
    return g_strdup(env);
  }
  /* An installed program's own scripts (bin/../share/dcbuildout/plots, whatever the prefix),
   * else the source tree's (a build run from its tree), else the configured install path. */
  g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
  g_autofree char *exe_dir = exe != NULL ? g_path_get_dirname(exe) : NULL;
  g_autofree char *installed =
      exe_dir != NULL ? g_build_filename(exe_dir, DCB_DATA_REL_DIR, "plots", NULL) : NULL;
  const char *candidates[] = {installed, DCB_SOURCE_DIR "/plots", DCB_DATA_INSTALL_DIR "/plots"};
  for (size_t i = 0; i < G_N_ELEMENTS(candidates); i++) {
    if (candidates[i] == NULL)
      continue;
    g_autofree char *style = g_build_filename(candidates[i], "style.gp", NULL);
    if (g_file_test(style, G_FILE_TEST_IS_REGULAR))
      return g_strdup(candidates[i]);
  }
  g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME,
              "figure scripts not found in '%s' nor '%s' (set DCB_PLOTS to the plots/ directory)",
              candidates[1], candidates[2]);
  return NULL;
}

/* Paths travel inside gnuplot '...' strings and, from there, inside shell '...' words. */
static gboolean check_quotable(const char *what, const char *path, GError **error)
{
  if (strpbrk(path, "'\n\r") != NULL) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                "%s '%s': a path holding a single quote or a newline cannot be passed to gnuplot",
                what, path);
    return FALSE;
  }
  return TRUE;
}

/* The first n non-empty lines of gnuplot's stderr, joined by " | ", for a one-line report. */
static char *first_lines(const char *text, int n)
{
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  GString *s = g_string_new(NULL);
  int kept = 0;
  for (int i = 0; lines[i] != NULL && kept < n; i++) {
    const char *line = g_strstrip(lines[i]);
    if (*line == '\0')
      continue;
    g_string_append_printf(s, "%s%s", kept ? " | " : "", line);
    kept++;
  }
  return g_string_free(s, FALSE);
}

/* The state of the command that the signal handlers and the child watch share: the signal
 * that came (0 while none), the running gnuplot's process group (0 while none). */
typedef struct {
  int signal;
  GPid child;
  gboolean child_done;
  int wait_status;
  gboolean err_eof;
  GString *err;
  GMainLoop *loop;
  guint kill_timer;
} PlotState;

static gboolean kill_hard(gpointer data)
{
  PlotState *st = data;
  st->kill_timer = 0;
  if (st->child != 0 && !st->child_done)
    kill(-st->child, SIGKILL);
  return G_SOURCE_REMOVE;
}

/* SIGINT, SIGTERM: stop the running gnuplot and everything it started (its process group),
 * SIGKILL two seconds later if it is still there; the command then ends with 128 + signal. */
static gboolean on_signal(gpointer data, int signo)
{
  PlotState *st = data;
  if (st->signal == 0)
    st->signal = signo;
  if (st->child != 0 && !st->child_done) {
    kill(-st->child, SIGTERM);
    if (st->kill_timer == 0)
      st->kill_timer = g_timeout_add(2000, kill_hard, st);
  }
  return G_SOURCE_CONTINUE;
}
static gboolean on_sigint(gpointer data)
{
  return on_signal(data, SIGINT);
}
static gboolean on_sigterm(gpointer data)
{
  return on_signal(data, SIGTERM);
}

static void maybe_quit(PlotState *st)
{
  if (st->child_done && st->err_eof)
    g_main_loop_quit(st->loop);
}

static void on_child_exit(GPid pid, int wait_status, gpointer data)
{
  PlotState *st = data;
  g_spawn_close_pid(pid);
  st->child_done = TRUE;
  st->wait_status = wait_status;
  /* what it started may outlive it: its process group goes with it */
  kill(-pid, SIGKILL);
  maybe_quit(st);
}

static gboolean on_stderr(int fd, GIOCondition cond, gpointer data)
{
  PlotState *st = data;
  (void)cond;
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof buf);
  if (n > 0) {
    if (st->err->len < 65536)
      g_string_append_len(st->err, buf, n);
    return G_SOURCE_CONTINUE;
  }
  if (n < 0 && errno == EINTR)
    return G_SOURCE_CONTINUE;
  st->err_eof = TRUE;
  maybe_quit(st);
  return G_SOURCE_REMOVE;
}

/* In the child, before exec: a process group of its own, so that a terminal's Ctrl-C reaches
 * this command alone, which then stops the whole group (gnuplot and the awk it runs). */
static void child_setup(gpointer data)
{
  (void)data;
  setpgid(0, 0);
}

/* Render one script into 'final' through a temporary file in the same directory.  Returns
 * FALSE with 'error' set on failure; when a signal stopped it, FALSE with st->signal set and
 * no error. */
static gboolean render(PlotState *st, const char *gnuplot, const char *script, const char *run_dir,
                       const char *fmt, const char *extra, const char *final, GError **error)
{
  g_autofree char *dir = g_path_get_dirname(final);
  g_autofree char *base = g_path_get_basename(final);
  g_autofree char *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
  int fd = g_mkstemp(tmpl);
  if (fd < 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot create a file in '%s': %s", dir,
                g_strerror(errno));
    return FALSE;
  }
  g_close(fd, NULL);

  g_autofree char *vars =
      g_strdup_printf("run='%s';out='%s';fmt='%s'%s", run_dir, tmpl, fmt, extra ? extra : "");
  const char *argv[] = {gnuplot, "-e", vars, script, NULL};
  g_auto(GStrv) envp = g_environ_setenv(g_get_environ(), "LC_NUMERIC", "C", TRUE);
  GError *local = NULL;
  GPid pid = 0;
  int err_fd = -1;
  gboolean ok = st->signal == 0 &&
                g_spawn_async_with_pipes(NULL, (char **)argv, envp,
                                         G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                         child_setup, NULL, &pid, NULL, NULL, &err_fd, &local);
  if (!ok && local != NULL) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot run '%s': %s", gnuplot,
                local->message);
    g_error_free(local);
  } else if (ok) {
    /* the parent sets the group too, so that a signal right after the spawn finds it */
    setpgid(pid, pid);
    st->child = pid;
    st->child_done = FALSE;
    st->err_eof = FALSE;
    g_string_truncate(st->err, 0);
    g_child_watch_add(pid, on_child_exit, st);
    g_unix_fd_add(err_fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stderr, st);
    if (st->signal != 0)
      on_signal(st, st->signal);
    g_main_loop_run(st->loop);
    g_close(err_fd, NULL);
    if (st->kill_timer != 0) {
      g_source_remove(st->kill_timer);
      st->kill_timer = 0;
    }
    st->child = 0;
#if GLIB_CHECK_VERSION(2, 70, 0)
    gboolean exited_ok = g_spawn_check_wait_status(st->wait_status, NULL);
#else
    gboolean exited_ok = g_spawn_check_exit_status(st->wait_status, NULL);
#endif
    GStatBuf sb;
    gboolean written = g_stat(tmpl, &sb) == 0 && sb.st_size > 0;
    char *err = g_strstrip(st->err->str);
    if (st->signal != 0) {
      ok = FALSE;
    } else if (*err != '\0') {
      g_autofree char *msg = first_lines(err, 4);
      g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "%s: gnuplot: %s", script, msg);
      ok = FALSE;
    } else if (!exited_ok) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "%s: gnuplot failed (wait status %d)",
                  script, st->wait_status);
      ok = FALSE;
    } else if (!written) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "%s: gnuplot wrote nothing", script);
      ok = FALSE;
    }
  }
  /* mkstemp made it private: give it the mode of an ordinary new file. */
  if (ok && g_chmod(tmpl, 0644) != 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot chmod '%s': %s", tmpl,
                g_strerror(errno));
    ok = FALSE;
  }
  if (ok && g_rename(tmpl, final) != 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot rename '%s' to '%s': %s", tmpl, final,
                g_strerror(errno));
    ok = FALSE;
  }
  if (!ok)
    g_unlink(tmpl);
  return ok;
}

/* The progress line, on a terminal only: "plot: 3/6 figures (sites)"; NULL name clears it. */
static void progress(gboolean tty, int done, int total, const char *name)
{
  if (!tty)
    return;
  if (name == NULL)
    fputs("\r\033[K", stderr);
  else
    fprintf(stderr, "\r\033[Kplot: %d/%d figures (%s)", done, total, name);
  fflush(stderr);
}

int dcb_cmd_plot(int argc, char **argv, const DcbCli *cli)
{
  (void)cli;
  g_autofree char *format = NULL;
  g_autofree char *out_dir = NULL;
  g_auto(GStrv) fans = NULL, metrics = NULL;
  GOptionEntry entries[] = {
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "png (default), pdf, svg or all", "FMT"},
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "output directory (default RUN_DIR/figures)",
       "DIR"},
      {"fan", 0, 0, G_OPTION_ARG_STRING_ARRAY, &fans,
       "also the fan chart of METRIC (a metric of quantiles.csv) into fan-METRIC (repeatable)",
       "METRIC"},
      {"metric", 0, 0, G_OPTION_ARG_STRING_ARRAY, &metrics,
       "a comparison: also the figure of METRIC (a metric of compare.csv) into compare-METRIC "
       "(repeatable)",
       "METRIC"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("RUN_DIR - render the figures of a run");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_option_context_set_description(
      ctx, "Runs gnuplot on plots/*.gp and writes RUN_DIR/figures/NAME.FMT: capacity, emissions,\n"
           "energy, resources, pipeline, sites, grid; fan and resources (with quantiles.csv),\n"
           "sweep (with summary.csv), drivers (with drivers.csv); --fan METRIC: fan-METRIC too\n"
           "(e.g. water_m3); compare and compare-cumulative_emissions_t in a comparison\n"
           "directory (compare.csv), --metric METRIC: compare-METRIC too.\n"
           "Needs gnuplot on the PATH (Debian package 'gnuplot-nox'); scripts are taken from\n"
           "$DCB_PLOTS, else the source tree, else the installed data directory.\n");
  GError *error = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
    int st = dcb_cli_usage("plot", "%s", error->message);
    g_error_free(error);
    return st;
  }
  if (argc != 2)
    return dcb_cli_usage("plot", "expected one RUN_DIR");
  const char *run_dir = argv[1];

  const char *all[] = {"png", "pdf", "svg"};
  const char *formats[3] = {"png", NULL, NULL};
  if (format != NULL && strcmp(format, "all") == 0) {
    for (int i = 0; i < 3; i++)
      formats[i] = all[i];
  } else if (format != NULL) {
    gboolean known = FALSE;
    for (int i = 0; i < 3; i++)
      if (strcmp(format, all[i]) == 0) {
        formats[0] = all[i];
        known = TRUE;
      }
    if (!known)
      return dcb_cli_usage("plot", "--format '%s': expected png, pdf, svg or all", format);
  }

  DcbPlotDirKind kind;
  if (!dcb_plot_check_dir(run_dir, &kind, &error))
    return dcb_cli_report(error);
  if (out_dir == NULL)
    out_dir = g_build_filename(run_dir, "figures", NULL);
  if (!check_quotable("RUN_DIR", run_dir, &error) || !check_quotable("--out", out_dir, &error))
    return dcb_cli_report(error);
  for (int i = 0; fans != NULL && fans[i] != NULL; i++) {
    g_autofree char *q = g_build_filename(run_dir, "quantiles.csv", NULL);
    if (kind != DCB_PLOT_DIR_MC)
      return dcb_cli_usage("plot",
                           "--fan '%s': %s is not a Monte Carlo directory (no quantiles.csv)",
                           fans[i], run_dir);
    if (!is_metric_name(fans[i]) || !dcb_plot_dir_has_series(run_dir, kind, fans[i]))
      return dcb_cli_usage("plot", "--fan '%s': no metric '%s' in %s", fans[i], fans[i], q);
  }

  for (int i = 0; metrics != NULL && metrics[i] != NULL; i++) {
    if (kind != DCB_PLOT_DIR_COMPARE)
      return dcb_cli_usage("plot",
                           "--metric '%s': %s is not a comparison directory (no compare.csv)",
                           metrics[i], run_dir);
    if (!is_metric_name(metrics[i]) || !dcb_plot_dir_has_series(run_dir, kind, metrics[i]))
      return dcb_cli_usage("plot", "--metric '%s': no metric '%s' in %s/compare.csv", metrics[i],
                           metrics[i], run_dir);
    if (strcmp(metrics[i], "target_year") == 0 || strcmp(metrics[i], "capex_meur_total") == 0)
      return dcb_cli_usage("plot",
                           "--metric '%s': one value per replication, not a yearly series: read "
                           "its rows (empty year) in %s/compare.csv",
                           metrics[i], run_dir);
  }

  g_autofree char *gnuplot = g_find_program_in_path("gnuplot");
  if (gnuplot == NULL) {
    fprintf(stderr, "dcbuildout plot: gnuplot not found: install the Debian package "
                    "'gnuplot-nox'\n");
    return DCB_EXIT_RUNTIME;
  }
  g_autofree char *scripts = find_scripts_dir(&error);
  if (scripts == NULL || !check_quotable("scripts directory", scripts, &error))
    return dcb_cli_report(error);
  if (g_mkdir_with_parents(out_dir, 0755) != 0) {
    fprintf(stderr, "dcbuildout plot: cannot create directory '%s': %s\n", out_dir,
            g_strerror(errno));
    return DCB_EXIT_RUNTIME;
  }

  /* The renders to do: each figure whose table is there and holds its series, in every format,
   * then each --fan metric (a render is a script, an output name and gnuplot variables). */
  typedef struct {
    const Figure *fig;
    char *name;  /* output file's stem */
    char *extra; /* ";metric='...'" or NULL */
  } Render;
  GArray *renders = g_array_new(FALSE, TRUE, sizeof(Render));
  for (size_t f = 0; f < G_N_ELEMENTS(figures); f++) {
    const char *table = figure_table(&figures[f], kind);
    if (table == NULL || !has_file(run_dir, table))
      continue;
    if (!figure_has_series(&figures[f], run_dir, kind)) {
      g_autofree char *list = g_strjoinv(", ", (char **)figures[f].series);
      fprintf(stderr,
              "dcbuildout plot: %s skipped: %s has none of %s (a run written before "
              "them)\n",
              figures[f].name, table, list);
      continue;
    }
    Render r = {&figures[f], g_strdup(figures[f].name), NULL};
    g_array_append_val(renders, r);
  }
  const Figure *hc = hindcast_figure(run_dir, kind);
  if (hc != NULL) {
    Render r = {hc, g_strdup(hc->name), NULL};
    g_array_append_val(renders, r);
  }
  for (int i = 0; fans != NULL && fans[i] != NULL; i++) {
    const Figure *fan = NULL;
    for (size_t f = 0; f < G_N_ELEMENTS(figures); f++)
      if (strcmp(figures[f].name, "fan") == 0)
        fan = &figures[f];
    Render r = {fan, g_strdup_printf("fan-%s", fans[i]), g_strdup_printf(";metric='%s'", fans[i])};
    g_array_append_val(renders, r);
  }
  const Figure *compare = NULL;
  for (size_t f = 0; f < G_N_ELEMENTS(figures); f++)
    if (strcmp(figures[f].name, "compare") == 0)
      compare = &figures[f];
  for (int i = 0; kind == DCB_PLOT_DIR_COMPARE && compare_metrics[i] != NULL; i++)
    if (dcb_plot_dir_has_series(run_dir, kind, compare_metrics[i])) {
      Render r = {compare, g_strdup_printf("compare-%s", compare_metrics[i]),
                  g_strdup_printf(";metric='%s'", compare_metrics[i])};
      g_array_append_val(renders, r);
    }
  for (int i = 0; metrics != NULL && metrics[i] != NULL; i++) {
    Render r = {compare, g_strdup_printf("compare-%s", metrics[i]),
                g_strdup_printf(";metric='%s'", metrics[i])};
    g_array_append_val(renders, r);
  }
  int total = 0;
  for (guint k = 0; k < renders->len; k++)
    for (int i = 0; i < 3 && formats[i] != NULL; i++)
      total++;
  const gboolean tty = isatty(STDERR_FILENO) && total > 1;

  PlotState st = {.err = g_string_new(NULL), .loop = g_main_loop_new(NULL, FALSE)};
  guint sig_int = g_unix_signal_add(SIGINT, on_sigint, &st);
  guint sig_term = g_unix_signal_add(SIGTERM, on_sigterm, &st);
  int failures = 0, written = 0, done = 0;
  for (guint k = 0; k < renders->len && st.signal == 0; k++) {
    const Render *rd = &g_array_index(renders, Render, k);
    const Figure *fig = rd->fig;
    g_autofree char *file = g_strconcat(fig->name, ".gp", NULL);
    g_autofree char *script = g_build_filename(scripts, file, NULL);
    if (!g_file_test(script, G_FILE_TEST_IS_REGULAR)) {
      if (fig->optional)
        continue;
      progress(tty, 0, 0, NULL);
      fprintf(stderr, "dcbuildout plot: %s: script missing\n", script);
      failures++;
      continue;
    }
    for (int i = 0; i < 3 && formats[i] != NULL && st.signal == 0; i++) {
      g_autofree char *name = g_strdup_printf("%s.%s", rd->name, formats[i]);
      g_autofree char *final = g_build_filename(out_dir, name, NULL);
      /* a signal that came between two figures */
      while (g_main_context_iteration(NULL, FALSE))
        ;
      progress(tty, done, total, name);
      gboolean ok = render(&st, gnuplot, script, run_dir, formats[i], rd->extra, final, &error);
      done++;
      progress(tty, 0, 0, NULL);
      if (ok) {
        printf("%s\n", final);
        fflush(stdout);
        written++;
      } else if (st.signal == 0) {
        fprintf(stderr, "dcbuildout plot: %s\n", error->message);
        g_clear_error(&error);
        failures++;
      }
    }
  }
  for (guint k = 0; k < renders->len; k++) {
    g_free(g_array_index(renders, Render, k).name);
    g_free(g_array_index(renders, Render, k).extra);
  }
  g_array_free(renders, TRUE);
  while (g_main_context_iteration(NULL, FALSE))
    ;
  g_source_remove(sig_int);
  g_source_remove(sig_term);
  g_main_loop_unref(st.loop);
  g_string_free(st.err, TRUE);
  fflush(stdout);
  if (st.signal != 0) {
    fprintf(stderr,
            "dcbuildout plot: interrupted (%s): %d figure(s) written, the one under way "
            "discarded\n",
            st.signal == SIGINT ? "SIGINT" : "SIGTERM", written);
    return 128 + st.signal;
  }
  if (failures > 0) {
    fprintf(stderr, "dcbuildout plot: %d figure(s) failed, %d written\n", failures, written);
    return DCB_EXIT_RUNTIME;
  }
  return DCB_EXIT_OK;
}
