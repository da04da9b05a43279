/* model.h - the buildout model on SimGrid (engine side). */
#ifndef DCB_MODEL_H
#define DCB_MODEL_H

#include "engine.h"

/* Initialise SimGrid with the pass-through arguments (once per process). */
void dcb_engine_init(const char *const *sg_args, gboolean energy);
/* Initialise SimGrid and load the platform once in this process (see DcbEnginePrepareFn). */
gboolean dcb_engine_prepare(const DcbPlatform *pf, const char *const *sg_args, GError **error);
/* The engine's simulate entry point (see DcbEngineSimulateFn). */
DcbTrace *dcb_model_simulate(const DcbScenario *sc, const DcbPlatform *pf,
                             const DcbEngineOptions *opt, GError **error);

#endif
