/* cmd_plot.c - the 'plot' command: render the figures of a run (or Monte Carlo, or sweep)
 * directory with gnuplot (DESIGN §8).
 *
 *   dcbuildout plot RUN_DIR [--format png|pdf|svg|all] [--out DIR]
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
 * skipped silently while their scripts do not exist).  Exit status: 0 all written, 1 gnuplot
 * missing or a figure failed, 2 usage or RUN_DIR is not a run directory.
 */
#include "cli.h"
#include "error.h"
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#ifndef DCB_SOURCE_DIR
#define DCB_SOURCE_DIR "."
#endif
#ifndef DCB_DATA_INSTALL_DIR
#define DCB_DATA_INSTALL_DIR "/usr/local/share/dcbuildout"
#endif

/* A figure: its script (plots/NAME.gp), the trace file it needs in the run directory, and
 * whether a missing script is skipped silently (scripts owned by later features). */
typedef struct {
  const char *name;
  const char *needs;
  gboolean optional;
} Figure;

static const Figure figures[] = {
    {"capacity", "yearly.csv", FALSE}, {"emissions", "yearly.csv", FALSE},
    {"energy", "yearly.csv", FALSE},   {"pipeline", "events.csv", FALSE},
    {"sites", "sites.csv", FALSE},     {"grid", "substations.csv", FALSE},
    {"fan", "quantiles.csv", TRUE},    {"sweep", "summary.csv", TRUE},
};

static gboolean has_file(const char *dir, const char *name)
{
  g_autofree char *p = g_build_filename(dir, name, NULL);
  return g_file_test(p, G_FILE_TEST_IS_REGULAR);
}

/* Whether a data file looks like one of our tables: a header line (after the '#' provenance
 * lines) that names 'column', then at least one row.  Checked before gnuplot sees it, so that
 * an empty or foreign file is one line naming it (exit 2), not gnuplot's complaints. */
static gboolean check_table(const char *dir, const char *name, const char *column, GError **error)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  g_autofree char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL) || !g_utf8_validate(text, -1, NULL)) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: cannot read it as a CSV table", path);
    return FALSE;
  }
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  int i = 0;
  while (lines[i] != NULL && lines[i][0] == '#')
    i++;
  gboolean header_ok = FALSE;
  if (lines[i] != NULL) {
    g_auto(GStrv) cols = g_strsplit(g_strchomp(lines[i]), ",", -1);
    header_ok = g_strv_contains((const char *const *)cols, column);
  }
  gboolean has_row = header_ok && lines[i + 1] != NULL && lines[i + 1][0] != '\0';
  if (!header_ok || !has_row) {
    if (header_ok)
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: not a dcbuildout table (no rows)", path);
    else
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s: not a dcbuildout table (no header line with a '%s' column)", path, column);
    return FALSE;
  }
  return TRUE;
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
  const char *candidates[] = {DCB_SOURCE_DIR "/plots", DCB_DATA_INSTALL_DIR "/plots"};
  for (size_t i = 0; i < G_N_ELEMENTS(candidates); i++) {
    g_autofree char *style = g_build_filename(candidates[i], "style.gp", NULL);
    if (g_file_test(style, G_FILE_TEST_IS_REGULAR))
      return g_strdup(candidates[i]);
  }
  g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME,
              "figure scripts not found in '%s' nor '%s' (set DCB_PLOTS to the plots/ directory)",
              candidates[0], candidates[1]);
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

