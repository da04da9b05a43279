/* test_runner.c - the fork pool (sim/exec/runner.c) with synthetic child functions.
 *
 * No simulation here: children compute known values (task squared, a large pattern that does not
 * fit in a pipe buffer), crash on purpose (abort, non-zero exit with a message, _exit without a
 * result) or signal the parent, and the tests check what the parent received: every task
 * reported exactly once, results stored by task index whatever --jobs, failures with their cause
 * and last stderr line, the others intact, interruption killing the children quickly with exit
 * status 143, children really running in parallel, a child ending early from deep inside its
 * work (dcb_runner_child_exit), memory the children do not inherit, and the pages the first
 * children wrote mapped in the later ones before they start (the working set).
 */
#define _GNU_SOURCE /* madvise, MAP_ANONYMOUS */
#include "runner.h"
#include <CUnit/Basic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define N_TASKS   12
#define BIG_TASK  5
#define BIG_BYTES (300 * 1024) /* > the 64 KiB pipe buffer */

typedef struct {
  int calls[N_TASKS];
  gboolean ok[N_TASKS];
  int exit_code[N_TASKS];
  int signal[N_TASKS];
  char *cause[N_TASKS];
  gint64 value[N_TASKS];
  gsize len[N_TASKS];
  gboolean big_intact;
} Results;

static void results_clear(Results *r)
{
  for (int i = 0; i < N_TASKS; i++)
    g_free(r->cause[i]);
  memset(r, 0, sizeof *r);
}

static guint8 pattern(gsize i)
{
  return (guint8)((i * 7 + 3) % 251);
}

/* Task t sends t*t as a gint64; BIG_TASK also sends BIG_BYTES of a pattern after it. */
static int child_square(int task, GByteArray *out, void *user)
{
  (void)user;
  gint64 v = (gint64)task * task;
  g_byte_array_append(out, (const guint8 *)&v, sizeof v);
  if (task == BIG_TASK)
    for (gsize i = 0; i < BIG_BYTES; i++) {
      guint8 b = pattern(i);
      g_byte_array_append(out, &b, 1);
    }
  return 0;
}

/* Like child_square, but task 2 aborts, task 4 fails with a message, task 7 leaves without
 * sending its result, task 9 is killed by SIGKILL. */
static int child_failing(int task, GByteArray *out, void *user)
{
  switch (task) {
    case 2:
      fprintf(stderr, "about to abort\n");
      abort();
    case 4:
      fprintf(stderr, "some noise\nreplication 4: the model failed\n\n");
      return 3;
    case 7:
      _exit(0);
    case 9:
      raise(SIGKILL);
      return 0;
    default:
      return child_square(task, out, user);
  }
}

/* Like child_square, but every task ends from a nested call with dcb_runner_child_exit (the
 * early exit of a finished simulation): odd tasks with status 0 and their result, task 6 with
 * status 5 and a message; the code after the call must never run. */
static void nested_finish(int task, GByteArray *out)
{
  if (task == 6) {
    fprintf(stderr, "task 6 gives up\n");
    dcb_runner_child_exit(5, out);
  }
  child_square(task, out, NULL);
  dcb_runner_child_exit(0, out);
}

static int child_early_exit(int task, GByteArray *out, void *user)
{
  (void)user;
  nested_finish(task, out);
  fprintf(stderr, "returned after dcb_runner_child_exit\n");
  return 99;
}

/* The parent-only buffer of test_runner_parent_only_memory: a child must not inherit it. */
static gint64 *parent_only;

static int child_reads_parent_only(int task, GByteArray *out, void *user)
{
  (void)user;
  volatile const gint64 *p = parent_only;
  gint64 v = p[task];
  g_byte_array_append(out, (const guint8 *)&v, sizeof v);
  return 0;
}

