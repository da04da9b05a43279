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
  gboolean ok;   /* exited with status 0 and sent a complete result */
  int exit_code; /* when it exited */
  int signal;    /* when it was killed by a signal, else 0 */
  char *cause;   /* when !ok: "exit status 2: LAST LINE", "signal 11 (Segmentation fault)" */
} DcbChildStatus;

/* Runs in the child.  Returns its exit status (0 = success); 'out' is sent to the parent. */
typedef int (*DcbChildFn)(int task, GByteArray *out, void *user);
/* Runs in the parent for every finished task (data/len are the child's bytes when st->ok). */
typedef void (*DcbDoneFn)(int task, const DcbChildStatus *st, const guint8 *data, gsize len,
                          void *user);

typedef struct {
  int jobs;          /* children at once, >= 1 */
  gboolean progress; /* progress line on stderr (only when stderr is a terminal) */
  const char *label; /* progress label, e.g. "replications" */
  /* Tasks whose children touch different memory (the scenarios of a comparison) learn and map
   * their working sets apart: group_of(task, group_user) in 0..n_groups-1.  NULL: one group. */
  int n_groups;
  int (*group_of)(int task, void *user);
  void *group_user;
  /* What each task counts for on the progress line (the replications of a batch, batch.h);
   * NULL: one each. */
  const int *weights;
  /* Bytes a child allocates beyond the default room left at the top of the parent's heap
   * (16 MiB, see "How it works"): a batch's replications (batch.h). */
  gsize child_heap_bytes;
} DcbRunnerOptions;

/* Run tasks 0..n_tasks-1.  Returns FALSE with *error only when the runner itself fails or is
 * interrupted; failed tasks are reported through done_fn. */
gboolean dcb_runner_run(int n_tasks, DcbChildFn child_fn, DcbDoneFn done_fn, void *user,
                        const DcbRunnerOptions *opt, GError **error);
/* In a child, from inside child_fn (or deeper): end the task now, as if child_fn had returned
 * 'status' after filling 'out' (sent when status is 0), without returning.  For a child whose
 * result is ready before its work is over (a finished simulation need not be torn down). */
G_GNUC_NORETURN void dcb_runner_child_exit(int status, GByteArray *out);
/* Memory for what the parent accumulates while the pool runs (the results of every task):
 * zero-filled, and mapped so that children do not inherit it (MADV_DONTFORK).  A fork copies the
 * page table entry of every page the parent has touched, and the rows of 1 000 replications
 * (6 MB) came to outnumber the rest of the parent's memory, making each fork slower than the
 * last.  Its pages are mapped at once (one system call instead of a page fault per page).
 * Release with dcb_runner_parent_free(p, bytes). */
void *dcb_runner_parent_alloc(gsize bytes);
void dcb_runner_parent_free(void *p, gsize bytes);
/* Number of online processors (default for --jobs). */
int dcb_runner_default_jobs(void);

/* Error domain of an interrupted run (dcb_runner_run returned FALSE because SIGINT or SIGTERM
 * arrived): the error code is the signal number.  Other runner failures (pipe, fork) use
 * DCB_ERROR / DCB_ERROR_RUNTIME. */
#define DCB_RUNNER_ERROR (dcb_runner_error_quark())
GQuark dcb_runner_error_quark(void);
/* Exit status for an error of dcb_runner_run: 128 + signal when interrupted (130 for SIGINT,
 * 143 for SIGTERM), else dcb_error_exit_status(error). */
int dcb_runner_exit_status(const GError *error);

/* How it works (refinement of the contract above):
 * - the parent blocks SIGINT/SIGTERM while it runs and reads them from a signalfd, together with
 *   the children's pipes, in one poll() (no busy waiting, no signal handler, no global); a
 *   signal whose disposition was SIG_IGN (nohup) stays ignored.  The mask is per thread: call
 *   it from a single-threaded process (dcbuildout is), or block both signals in other threads;
 * - a child gets the parent's original signal mask, its stderr on a pipe (the parent keeps the
 *   last line for the report), runs child_fn, sends [magic, length, bytes] on its result pipe
 *   and _exit()s (atexit handlers and the parent's stdio buffers never run twice);
 * - a task is ok when the child exited 0 and its whole result arrived: a child that dies
 *   mid-write is a failure, never a truncated result;
 * - child_fn should print its error message (one line) on stderr before returning non-zero;
 * - the first 3 children (of each group, DcbRunnerOptions.group_of) also report the pages they
 *   touched (from /proc/self/pagemap), and each later child (of the group) maps them first (madvise
 * MADV_POPULATE_WRITE/READ, Linux >= 5.14): the same work in far fewer page faults.  Contents never
 * change, only when pages get mapped; before the first fork the parent leaves 16 MiB untouched at
 * the top of its heap for the children's new objects (and its malloc keeps it: no trimming, blocks
 * up to 32 MiB from the heap). DCB_RUNNER_POPULATE=0 in the environment turns both off (to measure
 * them);
 * - DCB_RUNNER_STATS=1 in the environment prints, when the pool ends, one line on stderr: the
 *   children, and the largest peak resident memory of a child (getrusage's ru_maxrss, from
 *   wait4) next to the parent's own (for the benchmarks: it depends on the machine). */

#endif
