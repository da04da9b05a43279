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
  if (!dcb_check_consistency(in->scenario, in->platform, in->warnings, error))
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