static void done_record(int task, const DcbChildStatus *st, const guint8 *data, gsize len,
                        void *user)
{
  Results *r = user;
  CU_ASSERT_FATAL(task >= 0 && task < N_TASKS);
  r->calls[task]++;
  r->ok[task] = st->ok;
  r->exit_code[task] = st->exit_code;
  r->signal[task] = st->signal;
  r->cause[task] = g_strdup(st->cause);
  r->len[task] = len;
  if (st->ok && len >= sizeof(gint64))
    memcpy(&r->value[task], data, sizeof(gint64));
  if (task == BIG_TASK && st->ok && len == sizeof(gint64) + BIG_BYTES) {
    r->big_intact = TRUE;
    for (gsize i = 0; i < BIG_BYTES; i++)
      if (data[sizeof(gint64) + i] != pattern(i))
        r->big_intact = FALSE;
  }
}

static void check_squares(const Results *r)
{
  for (int t = 0; t < N_TASKS; t++) {
    CU_ASSERT_EQUAL(r->calls[t], 1);
    CU_ASSERT_TRUE(r->ok[t]);
    CU_ASSERT_EQUAL(r->exit_code[t], 0);
    CU_ASSERT_PTR_NULL(r->cause[t]);
    CU_ASSERT_EQUAL(r->value[t], (gint64)t * t);
    CU_ASSERT_EQUAL(r->len[t], t == BIG_TASK ? sizeof(gint64) + BIG_BYTES : sizeof(gint64));
  }
  CU_ASSERT_TRUE(r->big_intact);
}

static void test_runner_results_by_task(void)
{
  for (int jobs = 1; jobs <= 4; jobs += 3) {
    Results r = {0};
    GError *error = NULL;
    DcbRunnerOptions opt = {.jobs = jobs, .progress = FALSE, .label = "tasks"};
    CU_ASSERT_TRUE(dcb_runner_run(N_TASKS, child_square, done_record, &r, &opt, &error));
    CU_ASSERT_PTR_NULL(error);
    check_squares(&r);
    results_clear(&r);
  }
}

static void test_runner_more_jobs_than_tasks(void)
{
  Results r = {0};
  GError *error = NULL;
  DcbRunnerOptions opt = {.jobs = 64};
  CU_ASSERT_TRUE(dcb_runner_run(N_TASKS, child_square, done_record, &r, &opt, &error));
  check_squares(&r);
  results_clear(&r);
  /* Zero tasks: nothing to do, success. */
  CU_ASSERT_TRUE(dcb_runner_run(0, child_square, done_record, &r, &opt, &error));
  for (int t = 0; t < N_TASKS; t++)
    CU_ASSERT_EQUAL(r.calls[t], 0);
}

static void test_runner_failures_reported(void)
{
  Results r = {0};
  GError *error = NULL;
  DcbRunnerOptions opt = {.jobs = 3};
  CU_ASSERT_TRUE(dcb_runner_run(N_TASKS, child_failing, done_record, &r, &opt, &error));
  CU_ASSERT_PTR_NULL(error);
  for (int t = 0; t < N_TASKS; t++) {
    CU_ASSERT_EQUAL(r.calls[t], 1);
    gboolean should_fail = t == 2 || t == 4 || t == 7 || t == 9;
    CU_ASSERT_EQUAL(r.ok[t], !should_fail);
    if (!should_fail) {
      CU_ASSERT_EQUAL(r.value[t], (gint64)t * t);
    } else {
      CU_ASSERT_PTR_NOT_NULL_FATAL(r.cause[t]);
      CU_ASSERT_EQUAL(r.len[t], 0);
    }
  }
  CU_ASSERT_TRUE(r.big_intact);
  CU_ASSERT_EQUAL(r.signal[2], SIGABRT);
  CU_ASSERT_EQUAL(r.exit_code[2], 128 + SIGABRT);
  CU_ASSERT_PTR_NOT_NULL(strstr(r.cause[2], "signal 6"));
  CU_ASSERT_PTR_NOT_NULL(strstr(r.cause[2], "about to abort"));
  CU_ASSERT_EQUAL(r.exit_code[4], 3);
  CU_ASSERT_EQUAL(r.signal[4], 0);
  CU_ASSERT_STRING_EQUAL(r.cause[4], "exit status 3: replication 4: the model failed");
  CU_ASSERT_EQUAL(r.exit_code[7], 0);
  CU_ASSERT_STRING_EQUAL(r.cause[7], "exited without sending a complete result");
  CU_ASSERT_EQUAL(r.signal[9], SIGKILL);
  results_clear(&r);
}

