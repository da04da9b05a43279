/* test_seq.c - the sequencer (sim/engine/seq.h) driven directly by small actors.
 *
 * Each case runs in a forked child (SimGrid runs one simulation per process): the child starts
 * SimGrid on tests/data/tiny.xml (without the energy plugin), and one driver actor on host
 * 'ctrl' that schedules the case's actors, runs dcb_seq_run and, when it returns, notes the
 * end.  Each actor plays a small script of waits, signals and stops, appending "name@t" to a
 * log each time it runs (t in simulated seconds) and "name:end" when its wait returns FALSE.
 * The child writes the log to a pipe; the parent compares it with the order worked out by hand
 * from seq.h: wake-ups by (date, priority class, insertion), a stale wake-up (an older
 * generation: the actor was signalled before its date) wakes nobody, and at the end of the run
 * (heap empty or dcb_seq_stop) every waiting actor's wait returns FALSE, in scheduling order.
 */
#include "seq.h"
#include <CUnit/Basic.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct Case Case;

/* One actor of a case: its script is a function of the case and the actor. */
typedef struct {
  const char *name;
  DcbPrio prio;
  double first_t; /* its first wake-up */
  DcbSlot slot;
  Case *c;
} Actor;

#define MAX_ACTORS 8

struct Case {
  DcbSeq *seq;
  Actor actors[MAX_ACTORS];
  int n;
  void (*script)(Case *c, Actor *a);
  GString *log;
};

static void note(Case *c, const char *name)
{
  g_string_append_printf(c->log, "%s%s@%g", c->log->len > 0 ? " " : "", name, dcb_seq_now(c->seq));
}

/* Wait until t (or a signal); on FALSE, note the end. */
static gboolean wait_until(Case *c, Actor *a, double t)
{
  if (dcb_seq_wait(c->seq, &a->slot, t))
    return TRUE;
  g_string_append_printf(c->log, " %s:end", a->name);
  return FALSE;
}

static Actor *find(Case *c, const char *name)
{
  for (int i = 0; i < c->n; i++)
    if (strcmp(c->actors[i].name, name) == 0)
      return &c->actors[i];
  g_assert_not_reached();
  return NULL;
}

static void actor_main(int argc, char **argv)
{
  (void)argc, (void)argv;
  Actor *a = sg_actor_self_get_data();
  if (dcb_seq_enter(a->c->seq, &a->slot))
    a->c->script(a->c, a);
  else
    g_string_append_printf(a->c->log, " %s:end", a->name);
  dcb_seq_leave(a->c->seq, &a->slot);
}

static void driver_main(int argc, char **argv)
{
  (void)argc, (void)argv;
  Case *c = sg_actor_self_get_data();
  sg_host_t host = sg_host_by_name("ctrl");
  for (int i = 0; i < c->n; i++) {
    Actor *a = &c->actors[i];
    a->c = c;
    dcb_slot_init(&a->slot, a->prio);
    dcb_seq_schedule(c->seq, &a->slot, a->first_t);
    sg_actor_t sa = sg_actor_init(a->name, host);
    sg_actor_set_data(sa, a);
    sg_actor_start(sa, actor_main, 0, NULL);
  }
  dcb_seq_run(c->seq);
  g_string_append_printf(c->log, " run-over@%g clock@%g", dcb_seq_now(c->seq), simgrid_get_clock());
}

