/* batch.c - batched replications over the fork pool (see batch.h).
 *
 * A batch's child sends one message (runner.h's frame) holding one record per item, in the
 * order the items ended: [k u32][status i32][length u64][bytes].  The parent checks that every
 * item of the batch came exactly once before it hands any of them on; otherwise the batch failed
 * as a whole and its items go to the second pass, one per child.
 */
#include "batch.h"
#include "error.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECORD_HEAD 16 /* k, status, length */

/* Memory per replication of a batch, measured as the peak resident memory of a child over K
 * (tests/bench/bench_batch_memory.sh, 2 December 2026): the default region's 125 halls, 7.5 MiB
 * at K = 1 and 0.63 MiB more per replication; the 500-site synthetic region's 10 000 halls,
 * 30.6 MiB at K = 1 and 25.0 MiB more per replication (2.5 KiB a hall: the SimGrid objects of
 * a copy of the halls that the replication writes, and its model state).  Rounded up. */
#define DCB_BATCH_BYTES_PER_HALL 2560
#define DCB_BATCH_BYTES_PER_REP  (512 * 1024)

struct DcbBatchChild {
  GByteArray *out;
  int n;
  int reported;
  gboolean *seen; /* per item of the batch */
};

void dcb_batch_child_result(DcbBatchChild *b, int k, int status, const void *bytes, gsize len)
{
  g_assert(k >= 0 && k < b->n && !b->seen[k]);
  b->seen[k] = TRUE;
  guint32 kk = (guint32)k;
  gint32 st = status;
  guint64 n = len;
  guint8 head[RECORD_HEAD];
  memcpy(head, &kk, 4);
  memcpy(head + 4, &st, 4);
  memcpy(head + 8, &n, 8);
  g_byte_array_append(b->out, head, sizeof head);
  if (len > 0)
    g_byte_array_append(b->out, bytes, (guint)len);
  if (++b->reported == b->n)
    dcb_runner_child_exit(0, b->out); /* the whole batch is in: send it, end the child */
}

/* The batches: consecutive items of one group, at most 'batch' each. */
typedef struct {
  int start; /* into Run.order */
  int n;
  int group, rank; /* its group, and its place among the group's batches */
} Batch;

/* The groups' batches in turn: by rank, then group (a total order). */
static int cmp_batch(const void *a, const void *b)
{
  const Batch *x = a, *y = b;
  if (x->rank != y->rank)
    return (x->rank > y->rank) - (x->rank < y->rank);
  return (x->group > y->group) - (x->group < y->group);
}

typedef struct {
  DcbBatchChildFn child_fn;
  DcbDoneFn done_fn;
  void *user;
  int *order;     /* items, grouped: the items of batch b are order[start .. start + n - 1] */
  Batch *batches; /* of the current pass */
  GArray *retry;  /* of int: items whose batch failed as a whole */
  int *group;     /* per item, its group (all 0 without groups) */
} Run;

static int group_of_task(int task, void *user)
{
  const Run *run = user;
  return run->batches[task].group;
}

static int child_batch(int task, GByteArray *out, void *user)
{
  const Run *run = user;
  const Batch *bt = &run->batches[task];
  DcbBatchChild b = {.out = out, .n = bt->n, .seen = g_new0(gboolean, bt->n)};
  run->child_fn(&b, &run->order[bt->start], bt->n, run->user);
  /* The child function returned: whatever it did not report has no result. */
  static const char why[] = "the simulation ended without a result";
  for (int k = 0; k < bt->n; k++)
    if (!b.seen[k])
      dcb_batch_child_result(&b, k, 1, why, sizeof why - 1); /* the last one exits */
  return 0;                                                  /* not reached when n >= 1 */
}

/* The records of a batch's message, when it holds each item of the batch exactly once. */
static gboolean records_complete(const guint8 *data, gsize len, int n)
{
  g_autofree gboolean *seen = g_new0(gboolean, n);
  int count = 0;
  for (gsize at = 0; at < len;) {
    if (len - at < RECORD_HEAD)
      return FALSE;
    guint32 k;
    guint64 size;
    memcpy(&k, data + at, 4);
    memcpy(&size, data + at + 8, 8);
    if (k >= (guint32)n || seen[k] || size > len - at - RECORD_HEAD)
      return FALSE;
    seen[k] = TRUE;
    count++;
    at += RECORD_HEAD + (gsize)size;
  }
  return count == n;
}

static void done_batch(int task, const DcbChildStatus *st, const guint8 *data, gsize len,
                       void *user)
{
  Run *run = user;
  const Batch *bt = &run->batches[task];
  const int *items = &run->order[bt->start];
  if (!st->ok || !records_complete(data, len, bt->n)) {
    if (bt->n > 1) { /* run again one per child: the failing item is then found and alone */
      g_array_append_vals(run->retry, items, (guint)bt->n);
      return;
    }
    DcbChildStatus fail = *st;
    if (st->ok) {
      fail.ok = FALSE;
      fail.cause = (char *)"exited without sending a complete result";
    }
    run->done_fn(items[0], &fail, NULL, 0, run->user);
    return;
  }
  for (gsize at = 0; at < len;) {
    guint32 k;
    gint32 status;
    guint64 size;
    memcpy(&k, data + at, 4);
    memcpy(&status, data + at + 4, 4);
    memcpy(&size, data + at + 8, 8);
    const guint8 *bytes = data + at + RECORD_HEAD;
    at += RECORD_HEAD + (gsize)size;
    if (status == 0) {
      DcbChildStatus ok = {.ok = TRUE};
      run->done_fn(items[k], &ok, bytes, (gsize)size, run->user);
      continue;
    }
    g_autofree char *line = g_strndup((const char *)bytes, (gsize)size);
    g_autofree char *cause = g_strdup_printf("exit status %d: %s", status, line);
    DcbChildStatus fail = {.exit_code = status, .cause = cause};
    run->done_fn(items[k], &fail, NULL, 0, run->user);
  }
}

