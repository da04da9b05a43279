/* projects.c - every campus's lifecycle (DESIGN §2.1 rules 7 and 8, §2.2 rules 16, 17, 19, 22),
 * run by one actor.
 *
 * A project is announced, permitted or cancelled permit_years later, then builds its phases
 * (phase_years each, drawn when a phase starts).  Phase k may start (rule 16 (a)) once the permit
 * is done and phase k-1 is built -- or, with phase_overlap > 0, once phase k-1 started (1 -
 * phase_overlap) of its drawn duration ago.  A developer who builds at risk starts it then; one
 * who does not (build_at_risk = false, the default) waits for the phase's tranche to be granted
 * and starts at the latest of (a), the grant and ready_k - planned_k (rule 16 (b); planned_k the
 * central value of phase_years).  A built phase's halls whose connection is ready are energized
 * at once; the others are stranded until the grid operator (gridop.c) reports their tranche
 * ready (with partial grants, part by part).  Each step is one dated record in one heap
 * (m->proj.timers); the projects actor plays them in (date, insertion) order.  One actor per
 * project cost its creation, its stack and its own wake-ups; the order is the same.  Energizing
 * halls puts them, in host-name order, at the end of the region's energization order, from
 * which the hardware actor (halls.c) fits them.  An existing campus (§2: operating_since <=
 * start_year) is energized at the start without a lifecycle.  MW figures are IT MW.
 *
 * Developers' decisions (DESIGN §2.2): rule 17's patience is one dated look, max_wait_years
 * after the project's first request at its site; a project still waiting for its first tranche
 * with no phase started then relocates (once: its halls and requests given back, allocated and
 * requested again at the best other site, its lifecycle restarted there), bridges with on-site
 * power, or is abandoned (its IT MW leaks: leaked_mw), the first of on_long_wait that applies.
 * A restart or an abandonment bumps Project.life, which expires the project's older timers.
 * Rule 19's bridging project schedules its phases against its on-site ready date (or the real
 * one, when earlier), energizes built phases on on-site power from that date (HALL_ONSITE), and
 * moves each to the grid when its tranche is ready.
 *
 * Rule 22's market check (market_check = true): at the end of permitting a project goes on to
 * its phases only if demand market_years ahead exceeds the committed capacity (operating,
 * stranded, under construction, and the phases not started of the projects that went on
 * before it); else it is deferred and checks again every 1 January, going on as soon as the
 * check passes, cancelled at the first failed check defer_years or more after its deferral.
 * While deferred it keeps its requests and grants (use-it-or-lose-it still applies to them),
 * stays in the pipeline, and rule 17's look waits until it goes on: patience is about the grid.
 */
#include "account.h"
#include "heap.h"
#include "model_internal.h"
#include <simgrid/actor.h>
#include <string.h>

DCB_DEFINE_TIMER_HEAP(ProjectTimer, project_timer)

/* A dated record of the project's lifecycle (pushed by the projects actor itself, or by another
 * actor, which then signals it). */
static void project_schedule(Project *p, double t, ProjectTimerKind kind, int phase, guint64 gen)
{
  Model *m = p->m;
  project_timer_push(m->proj.timers, (ProjectTimer){.t = MAX(t, now(m)),
                                                    .seq = m->timer_seq++,
                                                    .project = p,
                                                    .kind = kind,
                                                    .phase = phase,
                                                    .gen = gen,
                                                    .life = p->life});
}

/* The project's next announced / permitted step at 't'. */
static void project_at(Project *p, double t)
{
  project_schedule(p, t, PT_STEP, -1, 0);
}

static void patience_from(Project *p, double request_t);
static void patience_look(Project *p);
static void jobs_admit(Project *p, int k);
static void jobs_room_freed(Model *m);
static void project_bridge(Project *p);
static void onsite_ready(Project *p);
static void onsite_to_grid(Project *p, const Tranche *tr);
static gboolean market_check(const Project *p);
static void project_defer(Project *p);
static void project_proceed(Project *p);
static void market_recheck(Project *p);

/* Rule 8: the halls of a built phase whose connection is ready (HALL_READY) are energized now,
 * in host-name order at the end of the region's energization order.  Under rule 15's partial
 * grants a phase's halls may become ready part by part: those without a ready connection stay
 * stranded, and the phase is energized (PH_ENERGIZED) when the last of them is.  A phase
 * energized all at once counts its MW as allocated (ph->mw), so that the stocks are those of
 * rule 8 read alone, to the bit. */