/* Run case 'c' in a child and return its log (NULL when the child failed). */
static char *run_case(Case *c)
{
  int fd[2];
  if (pipe(fd) != 0)
    return NULL;
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    close(fd[0]);
    int argc = 0;
    char *argv[4];
    argv[argc++] = (char *)"test_seq";
    argv[argc++] = (char *)"--log=root.thres:warning";
    if (getenv("DCB_SANITIZE"))
      argv[argc++] = (char *)"--cfg=contexts/factory:thread";
    argv[argc] = NULL;
    simgrid_init(&argc, argv);
    simgrid_load_platform(DCB_TEST_DATA "/data/tiny.xml");
    c->seq = dcb_seq_new();
    c->log = g_string_new(NULL);
    sg_actor_t d = sg_actor_init("driver", sg_host_by_name("ctrl"));
    sg_actor_set_data(d, c);
    sg_actor_start(d, driver_main, 0, NULL);
    simgrid_run();
    gboolean ok = write(fd[1], c->log->str, c->log->len) == (ssize_t)c->log->len;
    close(fd[1]);
    _exit(ok ? 0 : 3);
  }
  close(fd[1]);
  GString *out = g_string_new(NULL);
  char buf[512];
  ssize_t n;
  while ((n = read(fd[0], buf, sizeof buf)) > 0)
    g_string_append_len(out, buf, n);
  close(fd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    g_string_free(out, TRUE);
    return NULL;
  }
  return g_string_free(out, FALSE);
}

static void check_case(Case *c, const char *expected)
{
  g_autofree char *log = run_case(c);
  CU_ASSERT_PTR_NOT_NULL_FATAL(log);
  if (strcmp(log, expected) != 0)
    fprintf(stderr, "\n  got:      %s\n  expected: %s\n", log, expected);
  CU_ASSERT_STRING_EQUAL(log, expected);
}

/* ---------------------------------------------------------------- same-date order */

/* Scheduled in the order A (hardware), D (project), B (recorder), C (project), all at t = 0.
 * At 0 they run by class, then insertion: B, D, C, A.  B, C and A then wait until 10; D waits
 * until 5, and at 5 until 10.  At 10: B (recorder); then C before D, both projects, because C's
 * wake-up was pushed at 0 and D's at 5, although D was scheduled before C; then A.  Then all
 * wait with no date: the heap is empty, the run is over, and the waits return FALSE in
 * scheduling order (A, D, B, C). */
static void order_script(Case *c, Actor *a)
{
  note(c, a->name);
  if (strcmp(a->name, "D") == 0) {
    if (!wait_until(c, a, 5))
      return;
    note(c, a->name);
  }
  if (!wait_until(c, a, 10))
    return;
  note(c, a->name);
  wait_until(c, a, G_MAXDOUBLE);
}

static void test_seq_same_date_order(void)
{
  Case c = {.n = 4, .script = order_script};
  c.actors[0] = (Actor){.name = "A", .prio = DCB_PRIO_HARDWARE};
  c.actors[1] = (Actor){.name = "D", .prio = DCB_PRIO_PROJECT};
  c.actors[2] = (Actor){.name = "B", .prio = DCB_PRIO_RECORDER};
  c.actors[3] = (Actor){.name = "C", .prio = DCB_PRIO_PROJECT};
  check_case(&c, "B@0 D@0 C@0 A@0 D@5 B@10 C@10 D@10 A@10 A:end D:end B:end C:end"
                 " run-over@10 clock@10");
}

/* Later wake-ups of a lower class run before those of a higher class only at a later date: the
 * investor at 3 runs before the recorder at 4. */
static void dates_script(Case *c, Actor *a)
{
  note(c, a->name);
  wait_until(c, a, G_MAXDOUBLE);
}

static void test_seq_date_before_class(void)
{
  Case c = {.n = 3, .script = dates_script};
  c.actors[0] = (Actor){.name = "rec", .prio = DCB_PRIO_RECORDER, .first_t = 4};
  c.actors[1] = (Actor){.name = "inv", .prio = DCB_PRIO_INVESTOR, .first_t = 3};
  c.actors[2] = (Actor){.name = "grid", .prio = DCB_PRIO_GRID, .first_t = 4};
  check_case(&c, "inv@3 rec@4 grid@4 rec:end inv:end grid:end run-over@4 clock@4");
}

/* ---------------------------------------------------------------- stale wake-ups */

/* X waits until 10, Y signals it at 2: X runs at 2 (after Y blocks), then waits until 30; its
 * wake-up at 10 is stale (older generation) and wakes nobody, so X next runs at 30.  Y signals
 * itself at 20 while it runs: its next wait (until 40) returns at once, at 20.  Then both wait
 * with no date and the run ends at 30. */
