/* engine.c - the engine module's entry points: SimGrid initialisation, platform loading and the
 * table returned by dcb_engine_get() (see engine.h).  simulate applies the run's draws of the
 * scenario's uncertain inputs (DESIGN §2.2 rule 25) before the model starts.  The model itself
 * lives in model.c and its role files (their index: model_internal.h). */
#include "engine.h"
#include "error.h"
#include "model.h"
#include "platform.h"
#include <errno.h>
#include <signal.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/exec.h>
#include <simgrid/host.h>
#include <simgrid/plugins/energy.h>
#include <simgrid/semaphore.h>
#include <simgrid/version.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xbt/log.h>

XBT_LOG_NEW_DEFAULT_CATEGORY(dcb, "dcbuildout model");

void dcb_engine_init(const char *const *sg_args, gboolean energy)
{
  /* simgrid_init wants a mutable argv it may shorten; build one from the pass-through args. */
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer) "dcbuildout");
  /* Quiet by default: SimGrid's info lines and the energy plugin's exit report are not ours. */
  g_ptr_array_add(argv, (gpointer) "--log=root.thres:warning");
  g_ptr_array_add(argv, (gpointer) "--log=host_energy.thres:error");
  g_ptr_array_add(argv, (gpointer) "--log=xbt_cfg.thres:warning");
  for (const char *const *a = sg_args; a != NULL && *a != NULL; a++)
    g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);
  int argc = (int)argv->len - 1;
  simgrid_init(&argc, (char **)argv->pdata);
  /* SimGrid's SIGINT handler dumps the actors and exits from the middle of the engine; Ctrl-C
   * should just stop the run: nothing is written before the simulation ends. */
  signal(SIGINT, SIG_DFL);
  if (energy)
    sg_host_energy_plugin_init();
}

/* The platform SimGrid is given is not the user's file but a flattened copy of the parsed
 * DcbPlatform: the control host in a zone of its own and every hall in one zone without routing.
 * SimGrid 3.32 loads a platform in time ~ hosts x zones (each new host is searched for zone by
 * zone, and sealing each zone lists every host of the engine): 80 000 halls in sites of 20 took
 * 150 s to load, 1.2 s flattened.  Sites stay the model's grouping (DcbPlatform).  Each hall gets
 * a second pstate, vacant (0 W, model.h), in which it starts: a hall is never switched off or on
 * (every running execution listens for any host switched on or off, so the k-th switch cost k
 * calls).  Numbers are written so that they read back as the same doubles (%.17g). */
