/* provenance.c - the one provenance writer and the one run.ini writer (see provenance.h).
 *
 * The scenario is named by g_path_get_basename() of its path, never by the path itself: the
 * path as given depends on the current directory, and its canonical form on the machine.
 * run.ini is the scenario's effective key file (comments kept) with two keys rewritten, the
 * platform and the curve, which name the copies written beside it; nothing else in a scenario
 * is a path (scenario.c resolves only these two against the scenario's directory).
 */
#include "provenance.h"
#include "error.h"
#include "infile.h"
#include "trace.h"
#include <string.h>

const char *const dcb_run_dir_outputs[] = {"run.ini",
                                           "yearly.csv",
                                           "sites.csv",
                                           "substations.csv",
                                           "events.csv",
                                           "corridors.csv",
                                           "replications.csv",
                                           "quantiles.csv",
                                           "summary.csv",
                                           "observed.csv",
                                           NULL};

DcbProvenance dcb_provenance_of_run(const DcbScenario *sc, const char *simgrid_version,
                                    guint64 seed, const char *const *extra)
{
  return (DcbProvenance){.program_version = DCB_VERSION,
                         .simgrid_version = simgrid_version,
                         .scenario_path = sc->path,
                         .scenario_sha256 = sc->sha256,
                         .seed = seed,
                         .overrides = (const char *const *)sc->overrides,
                         .extra = extra,
                         .list_draws = TRUE};
}

/* "# key: value\n", line breaks in the value written as spaces. */
static void append_line(GString *s, const char *key, const char *value)
{
  g_string_append_printf(s, "# %s: ", key);
  for (const char *p = value; *p; p++)
    g_string_append_c(s, (*p == '\n' || *p == '\r') ? ' ' : *p);
  g_string_append_c(s, '\n');
}

void dcb_provenance_append(GString *s, const DcbProvenance *prov)
{
  if (prov == NULL)
    return;
  g_autofree char *program =
      g_strconcat("dcbuildout ", prov->program_version ? prov->program_version : "?", NULL);
  append_line(s, "program", program);
  if (prov->simgrid_version)
    append_line(s, "simgrid", prov->simgrid_version);
  if (prov->scenario_path) {
    g_autofree char *name = g_path_get_basename(prov->scenario_path);
    append_line(s, "scenario", name);
  }
  if (prov->scenario_sha256)
    append_line(s, "scenario_sha256", prov->scenario_sha256);
  g_autofree char *seed = g_strdup_printf("%" G_GUINT64_FORMAT, prov->seed);
  append_line(s, "seed", seed);
  for (const char *const *o = prov->overrides; o != NULL && *o != NULL; o++)
    append_line(s, "override", *o);
  for (const char *const *x = prov->extra; x != NULL && x[0] != NULL && x[1] != NULL; x += 2)
    append_line(s, x[0], x[1]);
}

/* Rule 25: the drawn values of the uncertain inputs, or where a Monte Carlo lists them. */
static void append_draws(GString *s, const DcbScenario *sc, const DcbProvenance *prov)
{
  if (sc->n_inputs == 0)
    return;
  if (!prov->list_draws) {
    g_string_append_printf(s,
                           "# drawn: %d uncertain input%s, drawn once per replication; each "
                           "replication's values are columns of replications.csv\n",
                           sc->n_inputs, sc->n_inputs == 1 ? "" : "s");
    return;
  }
  g_autofree double *values = g_new(double, sc->n_inputs);
  dcb_scenario_draw_inputs(sc, prov->seed, values);
  for (int i = 0; i < sc->n_inputs; i++) {
    g_autofree char *v = dcb_dist_format_number(values[i]);
    g_string_append_printf(s, "# drawn %s = %s\n", sc->inputs[i].name, v);
  }
}

static gboolean name_taken(const char *name, const char *other)
{
  if (other != NULL && strcmp(name, other) == 0)
    return TRUE;
  for (const char *const *o = dcb_run_dir_outputs; *o != NULL; o++)
    if (strcmp(name, *o) == 0)
      return TRUE;
  return FALSE;
}

