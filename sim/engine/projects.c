/* projects.c - every campus's lifecycle (DESIGN §2.1 rules 7 and 8, §2.2 rule 16), run by one
 * actor.
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
 */
#include "account.h"
#include "heap.h"
#include "model_internal.h"
#include <simgrid/actor.h>

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
                                                    .gen = gen});
}

/* The project's next announced / permitted step at 't'. */
static void project_at(Project *p, double t)
{
  project_schedule(p, t, PT_STEP, -1, 0);
}

/* Rule 8: the halls of a built phase whose connection is ready (HALL_READY) are energized now,
 * in host-name order at the end of the region's energization order.  Under rule 15's partial
 * grants a phase's halls may become ready part by part: those without a ready connection stay
 * stranded, and the phase is energized (PH_ENERGIZED) when the last of them is.  A phase
 * energized all at once counts its MW as allocated (ph->mw), so that the stocks are those of
 * rule 8 read alone, to the bit. */
void dcb_phase_energize(Project *p, Phase *ph)
{
  Model *m = p->m;
  double mw = 0;
  int n_new = 0, n_on = 0;
  for (int j = 0; j < ph->n_halls; j++) {
    guint8 *f = &p->hall_flags[ph->first_hall + j];
    if ((*f & (HALL_READY | HALL_ON)) == HALL_READY) {
      int hi = p->halls[ph->first_hall + j];
      *f |= HALL_ON;
      mw += m->hw.halls[hi].mw;
      n_new++;
      g_array_append_val(m->hw.energized_order, hi);
    }
    n_on += (*f & HALL_ON) != 0;
  }
  if (n_new == 0)
    return;
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
  return first != NULL ? first->ready_t : -1;
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
    phase_start(p, k);
    return;
  }
  double ready = phase_ready_t(p, k);
  if (ready < 0)
    return;
  double t = snap(ready - dcb_dist_central(&p->phase_dist) * YEAR_S);
  if (t <= now(m) + 1e-3)
    phase_start(p, k);
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

/* Rule 7: the end of permitting: cancelled with probability cancel_p, else phase 1 may start
 * (rule 16). */
static void permit_end(Project *p)
{
  if (dcb_rng_uniform(&p->rng_cancel) < p->cancel_p) {
    project_cancel(p);
    return;
  }
  dcb_project_event(p, DCB_EV_PERMITTED, p->total_mw);
  if (p->n_phases > 0)
    phase_earliest(p, 0);
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
  if (k + 1 < p->n_phases && p->dev->phase_overlap <= 0)
    phase_earliest(p, k + 1);
}

/* One dated record of a project's lifecycle (rules 7 and 16). */
static void project_step(const ProjectTimer *pt)
{
  Project *p = pt->project;
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
  p->total_mw = 0;
  p->reserved = reserve;
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
  }
  return p->total_mw;
}

Project *dcb_project_new(Model *m, const char *name, int site)
{
  Project *p = g_new0(Project, 1);
  p->m = m;
  p->name = g_strdup(name);
  p->site = site;
  p->substation = m->site_substation[site];
  p->dev = &m->sc->developer;
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

/* The lifecycle begins at p->start_t (its announcement). */
void dcb_project_start(Project *p)
{
  p->stage = PS_ANNOUNCE;
  project_at(p, p->start_t);
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
  g_ptr_array_free(p->tranches, TRUE);
  g_free(p);
}