/* Write out what 'buf' holds (all of it when 'all', else once it exceeds 64 KiB). */
static gboolean flush_buf(int fd, GString *buf, gboolean all)
{
  if (!all && buf->len < 65536)
    return TRUE;
  for (gsize done = 0; done < buf->len;) {
    ssize_t n = write(fd, buf->str + done, buf->len - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return FALSE;
    done += (gsize)n;
  }
  g_string_truncate(buf, 0);
  return TRUE;
}

/* Batched replications (DESIGN §3): the halls are written 'copies' times, copy c > 0 of hall
 * NAME as DCB_COPY_PREFIX "c/NAME" (a prefix no hall of the platform may then begin with). */
#define DCB_COPY_PREFIX "dcbuildout-copy-"

/* The SimGrid name of copy c of a hall named 'name'. (transfer full) */
static char *copy_host_name(int c, const char *name)
{
  return c == 0 ? g_strdup(name) : g_strdup_printf(DCB_COPY_PREFIX "%d/%s", c, name);
}

static gboolean write_flat_platform(int fd, const DcbPlatform *pf, int copies)
{
  g_autoptr(GString) buf = g_string_sized_new(65536 + 1024);
  g_autofree char *ctrl = g_markup_escape_text(pf->control_host, -1);
  g_string_append_printf(
      buf,
      "<?xml version='1.0'?>\n"
      "<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
      "<!-- written by dcbuildout for SimGrid: every hall in one zone -->\n"
      "<platform version=\"4.1\">\n"
      "<zone id=\"dcbuildout\" routing=\"Full\">\n"
      "<zone id=\"control\" routing=\"Full\">\n"
      "<host id=\"%s\" speed=\"1f\"><prop id=\"wattage_per_state\" value=\"0:0\"/></host>\n"
      "</zone>\n"
      "<zone id=\"halls\" routing=\"None\">\n",
      ctrl);
  for (int c = 0; c < copies; c++)
    for (int i = 0; i < pf->n_halls; i++) {
      const DcbHall *h = &pf->halls[i];
      char speed[G_ASCII_DTOSTR_BUF_SIZE], idle[G_ASCII_DTOSTR_BUF_SIZE];
      char eps[G_ASCII_DTOSTR_BUF_SIZE], peak[G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_dtostr(speed, sizeof speed, h->speed_f);
      g_ascii_dtostr(idle, sizeof idle, h->idle_w);
      g_ascii_dtostr(eps, sizeof eps, h->epsilon_w);
      g_ascii_dtostr(peak, sizeof peak, h->peak_w);
      g_autofree char *copy_name = copy_host_name(c, h->name);
      g_autofree char *name = g_markup_escape_text(copy_name, -1);
      g_string_append_printf(buf,
                             "<host id=\"%s\" speed=\"%sf,%sf\" core=\"%d\" pstate=\"%d\">"
                             "<prop id=\"wattage_per_state\" value=\"%s:%s:%s,0:0:0\"/></host>\n",
                             name, speed, speed, h->cores, DCB_HALL_PSTATE_VACANT, idle, eps, peak);
      if (!flush_buf(fd, buf, FALSE))
        return FALSE;
    }
  g_string_append(buf, "</zone>\n</zone>\n</platform>\n");
  return flush_buf(fd, buf, TRUE);
}

/* Write the flattened copy to a private temporary file and load it.  The file is removed before
 * SimGrid reads it, through /proc/self/fd (where there is one): SimGrid aborts on what it cannot
 * load, and an abort or a signal then leaves nothing behind. */
static gboolean load_flat_platform(const DcbPlatform *pf, int copies, GError **error)
{
  g_autofree char *tmp = NULL;
  GError *local = NULL;
  int fd = g_file_open_tmp("dcbuildout-platform-XXXXXX.xml", &tmp, &local);
  if (fd < 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot write SimGrid's copy of '%s': %s",
                pf->path, local->message);
    g_error_free(local);
    return FALSE;
  }
  if (!write_flat_platform(fd, pf, copies)) {
    int saved = errno;
    unlink(tmp);
    close(fd);
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot write SimGrid's copy of '%s' (%s): %s",
                pf->path, tmp, g_strerror(saved));
    return FALSE;
  }
  g_autofree char *via_fd = g_strdup_printf("/proc/self/fd/%d", fd);
  if (g_file_test(via_fd, G_FILE_TEST_IS_REGULAR)) {
    unlink(tmp);
    simgrid_load_platform(via_fd);
  } else {
    simgrid_load_platform(tmp);
    unlink(tmp);
  }
  close(fd);
  return TRUE;
}

/* The SimGrid half of `check`, in a throw-away child: SimGrid initialised with the user's
 * options and given the platform as simulations give it (load_flat_platform). */
static gboolean load_platform(const char *path, const char *const *sg_args, GError **error)
{
  g_autoptr(DcbPlatform) pf = dcb_platform_load(path, error);
  if (pf == NULL)
    return FALSE;
  dcb_engine_init(sg_args, TRUE);
  return load_flat_platform(pf, 1, error);
}

/* The platform this process's engine holds, once prepared: SimGrid's engine is process-wide
 * state that cannot be re-initialised, and this records what it was initialised with, and the
 * SimGrid hosts of its halls (by platform hall index) and of its control host. */
static char *prepared_platform = NULL;
static sg_host_t *prepared_halls = NULL;
static double *prepared_speeds = NULL;
static int *prepared_cores = NULL;
static sg_host_t prepared_control = NULL;
static int prepared_copies = 0;
static int prepared_n_halls = 0;

sg_host_t dcb_engine_hall_host(int copy, int i)
{
  g_assert(copy >= 0 && copy < prepared_copies && i >= 0 && i < prepared_n_halls);
  return prepared_halls[(gsize)copy * (gsize)prepared_n_halls + (gsize)i];
}

double dcb_engine_hall_speed(int i)
{
  return prepared_speeds[i];
}

int dcb_engine_hall_cores(int i)
{
  return prepared_cores[i];
}

sg_host_t dcb_engine_control_host(void)
{
  return prepared_control;
}

