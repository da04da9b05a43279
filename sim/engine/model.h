/* model.h - the buildout model on SimGrid (engine side). */
#ifndef DCB_MODEL_H
#define DCB_MODEL_H

#include "engine.h"
#include <simgrid/forward.h>

/* Actor stacks: 256 KiB instead of SimGrid's 8 MiB default: the model's actors hold no big
 * locals, and mapping, guarding and unmapping dozens of 8 MiB stacks was a quarter of a Monte
 * Carlo replication's cost. */
#define DCB_ACTOR_STACK_KIB 256

/* A hall's SimGrid host has two pstates in the platform SimGrid is given (engine.c): its own
 * profile, and "vacant" (0 W whatever its load), in which it is from the start: fitting a hall
 * sets its own pstate.  Halls are never switched off or on. */
#define DCB_HALL_PSTATE_FITTED 0
#define DCB_HALL_PSTATE_VACANT 1

/* Initialise SimGrid with the pass-through arguments (once per process). */
void dcb_engine_init(const char *const *sg_args, gboolean energy);
/* Initialise SimGrid and load the platform once in this process (see DcbEnginePrepareFn). */
gboolean dcb_engine_prepare(const DcbPlatform *pf, const char *const *sg_args, int copies,
                            GError **error);
/* After dcb_engine_prepare: SimGrid's host of platform hall i (pf->halls[i]) in copy 'copy' of
 * the halls (0 .. the copies prepared - 1: one per replication of a batch), and the control
 * host.  Looked up once, in the process that prepared the engine, and inherited by its forked
 * children (listing SimGrid's hosts walks every zone: it cost each replication 0.4 ms). */
sg_host_t dcb_engine_hall_host(int copy, int i);
sg_host_t dcb_engine_control_host(void);
/* Hall i's speed (flop/s per core) and core count, read at the same time. */
double dcb_engine_hall_speed(int i);
int dcb_engine_hall_cores(int i);
/* The engine's simulate entry point (see DcbEngineSimulateFn). */
DcbTrace *dcb_model_simulate(const DcbScenario *sc, const DcbPlatform *pf,
                             const DcbEngineOptions *opt, GError **error);
/* The engine's simulate_batch entry point (see DcbEngineSimulateBatchFn): replication k of
 * scs[k] on pfs[k] (one platform file for all) with opts[k] on copy k of the halls, all in one
 * SimGrid run; traces[k] is replication k's trace (transfer full) when the run returns. */
gboolean dcb_model_simulate_batch(const DcbScenario *const *scs, const DcbPlatform *const *pfs,
                                  const DcbEngineOptions *opts, int n, DcbTrace **traces,
                                  GError **error);

#endif