void dcb_phase_energize(Project *p, Phase *ph)
{
  Model *m = p->m;
  double mw = 0, onsite_mw = 0;
  int n_new = 0, n_on = 0;
  for (int j = 0; j < ph->n_halls; j++) {
    guint8 *f = &p->hall_flags[ph->first_hall + j];
    gboolean grid = (*f & HALL_READY) != 0;
    if (!(*f & HALL_ON) && (grid || p->onsite_live)) {
      int hi = p->halls[ph->first_hall + j];
      *f |= HALL_ON;
      mw += m->hw.halls[hi].mw;
      n_new++;
      g_array_append_val(m->hw.energized_order, hi);
      if (!grid) { /* rule 19: on on-site power until its tranche is ready */
        *f |= HALL_ONSITE;
        onsite_mw += m->hw.halls[hi].mw;
        dcb_hall_power_source(m, hi, TRUE);
      }
    }
    n_on += (*f & HALL_ON) != 0;
  }
  if (n_new == 0)
    return;
  if (onsite_mw > 0) {
    m->onsite_mw += onsite_mw;
    dcb_book_capex_onsite(m, onsite_mw);
  }
  if (n_on == ph->n_halls)
    mw = ph->mw - ph->on_mw; /* the rest of the phase (all of it when none was on) */
  if (ph->state == PH_STRANDED) {
    m->stranded_mw -= mw;
    m->site_stranded_mw[p->site] -= mw;
  }
  if (n_on == ph->n_halls)
    ph->state = PH_ENERGIZED;
  ph->on_mw = n_on == ph->n_halls ? ph->mw : ph->on_mw + mw;
  m->operating_mw += mw;
  m->site_operating_mw[p->site] += mw;
  dcb_book_embodied_building(m, p->site, mw);
  p->any_energized = TRUE;
  dcb_project_event(p, DCB_EV_ENERGIZED, mw);
  dcb_seq_signal(m->seq, &m->hardware);
}

static void project_free_halls(Project *p)
{
  p->m->site_live_projects[p->site]--;
  if (!p->reserved)
    return;
  for (int k = 0; k < p->n_halls; k++) {
    p->m->hw.halls[p->halls[k]].used = FALSE;
    p->m->hw.halls[p->halls[k]].owner = NULL;
  }
  p->m->site_free_halls[p->site] += p->n_halls;
}

static void phase_earliest(Project *p, int k);

/* Rule 7: phase k starts: it leaves the pipeline for construction, and is built one phase_years
 * draw later.  With phase_overlap > 0 (rule 16 (a)), the next phase may start once
 * (1 - phase_overlap) of this one's drawn duration has passed. */
static void phase_start(Project *p, int k)
{
  Model *m = p->m;
  Phase *ph = &p->phases[k];
  ph->state = PH_CONSTRUCTION;
  m->pipeline_mw -= ph->mw;
  m->construction_mw += ph->mw;
  dcb_project_event(p, DCB_EV_PHASE_STARTED, ph->mw);
  double d = dcb_dist_sample(&p->phase_dist, &p->rng_phase);
  project_schedule(p, later(m, d), PT_BUILT, k, 0);
  double overlap = p->dev->phase_overlap;
  if (overlap > 0 && k + 1 < p->n_phases)
    project_schedule(p, later(m, (1 - overlap) * d), PT_EARLIEST, k + 1, 0);
}

/* Rule 16 (b): the date the connection of phase k is ready, from the first part of its tranche
 * that is granted (the earliest grant; the project's one tranche with grant = whole), or -1
 * when none is. */
static double phase_ready_t(const Project *p, int k)
{
  const Tranche *first = NULL;
  for (guint i = 0; i < p->tranches->len; i++) {
    const Tranche *tr = p->tranches->pdata[i];
    if ((tr->conn == CONN_GRANTED || tr->conn == CONN_READY) && (tr->phase < 0 || tr->phase == k) &&
        (first == NULL || tr->grant_t < first->grant_t))
      first = tr;
  }
  double ready = first != NULL ? first->ready_t : -1;
  if (p->bridged) /* rule 19: on-site power, or the grid when that comes first */
    ready = ready < 0 ? p->onsite_ready_t : MIN(ready, p->onsite_ready_t);
  return ready;
}

/* Rule 16, financial close: phase k, whose earliest start (a) has come, starts now when the
 * developer builds at risk; otherwise it needs its tranche granted (until then it waits in the
 * pipeline, and the grant calls this again) and starts at ready_k - planned_k (planned_k: the
 * central value of phase_years), or now if that is past. */
static void financial_close(Project *p, int k)
{
  Model *m = p->m;
  Phase *ph = &p->phases[k];
  if (p->cancelled || ph->state != PH_PIPELINE || !ph->startable)
    return;
  if (p->dev->build_at_risk) {
    jobs_admit(p, k);
    return;
  }
  double ready = phase_ready_t(p, k);
  if (ready < 0)
    return;
  double t = snap(ready - dcb_dist_central(&p->phase_dist) * YEAR_S);
  if (t <= now(m) + 1e-3)
    jobs_admit(p, k);
  else
    project_schedule(p, t, PT_START, k, ++ph->sched_gen);
}

/* Rule 16 (a): phase k's earliest start under rule 7 has come (permit done; phase k-1 built, or
 * started (1 - phase_overlap) of its duration ago). */