static int cmp_int(gconstpointer a, gconstpointer b)
{
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

gboolean dcb_batch_run(int n_items, int batch, DcbBatchChildFn child_fn, DcbDoneFn done_fn,
                       void *user, const DcbRunnerOptions *ro, GError **error)
{
  g_return_val_if_fail(n_items >= 0 && child_fn != NULL && done_fn != NULL, FALSE);
  batch = MAX(batch, 1);
  DcbRunnerOptions opt = ro != NULL ? *ro : (DcbRunnerOptions){0};
  int n_groups = opt.group_of != NULL && opt.n_groups > 1 ? opt.n_groups : 1;
  Run run = {.child_fn = child_fn,
             .done_fn = done_fn,
             .user = user,
             .order = g_new(int, MAX(n_items, 1)),
             .batches = g_new(Batch, MAX(n_items, 1)),
             .retry = g_array_new(FALSE, FALSE, sizeof(int)),
             .group = g_new0(int, MAX(n_items, 1))};
  /* Items grouped (stable: in item order within a group, a counting sort), then cut into
   * batches. */
  int *first = g_new0(int, n_groups + 1); /* first[g]: where group g starts in run.order */
  for (int i = 0; i < n_items; i++) {
    run.group[i] = n_groups > 1 ? opt.group_of(i, opt.group_user) : 0;
    g_assert(run.group[i] >= 0 && run.group[i] < n_groups);
    first[run.group[i] + 1]++;
  }
  for (int g = 0; g < n_groups; g++)
    first[g + 1] += first[g];
  int *fill = g_memdup2(first, sizeof(int) * (gsize)n_groups);
  for (int i = 0; i < n_items; i++)
    run.order[fill[run.group[i]]++] = i;
  int n_batches = 0;
  for (int g = 0; g < n_groups; g++)
    for (int s = first[g], rank = 0; s < first[g + 1]; s += batch)
      run.batches[n_batches++] =
          (Batch){.start = s, .n = MIN(batch, first[g + 1] - s), .group = g, .rank = rank++};
  g_free(fill);
  g_free(first);
  /* The groups' batches in turn (first batch of each group, then the second...): the progress
   * line covers every group evenly. */
  if (n_groups > 1)
    qsort(run.batches, (size_t)n_batches, sizeof *run.batches, cmp_batch);
  int *weights = g_new(int, MAX(n_items, 1)); /* n_items: room for the second pass too */
  for (int b = 0; b < n_batches; b++)
    weights[b] = run.batches[b].n;
  opt.weights = weights;
  opt.child_heap_bytes = (gsize)batch * DCB_BATCH_BYTES_PER_REP;
  if (n_groups > 1) {
    opt.group_of = group_of_task;
    opt.group_user = &run;
  }
  if (g_strcmp0(g_getenv("DCB_RUNNER_STATS"), "1") == 0) /* runner.h: for the benchmarks */
    fprintf(stderr, "batch: %d %s in %d batches of at most %d\n", n_items,
            opt.label != NULL ? opt.label : "tasks", n_batches, batch);
  gboolean ok = dcb_runner_run(n_batches, child_batch, done_batch, &run, &opt, error);
  if (ok && run.retry->len > 0) {
    /* Second pass: the items of the batches that failed as a whole, one per child. */
    g_array_sort(run.retry, cmp_int);
    int n = (int)run.retry->len;
    memcpy(run.order, run.retry->data, sizeof(int) * (gsize)n);
    for (int b = 0; b < n; b++) {
      run.batches[b] = (Batch){.start = b, .n = 1, .group = run.group[run.order[b]]};
      weights[b] = 1;
    }
    g_array_set_size(run.retry, 0);
    fprintf(stderr, "dcbuildout: %d %s of failed batches run again one by one\n", n,
            opt.label != NULL ? opt.label : "tasks");
    ok = dcb_runner_run(n, child_batch, done_batch, &run, &opt, error);
  }
  g_free(weights);
  g_free(run.order);
  g_free(run.batches);
  g_free(run.group);
  g_array_free(run.retry, TRUE);
  return ok;
}

int dcb_batch_auto(int n_items, int jobs, int max_batch)
{
  int per_child = (n_items + 4 * MAX(jobs, 1) - 1) / (4 * MAX(jobs, 1));
  return CLAMP(per_child, 1, MAX(max_batch, 1));
}

int dcb_batch_max_for(int n_halls)
{
  double per_rep = (double)DCB_BATCH_BYTES_PER_HALL * MAX(n_halls, 0) + DCB_BATCH_BYTES_PER_REP;
  double k = (double)DCB_BATCH_BUDGET_MIB * 1024 * 1024 / per_rep;
  return (int)CLAMP(k, 1, DCB_BATCH_AUTO_MAX);
}

int dcb_batch_choose(const DcbEngine *eng, const DcbInputs *in, int batch, int n_items, int jobs)
{
  if (eng->simulate_batch == NULL)
    return 1;
  if (batch >= 1)
    return batch;
  return dcb_batch_auto(n_items, jobs, dcb_batch_max_for(dcb_inputs_platform(in)->n_halls));
}
