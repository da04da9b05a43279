/* runner.c - forked children (see runner.h).  Work in progress: replaced by the Monte Carlo issue. */
#include "runner.h"
#include "error.h"
#include <unistd.h>

gboolean dcb_runner_run(int n_tasks, DcbChildFn child_fn, DcbDoneFn done_fn, void *user,
                        const DcbRunnerOptions *opt, GError **error)
{
  (void)n_tasks, (void)child_fn, (void)done_fn, (void)user, (void)opt;
  g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "the runner is not available yet");
  return FALSE;
}

int dcb_runner_default_jobs(void)
{
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)n : 1;
}