static void phase_earliest(Project *p, int k)
{
  p->phases[k].startable = TRUE;
  financial_close(p, k);
}

/* Rule 16: a tranche of the project is granted: the phases it covers whose earliest start has
 * come are scheduled against it (the first granted part of a phase's tranche sets ready_k). */
void dcb_project_granted(Project *p, Tranche *tr)
{
  if (p->dev->build_at_risk || p->cancelled)
    return;
  int lo = tr->phase < 0 ? 0 : tr->phase;
  int hi = tr->phase < 0 ? p->n_phases : tr->phase + 1;
  for (int k = lo; k < hi; k++)
    financial_close(p, k);
  dcb_seq_signal(p->m->seq, &p->m->projects_slot);
}

/* Rules 4 and 8: a tranche's connection is ready: its halls are, and those of built phases are
 * energized now. */
void dcb_tranche_ready(Project *p, Tranche *tr)
{
  for (int j = 0; j < tr->n_halls; j++)
    p->hall_flags[tr->first_hall + j] |= HALL_READY;
  onsite_to_grid(p, tr);
  for (int k = 0; k < p->n_phases; k++) {
    Phase *ph = &p->phases[k];
    if (ph->state == PH_STRANDED && ph->first_hall < tr->first_hall + tr->n_halls &&
        tr->first_hall < ph->first_hall + ph->n_halls)
      dcb_phase_energize(p, ph);
  }
}

/* Rules 6 and 15: a tranche given back: its halls not yet energized lose their connection (a
 * phase scheduled against it waits for its grant again: financial_close looks again when its
 * start comes). */
void dcb_tranche_released(Project *p, Tranche *tr)
{
  for (int j = 0; j < tr->n_halls; j++)
    if (!(p->hall_flags[tr->first_hall + j] & HALL_ON))
      p->hall_flags[tr->first_hall + j] &= (guint8)~HALL_READY;
}

/* Rule 7: announced; permitting takes permit_years. */
static void project_announce(Project *p)
{
  Model *m = p->m;
  m->pipeline_mw += p->total_mw;
  dcb_project_event(p, DCB_EV_ANNOUNCED, p->total_mw);
  p->stage = PS_PERMITTED;
  project_at(p, later(m, dcb_dist_sample(&p->permit, &p->rng_permit)));
}

/* Rule 7: cancelled at the end of permitting: its tranches released (rule 15), its halls
 * freed. */
static void project_cancel(Project *p)
{
  Model *m = p->m;
  p->cancelled = TRUE;
  m->pipeline_mw -= p->total_mw;
  for (int k = 0; k < p->n_phases; k++)
    p->phases[k].state = PH_CANCELLED;
  dcb_project_event(p, DCB_EV_CANCELLED, p->total_mw);
  dcb_grid_release(p);
  project_free_halls(p);
}

/* Rule 7: the end of permitting: cancelled with probability cancel_p, else permitted; then,
 * with market_check (rule 22), the project goes on to its phases only if the market wants it
 * (else it is deferred), and without it at once: phase 1 may start (rule 16). */
static void permit_end(Project *p)
{
  if (dcb_rng_uniform(&p->rng_cancel) < p->cancel_p) {
    project_cancel(p);
    return;
  }
  dcb_project_event(p, DCB_EV_PERMITTED, p->total_mw);
  if (p->dev->market_check && !market_check(p)) {
    project_defer(p);
    return;
  }
  project_proceed(p);
}

/* Rules 7 and 8: phase k is built (facility capex, rule 12): its halls whose connection is ready
 * are energized, the others stranded; without phase_overlap the next phase may start now. */
static void phase_built(Project *p, int k)
{
  Model *m = p->m;
  Phase *ph = &p->phases[k];
  m->construction_mw -= ph->mw;
  dcb_book_capex_facility(m, ph->mw);
  dcb_project_event(p, DCB_EV_PHASE_BUILT, ph->mw);
  dcb_phase_energize(p, ph);
  if (ph->state != PH_ENERGIZED) {
    double mw = ph->mw - ph->on_mw;
    ph->state = PH_STRANDED;
    m->stranded_mw += mw;
    m->site_stranded_mw[p->site] += mw;
  }
  jobs_room_freed(m); /* rule 26: before the next phase, which became ready after them */
  if (k + 1 < p->n_phases && p->dev->phase_overlap <= 0)
    phase_earliest(p, k + 1);
}

/* One dated record of a project's lifecycle (rules 7 and 16). */
static void project_step(const ProjectTimer *pt)
{
  Project *p = pt->project;
  if (pt->life != p->life)
    return; /* set before its lifecycle restarted elsewhere or ended (rule 17) */
  switch (pt->kind) {
    case PT_STEP:
      if (p->stage == PS_ANNOUNCE)
        project_announce(p);
      else
        permit_end(p);
      break;
    case PT_BUILT:
      phase_built(p, pt->phase);
      break;
    case PT_EARLIEST:
      phase_earliest(p, pt->phase);
      break;
    case PT_START:
      if (pt->gen == p->phases[pt->phase].sched_gen)
        financial_close(p, pt->phase);
      break;
    case PT_PATIENCE:
      patience_look(p);
      break;
    case PT_ONSITE:
      onsite_ready(p);
      break;
    case PT_MARKET:
      market_recheck(p);
      break;
  }
}