/* Task 0 sends SIGTERM to the parent, then every child sleeps far longer than the test. */
static void test_runner_child_exit(void)
{
  Results r = {0};
  GError *error = NULL;
  DcbRunnerOptions opt = {.jobs = 3};
  CU_ASSERT_TRUE(dcb_runner_run(N_TASKS, child_early_exit, done_record, &r, &opt, &error));
  for (int t = 0; t < N_TASKS; t++) {
    CU_ASSERT_EQUAL(r.calls[t], 1);
    if (t == 6) {
      CU_ASSERT_FALSE(r.ok[t]);
      CU_ASSERT_EQUAL(r.exit_code[t], 5);
      CU_ASSERT_PTR_NOT_NULL(strstr(r.cause[t] ? r.cause[t] : "", "task 6 gives up"));
    } else {
      CU_ASSERT_TRUE(r.ok[t]);
      CU_ASSERT_EQUAL(r.value[t], (gint64)t * t);
    }
  }
  CU_ASSERT_TRUE(r.big_intact);
  results_clear(&r);
}

static void test_runner_parent_only_memory(void)
{
  /* Zero-filled and writable in the parent; a child that reads it dies of SIGSEGV, since the
   * mapping is not inherited. */
  gsize bytes = N_TASKS * sizeof(gint64);
  gint64 *buf = parent_only = dcb_runner_parent_alloc(bytes);
  CU_ASSERT_FATAL(buf != NULL);
  for (int t = 0; t < N_TASKS; t++) {
    CU_ASSERT_EQUAL(buf[t], 0);
    buf[t] = t;
  }
  Results r = {0};
  GError *error = NULL;
  DcbRunnerOptions opt = {.jobs = 2};
  CU_ASSERT_TRUE(dcb_runner_run(2, child_reads_parent_only, done_record, &r, &opt, &error));
  for (int t = 0; t < 2; t++) {
    CU_ASSERT_FALSE(r.ok[t]);
#ifndef __SANITIZE_ADDRESS__ /* AddressSanitizer catches the SIGSEGV and exits instead */
    CU_ASSERT_EQUAL(r.signal[t], SIGSEGV);
#endif
  }
  CU_ASSERT_EQUAL(buf[N_TASKS - 1], N_TASKS - 1);
  dcb_runner_parent_free(buf, bytes);
  results_clear(&r);
}

static int child_interrupt(int task, GByteArray *out, void *user)
{
  (void)out, (void)user;
  if (task == 0)
    kill(getppid(), SIGTERM);
  sleep(30);
  return 0;
}

static void test_runner_interrupted(void)
{
  Results r = {0};
  GError *error = NULL;
  DcbRunnerOptions opt = {.jobs = 2};
  gint64 t0 = g_get_monotonic_time();
  CU_ASSERT_FALSE(dcb_runner_run(N_TASKS, child_interrupt, done_record, &r, &opt, &error));
  double elapsed_s = (double)(g_get_monotonic_time() - t0) / 1e6;
  CU_ASSERT_TRUE(elapsed_s < 10.0); /* children were killed, not waited for */
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_TRUE(g_error_matches(error, DCB_RUNNER_ERROR, SIGTERM));
  CU_ASSERT_EQUAL(dcb_runner_exit_status(error), 143);
  g_clear_error(&error);
  for (int t = 0; t < N_TASKS; t++)
    CU_ASSERT_EQUAL(r.calls[t], 0);
  /* The caller's signal mask is back: SIGTERM is not blocked any more. */
  sigset_t mask;
  sigprocmask(SIG_SETMASK, NULL, &mask);
  CU_ASSERT_FALSE(sigismember(&mask, SIGTERM));
  results_clear(&r);
}

