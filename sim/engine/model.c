/* model.c - the buildout model on SimGrid: its set-up, and what every role shares.
 *
 * dcb_model_simulate builds the run state (Model, model_internal.h: halls from the prepared
 * platform, per-site and per-substation arrays, the timer heaps, the trace's names), starts the
 * sequencer actor and runs SimGrid.  The sequencer actor sets the grid up, starts one actor per
 * role (recorder, demand, projects, grid, hardware, one per hall group, investor) with its first
 * wake-up, files the competing loads' requests and the planned works (dcb_grid_plan), allocates and
 * starts the known projects in (announced or operating_since, name) order, then dispatches
 * (dcb_seq_run) until the recorder closes the last year.  The roles' rules live in their files;
 * model_internal.h has the index rule -> function.  This file also holds the bodies that several
 * roles share: the events of the trace, the timer-driven actor loop, and the wait of an actor whose
 * work is done.
 */
#include "check.h"
#include "error.h"
#include "model_internal.h"
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <string.h>
#include <xbt/log.h>

XBT_LOG_EXTERNAL_DEFAULT_CATEGORY(dcb);

/* ---------------------------------------------------------------- shared by the roles */

void dcb_model_event(Model *m, DcbEventKind kind, const char *project, int site, int substation,
                     double mw)
{
  if (m->opt->rows_only) /* DcbEngineOptions.rows_only: nobody reads them */
    return;
  dcb_trace_add_event(m->trace, year_of(m, now(m)), kind, project,
                      site >= 0 ? m->pf->sites[site].name : "",
                      substation >= 0 ? m->sc->substations[substation].name : "", mw);
}

void dcb_project_event(Project *p, DcbEventKind kind, double mw)
{
  dcb_model_event(p->m, kind, p->name, p->site, p->substation, mw);
}

/* The loop of the grid, the hall groups and the projects: the first timer's date is the first
 * field of every timer record (see model_internal.h), read here without knowing its type. */
void dcb_model_timer_actor(DcbSeq *seq, DcbSlot *slot, GArray *timers, DcbTimerFireFn fire,
                           DcbTimerFireFn pass, void *role)
{
  sg_actor_daemonize(sg_actor_self());
  if (dcb_seq_enter(seq, slot)) {
    double next;
    do {
      while (timers->len > 0 && g_array_index(timers, double, 0) <= dcb_seq_now(seq))
        fire(role);
      if (pass != NULL)
        pass(role);
      next = timers->len > 0 ? g_array_index(timers, double, 0) : G_MAXDOUBLE;
    } while (dcb_seq_wait(seq, slot, next));
  }
  dcb_seq_leave(seq, slot);
}

/* An actor whose work is done waits for the end of the run instead of ending now: an actor's end
 * costs SimGrid an exception unwound through its stack (the first one in a process looks up the
 * unwind tables of every loaded library), and a forked replication exits from inside the
 * simulation (DcbEngineOptions.on_complete) without ending its actors at all. */
void dcb_model_idle_until_over(Model *m, DcbSlot *slot, gboolean go)
{
  while (go)
    go = dcb_seq_wait(m->seq, slot, G_MAXDOUBLE);
  dcb_seq_leave(m->seq, slot);
}

/* ---------------------------------------------------------------- set-up */

/* Start an actor on the control host (stack size: see model.h).  Every actor also daemonizes
 * itself: they all end normally when the sequencer winds down, and if one ever did not, SimGrid
 * would kill it at the end instead of reporting a deadlock. */
static void spawn(Model *m, const char *name, void (*fn)(int, char **), void *data)
{
  sg_actor_t a = sg_actor_init(name, m->ctrl);
  sg_actor_set_data(a, data);
  sg_actor_set_stacksize(a, DCB_ACTOR_STACK_KIB);
  sg_actor_start(a, fn, 0, NULL);
}

static void start_actor(Model *m, const char *name, DcbSlot *slot, DcbPrio prio,
                        void (*fn)(int, char **), double t)
{
  dcb_slot_init(slot, prio);
  dcb_seq_schedule(m->seq, slot, t);
  spawn(m, name, fn, m);
}