static void projects_fire(void *role)
{
  Model *m = role;
  ProjectTimer pt = project_timer_pop(m->proj.timers);
  project_step(&pt);
}

void dcb_projects_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  Model *m = sg_actor_self_get_data();
  dcb_model_timer_actor(m->seq, &m->projects_slot, m->proj.timers, projects_fire, NULL, m);
}

/* ---------------------------------------------------------------- rule 17: patience */

/* Rule 17: the one look comes max_wait_years after the project's first request at its site (a
 * re-request after use-it-or-lose-it does not move it), and not before its announcement (a
 * project that requested its connection earlier is not there to act until then). */
static void patience_from(Project *p, double request_t)
{
  if (p->existing || !p->dev->has_max_wait)
    return;
  double t = snap(request_t + p->dev->max_wait_years * YEAR_S);
  project_schedule(p, MAX(t, p->start_t), PT_PATIENCE, -1, 0);
}

/* Rule 17: whether the project's first tranche (phase 1's, or the whole request with grant =
 * whole; with grant = partial, a part of it) is granted. */
static gboolean first_tranche_granted(const Project *p)
{
  for (guint i = 0; i < p->tranches->len; i++) {
    const Tranche *tr = p->tranches->pdata[i];
    if ((tr->conn == CONN_GRANTED || tr->conn == CONN_READY) && tr->phase <= 0)
      return TRUE;
  }
  return FALSE;
}

/* Rules 17 and 18: the grid MW of the first tranche of phases that would get 'phase_mw' IT MW
 * each: phase 1's, or all of it with grant = whole (its one tranche). */
double dcb_first_tranche_mw(const Model *m, const double *phase_mw, int n_phases)
{
  double it = n_phases > 0 ? phase_mw[0] : 0;
  if (m->sc->grant == DCB_GRANT_WHOLE)
    for (int k = 1; k < n_phases; k++)
      it += phase_mw[k];
  return it * m->sc->grid_mw_per_it_mw;
}

/* Rule 17: the available headroom at substation s (headroom - grid MW queued there) once the
 * project has given its own requests and grants back (they are at its substation). */
static double available_without(const Project *p, int s)
{
  double avail = dcb_available_headroom_mw(p->m, s);
  if (s != p->substation)
    return avail;
  for (guint i = 0; i < p->tranches->len; i++) {
    const Tranche *tr = p->tranches->pdata[i];
    if ((tr->conn == CONN_QUEUED && tr->req != NULL && tr->req->filed) ||
        tr->conn == CONN_GRANTED || tr->conn == CONN_READY)
      avail += tr->mw;
  }
  return avail;
}

/* Rule 17: the best other site with free halls for all the project's phases (allocated as rule
 * 7) whose substation's available headroom covers the first tranche: fast-track sites first,
 * then the larger available headroom, then site name (platform order).  -1 when none. */
static int relocation_site(const Project *p)
{
  const Model *m = p->m;
  double *got = g_new0(double, MAX(1, p->n_phases));
  int best = -1;
  double best_avail = 0;
  for (int i = 0; i < m->pf->n_sites; i++) {
    if (i == p->site || m->site_free_halls[i] == 0)
      continue;
    gboolean covered = FALSE;
    dcb_project_plan(m, i, p->asked_mw, p->n_phases, got, &covered);
    double avail = available_without(p, m->site_substation[i]);
    if (!covered || avail + MW_EPS < dcb_first_tranche_mw(m, got, p->n_phases))
      continue;
    gboolean ft = m->pf->sites[i].fast_track;
    if (best < 0 || (ft && !m->pf->sites[best].fast_track) ||
        (ft == m->pf->sites[best].fast_track && avail > best_avail + MW_EPS)) {
      best = i;
      best_avail = avail;
    }
  }
  g_free(got);
  return best;
}

/* Rule 17, relocate: the project gives back its halls and requests and is announced again at
 * the new site (event relocated, its IT MW there; no announced event): permitting again with a
 * new draw, its cancellation drawn again at its end, its tranches requested now, its patience
 * counted from now.  FALSE when it has relocated before or no site qualifies. */
