/* engine_loader.h - loading the SimGrid engine module at run time, and the checks that need a
 * forked child because SimGrid aborts on what it cannot read (execution layer).
 *
 * The engine's entry points are described in core/engine.h; this header is what commands use to
 * get them.  Loading brings in libsimgrid (~45 ms of dynamic linking), which is why only the
 * commands that simulate call dcb_engine_load.
 */
#ifndef DCB_ENGINE_LOADER_H
#define DCB_ENGINE_LOADER_H

#include "engine.h"
#include <glib.h>

/* Load the engine module (once per process; later calls return the same table): from
 * $DCB_ENGINE when set, else next to the executable, else the install directory.
 * Returns NULL and sets *error (DCB_ERROR_RUNTIME) when it cannot be loaded. */
const DcbEngine *dcb_engine_load(GError **error);

/* Fork a child that loads the platform in SimGrid; translate a failure (abort, signal, error)
 * into *error with SimGrid's last message line, naming the file. */
gboolean dcb_engine_check_platform(const DcbEngine *eng, const char *path, GError **error);
/* The same with SimGrid's pass-through arguments (a bad --cfg= makes SimGrid abort too);
 * does nothing when the platform was checked already in this process with no arguments. */
gboolean dcb_engine_check(const DcbEngine *eng, const char *path, const char *const *sg_args,
                          GError **error);

/* Get this process ready to fork simulations: check the platform and SimGrid's arguments in a
 * throw-away child (SimGrid aborts on what it cannot read), then prepare the engine here (see
 * DcbEnginePrepareFn) with 'copies' copies of the halls (the largest batch of replications a
 * child will run, batch.h).  Does nothing for an engine without prepare (tests' fake engines). */
gboolean dcb_engine_ready_to_fork(const DcbEngine *eng, const DcbInputs *in,
                                  const char *const *sg_args, int copies, GError **error);

/* Run the batch in[0..n-1] with opt[0..n-1] on 'eng' (its simulate_batch: each trace goes to
 * its on_complete); an engine without simulate_batch (tests' fakes) runs batches of one with
 * simulate, and its trace goes to opt[0].on_complete the same way.  Returns FALSE with *error
 * when the batch could not run. */
gboolean dcb_engine_run_batch(const DcbEngine *eng, const DcbInputs *const *in,
                              const DcbEngineOptions *opt, int n, GError **error);

#endif