/* The known projects, halls allocated in (announced or operating_since, name) order. */
static void start_known_projects(Model *m)
{
  const DcbScenario *sc = m->sc;
  int *order = g_new(int, MAX(1, sc->n_projects));
  dcb_check_project_order(sc, order);
  for (int k = 0; k < sc->n_projects; k++) {
    const DcbProject *spec = &sc->projects[order[k]];
    int site = dcb_platform_site_index(m->pf, spec->site);
    Project *p = dcb_project_new(m, spec->name, site);
    p->existing = spec->existing;
    p->operating_since = spec->operating_since;
    p->permit = spec->permit_years;
    p->phase_dist = spec->phase_years;
    p->cancel_p = spec->cancel_probability;
    p->fast_track = spec->fast_track;
    p->dev = &spec->developer;
    p->utilization = spec->utilization; /* rule 25 */
    p->ramp_years = spec->ramp_years;
    dcb_project_allocate(p, spec->phases_mw, spec->n_phases,
                         spec->existing || spec->cancel_probability < 1);
    if (p->existing) {
      dcb_project_existing(p);
      continue;
    }
    p->start_t = t_of(m, spec->announced);
    p->request_t = t_of(m, spec->has_requested ? spec->requested : spec->announced);
    dcb_grid_request(p, p->request_t);
    dcb_project_start(p);
  }
  g_free(order);
}

/* The sequencer actor: known projects and competing loads set up, every actor started, then
 * dispatch until the recorder closes the last year.  The halls are vacant (0 W) already:
 * dcb_engine_prepare loaded them so. */
static void sequencer_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  Model *m = sg_actor_self_get_data();
  const DcbScenario *sc = m->sc;

  dcb_grid_init(m);
  start_actor(m, "recorder", &m->recorder, DCB_PRIO_RECORDER, dcb_recorder_actor, m->t_start);
  start_actor(m, "demand", &m->demand, DCB_PRIO_DEMAND, dcb_demand_actor, 0);
  start_actor(m, "projects", &m->projects_slot, DCB_PRIO_PROJECT, dcb_projects_actor, 0);
  start_actor(m, "grid", &m->grid, DCB_PRIO_GRID, dcb_grid_actor, 0);
  start_actor(m, "hardware", &m->hardware, DCB_PRIO_HARDWARE, dcb_hardware_actor, 0);
  for (int g = 0; g < m->hw.n_groups; g++) {
    HallGroup *hw = &m->hw.groups[g];
    dcb_slot_init(&hw->slot, DCB_PRIO_HARDWARE);
    dcb_seq_schedule(m->seq, &hw->slot, 0);
    g_autofree char *name = g_strdup_printf("halls-%d", g);
    spawn(m, name, dcb_hall_group_actor, hw);
  }
  if (sc->investor_enabled)
    start_actor(m, "investor", &m->investor, DCB_PRIO_INVESTOR, dcb_investor_actor,
                t_of(m, sc->investor_start_year));
  dcb_grid_request_loads(m);
  dcb_grid_plan(m);
  start_known_projects(m);
  dcb_seq_run(m->seq);

  /* The last year is closed and every actor has ended. */
  dcb_halls_stop(m);
}