static gboolean project_relocate(Project *p)
{
  Model *m = p->m;
  if (p->relocated)
    return FALSE;
  int site = relocation_site(p);
  if (site < 0)
    return FALSE;
  double old_mw = p->total_mw;
  int n = p->n_phases;
  double *asked = g_memdup2(p->asked_mw, sizeof(double) * MAX(1, n));
  dcb_grid_release(p);
  project_free_halls(p);
  g_free(p->halls);
  g_free(p->hall_flags);
  g_free(p->phases);
  p->site = site;
  p->substation = m->site_substation[site];
  m->site_live_projects[site]++;
  if (p->investor)
    p->fast_track = m->pf->sites[site].fast_track;
  dcb_project_allocate(p, asked, n, p->cancel_p < 1);
  g_free(asked);
  m->pipeline_mw += p->total_mw - old_mw;
  p->relocated = TRUE;
  p->proceeded = FALSE; /* rule 22: permitted again, checked again (its phases not committed) */
  p->life++;
  dcb_project_event(p, DCB_EV_RELOCATED, p->total_mw);
  p->request_t = now(m);
  dcb_grid_request(p, now(m));
  p->stage = PS_PERMITTED;
  project_at(p, later(m, dcb_dist_sample(&p->permit, &p->rng_permit)));
  patience_from(p, p->request_t);
  return TRUE;
}

/* Rule 17, abandon: the project is cancelled (event cancelled) and its IT MW leaks elsewhere. */
static void project_abandon(Project *p)
{
  p->life++;
  project_cancel(p);
  p->m->leaked_mw += p->total_mw;
}

/* Rule 17: the one look.  A project whose first tranche is not granted and none of whose phases
 * has started does the first action of on_long_wait that applies (relocate: rule above; bridge:
 * [onsite] enabled, rule 19; abandon: always); when none does, it keeps waiting. */
static void patience_look(Project *p)
{
  if (p->deferred) { /* rule 22: waiting for the market, not the grid: looks when it passes */
    p->patience_due = TRUE;
    return;
  }
  if (p->cancelled || first_tranche_granted(p))
    return;
  for (int k = 0; k < p->n_phases; k++)
    if (p->phases[k].state != PH_PIPELINE)
      return;
  for (int i = 0; i < p->dev->n_on_long_wait; i++) {
    switch (p->dev->on_long_wait[i]) {
      case DCB_WAIT_RELOCATE:
        if (project_relocate(p))
          return;
        break;
      case DCB_WAIT_BRIDGE:
        if (p->m->sc->onsite_enabled) {
          project_bridge(p);
          return;
        }
        break;
      case DCB_WAIT_ABANDON:
        project_abandon(p);
        return;
    }
  }
}

/* ---------------------------------------------------------------- rule 22: the market check */

/* Rule 22: the committed capacity the market check of project p weighs demand against (IT MW):
 * what is operating (on-site power and existing campuses included), stranded or under
 * construction, plus the phases not yet started of the other live projects that went on to
 * their phases after their permit (passed the check, or have none: market_check = false per
 * project; a project that has no check goes on as one that passed it would). */
static double committed_mw(const Project *p)
{
  const Model *m = p->m;
  double mw = m->operating_mw + m->stranded_mw + m->construction_mw;
  for (guint i = 0; i < m->proj.list->len; i++) {
    const Project *q = m->proj.list->pdata[i];
    if (q == p || !q->proceeded || q->cancelled)
      continue;
    for (int k = 0; k < q->n_phases; k++)
      if (q->phases[k].state == PH_PIPELINE)
        mw += q->phases[k].mw;
  }
  return mw;
}

/* Rule 22: whether the market wants project p now: demand(now + market_years), the demand of
 * the calendar year floor(now + market_years) as the investor reads its lookahead, exceeds the
 * committed capacity. */
static gboolean market_check(const Project *p)
{
  const Model *m = p->m;
  double year = year_of(m, now(m)) + p->dev->market_years;
  double demand = dcb_scenario_demand(m->sc, (int)floor(year + 1e-9));
  return demand > committed_mw(p) + MW_EPS;
}

/* Rule 22: the project goes on to its phases: phase 1 may start (rule 16 schedules it against
 * its grant).  A look of rule 17 that came while it was deferred is taken now (its phases may
 * have started at once, with build_at_risk or a tranche ready soon enough: then it does
 * nothing, as rule 17 says). */
static void project_proceed(Project *p)
{
  p->deferred = FALSE;
  p->proceeded = TRUE;
  if (p->n_phases > 0)
    phase_earliest(p, 0);
  if (p->patience_due) {
    p->patience_due = FALSE;
    patience_look(p);
  }
}

/* Rule 22: the date of the next 1 January. */
static double next_new_year(const Model *m)
{
  return t_of(m, calendar_year(m) + 1);
}

/* Rule 22: a deferred project whose check fails at least defer_years after its deferral (the
 * check that defers it counts: defer_years = 0 cancels it at once) is cancelled; otherwise it
 * checks again on the next 1 January. */
static void market_wait(Project *p)
{
  Model *m = p->m;
  if (now(m) >= p->deferred_t + p->dev->defer_years * YEAR_S - 1e-3) {
    p->deferred = FALSE;
    project_cancel(p);
    return;
  }
  project_schedule(p, next_new_year(m), PT_MARKET, -1, 0);
}

