/* halls.c - the halls and their hardware (DESIGN §2.1 rules 9-11): fit-out, ramps, refreshes.
 *
 * The region's hardware actor decides fit-outs: energized halls, in energization order, while
 * fitted capacity is below demand (it runs when demand changes or a phase is energized).  The
 * halls' group actors (HallGroup, DCB_HALLS_PER_ACTOR consecutive halls each) carry them out
 * from their timer heaps: a fit-out sets the hall's SimGrid host to its own pstate (it starts in
 * a vacant one, at 0 W: model.h) and holds its load with one bounded endless execution per core
 * (bound = load x speed, so the energy plugin sees the load); the ramp raises the load in steps;
 * a refresh installs the newest hardware generation every refresh_years.  Every load or
 * generation change first brings the year's compute integral up to date (compute_advance), so
 * compute in use is exact between events.  These are the hot paths: one load change costs one
 * execution cancel and start per core.
 */
#include "account.h"
#include "heap.h"
#include "model_internal.h"
#include <simgrid/actor.h>
#include <simgrid/exec.h>
#include <simgrid/host.h>

#define ENDLESS_FLOPS 1e300

DCB_DEFINE_TIMER_HEAP(HallTimer, hall_timer)

static void hall_at(Model *m, double t, int hall, HallTimerKind kind)
{
  hall_timer_push(m->hw.groups[hall / DCB_HALLS_PER_ACTOR].timers,
                  (HallTimer){.t = snap(t), .seq = m->timer_seq++, .hall = hall, .kind = kind});
}

/* ---------------------------------------------------------------- compute and hall load */

static double hall_rate(const Hall *h)
{
  return h->load * h->mw * 1e6 * h->gflops_per_w; /* GFLOP/s */
}

/* SimGrid 3.32's max-min solver handles the executions changed since it last solved together,
 * one distinct bound after another, each time over all of them: a solve costs (changes) x
 * (distinct loads among them).  On a 1 January, every ramping hall changes its load, each to a
 * value of its own (its fit-out date's), and 200 000 halls in sites of 20 spent 100 s there.  So
 * after DCB_LOADS_PER_SOLVE load changes at one date, the hall's actor lets SimGrid solve them
 * before it makes more: an execution of 0 flops on the control host ends at once, after a
 * solve, at the same date.  No time passes and each execution gets its bound either way, so
 * energies and compute are the same; it costs one such execution per DCB_LOADS_PER_SOLVE
 * changes at a date.  The actor holds the sequencer's turn (seq.h): no other model actor runs
 * meanwhile. */
#define DCB_LOADS_PER_SOLVE 128

static void let_simgrid_solve(Model *m)
{
  if (m->hw.unsolved_t != now(m)) {
    m->hw.unsolved_t = now(m);
    m->hw.unsolved_loads = 0;
  }
  if (++m->hw.unsolved_loads < DCB_LOADS_PER_SOLVE)
    return;
  sg_actor_execute(0);
  m->hw.unsolved_loads = 0;
}

/* Hold 'load' (share of peak compute) on a fitted hall with one bounded endless execution per
 * core; the energy plugin sees load = sum of rates / (speed x cores). */
static void hall_set_load(Model *m, int i, double load)
{
  let_simgrid_solve(m);
  Hall *h = &m->hw.halls[i];
  compute_advance(m);
  m->compute_rate -= hall_rate(h);
  h->load = load;
  m->compute_rate += hall_rate(h);
  for (int c = 0; c < h->cores; c++) {
    if (h->execs[c] != NULL)
      sg_exec_cancel(h->execs[c]);
    h->execs[c] = NULL;
    if (load <= 0)
      continue;
    sg_exec_t e = sg_actor_exec_init(ENDLESS_FLOPS);
    sg_exec_set_host(e, h->host);
    sg_exec_set_bound(e, load * h->speed_f);
    sg_exec_start(e);
    h->execs[c] = e;
  }
}

static void hall_set_generation(Model *m, int i, double gflops_per_w)
{
  Hall *h = &m->hw.halls[i];
  compute_advance(m);
  m->compute_rate -= hall_rate(h);
  h->gflops_per_w = gflops_per_w;
  m->compute_rate += hall_rate(h);
}

/* At the end of the run: stop the halls' executions (the engine would otherwise run on until
 * their endless flops are done). */
void dcb_halls_stop(Model *m)
{
  for (int i = 0; i < m->hw.n_halls; i++)
    for (int c = 0; c < m->hw.halls[i].cores; c++)
      if (m->hw.halls[i].execs[c] != NULL) {
        sg_exec_cancel(m->hw.halls[i].execs[c]);
        m->hw.halls[i].execs[c] = NULL;
      }
}

/* ---------------------------------------------------------------- rules 9-11 */

/* Rule 10 (event-driven): a fitted hall's load follows the line from 0 at fit-out to
 * its project's `utilization` (rule 25) at h->ramp_end_t in segments, each held at the mean of the
 * line over it.  A segment ends at the first of: the ramp's end, the next 1 January, the hall's
 * next refresh. The energy plugin integrates power = epsilon + load x (peak - epsilon), which is
 * affine in load, and compute is linear in load, so every year's IT energy and compute are exactly
 * those of the continuous line (the next refresh bounds a segment because it changes the hall's
 * GFLOP/s per W).  Monthly steps only approximated that, at 12 load changes a year; this is at
 * most ceil(ramp_years) + 1 per hall, plus one per refresh during the ramp. */
#define RAMP_EPS_S 1e-3 /* as snap(): closer dates are the same date */