static void model_free(Model *m)
{
  for (guint k = 0; k < m->proj.list->len; k++) {
    dcb_project_free(m->proj.list->pdata[k]);
  }
  g_ptr_array_free(m->proj.list, TRUE);
  dcb_grid_clear(m);
  DcbSlot *slots[] = {&m->recorder, &m->demand,   &m->projects_slot,
                      &m->grid,     &m->hardware, &m->investor};
  for (size_t k = 0; k < G_N_ELEMENTS(slots); k++)
    dcb_slot_clear(slots[k]);
  for (int i = 0; i < m->hw.n_halls; i++)
    g_free(m->hw.halls[i].execs);
  g_free(m->hw.halls);
  g_free(m->site_operating_mw);
  g_free(m->site_stranded_mw);
  g_free(m->site_embodied_t);
  g_free(m->site_live_projects);
  g_free(m->site_free_halls);
  g_free(m->site_substation);
  g_array_free(m->hw.energized_order, TRUE);
  g_array_free(m->hw.fitted_list, TRUE);
  g_array_free(m->proj.timers, TRUE);
  g_array_free(m->proj.jobs_waiting, TRUE);
  for (int g = 0; g < m->hw.n_groups; g++) {
    dcb_slot_clear(&m->hw.groups[g].slot);
    g_array_free(m->hw.groups[g].timers, TRUE);
  }
  g_free(m->hw.groups);
  dcb_seq_free(m->seq);
  g_free(m);
}

/* SimGrid moves its clock by adding each step to it: clock + (date - clock).  That lands on
 * 'date' exactly when clock >= date / 2 (Sterbenz: the difference is exact), and may miss it by
 * one unit in the last place otherwise, in a way that depends on where the clock came from.  So
 * one actor per run sleeps to every power of two from 2^-30 s to 2^33 s (272 years, beyond any
 * horizon): wherever the clock is, the next date it takes is at most twice it, every landing is
 * exact, and the clock a replication's actors see (and with it every energy integral of its
 * halls) is its own dates to the bit, whatever else the run holds (batched replications, DESIGN
 * §3).  Alone, a replication's clock took the same values before this actor existed whenever
 * its own steps landed exactly.  The actor is a daemon: it never keeps the run going, and it
 * touches no hall (its sleeps are on the control host, at 0 W). */
#define DCB_CLOCK_TICK_MIN_EXP (-30)
#define DCB_CLOCK_TICK_MAX_EXP 33

static void clock_tick_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  sg_actor_daemonize(sg_actor_self());
  for (int e = DCB_CLOCK_TICK_MIN_EXP; e <= DCB_CLOCK_TICK_MAX_EXP; e++)
    sg_actor_sleep_until(ldexp(1.0, e));
  /* Beyond 2^33 s nothing runs; wait (as a daemon) for the end. */
  sg_actor_suspend(sg_actor_self());
}