/* Rule 22: the check failed at the end of permitting: the project is deferred (event deferred,
 * its IT MW).  It keeps its requests and grants (their places in the queue; rule 6 still applies
 * to its grants), stays in pipeline_mw, and its phases wait (not startable: not in
 * waiting_grid_mw, the market holds them back, not the grid). */
static void project_defer(Project *p)
{
  p->deferred = TRUE;
  p->deferred_t = now(p->m);
  dcb_project_event(p, DCB_EV_DEFERRED, p->total_mw);
  market_wait(p);
}

/* Rule 22: 1 January: a deferred project checks again against demand(that date +
 * market_years); it goes on as soon as the check passes. */
static void market_recheck(Project *p)
{
  if (p->cancelled || !p->deferred)
    return;
  if (market_check(p))
    project_proceed(p);
  else
    market_wait(p);
}

/* ---------------------------------------------------------------- rule 26: the jobs limit */

/* Rule 26: whether phase k may start now under [jobs] max_construction_jobs (always, without
 * it): construction jobs (IT MW under construction x construction_per_mw) plus its own stay
 * within the limit; a phase whose own jobs exceed the limit alone fits when no other phase is
 * under construction. */
static gboolean jobs_fit(const Project *p, int k)
{
  const Model *m = p->m;
  const DcbScenario *sc = m->sc;
  if (!sc->has_max_construction_jobs)
    return TRUE;
  double own = dcb_account_jobs(p->phases[k].mw, sc->construction_per_mw);
  double limit = sc->max_construction_jobs;
  double tol = 1e-9 * fmax(1.0, limit); /* the sums of MW are not exact */
  if (own > limit + tol)
    return m->construction_mw < MW_EPS;
  return dcb_account_jobs(m->construction_mw, sc->construction_per_mw) + own <= limit + tol;
}

/* Rule 26's order of the waiting phases: when they became ready to start, then project name,
 * then phase index. */
static int jobs_wait_cmp(const JobsWait *a, const JobsWait *b)
{
  if (a->t != b->t)
    return a->t < b->t ? -1 : 1;
  int c = strcmp(a->project->name, b->project->name);
  if (c != 0)
    return c;
  return (a->phase > b->phase) - (a->phase < b->phase);
}

/* Rule 26: phase k, ready to start now, waits for room (it stays in the pipeline). */
static void jobs_wait(Project *p, int k)
{
  GArray *w = p->m->proj.jobs_waiting;
  JobsWait jw = {.t = now(p->m), .project = p, .phase = k, .life = p->life};
  guint at = w->len;
  while (at > 0 && jobs_wait_cmp(&jw, &g_array_index(w, JobsWait, at - 1)) < 0)
    at--;
  g_array_insert_val(w, at, jw);
  p->phases[k].jobs_waiting = TRUE;
}

/* Rule 26: phase k is ready to start now (rule 16 says so): it starts if it fits under the jobs
 * limit, whatever waits already (a waiting phase that does not fit holds no later one back),
 * else it waits.  Without the limit: phase_start, as before the rule. */
static void jobs_admit(Project *p, int k)
{
  if (p->phases[k].jobs_waiting)
    return; /* waiting already, in its place */
  if (jobs_fit(p, k))
    phase_start(p, k);
  else
    jobs_wait(p, k);
}

/* Rule 26: whether a waiting phase k may still start now by rule 16: at risk, or its tranche
 * granted and ready_k - planned_k come (a tranche released while it waited, rule 16's
 * revision, or granted again for a later date, sends it back to rule 16: dcb_project_granted or
 * its PT_START brings it back to jobs_admit). */
static gboolean jobs_still_ready(const Project *p, int k)
{
  const Phase *ph = &p->phases[k];
  if (p->cancelled || ph->state != PH_PIPELINE || !ph->startable)
    return FALSE;
  if (p->dev->build_at_risk)
    return TRUE;
  double ready = phase_ready_t(p, k);
  return ready >= 0 && snap(ready - dcb_dist_central(&p->phase_dist) * YEAR_S) <= now(p->m) + 1e-3;
}

/* Rule 26: a phase is built and construction jobs fell: the waiting phases that fit now start,
 * in their order; those that do not fit keep their place.  A waiting phase whose lifecycle
 * restarted or ended (rule 17) leaves the list; so does one that rule 16 no longer lets start
 * (jobs_still_ready). */
static void jobs_room_freed(Model *m)
{
  GArray *w = m->proj.jobs_waiting;
  guint i = 0;
  while (i < w->len) {
    JobsWait jw = g_array_index(w, JobsWait, i);
    Project *p = jw.project;
    if (jw.life != p->life) {
      g_array_remove_index(w, i);
      continue;
    }
    Phase *ph = &p->phases[jw.phase];
    gboolean live = jobs_still_ready(p, jw.phase);
    if (live && !jobs_fit(p, jw.phase)) {
      i++;
      continue;
    }
    ph->jobs_waiting = FALSE;
    g_array_remove_index(w, i);
    if (live)
      phase_start(p, jw.phase);
  }
}