/* Find the control host and every hall among SimGrid's hosts (one listing: sg_host_by_name
 * searches zone after zone), with each hall's speed and core count, once, rather than in each
 * child.  The halls are vacant (0 W) already: the platform SimGrid loaded starts them so. */
static gboolean lookup_hosts(const DcbPlatform *pf, int copies, GError **error)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new(g_str_hash, g_str_equal);
  size_t n = sg_host_count();
  sg_host_t *list = sg_host_list();
  for (size_t k = 0; k < n; k++)
    g_hash_table_insert(by_name, (gpointer)sg_host_get_name(list[k]), list[k]);
  prepared_control = g_hash_table_lookup(by_name, pf->control_host);
  if (prepared_control == NULL) {
    free(list);
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: control host '%s' not found by SimGrid",
                pf->path, pf->control_host);
    return FALSE;
  }
  free(list);
  prepared_halls = g_new0(sg_host_t, MAX(1, (gsize)copies * (gsize)pf->n_halls));
  prepared_speeds = g_new0(double, MAX(1, pf->n_halls));
  prepared_cores = g_new0(int, MAX(1, pf->n_halls));
  for (int c = 0; c < copies; c++)
    for (int i = 0; i < pf->n_halls; i++) {
      g_autofree char *name = copy_host_name(c, pf->halls[i].name);
      sg_host_t host = g_hash_table_lookup(by_name, name);
      if (host == NULL) {
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: hall '%s' not found by SimGrid",
                    pf->path, name);
        return FALSE;
      }
      prepared_halls[(gsize)c * (gsize)pf->n_halls + (gsize)i] = host;
      if (c == 0) {
        prepared_speeds[i] = sg_host_get_pstate_speed(host, DCB_HALL_PSTATE_FITTED);
        prepared_cores[i] = MAX(1, sg_host_core_count(host));
      }
    }
  prepared_n_halls = pf->n_halls;
  prepared_copies = copies;
  return TRUE;
}

/* Warm-up, in the process that prepares the engine: one actor at t = 0 (no simulated time
 * passes, no hall is touched) goes once through what every simulation does: it passes a
 * semaphore and starts and cancels a bounded execution on the control host.  SimGrid fills its
 * allocators on first use (the first execution allocates 1 000 solver variables and a 512 KiB
 * free list) and the dynamic linker binds each library call on first use; done here, the forked
 * replications inherit both instead of each redoing them (about 100 of a replication's 350 page
 * faults, which cost 10-20 us each on a virtual machine). */
static void warm_up_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  sg_sem_t sem = sg_sem_init(1);
  sg_sem_acquire(sem);
  sg_sem_release(sem);
  sg_sem_destroy(sem);
  sg_host_t host = sg_host_self();
  sg_exec_t e = sg_actor_exec_init(1e300);
  sg_exec_set_host(e, host);
  sg_exec_set_bound(e, 0.5 * sg_host_get_speed(host));
  sg_exec_start(e);
  sg_exec_cancel(e);
}

static void warm_up(sg_host_t control)
{
  sg_actor_t a = sg_actor_init("warm-up", control);
  sg_actor_set_stacksize(a, DCB_ACTOR_STACK_KIB);
  sg_actor_start(a, warm_up_actor, 0, NULL);
  simgrid_run_until(0.0);
}

gboolean dcb_engine_prepare(const DcbPlatform *pf, const char *const *sg_args, int copies,
                            GError **error)
{
  copies = MAX(copies, 1);
  /* SimGrid cannot be initialised twice: after a failed prepare, fail again, the same way. */
  static char *failed = NULL;
  if (failed != NULL) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s", failed);
    return FALSE;
  }
  const char *path = pf->path;
  if (prepared_platform != NULL) {
    if (strcmp(prepared_platform, path) == 0 && copies <= prepared_copies)
      return TRUE;
    if (strcmp(prepared_platform, path) == 0) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME,
                  "the engine holds %d copies of '%s', not %d (prepared once per process)",
                  prepared_copies, path, copies);
      return FALSE;
    }
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME,
                "the engine was prepared with '%s', not '%s' (one platform per process)",
                prepared_platform, path);
    return FALSE;
  }
  GError *local = NULL;
  for (int i = 0; copies > 1 && i < pf->n_halls; i++)
    if (g_str_has_prefix(pf->halls[i].name, DCB_COPY_PREFIX)) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s: hall '%s': names beginning with '" DCB_COPY_PREFIX
                  "' are reserved for batched replications (run with --batch 1)",
                  pf->path, pf->halls[i].name);
      return FALSE;
    }
  dcb_engine_init(sg_args, TRUE);
  if (!load_flat_platform(pf, copies, &local)) {
    failed = g_strdup(local->message);
    g_propagate_error(error, local);
    return FALSE;
  }
  /* Seal the platform now (SimGrid seals it when the engine first runs, once per process):
   * forked children then inherit a sealed platform instead of each sealing its own copy. */
  simgrid_run_until(0.0);
  /* The energy plugin assumes pstate 0 until a host's first update: bring every host up to
   * date at t = 0, so that it sees the halls vacant from the start (else a hall would be billed
   * its idle power until its fit-out). */
  sg_host_energy_update_all();
  if (!lookup_hosts(pf, copies, &local)) {
    failed = g_strdup(local->message);
    g_propagate_error(error, local);
    return FALSE;
  }
  warm_up(prepared_control);
  prepared_platform = g_strdup(path);
  return TRUE;
}

