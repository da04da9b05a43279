/* batch.h - batched replications: several simulations in each forked child (DESIGN §3).
 *
 * A replication alone in its child pays for a fork, the copy-on-write faults of SimGrid's
 * objects and an exit, about ten times what its simulation costs.  One SimGrid run can hold
 * several independent replications (the engine's simulate_batch: the halls copied once per
 * replication, each replication with its own sequencer, streams and hosts, SimGrid's clock on
 * an exact grid), so a child runs a batch of up to K items and sends one result per item.  Every
 * item's result is the one it gets alone, to the bit (tests/e2e_batch.sh checks the outputs of
 * every path against batches of one), so nothing that is written depends on K.
 *
 * Items of one batch share a group (DcbRunnerOptions.group_of: the scenario of a comparison);
 * batches are made of consecutive items of a group, in item order.  A batch whose child fails as
 * a whole (a crash, a signal, a malformed message) is run again one item per child, after the
 * other batches: the item that fails is then reported alone with its own cause, and the others
 * of its batch complete.  SIGINT/SIGTERM stop everything as dcb_runner_run does.
 */
#ifndef DCB_BATCH_H
#define DCB_BATCH_H
#include "engine.h"
#include "runner.h"
#include <glib.h>

/* The child's side of one batch (in the child only). */
typedef struct DcbBatchChild DcbBatchChild;

/* Runs in the child for one batch: items[0..n-1] (ascending, one group).  It reports each item
 * once with dcb_batch_child_result (k: the item's place in the batch), from the engine's
 * completions; the last report sends the batch and ends the child.  If it returns instead,
 * the items it did not report fail with "no result" (print the reason on stderr first: the
 * last line is the cause). */
typedef void (*DcbBatchChildFn)(DcbBatchChild *b, const int *items, int n, void *user);

/* In the child: item k of the batch ended, with status 0 and its result bytes, or with a
 * non-zero status and a one-line reason (bytes: the text, len: its length).  Reported as the
 * runner reports a child of its own that printed that line and exited with that status. */
void dcb_batch_child_result(DcbBatchChild *b, int k, int status, const void *bytes, gsize len);

/* Run items 0..n_items-1 in batches of at most 'batch' items (< 1: 1).  done_fn is called once
 * per item, in the parent, as the runner would call it for a child of that item alone.  Returns
 * FALSE with *error as dcb_runner_run does (interrupted, or the runner failed).  'ro' as for
 * dcb_runner_run; its group_of maps items. */
gboolean dcb_batch_run(int n_items, int batch, DcbBatchChildFn child_fn, DcbDoneFn done_fn,
                       void *user, const DcbRunnerOptions *ro, GError **error);

/* The batch size for n_items simulations of 'in''s platform with 'jobs' children: 'batch' when
 * >= 1 (the user's --batch), else dcb_batch_auto bounded by the platform's size
 * (dcb_batch_max_for); 1 for an engine without simulate_batch. */
int dcb_batch_choose(const DcbEngine *eng, const DcbInputs *in, int batch, int n_items, int jobs);

/* The batch size chosen when the user gives none (--batch 0 or absent): as many items as give
 * each of the 'jobs' children four batches or more, at most 'max_batch'. */
int dcb_batch_auto(int n_items, int jobs, int max_batch);

/* The largest batch whose copies of a platform of 'n_halls' halls stay within the memory
 * budget of a child (DCB_BATCH_BUDGET_MIB MiB beyond a child of one replication, est.: a child
 * per core on a node of 2 GiB a core; measured figures in batch.c), at most DCB_BATCH_AUTO_MAX: the
 * largest the user may ask for is DCB_BATCH_MAX. Beyond 16 a replication costs more CPU, not less
 * (measured on the default region: the halls of 32 copies no longer fit the caches the energy
 * readings walk). */
#define DCB_BATCH_MAX        32
#define DCB_BATCH_AUTO_MAX   16
#define DCB_BATCH_BUDGET_MIB 512
int dcb_batch_max_for(int n_halls);
#endif