static void hall_ramp(Model *m, int i)
{
  Hall *h = &m->hw.halls[i];
  double t = now(m);
  if (t >= h->ramp_end_t - RAMP_EPS_S) {
    hall_set_load(m, i, h->utilization);
    return;
  }
  double end = MIN(h->ramp_end_t, t_of(m, floor(year_of(m, t + RAMP_EPS_S)) + 1));
  double refresh_t = t_of(m, h->next_refresh_year);
  if (refresh_t > t + RAMP_EPS_S && refresh_t < end)
    end = refresh_t;
  double mid = 0.5 * (t + end);
  hall_set_load(m, i, h->utilization * (mid - h->fit_t) / (h->ramp_end_t - h->fit_t));
  hall_at(m, end, i, HT_RAMP);
}

/* Rule 9: the hall is fitted (newest hardware, IT embodied CO2 and capex: rule 12), its refresh
 * and its ramp scheduled.  A hall of an existing campus at the start (§2) was fitted long ago. */
static void hall_fit(Model *m, int i)
{
  Hall *h = &m->hw.halls[i];
  const DcbScenario *sc = m->sc;
  h->fit_t = now(m);
  h->utilization = h->owner->utilization; /* rule 25: its campus's own, else [operation]'s */
  g_array_append_val(m->hw.fitted_list, i);
  sg_host_set_pstate(h->host, DCB_HALL_PSTATE_FITTED);
  double year = year_of(m, now(m));
  gboolean long_ago = h->existing && now(m) <= 0;
  if (long_ago) {
    /* An existing campus at the start: fitted long ago, at full utilization at once, with the
     * hardware of its last refresh; its refreshes fall at operating_since + k x refresh_years
     * (k >= 1), the next one possibly today (and counted when it falls inside the rows). */
    double since = h->owner->operating_since, r = sc->refresh_years;
    double k = MAX(1.0, ceil((year - since) / r - 1e-9));
    h->next_refresh_year = since + k * r;
    hall_set_generation(m, i, dcb_account_gflops_per_w(sc, (int)floor(since + (k - 1) * r + 1e-9)));
    hall_set_load(m, i, h->utilization);
  } else {
    /* A fit-out (of a new hall, or of a vacant hall of an existing campus). */
    hall_set_generation(m, i, dcb_account_gflops_per_w(sc, calendar_year(m)));
    dcb_book_embodied_it(m, h->site, h->mw);
    dcb_book_capex_it(m, h->mw);
    h->next_refresh_year = year + sc->refresh_years;
  }
  /* The refresh first: a ramp step due at the same date then sees the next one. */
  hall_at(m, t_of(m, h->next_refresh_year), i, HT_REFRESH);
  if (!long_ago) {
    h->ramp_end_t = h->fit_t + h->owner->ramp_years * YEAR_S;
    hall_ramp(m, i);
  }
  dcb_project_event(h->owner, DCB_EV_FITTED, h->mw);
}

/* Rule 11: the newest generation, IT embodied CO2 and capex counted again (rule 12), the next
 * refresh refresh_years later. */
static void hall_refresh(Model *m, int i)
{
  Hall *h = &m->hw.halls[i];
  const DcbScenario *sc = m->sc;
  hall_set_generation(m, i, dcb_account_gflops_per_w(sc, calendar_year(m)));
  dcb_book_embodied_it(m, h->site, h->mw);
  dcb_book_capex_it(m, h->mw);
  dcb_project_event(h->owner, DCB_EV_REFRESHED, h->mw);
  h->next_refresh_year += sc->refresh_years;
  hall_at(m, t_of(m, h->next_refresh_year), i, HT_REFRESH);
}

/* Rule 9: energized halls are fitted, in energization order, while fitted capacity is below
 * demand; each fit-out is carried out by the hall's group actor, now. */
static void fit_to_demand(Model *m)
{
  while (m->fitted_mw < m->demand_mw - MW_EPS && m->hw.fit_next < m->hw.energized_order->len) {
    int i = g_array_index(m->hw.energized_order, int, m->hw.fit_next++);
    m->fitted_mw += m->hw.halls[i].mw;
    hall_at(m, now(m), i, HT_FIT);
    dcb_seq_signal(m->seq, &m->hw.groups[i / DCB_HALLS_PER_ACTOR].slot);
  }
}

/* ---------------------------------------------------------------- the actors */

static void hall_group_fire(void *role)
{
  HallGroup *hw = role;
  Model *m = hw->model;
  HallTimer ht = hall_timer_pop(hw->timers);
  switch (ht.kind) {
    case HT_FIT:
      hall_fit(m, ht.hall);
      break;
    case HT_RAMP:
      hall_ramp(m, ht.hall);
      break;
    case HT_REFRESH:
      hall_refresh(m, ht.hall);
      break;
  }
}

void dcb_hall_group_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  HallGroup *hw = sg_actor_self_get_data();
  dcb_model_timer_actor(hw->model->seq, &hw->slot, hw->timers, hall_group_fire, NULL, hw);
}

void dcb_hardware_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  Model *m = sg_actor_self_get_data();
  sg_actor_daemonize(sg_actor_self());
  if (!dcb_seq_enter(m->seq, &m->hardware)) {
    dcb_seq_leave(m->seq, &m->hardware);
    return;
  }
  do
    fit_to_demand(m);
  while (dcb_seq_wait(m->seq, &m->hardware, G_MAXDOUBLE));
  dcb_seq_leave(m->seq, &m->hardware);
}