static const char *simgrid_version(void)
{
  static char buf[32];
  int major = 0, minor = 0, patch = 0;
  sg_version_get(&major, &minor, &patch);
  g_snprintf(buf, sizeof buf, "%d.%d.%d", major, minor, patch);
  return buf;
}

/* The engine's entry points take only inputs that passed the checked opener (inputs.h). */
static DcbTrace *simulate_checked(const DcbInputs *in, const DcbEngineOptions *opt, GError **error)
{
  if (!dcb_inputs_verify(in, "simulate", error))
    return NULL;
  /* Rule 25: the run's draws of the uncertain inputs, written into the scenario once, here, the
   * one entry every execution path goes through before the model reads it (a single run, each
   * forked replication or sweep point: one simulation per process, so a forked child's copy is
   * the one drawn and the parent's stays central).  The scenario was allocated mutable by its
   * loader and the inputs own it; nothing prepared before this point read a drawn value (prepare
   * reads the platform only). */
  dcb_scenario_apply_draws((DcbScenario *)dcb_inputs_scenario(in), opt->seed);
  return dcb_model_simulate(dcb_inputs_scenario(in), dcb_inputs_platform(in), opt, error);
}

/* Batched replications (DESIGN §3): each replication's draws go into its own copy of its
 * scenario (dcb_scenario_drawn_copy: the same values apply_draws writes), since the K
 * replications of one process run at once.  The copies are freed when the run returns; a
 * forked child usually _exit()s from the last on_complete before that. */
static gboolean simulate_batch_checked(const DcbInputs *const *in, const DcbEngineOptions *opt,
                                       int n, GError **error)
{
  if (n < 1) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "a batch of %d replications", n);
    return FALSE;
  }
  for (int k = 0; k < n; k++)
    if (!dcb_inputs_verify(in[k], "simulate", error))
      return FALSE;
  DcbScenario **scs = g_new(DcbScenario *, n);
  const DcbPlatform **pfs = g_new(const DcbPlatform *, n);
  DcbTrace **traces = g_new0(DcbTrace *, n);
  for (int k = 0; k < n; k++) {
    scs[k] = dcb_scenario_drawn_copy(dcb_inputs_scenario(in[k]), opt[k].seed);
    pfs[k] = dcb_inputs_platform(in[k]);
  }
  gboolean ok =
      dcb_model_simulate_batch((const DcbScenario *const *)scs, pfs, opt, n, traces, error);
  for (int k = 0; k < n; k++) {
    dcb_trace_free(traces[k]);
    dcb_scenario_free_drawn(scs[k]);
  }
  g_free(traces);
  g_free(pfs);
  g_free(scs);
  return ok;
}

static gboolean prepare_checked(const DcbInputs *in, const char *const *sg_args, int copies,
                                GError **error)
{
  if (!dcb_inputs_verify(in, "prepare", error))
    return FALSE;
  return dcb_engine_prepare(dcb_inputs_platform(in), sg_args, copies, error);
}

const DcbEngine *dcb_engine_get(void)
{
  static const DcbEngine engine = {
      .simulate = simulate_checked,
      .simulate_batch = simulate_batch_checked,
      .load_platform = load_platform,
      .prepare = prepare_checked,
      .simgrid_version = simgrid_version,
  };
  return &engine;
}