/* Render one script into 'final' through a temporary file in the same directory. */
static gboolean render(const char *gnuplot, const char *script, const char *run_dir,
                       const char *fmt, const char *final, GError **error)
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

  g_autofree char *vars = g_strdup_printf("run='%s';out='%s';fmt='%s'", run_dir, tmpl, fmt);
  const char *argv[] = {gnuplot, "-e", vars, script, NULL};
  g_auto(GStrv) envp = g_environ_setenv(g_get_environ(), "LC_NUMERIC", "C", TRUE);
  g_autofree char *out = NULL, *err = NULL;
  int wait_status = 0;
  GError *local = NULL;
  gboolean ok = g_spawn_sync(NULL, (char **)argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                             &wait_status, &local);
  if (!ok) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot run '%s': %s", gnuplot,
                local->message);
    g_error_free(local);
  } else {
#if GLIB_CHECK_VERSION(2, 70, 0)
    gboolean exited_ok = g_spawn_check_wait_status(wait_status, NULL);
#else
    gboolean exited_ok = g_spawn_check_exit_status(wait_status, NULL);
#endif
    GStatBuf st;
    gboolean written = g_stat(tmpl, &st) == 0 && st.st_size > 0;
    if (err != NULL && *g_strstrip(err) != '\0') {
      g_autofree char *msg = first_lines(err, 4);
      g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "%s: gnuplot: %s", script, msg);
      ok = FALSE;
    } else if (!exited_ok) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "%s: gnuplot failed (wait status %d)",
                  script, wait_status);
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

int dcb_cmd_plot(int argc, char **argv, const DcbCli *cli)
{
  (void)cli;
  g_autofree char *format = NULL;
  g_autofree char *out_dir = NULL;
  GOptionEntry entries[] = {
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "png (default), pdf, svg or all", "FMT"},
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "output directory (default RUN_DIR/figures)",
       "DIR"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("RUN_DIR - render the figures of a run");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_option_context_set_description(
      ctx, "Runs gnuplot on plots/*.gp and writes RUN_DIR/figures/NAME.FMT: capacity, emissions,\n"
           "energy, pipeline, sites, grid; fan (with quantiles.csv), sweep (with summary.csv).\n"
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

  if (!g_file_test(run_dir, G_FILE_TEST_IS_DIR) ||
      (!has_file(run_dir, "yearly.csv") && !has_file(run_dir, "quantiles.csv") &&
       !has_file(run_dir, "summary.csv"))) {
    fprintf(stderr,
            "dcbuildout plot: %s: not a run directory (no yearly.csv, quantiles.csv or "
            "summary.csv)\n",
            run_dir);
    return DCB_EXIT_INPUT;
  }
  static const char *const tables[][2] = {
      {"yearly.csv", "year"},  {"sites.csv", "site"},       {"substations.csv", "substation"},
      {"events.csv", "event"}, {"quantiles.csv", "metric"}, {"summary.csv", "point"}};
  for (size_t t = 0; t < G_N_ELEMENTS(tables); t++)
    if (has_file(run_dir, tables[t][0]) &&
        !check_table(run_dir, tables[t][0], tables[t][1], &error))
      return dcb_cli_report(error);
  if (out_dir == NULL)
    out_dir = g_build_filename(run_dir, "figures", NULL);
  if (!check_quotable("RUN_DIR", run_dir, &error) || !check_quotable("--out", out_dir, &error))
    return dcb_cli_report(error);

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

  int failures = 0, written = 0;
  for (size_t f = 0; f < G_N_ELEMENTS(figures); f++) {
    const Figure *fig = &figures[f];
    if (!has_file(run_dir, fig->needs))
      continue;
    g_autofree char *file = g_strconcat(fig->name, ".gp", NULL);
    g_autofree char *script = g_build_filename(scripts, file, NULL);
    if (!g_file_test(script, G_FILE_TEST_IS_REGULAR)) {
      if (fig->optional)
        continue;
      fprintf(stderr, "dcbuildout plot: %s: script missing\n", script);
      failures++;
      continue;
    }
    for (int i = 0; i < 3 && formats[i] != NULL; i++) {
      g_autofree char *name = g_strdup_printf("%s.%s", fig->name, formats[i]);
      g_autofree char *final = g_build_filename(out_dir, name, NULL);
      if (render(gnuplot, script, run_dir, formats[i], final, &error)) {
        printf("%s\n", final);
        written++;
      } else {
        fprintf(stderr, "dcbuildout plot: %s\n", error->message);
        g_clear_error(&error);
        failures++;
      }
    }
  }
  fflush(stdout);
  if (failures > 0) {
    fprintf(stderr, "dcbuildout plot: %d figure(s) failed, %d written\n", failures, written);
    return DCB_EXIT_RUNTIME;
  }
  return DCB_EXIT_OK;
}
