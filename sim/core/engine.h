/* engine.h - the boundary between the pure core and the SimGrid engine: the table of entry points
 * that the engine module exports (types only; loading it is exec/engine_loader.h).
 *
 * The engine (libdcbuildout-engine.so, sim/engine/) is the only code that includes SimGrid.  The
 * dcbuildout executable does not link it: commands that simulate load it with GModule (see
 * dcb_engine_load in engine_loader.h), so that `plot`, `sweep plan|status|collect` and the scenario
 * half of `check` never pay the ~45 ms that the dynamic loader spends on libsimgrid.  Tests link it
 * directly.
 *
 * One simulation per process: SimGrid cannot be re-initialised, so simulate() may be called once
 * per process.  Monte Carlo and sweeps open their inputs, load the engine module and prepare the
 * engine (SimGrid initialised, the platform loaded and sealed, the halls vacant) once in
 * the parent, then fork() one child per simulation, which inherits that engine and only creates
 * the model's actors and runs (see DcbEnginePrepareFn).
 */
#ifndef DCB_ENGINE_H
#define DCB_ENGINE_H

#include "inputs.h"
#include "trace.h"
#include <glib.h>

typedef struct {
  guint64 seed; /* run seed (the scenario's, or --seed, or derived for replications) */
  const char *const *sg_args; /* extra SimGrid arguments ("--cfg=...", "--log=..."),
                                 NULL-terminated, may be NULL */
  /* When set, called inside the simulation as soon as the trace is complete (the last year
   * closed), with that trace (borrowed).  It may end the process: a forked replication sends
   * its result and _exit()s there, which skips winding SimGrid down (ending every actor,
   * cancelling every execution, freeing the model) in a process about to exit.  If it returns,
   * the run ends as usual and simulate returns the same trace. */
  void (*on_complete)(const DcbTrace *trace, void *user);
  void *on_complete_user;
  /* When set, called inside the simulation each time a year's rows are closed (by the recorder,
   * on the 1 January that ends it), with that year and the first and last years of the rows:
   * for a progress report.  It must return, and cost little (it runs once per simulated year). */
  void (*on_year)(int year, int first_year, int last_year, void *user);
  void *on_year_user;
  /* The caller reads only the trace's rows (a Monte Carlo replication whose traces are not
   * kept, a sweep's simulation): the events are not recorded (the trace's events stay empty).
   * Nothing the model decides reads them, so every row is the same; it saved a tenth of a
   * replication's time. */
  gboolean rows_only;
} DcbEngineOptions;

/* Simulate the inputs' scenario on their platform; fills a new trace. (transfer full) Returns NULL
 * and sets *error on failure, also when 'in' did not come out of dcb_inputs_open (inputs.h: the
 * engine runs only checked inputs).  Call at most once per process. */
typedef DcbTrace *(*DcbEngineSimulateFn)(const DcbInputs *in, const DcbEngineOptions *opt,
                                         GError **error);
/* Batched replications (DESIGN §3): simulate n replications in one SimGrid run, replication k
 * the scenario of in[k] with the draws of opt[k].seed, on copy k of the halls (the platform is
 * one file for all; prepare with at least n copies first, or this prepares them).  Each one's
 * trace is the one simulate() gives alone with the same inputs and seed, to the bit: its own
 * sequencer, random streams and halls, and SimGrid's clock on an exact grid (seq.h).  Each
 * trace goes to its opt[k].on_complete (borrowed; it may end the process, but only once no
 * other replication is still running); the traces are freed when the run returns.  Returns
 * FALSE and sets *error when the batch cannot start.  Call at most once per process, and not
 * after simulate(). */
typedef gboolean (*DcbEngineSimulateBatchFn)(const DcbInputs *const *in,
                                             const DcbEngineOptions *opt, int n, GError **error);
/* Load the platform in SimGrid as simulations do (parsed, then given to SimGrid as a flattened
 * copy), nothing simulated, in this process. Call at most once per process; SimGrid aborts on
 * what it cannot read, so callers run it in a child (see dcb_engine_check_platform). */
typedef gboolean (*DcbEngineLoadPlatformFn)(const char *path, const char *const *sg_args,
                                            GError **error);
/* Initialise SimGrid with the pass-through arguments, load the platform in this process (a
 * flattened copy in which every hall is vacant, at 0 W, until the model fits it), so that children
 * forked afterwards only create the model's actors and run: Monte Carlo and
 * sweeps prepare once in the parent and fork one child per simulation (SimGrid runs no threads
 * with its default raw contexts, so the children inherit a consistent engine).  simulate()
 * prepares by itself when nothing was prepared; it fails when the engine was prepared with
 * another platform.  SimGrid aborts on what it cannot read: validate the platform first.
 * 'copies' (>= 1) is the number of copies of the halls SimGrid holds, one per replication of
 * the largest batch a child will run (simulate_batch); copy c > 0 of hall NAME is the host
 * "dcbuildout-copy-c/NAME" (such names are then refused in the platform). */
typedef gboolean (*DcbEnginePrepareFn)(const DcbInputs *in, const char *const *sg_args, int copies,
                                       GError **error);
/* "3.32.0" */
typedef const char *(*DcbEngineVersionFn)(void);

typedef struct {
  DcbEngineSimulateFn simulate;
  DcbEngineSimulateBatchFn simulate_batch; /* NULL: batches of one (simulate) */
  DcbEngineLoadPlatformFn load_platform;
  DcbEnginePrepareFn prepare;
  DcbEngineVersionFn simgrid_version;
} DcbEngine;

/* Exported by the engine module. */
const DcbEngine *dcb_engine_get(void);

#endif
