/* inputs.c - the one checked path from a scenario file to the engine (see inputs.h).
 *
 * The seal is a private magic number written last, after every check passed; the struct is
 * opaque, so nothing outside this file can set it.  The platform is owned unless borrowed from a
 * base whose platform file is the one the scenario names (compared as the resolved paths the
 * loaders produced, so "a/../p.xml" and "p.xml" from the same directory are the same file only
 * when they are spelled the same; a second parse is the worst that can happen otherwise).
 */
#include "inputs.h"
#include "check.h"
#include "error.h"
#include "infile.h"
#include "provenance.h"
#include "trace.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define DCB_INPUTS_MAGIC 0x44434249u /* "DCBI" */

struct DcbInputs {
  guint32 magic;              /* DCB_INPUTS_MAGIC once every check passed */
  DcbScenario *scenario;      /* owned */
  DcbPlatform *platform;      /* owned unless platform_borrowed */
  gboolean platform_borrowed; /* the base's platform */
  GPtrArray *warnings;        /* of char *, NULL-terminated, owned */
};

void dcb_inputs_free(DcbInputs *in)
{
  if (in == NULL)
    return;
  in->magic = 0;
  dcb_scenario_free(in->scenario);
  if (!in->platform_borrowed)
    dcb_platform_free(in->platform);
  if (in->warnings != NULL)
    g_ptr_array_free(in->warnings, TRUE);
  g_free(in);
}

/* A number field of observed.csv (C locale, finite). */
static gboolean observed_number(const char *s, double *v)
{
  char *end = NULL;
  *v = g_ascii_strtod(s, &end);
  return end != s && *end == '\0' && isfinite(*v);
}

/* The observations of a hindcast case beside the scenario (DESIGN §8), when there are some:
 * header "year,metric,value,source", then rows whose year and value are numbers and whose metric
 * is a yearly.csv column.  `run` copies the file into its run directory and `plot` draws it, so
 * a bad row is bad input here, with its line, before anything runs. */
static gboolean check_observed(const DcbScenario *sc, GError **error)
{
  g_autofree char *dir = g_path_get_dirname(sc->path);
  g_autofree char *path = g_build_filename(dir, DCB_OBSERVED_FILE, NULL);
  if (!g_file_test(path, G_FILE_TEST_EXISTS))
    return TRUE;
  g_autofree char *text = NULL;
  if (!dcb_infile_read(path, "observations", 0, &text, NULL, error))
    return FALSE;
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  gboolean header = FALSE;
  int rows = 0;
  for (int i = 0; lines[i] != NULL; i++) {
    char *line = lines[i];
    size_t n = strlen(line);
    if (n > 0 && line[n - 1] == '\r')
      line[n - 1] = '\0';
    if (*line == '\0' || *line == '#')
      continue;
    if (!header) {
      if (strcmp(line, "year,metric,value,source") != 0) {
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                    "%s: line %d: the header must be 'year,metric,value,source' (got '%s')", path,
                    i + 1, line);
        return FALSE;
      }
      header = TRUE;
      continue;
    }
    g_auto(GStrv) f = g_strsplit(line, ",", 4); /* the source may hold commas */
    double year = 0, value = 0;
    const char *why = NULL;
    if (g_strv_length(f) < 4)
      why = "expected year,metric,value,source";
    else if (!observed_number(f[0], &year))
      why = "the year is not a number";
    else if (dcb_yearly_column_index(f[1]) < 0 || strcmp(f[1], "year") == 0)
      why = "the metric is not a column of yearly.csv";
    else if (!observed_number(f[2], &value))
      why = "the value is not a finite number";
    if (why != NULL) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: line %d: %s ('%s')", path, i + 1, why,
                  line);
      return FALSE;
    }
    rows++;
  }
  if (rows == 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                "%s: no observation (a header 'year,metric,value,source' and one row or more)",
                path);
    return FALSE;
  }
  return TRUE;
}

/* Steps 2 and 3 on a loaded scenario (taken over by the inputs). */
static DcbInputs *finish(DcbScenario *sc, const DcbInputs *base, GError **error)
{
  g_autoptr(DcbInputs) in = g_new0(DcbInputs, 1);
  in->scenario = sc;
  in->warnings = g_ptr_array_new_with_free_func(g_free);
  if (base != NULL && base->platform != NULL &&
      strcmp(base->scenario->platform_path, sc->platform_path) == 0) {
    in->platform = base->platform;
    in->platform_borrowed = TRUE;
  } else {
    in->platform = dcb_platform_load(sc->platform_path, error);
    if (in->platform == NULL)
      return NULL;
  }
  if (!dcb_check_consistency(in->scenario, in->platform, in->warnings, error) ||
      !check_observed(in->scenario, error))
    return NULL;
  g_ptr_array_add(in->warnings, NULL);
  in->magic = DCB_INPUTS_MAGIC;
  return g_steal_pointer(&in);
}

DcbInputs *dcb_inputs_open(const char *path, const char *const *overrides, GError **error)
{
  DcbScenario *sc = dcb_scenario_load(path, overrides, error);
  if (sc == NULL)
    return NULL;
  return finish(sc, NULL, error);
}

DcbInputs *dcb_inputs_open_data(const char *path, const char *data, gsize len,
                                const char *const *overrides, const DcbInputs *base, GError **error)
{
  DcbScenario *sc = dcb_scenario_load_data(path, data, len, overrides, error);
  if (sc == NULL)
    return NULL;
  return finish(sc, base, error);
}

const DcbScenario *dcb_inputs_scenario(const DcbInputs *in)
{
  return in->scenario;
}

const DcbPlatform *dcb_inputs_platform(const DcbInputs *in)
{
  return in->platform;
}

const char *const *dcb_inputs_warnings(const DcbInputs *in)
{
  return (const char *const *)in->warnings->pdata;
}

void dcb_inputs_print_warnings(const DcbInputs *in)
{
  for (const char *const *w = dcb_inputs_warnings(in); *w != NULL; w++)
    fprintf(stderr, "warning: %s\n", *w);
}

gboolean dcb_inputs_verify(const DcbInputs *in, const char *who, GError **error)
{
  if (in != NULL && in->magic == DCB_INPUTS_MAGIC && in->scenario != NULL && in->platform != NULL)
    return TRUE;
  g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME,
              "%s: the inputs were not opened and checked by dcb_inputs_open (program error)", who);
  return FALSE;
}
