/* scenario.c - scenario loading and validation (see scenario.h).  Work in progress. */
#include "scenario.h"
#include "error.h"

DcbScenario *dcb_scenario_load(const char *path, const char *const *overrides, GError **error)
{
  (void)overrides;
  g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: scenarios are not read yet", path);
  return NULL;
}
DcbScenario *dcb_scenario_load_data(const char *path, const char *data, gsize len,
                                    const char *const *overrides, GError **error)
{
  (void)data, (void)len;
  return dcb_scenario_load(path, overrides, error);
}
void dcb_scenario_free(DcbScenario *sc) { g_free(sc); }
double dcb_scenario_demand(const DcbScenario *sc, int year) { (void)year; return sc->it_mw; }
int dcb_scenario_substation_index(const DcbScenario *sc, const char *name) { (void)sc, (void)name; return -1; }
int dcb_scenario_first_year(const DcbScenario *sc) { return sc->start_year; }
