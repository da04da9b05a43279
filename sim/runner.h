/* runner.h - run many simulations as forked children, at most J at a time.
 *
 * SimGrid allows one simulation per process, so Monte Carlo replications and sweep points each
 * run in a child forked from a parent that has already parsed the scenario and loaded the engine
 * module (fork costs ~7 ms; a fresh process ~55 ms).  A child runs child_fn, which fills a byte
 * buffer that travels back to the parent through a pipe; the parent hands every finished task
 * to done_fn (in completion order: callers store results by task index, so outputs never
 * depend on J or on scheduling).  A child that crashes, is killed or exits non-zero is reported
 * with its exit cause and the last line it wrote on stderr; the others go on.  SIGINT/SIGTERM in
 * the parent kill the children and make dcb_runner_run return FALSE (error "interrupted").
 */
#ifndef DCB_RUNNER_H
#define DCB_RUNNER_H

#include <glib.h>

typedef struct {
  gboolean ok;        /* exited with status 0 and sent a complete result */
  int exit_code;      /* when it exited */
  int signal;         /* when it was killed by a signal, else 0 */
  char *cause;        /* human-readable cause when !ok ("exit status 2: ...", "signal 11 (Segmentation fault)") */
} DcbChildStatus;

/* Runs in the child.  Returns the child's exit status (0 = success); 'out' is sent to the parent. */
typedef int (*DcbChildFn)(int task, GByteArray *out, void *user);
/* Runs in the parent for every finished task (data/len are the child's bytes when st->ok). */
typedef void (*DcbDoneFn)(int task, const DcbChildStatus *st, const guint8 *data, gsize len,
                          void *user);

typedef struct {
  int jobs;           /* children at once, >= 1 */
  gboolean progress;  /* progress line on stderr (only when stderr is a terminal) */
  const char *label;  /* progress label, e.g. "replications" */
} DcbRunnerOptions;

/* Run tasks 0..n_tasks-1.  Returns FALSE with *error only when the runner itself fails or is
 * interrupted; failed tasks are reported through done_fn. */
gboolean dcb_runner_run(int n_tasks, DcbChildFn child_fn, DcbDoneFn done_fn, void *user,
                        const DcbRunnerOptions *opt, GError **error);
/* Number of online processors (default for --jobs). */
int dcb_runner_default_jobs(void);

#endif