static int child_sleep(int task, GByteArray *out, void *user)
{
  (void)user;
  g_usleep(500 * 1000);
  return child_square(task, out, NULL);
}

static void test_runner_parallel(void)
{
  /* 4 tasks of 0.5 s: about 2 s one at a time, about 0.5 s four at a time. */
  Results r = {0};
  GError *error = NULL;
  DcbRunnerOptions opt = {.jobs = 4};
  gint64 t0 = g_get_monotonic_time();
  CU_ASSERT_TRUE(dcb_runner_run(4, child_sleep, done_record, &r, &opt, &error));
  double elapsed_s = (double)(g_get_monotonic_time() - t0) / 1e6;
  CU_ASSERT_TRUE(elapsed_s < 1.5);
  for (int t = 0; t < 4; t++)
    CU_ASSERT_EQUAL(r.value[t], (gint64)t * t);
  results_clear(&r);
}

/* The working set (runner.c): WS_PAGES pages the parent wrote before forking, which every child
 * writes too.  Each child first counts how many of them are already its own (pagemap: present,
 * and mapped by this process alone, bits 63 and 56), then writes them all, and sends the count. */
#define WS_PAGES 8
static guint8 *ws_buf;

static gint64 own_pages(const guint8 *buf, int pages)
{
  FILE *f = fopen("/proc/self/pagemap", "rb");
  if (f == NULL)
    return -1;
  gint64 own = 0;
  long page = sysconf(_SC_PAGESIZE);
  for (int k = 0; k < pages; k++) {
    guint64 e = 0;
    if (fseek(f, (long)((guintptr)(buf + k * page) / (guintptr)page * sizeof e), SEEK_SET) != 0 ||
        fread(&e, sizeof e, 1, f) != 1) {
      own = -1;
      break;
    }
    own += ((e >> 63) & 1) && ((e >> 56) & 1);
  }
  fclose(f);
  return own;
}

static int child_writes_buffer(int task, GByteArray *out, void *user)
{
  (void)task, (void)user;
  gint64 own = own_pages(ws_buf, WS_PAGES);
  memset(ws_buf, 0x5a, WS_PAGES * (gsize)sysconf(_SC_PAGESIZE));
  g_byte_array_append(out, (const guint8 *)&own, sizeof own);
  return 0;
}

/* Group of a task for the grouped working sets: task % 2. */
static int group_of_task(int task, void *user)
{
  (void)user;
  return task % 2;
}

/* Reports how many of the buffer's pages it owns, then writes its group's half of it (group 0
 * the first WS_PAGES / 2 pages, group 1 the others). */
static int child_writes_half(int task, GByteArray *out, void *user)
{
  (void)user;
  gsize page = (gsize)sysconf(_SC_PAGESIZE), half = WS_PAGES / 2;
  gint64 own = own_pages(ws_buf, WS_PAGES);
  memset(ws_buf + (gsize)group_of_task(task, NULL) * half * page, 0x5a, half * page);
  g_byte_array_append(out, (const guint8 *)&own, sizeof own);
  return 0;
}

