/* test_batch.c - batches of items over the fork pool (sim/exec/batch.c) with synthetic
 * children.
 *
 * No simulation: the child of a batch reports, for each item i, the bytes "i*i" as a decimal
 * string, in reverse order (the parent must not rely on the order of the records); item BAD
 * reports a failure (status 3, "item BAD is bad"); a batch holding CRASH aborts.  Checked, with
 * batches of 1, 4 and 25 (more than the items) and --jobs 1 and 3: every item reported exactly
 * once with its own value; BAD with "exit status 3: item 9 is bad"; CRASH alone with signal 6
 * (its batch run again one per child: the rest of its batch succeeds); batches never mix groups;
 * the automatic batch size and the memory bound.
 */
#include "batch.h"
#include <CUnit/Basic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_ITEMS 23
#define BAD     9
#define CRASH   14

typedef struct {
  int calls[N_ITEMS];
  gboolean ok[N_ITEMS];
  int value[N_ITEMS];
  char *cause[N_ITEMS];
  int crash; /* item that aborts its batch, -1: none */
  int groups;
  int group_mixed; /* a batch held items of two groups */
} Seen;

static int group_of(int item, void *user)
{
  const Seen *seen = user;
  return item % seen->groups;
}

static void child(DcbBatchChild *b, const int *items, int n, void *user)
{
  const Seen *seen = user;
  for (int k = 0; k < n; k++) {
    if (items[k] == seen->crash)
      abort();
    if (seen->groups > 1 && group_of(items[k], user) != group_of(items[0], user))
      _exit(7); /* a batch across groups: fails the test through the cause */
  }
  for (int k = n - 1; k >= 0; k--) {
    char buf[32];
    if (items[k] == BAD) {
      g_snprintf(buf, sizeof buf, "item %d is bad", items[k]);
      dcb_batch_child_result(b, k, 3, buf, strlen(buf));
    } else {
      g_snprintf(buf, sizeof buf, "%d", items[k] * items[k]);
      dcb_batch_child_result(b, k, 0, buf, strlen(buf));
    }
  }
}

static void done(int item, const DcbChildStatus *st, const guint8 *data, gsize len, void *user)
{
  Seen *seen = user;
  CU_ASSERT_FATAL(item >= 0 && item < N_ITEMS);
  seen->calls[item]++;
  seen->ok[item] = st->ok;
  if (st->ok) {
    g_autofree char *text = g_strndup((const char *)data, len);
    seen->value[item] = atoi(text);
  } else {
    seen->cause[item] = g_strdup(st->cause);
    if (st->exit_code == 7)
      seen->group_mixed++;
  }
}

static void run_case(int batch, int jobs, int crash, int groups)
{
  Seen seen = {.crash = crash, .groups = groups};
  DcbRunnerOptions ro = {.jobs = jobs, .label = "items"};
  if (groups > 1) {
    ro.n_groups = groups;
    ro.group_of = group_of;
    ro.group_user = &seen;
  }
  GError *error = NULL;
  CU_ASSERT_TRUE(dcb_batch_run(N_ITEMS, batch, child, done, &seen, &ro, &error));
  CU_ASSERT_PTR_NULL(error);
  CU_ASSERT_EQUAL(seen.group_mixed, 0);
  for (int i = 0; i < N_ITEMS; i++) {
    CU_ASSERT_EQUAL(seen.calls[i], 1);
    if (i == BAD) {
      CU_ASSERT_FALSE(seen.ok[i]);
      CU_ASSERT_STRING_EQUAL(seen.cause[i] ? seen.cause[i] : "", "exit status 3: item 9 is bad");
    } else if (i == crash) {
      CU_ASSERT_FALSE(seen.ok[i]);
      CU_ASSERT_PTR_NOT_NULL(seen.cause[i]);
      CU_ASSERT_PTR_NOT_NULL(seen.cause[i] ? strstr(seen.cause[i], "signal 6") : NULL);
    } else {
      CU_ASSERT_TRUE(seen.ok[i]);
      CU_ASSERT_EQUAL(seen.value[i], i * i);
    }
    g_free(seen.cause[i]);
  }
}

static void test_batch_every_item_once(void)
{
  const int batches[] = {1, 4, 25}, jobs[] = {1, 3};
  for (size_t b = 0; b < G_N_ELEMENTS(batches); b++)
    for (size_t j = 0; j < G_N_ELEMENTS(jobs); j++)
      run_case(batches[b], jobs[j], -1, 1);
}

static void test_batch_crash_isolated(void)
{
  run_case(4, 2, CRASH, 1);
  run_case(25, 1, CRASH, 1);
  run_case(1, 2, CRASH, 1);
}

static void test_batch_groups(void)
{
  run_case(4, 2, -1, 3);
  run_case(25, 2, CRASH, 2);
}

static void test_batch_sizes(void)
{
  /* Four batches per child or more, at most max. */
  CU_ASSERT_EQUAL(dcb_batch_auto(1000, 2, 16), 16);
  CU_ASSERT_EQUAL(dcb_batch_auto(40, 2, 16), 5);
  CU_ASSERT_EQUAL(dcb_batch_auto(3, 2, 16), 1);
  CU_ASSERT_EQUAL(dcb_batch_auto(0, 2, 16), 1);
  /* The memory bound: 512 MiB / (2.5 KiB x halls + 0.5 MiB), at most 16. */
  CU_ASSERT_EQUAL(dcb_batch_max_for(125), DCB_BATCH_AUTO_MAX);
  CU_ASSERT_EQUAL(dcb_batch_max_for(10000), DCB_BATCH_AUTO_MAX); /* 512 / 24.9 = 20.5 */
  CU_ASSERT_EQUAL(dcb_batch_max_for(50000), 4);                  /* 512 / 122.6 = 4.2 */
  CU_ASSERT_EQUAL(dcb_batch_max_for(1000000), 1);
}

int main(void)
{
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s = CU_add_suite("batch", NULL, NULL);
  CU_add_test(s, "every item once, its own bytes, any batch and jobs", test_batch_every_item_once);
  CU_add_test(s, "a crashing batch: the item alone fails", test_batch_crash_isolated);
  CU_add_test(s, "batches stay within a group", test_batch_groups);
  CU_add_test(s, "automatic size and memory bound", test_batch_sizes);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
  CU_cleanup_registry();
  return failed == 0 ? 0 : 1;
}