/* The run state of one replication, on copy 'copy' of the platform's halls. */
static Model *model_new(const DcbScenario *sc, const DcbPlatform *pf, const DcbEngineOptions *opt,
                        int copy)
{
  Model *m = g_new0(Model, 1);
  m->sc = sc;
  m->pf = pf;
  m->seed = opt->seed;
  m->opt = opt;
  m->seq = dcb_seq_new();
  m->t0_year = dcb_scenario_first_year(sc);
  m->t_start = t_of(m, sc->start_year);
  m->ctrl = dcb_engine_control_host();
  m->hw.n_halls = pf->n_halls;
  m->hw.halls = g_new0(Hall, pf->n_halls);
  for (int i = 0; i < pf->n_halls; i++) {
    const DcbHall *ph = &pf->halls[i];
    Hall *h = &m->hw.halls[i];
    h->host = dcb_engine_hall_host(copy, i);
    h->site = ph->site;
    h->mw = ph->peak_w / 1e6;
    h->speed_f = dcb_engine_hall_speed(i);
    h->cores = dcb_engine_hall_cores(i);
    h->execs = g_new0(sg_exec_t, h->cores);
  }
  m->gridop.subs = g_new0(SubstationState, MAX(1, sc->n_substations));
  m->site_operating_mw = g_new0(double, pf->n_sites);
  m->site_stranded_mw = g_new0(double, pf->n_sites);
  m->site_embodied_t = g_new0(double, pf->n_sites);
  m->site_live_projects = g_new0(int, pf->n_sites);
  m->site_free_halls = g_new0(int, pf->n_sites);
  m->site_substation = g_new0(int, pf->n_sites);
  for (int i = 0; i < pf->n_sites; i++) {
    m->site_free_halls[i] = pf->sites[i].n_halls;
    m->site_substation[i] = dcb_scenario_substation_index(sc, pf->sites[i].substation);
  }
  m->hw.energized_order = g_array_new(FALSE, FALSE, sizeof(int));
  m->hw.fitted_list = g_array_new(FALSE, FALSE, sizeof(int));
  m->gridop.timers = g_array_new(FALSE, FALSE, sizeof(GridTimer));
  m->proj.timers = g_array_new(FALSE, FALSE, sizeof(ProjectTimer));
  m->proj.jobs_waiting = g_array_new(FALSE, FALSE, sizeof(JobsWait));
  m->hw.n_groups = (pf->n_halls + DCB_HALLS_PER_ACTOR - 1) / DCB_HALLS_PER_ACTOR;
  m->hw.groups = g_new0(HallGroup, m->hw.n_groups);
  for (int g = 0; g < m->hw.n_groups; g++) {
    m->hw.groups[g].timers = g_array_new(FALSE, FALSE, sizeof(HallTimer));
    m->hw.groups[g].model = m;
  }
  m->proj.list = g_ptr_array_new();
  m->demand_mw = dcb_scenario_demand(sc, m->t0_year);

  m->trace = dcb_trace_new(sc->start_year, sc->end_year - sc->start_year + 1, pf->n_sites,
                           sc->n_substations);
  for (int i = 0; i < pf->n_sites; i++) {
    m->trace->site_names[i] = g_strdup(pf->sites[i].name);
    m->trace->site_substations[i] = g_strdup(pf->sites[i].substation);
  }
  for (int s = 0; s < sc->n_substations; s++)
    m->trace->substation_names[s] = g_strdup(sc->substations[s].name);
  dcb_trace_set_corridors(m->trace, sc->n_corridors);
  for (int c = 0; c < sc->n_corridors; c++)
    m->trace->corridor_names[c] = g_strdup(sc->corridors[c].name);
  return m;
}

gboolean dcb_model_simulate_batch(const DcbScenario *const *scs, const DcbPlatform *const *pfs,
                                  const DcbEngineOptions *opts, int n, DcbTrace **traces,
                                  GError **error)
{
  g_return_val_if_fail(n >= 1, FALSE);
  for (int k = 1; k < n; k++)
    if (strcmp(pfs[k]->path, pfs[0]->path) != 0 || pfs[k]->n_halls != pfs[0]->n_halls) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME,
                  "a batch of replications runs on one platform, not '%s' and '%s'", pfs[0]->path,
                  pfs[k]->path);
      return FALSE;
    }
  if (!dcb_engine_prepare(pfs[0], opts[0].sg_args, n, error))
    return FALSE;
  /* Replication k on copy k of the halls, with its own sequencer: each one's same-date order,
   * random streams and SimGrid clock (seq.h) are its own, whatever else runs. */
  Model **models = g_new(Model *, n);
  sg_actor_t tick = sg_actor_init("clock", dcb_engine_control_host());
  sg_actor_set_stacksize(tick, DCB_ACTOR_STACK_KIB);
  sg_actor_start(tick, clock_tick_actor, 0, NULL);
  for (int k = 0; k < n; k++) {
    models[k] = model_new(scs[k], pfs[k], &opts[k], k);
    spawn(models[k], "sequencer", sequencer_actor, models[k]);
  }
  simgrid_run();

  for (int k = 0; k < n; k++) {
    Model *m = models[k];
    traces[k] = m->trace;
    m->trace = NULL;
    XBT_DEBUG("replication %d: %" G_GUINT64_FORMAT " wake-ups dispatched", k,
              dcb_seq_dispatched(m->seq));
    model_free(m);
  }
  g_free(models);
  return TRUE;
}

DcbTrace *dcb_model_simulate(const DcbScenario *sc, const DcbPlatform *pf,
                             const DcbEngineOptions *opt, GError **error)
{
  DcbTrace *tr = NULL;
  return dcb_model_simulate_batch(&sc, &pf, opt, 1, &tr, error) ? tr : NULL;
}
