/* projects.c - every campus's lifecycle (DESIGN §2.1 rules 7 and 8), run by one actor.
 *
 * A project is announced, permitted or cancelled permit_years later, then builds its phases one
 * after another (phase_years each); a built phase is energized at once when the project's
 * connection is ready, else it is stranded until the grid operator (gridop.c) reports the
 * connection ready.  Each project's next step is one dated record in one heap (m->proj.timers);
 * the projects actor plays the steps in (date, insertion) order.  One actor per project cost its
 * creation, its stack and its own wake-ups; the order is the same.  Energizing a phase puts its
 * halls, in host-name order, at the end of the region's energization order, from which the
 * hardware actor (halls.c) fits them.  An existing campus (§2: operating_since <= start_year) is
 * energized at the start without a lifecycle.  MW figures are IT MW.
 */
#include "account.h"
#include "heap.h"
#include "model_internal.h"
#include <simgrid/actor.h>

DCB_DEFINE_TIMER_HEAP(ProjectTimer, project_timer)

/* The project's next lifecycle step at 't' (pushed by the projects actor itself, or by another
 * actor, which then signals it). */
static void project_at(Project *p, double t)
{
  Model *m = p->m;
  project_timer_push(m->proj.timers,
                     (ProjectTimer){.t = MAX(t, now(m)), .seq = m->timer_seq++, .project = p});
}

/* Rule 8: the phase is energized (built and its connection ready). */
void dcb_phase_energize(Project *p, Phase *ph)
{
  Model *m = p->m;
  if (ph->state == PH_STRANDED) {
    m->stranded_mw -= ph->mw;
    m->site_stranded_mw[p->site] -= ph->mw;
  }
  ph->state = PH_ENERGIZED;
  m->operating_mw += ph->mw;
  m->site_operating_mw[p->site] += ph->mw;
  dcb_book_embodied_building(m, p->site, ph->mw);
  for (int k = 0; k < ph->n_halls; k++) {
    int hi = p->halls[ph->first_hall + k];
    g_array_append_val(m->hw.energized_order, hi);
  }
  p->any_energized = TRUE;
  dcb_project_event(p, DCB_EV_ENERGIZED, ph->mw);
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

/* Rule 7: phase k starts: it leaves the pipeline for construction, and is built one phase_years
 * draw later. */
static void phase_start(Project *p, int k)
{
  Model *m = p->m;
  Phase *ph = &p->phases[k];
  ph->state = PH_CONSTRUCTION;
  m->pipeline_mw -= ph->mw;
  m->construction_mw += ph->mw;
  dcb_project_event(p, DCB_EV_PHASE_STARTED, ph->mw);
  p->stage = PS_PHASE + k;
  project_at(p, later(m, dcb_dist_sample(&p->phase_dist, &p->rng_phase)));
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

/* Rule 7: cancelled at the end of permitting: its grant or request released, its halls freed. */
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

/* Rule 7: the end of permitting: cancelled with probability cancel_p, else phase 1 starts. */
static void permit_end(Project *p)
{
  if (dcb_rng_uniform(&p->rng_cancel) < p->cancel_p) {
    project_cancel(p);
    return;
  }
  dcb_project_event(p, DCB_EV_PERMITTED, p->total_mw);
  if (p->n_phases > 0)
    phase_start(p, 0);
}

/* Rules 7 and 8: phase k is built (facility capex, rule 12): energized when the connection is
 * ready, else stranded; the next phase starts. */
static void phase_built(Project *p, int k)
{
  Model *m = p->m;
  Phase *ph = &p->phases[k];
  m->construction_mw -= ph->mw;
  dcb_book_capex_facility(m, ph->mw);
  dcb_project_event(p, DCB_EV_PHASE_BUILT, ph->mw);
  if (p->conn == CONN_READY) {
    dcb_phase_energize(p, ph);
  } else {
    ph->state = PH_STRANDED;
    m->stranded_mw += ph->mw;
    m->site_stranded_mw[p->site] += ph->mw;
  }
  if (k + 1 < p->n_phases)
    phase_start(p, k + 1);
}

/* One step of a project's lifecycle (rule 7). */
static void project_step(Project *p)
{
  if (p->stage == PS_ANNOUNCE)
    project_announce(p);
  else if (p->stage == PS_PERMITTED)
    permit_end(p);
  else
    phase_built(p, p->stage - PS_PHASE);
}

static void projects_fire(void *role)
{
  Model *m = role;
  project_step(project_timer_pop(m->proj.timers).project);
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
  p->conn = CONN_READY;
  for (int k = 0; k < p->n_phases; k++) {
    Phase *ph = &p->phases[k];
    ph->state = PH_ENERGIZED;
    m->operating_mw += ph->mw;
    m->site_operating_mw[p->site] += ph->mw;
    for (int j = 0; j < ph->n_halls; j++) {
      int hi = p->halls[ph->first_hall + j];
      m->hw.halls[hi].existing = TRUE;
      g_array_append_val(m->hw.energized_order, hi);
    }
  }
  p->any_energized = TRUE;
  dcb_trace_add_event(m->trace, p->operating_since, DCB_EV_ENERGIZED, p->name,
                      m->pf->sites[p->site].name, m->sc->substations[p->substation].name,
                      p->total_mw);
}