static void test_runner_working_set(void)
{
  long page = sysconf(_SC_PAGESIZE);
  gsize bytes = WS_PAGES * (gsize)page;
  ws_buf = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CU_ASSERT_FATAL(ws_buf != MAP_FAILED);
  memset(ws_buf, 1, bytes);
  if (page != 4096 || madvise(ws_buf, (gsize)page, 23 /* MADV_POPULATE_WRITE */) != 0) {
    printf("(kernel without MADV_POPULATE_WRITE or pages of %ld bytes: skipped) ", page);
    munmap(ws_buf, bytes);
    return;
  }
  /* One child at a time: task 0 starts with an empty working set, so none of the buffer's pages
   * is its own before it writes them (they are shared with the parent, copy-on-write): 0.  It
   * reports the 8 pages it wrote, and tasks 1-5, forked after its report, get them mapped as
   * their own before child_fn runs: 8 each.  Tasks 1 and 2 report too (3 learners); the union
   * is the same 8 pages. */
  Results r = {0};
  GError *error = NULL;
  DcbRunnerOptions opt = {.jobs = 1};
  CU_ASSERT_TRUE(dcb_runner_run(6, child_writes_buffer, done_record, &r, &opt, &error));
  for (int t = 0; t < 6; t++) {
    CU_ASSERT_TRUE(r.ok[t]);
    CU_ASSERT_EQUAL(r.value[t], t == 0 ? 0 : WS_PAGES);
  }
  results_clear(&r);
  /* Groups (a comparison's scenarios): each learns and maps its own set.  One child at a time,
   * tasks alternating between the groups, each writing its group's 4 pages: tasks 0 and 1 are
   * their groups' first (0 pages), every later task gets its group's 4 pages, and only those
   * (with one set for all, task 1 would have had task 0's 4 and task 2 on all 8). */
  opt.n_groups = 2;
  opt.group_of = group_of_task;
  CU_ASSERT_TRUE(dcb_runner_run(6, child_writes_half, done_record, &r, &opt, &error));
  for (int t = 0; t < 6; t++) {
    CU_ASSERT_TRUE(r.ok[t]);
    CU_ASSERT_EQUAL(r.value[t], t < 2 ? 0 : WS_PAGES / 2);
  }
  results_clear(&r);
  /* The same without groups: task 1 maps task 0's 4 pages, task 2 the union of 8. */
  opt.n_groups = 0;
  opt.group_of = NULL;
  CU_ASSERT_TRUE(dcb_runner_run(4, child_writes_half, done_record, &r, &opt, &error));
  CU_ASSERT_EQUAL(r.value[0], 0);
  CU_ASSERT_EQUAL(r.value[1], WS_PAGES / 2);
  CU_ASSERT_EQUAL(r.value[2], WS_PAGES);
  CU_ASSERT_EQUAL(r.value[3], WS_PAGES);
  results_clear(&r);
  /* Turned off (DCB_RUNNER_POPULATE=0): no child owns a page before writing it. */
  g_setenv("DCB_RUNNER_POPULATE", "0", TRUE);
  CU_ASSERT_TRUE(dcb_runner_run(3, child_writes_buffer, done_record, &r, &opt, &error));
  g_unsetenv("DCB_RUNNER_POPULATE");
  for (int t = 0; t < 3; t++)
    CU_ASSERT_EQUAL(r.value[t], 0);
  results_clear(&r);
  /* The parent's copy is untouched by the children's writes. */
  CU_ASSERT_EQUAL(ws_buf[0], 1);
  CU_ASSERT_EQUAL(ws_buf[bytes - 1], 1);
  munmap(ws_buf, bytes);
}

int main(void)
{
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s = CU_add_suite("runner", NULL, NULL);
  CU_add_test(s, "results stored by task, jobs 1 and 4", test_runner_results_by_task);
  CU_add_test(s, "more jobs than tasks, zero tasks", test_runner_more_jobs_than_tasks);
  CU_add_test(s, "failing children reported, others intact", test_runner_failures_reported);
  CU_add_test(s, "SIGTERM kills the children, exit 143", test_runner_interrupted);
  CU_add_test(s, "children run in parallel", test_runner_parallel);
  CU_add_test(s, "a child ends early from a nested call", test_runner_child_exit);
  CU_add_test(s, "parent-only memory is not inherited", test_runner_parent_only_memory);
  CU_add_test(s, "the working set is mapped before child_fn, per group", test_runner_working_set);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  return failures != 0;
}