static char *copy_name(const char *path, const char *prefix, const char *other)
{
  char *name = g_path_get_basename(path);
  if (!name_taken(name, other))
    return name;
  char *prefixed = g_strconcat(prefix, name, NULL);
  g_free(name);
  return prefixed;
}

void dcb_run_ini_input_names(const DcbScenario *sc, char **platform_name, char **curve_name)
{
  *platform_name = copy_name(sc->platform_path, "platform-", NULL);
  *curve_name = sc->has_curve ? copy_name(sc->curve_path, "curve-", *platform_name) : NULL;
}

char *dcb_run_ini_format(const DcbScenario *sc, const DcbProvenance *prov, const char *what)
{
  g_autoptr(GKeyFile) kf = g_key_file_new();
  g_autofree char *data = g_key_file_to_data(sc->effective, NULL, NULL);
  g_key_file_load_from_data(kf, data, (gsize)-1, G_KEY_FILE_KEEP_COMMENTS, NULL);
  g_autofree char *platform = NULL, *curve = NULL;
  dcb_run_ini_input_names(sc, &platform, &curve);
  g_key_file_set_string(kf, "scenario", "platform", platform);
  if (curve != NULL)
    g_key_file_set_string(kf, "demand", "curve", curve);
  g_autofree char *seed = g_strdup_printf("%" G_GUINT64_FORMAT, prov->seed);
  g_key_file_set_string(kf, "scenario", "seed", seed);
  g_autoptr(GString) s = g_string_new(NULL);
  g_string_append_printf(s,
                         "# run.ini - the effective scenario of this %s; `dcbuildout run` on "
                         "this file runs it again\n",
                         what);
  g_string_append_printf(s, "# precision: %s (compute_eflops, [hardware] precision)\n",
                         sc->precision_label); /* rule 26: the label of the figures */
  dcb_provenance_append(s, prov);
  append_draws(s, sc, prov);
  g_autofree char *body = g_key_file_to_data(kf, NULL, NULL);
  g_string_append(s, body);
  return g_string_free(g_steal_pointer(&s), FALSE);
}

/* Copy 'src' to dir/name atomically, unless dir/name already holds the same bytes. */
static gboolean copy_input(const char *src, const char *dir, const char *name, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  GError *local = NULL;
  if (!dcb_infile_read(src, "input", 0, &data, &len, &local)) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot copy '%s' into '%s': %s", src, dir,
                local->message);
    g_error_free(local);
    return FALSE;
  }
  g_autofree char *dst = g_build_filename(dir, name, NULL);
  g_autofree char *old = NULL;
  gsize old_len = 0;
  if (g_file_get_contents(dst, &old, &old_len, NULL) && old_len == len &&
      memcmp(old, data, len) == 0)
    return TRUE;
  return dcb_write_file_atomic(dst, data, (gssize)len, error);
}

gboolean dcb_run_ini_write(const char *dir, const DcbScenario *sc, const DcbProvenance *prov,
                           const char *what, GError **error)
{
  if (!dcb_make_dir(dir, error))
    return FALSE;
  g_autofree char *platform = NULL, *curve = NULL;
  dcb_run_ini_input_names(sc, &platform, &curve);
  if (!copy_input(sc->platform_path, dir, platform, error) ||
      (curve != NULL && !copy_input(sc->curve_path, dir, curve, error)))
    return FALSE;
  /* A hindcast case (DESIGN §8): the observations beside the scenario go with the run, under
   * their own name, so that `plot` draws model against observation from the run directory. */
  g_autofree char *scenario_dir = g_path_get_dirname(sc->path);
  g_autofree char *observed = g_build_filename(scenario_dir, DCB_OBSERVED_FILE, NULL);
  if (g_file_test(observed, G_FILE_TEST_IS_REGULAR) &&
      !copy_input(observed, dir, DCB_OBSERVED_FILE, error))
    return FALSE;
  g_autofree char *text = dcb_run_ini_format(sc, prov, what);
  g_autofree char *path = g_build_filename(dir, "run.ini", NULL);
  return dcb_write_file_atomic(path, text, -1, error);
}
