/* model.c - the buildout model.  Work in progress. */
#include "model.h"
#include "error.h"

DcbTrace *dcb_model_simulate(const DcbScenario *sc, const DcbPlatform *pf,
                             const DcbEngineOptions *opt, GError **error)
{
  (void)sc, (void)pf, (void)opt;
  g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "the model is not available yet");
  return NULL;
}