/* ---------------------------------------------------------------- rule 19: on-site power */

/* Rule 19: whether every hall of phase k has its tranche's connection ready. */
static gboolean phase_grid_ready(const Project *p, int k)
{
  const Phase *ph = &p->phases[k];
  for (int j = 0; j < ph->n_halls; j++)
    if (!(p->hall_flags[ph->first_hall + j] & HALL_READY))
      return FALSE;
  return TRUE;
}

/* Rule 19 (bridge, rule 17): the project draws [onsite] lead_years once; its on-site ready date
 * is now + that.  From now on rule 16 schedules its phases whose tranche is not ready as if
 * their ready_k were the on-site ready date (or the real one, when earlier): the phases whose
 * earliest start has come are looked at again now. */
static void project_bridge(Project *p)
{
  Model *m = p->m;
  g_autofree char *ent = g_strdup_printf("project:%s/onsite", p->name);
  DcbRng rng;
  dcb_rng_init(&rng, m->seed, ent);
  p->bridged = TRUE;
  p->onsite_ready_t = later(m, dcb_dist_sample(&m->sc->onsite_lead_years, &rng));
  project_schedule(p, p->onsite_ready_t, PT_ONSITE, -1, 0);
  for (int k = 0; k < p->n_phases; k++)
    financial_close(p, k);
}

/* Rule 19: the on-site ready date: one bridged event (the IT MW of the phases whose tranche is
 * not ready now, built or not); the built phases whose tranche is not ready are energized on
 * on-site power now, and those built later at their built date (dcb_phase_energize). */
static void onsite_ready(Project *p)
{
  if (p->cancelled)
    return;
  p->onsite_live = TRUE;
  double mw = 0;
  for (int k = 0; k < p->n_phases; k++)
    if (!phase_grid_ready(p, k))
      mw += p->phases[k].mw;
  dcb_project_event(p, DCB_EV_BRIDGED, mw);
  for (int k = 0; k < p->n_phases; k++)
    if (p->phases[k].state == PH_STRANDED)
      dcb_phase_energize(p, &p->phases[k]);
}

/* Rule 19: a tranche is ready: its halls on on-site power move to the grid (one grid_connected
 * event per phase, with the IT MW that moved), and their on-site generation stops. */
static void onsite_to_grid(Project *p, const Tranche *tr)
{
  Model *m = p->m;
  for (int k = 0; k < p->n_phases; k++) {
    const Phase *ph = &p->phases[k];
    double moved = 0;
    for (int j = 0; j < ph->n_halls; j++) {
      int i = ph->first_hall + j;
      if (i < tr->first_hall || i >= tr->first_hall + tr->n_halls ||
          !(p->hall_flags[i] & HALL_ONSITE))
        continue;
      p->hall_flags[i] &= (guint8)~HALL_ONSITE;
      moved += m->hw.halls[p->halls[i]].mw;
      dcb_hall_power_source(m, p->halls[i], FALSE);
    }
    if (moved > 0) {
      m->onsite_mw -= moved;
      dcb_project_event(p, DCB_EV_GRID_CONNECTED, moved);
    }
  }
}

/* The site's free halls, in platform order from *from, until they cover 'mw' (with the
 * tolerance of dcb_platform_take_halls, which `check` uses: the same halls).  *from moves past
 * the last one taken, so the phases of one allocation scan the site once. */
static int take_halls(const Model *m, int site, int *from, double mw, int *out)
{
  const DcbSite *s = &m->pf->sites[site];
  double need = mw - 1e-9 * fmax(1.0, fabs(mw));
  double got = 0;
  int n = 0, h = *from;
  for (; h < s->first_hall + s->n_halls && got < need; h++) {
    if (m->hw.halls[h].used)
      continue;
    out[n++] = h;
    got += m->pf->halls[h].peak_w / 1e6;
  }
  *from = h;
  return n;
}

/* Rule 7: allocate halls phase by phase.  Returns the project's IT MW.  A project that is sure
 * to be cancelled (probability 1) does not reserve its halls (as `check` assumes).  Costs the
 * site's halls, not the region's. */
double dcb_project_allocate(Project *p, const double *phases_mw, int n_phases, gboolean reserve)
{
  Model *m = p->m;
  const DcbSite *site = &m->pf->sites[p->site];
  int from = site->first_hall;
  p->halls = g_new0(int, site->n_halls);
  p->hall_flags = g_new0(guint8, MAX(1, site->n_halls));
  p->phases = g_new0(Phase, n_phases);
  p->n_phases = 0;
  p->n_halls = 0;
  p->total_mw = 0;
  p->reserved = reserve;
  double *asked = g_new0(double, MAX(1, n_phases));
  for (int k = 0; k < n_phases; k++) {
    int n = take_halls(m, p->site, &from, phases_mw[k], p->halls + p->n_halls);
    if (n == 0)
      break;
    Phase *ph = &p->phases[p->n_phases++];
    ph->first_hall = p->n_halls;
    ph->n_halls = n;
    ph->state = PH_PIPELINE;
    for (int j = 0; j < n; j++) {
      Hall *h = &m->hw.halls[p->halls[p->n_halls + j]];
      ph->mw += h->mw;
      if (!reserve)
        continue;
      h->used = TRUE;
      h->owner = p;
      m->site_free_halls[p->site]--;
    }
    p->n_halls += n;
    p->total_mw += ph->mw;
    asked[p->n_phases - 1] = MIN(phases_mw[k], ph->mw);
  }
  g_free(p->asked_mw);
  p->asked_mw = asked;
  return p->total_mw;
}