static void stale_script(Case *c, Actor *a)
{
  note(c, a->name);
  if (strcmp(a->name, "X") == 0) {
    if (!wait_until(c, a, 10))
      return;
    note(c, a->name);
    if (!wait_until(c, a, 30))
      return;
    note(c, a->name);
  } else {
    if (!wait_until(c, a, 2))
      return;
    note(c, a->name);
    dcb_seq_signal(c->seq, &find(c, "X")->slot);
    if (!wait_until(c, a, 20))
      return;
    note(c, a->name);
    dcb_seq_signal(c->seq, &a->slot);
    if (!wait_until(c, a, 40))
      return;
    note(c, a->name);
  }
  wait_until(c, a, G_MAXDOUBLE);
}

static void test_seq_stale_wakeup(void)
{
  Case c = {.n = 2, .script = stale_script};
  c.actors[0] = (Actor){.name = "X", .prio = DCB_PRIO_GRID};
  c.actors[1] = (Actor){.name = "Y", .prio = DCB_PRIO_PROJECT};
  check_case(&c, "Y@0 X@0 Y@2 X@2 Y@20 Y@20 X@30 X:end Y:end run-over@30 clock@30");
}

/* ---------------------------------------------------------------- wind-down */

/* S stops the run at 3 while P waits until 100 and Q has not had its first wake-up (at 50):
 * the run is over at 3; P's wait returns FALSE, Q's enter returns FALSE, S's own wait too; the
 * clock stays at 3. */
static void stop_script(Case *c, Actor *a)
{
  note(c, a->name);
  if (strcmp(a->name, "S") == 0) {
    if (!wait_until(c, a, 3))
      return;
    note(c, a->name);
    dcb_seq_stop(c->seq);
    wait_until(c, a, 60);
    return;
  }
  wait_until(c, a, 100);
}

static void test_seq_wind_down_on_stop(void)
{
  Case c = {.n = 3, .script = stop_script};
  c.actors[0] = (Actor){.name = "P", .prio = DCB_PRIO_DEMAND};
  c.actors[1] = (Actor){.name = "Q", .prio = DCB_PRIO_DEMAND, .first_t = 50};
  c.actors[2] = (Actor){.name = "S", .prio = DCB_PRIO_INVESTOR};
  check_case(&c, "P@0 S@0 S@3 P:end Q:end S:end run-over@3 clock@3");
}

/* An actor that ends (leaves) hands the turn on; when the last wake-up is gone the run is over:
 * E ends at 1, F waits with no date from 2, so the heap is empty and F's wait returns FALSE. */
static void empty_script(Case *c, Actor *a)
{
  note(c, a->name);
  if (strcmp(a->name, "E") == 0)
    return; /* leaves at 1 */
  wait_until(c, a, G_MAXDOUBLE);
}

static void test_seq_wind_down_on_empty_heap(void)
{
  Case c = {.n = 2, .script = empty_script};
  c.actors[0] = (Actor){.name = "E", .prio = DCB_PRIO_GRID, .first_t = 1};
  c.actors[1] = (Actor){.name = "F", .prio = DCB_PRIO_GRID, .first_t = 2};
  check_case(&c, "E@1 F@2 F:end run-over@2 clock@2");
}

int main(void)
{
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s = CU_add_suite("seq", NULL, NULL);
  CU_add_test(s, "same-date wake-ups: class, then insertion", test_seq_same_date_order);
  CU_add_test(s, "an earlier date runs first, whatever the class", test_seq_date_before_class);
  CU_add_test(s, "a stale wake-up wakes nobody; a self-signal", test_seq_stale_wakeup);
  CU_add_test(s, "wind-down after dcb_seq_stop", test_seq_wind_down_on_stop);
  CU_add_test(s, "wind-down when the heap empties", test_seq_wind_down_on_empty_heap);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  return failures != 0;
}