/* Rule 7's allocation at 'site' as it would be now, taking nothing: the IT MW each of the
 * phases would get from the site's free halls (phase_got_mw[k], 0 from the first phase that gets
 * no hall); returns how many phases get at least one hall.  *all_covered (may be NULL): whether
 * every phase's MW is covered (the last phase short of halls is not).  The investor's choice of
 * site (rule 18) and a relocation (rule 17) look before they allocate. */
int dcb_project_plan(const Model *m, int site, const double *phases_mw, int n_phases,
                     double *phase_got_mw, gboolean *all_covered)
{
  const DcbSite *s = &m->pf->sites[site];
  int *taken = g_new(int, MAX(1, s->n_halls));
  int from = s->first_hall, got = 0;
  gboolean covered = TRUE;
  for (int k = 0; k < n_phases; k++) {
    int n = take_halls(m, site, &from, phases_mw[k], taken);
    double mw = 0;
    for (int j = 0; j < n; j++)
      mw += m->hw.halls[taken[j]].mw;
    phase_got_mw[k] = mw;
    if (n > 0)
      got++;
    if (mw < phases_mw[k] - 1e-9 * fmax(1.0, fabs(phases_mw[k])))
      covered = FALSE;
  }
  g_free(taken);
  if (all_covered != NULL)
    *all_covered = covered;
  return got;
}

Project *dcb_project_new(Model *m, const char *name, int site)
{
  Project *p = g_new0(Project, 1);
  p->m = m;
  p->name = g_strdup(name);
  p->site = site;
  p->substation = m->site_substation[site];
  p->dev = &m->sc->developer;
  p->utilization = m->sc->investor_utilization; /* rule 25; a known project's: model.c */
  p->ramp_years = m->sc->investor_ramp_years;
  p->tranches = g_ptr_array_new_with_free_func(g_free);
  m->site_live_projects[site]++;
  g_autofree char *e1 = g_strdup_printf("project:%s/permit", name);
  g_autofree char *e2 = g_strdup_printf("project:%s/cancel", name);
  g_autofree char *e3 = g_strdup_printf("project:%s/phase", name);
  g_autofree char *e4 = g_strdup_printf("project:%s/connection", name);
  dcb_rng_init(&p->rng_permit, m->seed, e1);
  dcb_rng_init(&p->rng_cancel, m->seed, e2);
  dcb_rng_init(&p->rng_phase, m->seed, e3);
  dcb_rng_init(&p->rng_conn, m->seed, e4);
  g_ptr_array_add(m->proj.list, p);
  return p;
}

/* The lifecycle begins at p->start_t (its announcement); its connection was requested at
 * p->request_t, from which rule 17's patience counts. */
void dcb_project_start(Project *p)
{
  p->stage = PS_ANNOUNCE;
  project_at(p, p->start_t);
  patience_from(p, p->request_t);
  dcb_seq_signal(p->m->seq, &p->m->projects_slot);
}

/* An existing campus: energized and connected from the start, no events but its energization. */
void dcb_project_existing(Project *p)
{
  Model *m = p->m;
  for (int k = 0; k < p->n_phases; k++) {
    Phase *ph = &p->phases[k];
    ph->state = PH_ENERGIZED;
    ph->on_mw = ph->mw;
    m->operating_mw += ph->mw;
    m->site_operating_mw[p->site] += ph->mw;
    for (int j = 0; j < ph->n_halls; j++) {
      int hi = p->halls[ph->first_hall + j];
      m->hw.halls[hi].existing = TRUE;
      p->hall_flags[ph->first_hall + j] = HALL_READY | HALL_ON;
      g_array_append_val(m->hw.energized_order, hi);
    }
  }
  p->any_energized = TRUE;
  if (!m->opt->rows_only)
    dcb_trace_add_event(m->trace, p->operating_since, DCB_EV_ENERGIZED, p->name,
                        m->pf->sites[p->site].name, m->sc->substations[p->substation].name,
                        p->total_mw);
}

void dcb_project_free(Project *p)
{
  if (p == NULL)
    return;
  g_free(p->name);
  g_free(p->halls);
  g_free(p->hall_flags);
  g_free(p->phases);
  g_free(p->asked_mw);
  g_ptr_array_free(p->tranches, TRUE);
  g_free(p);
}
