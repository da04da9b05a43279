/* investor.c - the investor (DESIGN §2.1 rule 14), when [investor] enabled = true.
 *
 * Every 1 January from investor_start_year, the investor compares demand lookahead_years ahead
 * with the IT MW operating, stranded, under construction or in the pipeline, and while demand
 * exceeds it announces a project of project_mw (phases of phase_mw) at the best free site: a
 * site with no live project and a free hall; fast-track sites first, then turnkey sites, then
 * the larger free headroom at its substation, then platform order.  Its projects are named
 * investor-NNN in announcement order, request their connection at once and follow the same
 * lifecycle as known projects (projects.c) with the [investor] durations and cancel probability.
 * When no free site is left it says so once in the log, and announces nothing more.
 */
#include "model_internal.h"
#include <simgrid/actor.h>
#include <xbt/log.h>

XBT_LOG_EXTERNAL_DEFAULT_CATEGORY(dcb);

/* A free site has no live (announced, not cancelled) project and at least one free hall. */
static gboolean site_is_free(const Model *m, int site)
{
  return m->site_live_projects[site] == 0 && m->site_free_halls[site] > 0;
}

/* Rule 14: fast-track sites first, then turnkey sites, then by free substation headroom, then
 * platform order.  -1 when no site is free. */
static int pick_site(const Model *m)
{
  int best = -1;
  for (int i = 0; i < m->pf->n_sites; i++) {
    if (!site_is_free(m, i))
      continue;
    if (best < 0) {
      best = i;
      continue;
    }
    const DcbSite *a = &m->pf->sites[i], *b = &m->pf->sites[best];
    if (a->fast_track != b->fast_track) {
      if (a->fast_track)
        best = i;
      continue;
    }
    if (a->turnkey != b->turnkey) {
      if (a->turnkey)
        best = i;
      continue;
    }
    double ha = m->gridop.subs[m->site_substation[i]].headroom_mw;
    double hb = m->gridop.subs[m->site_substation[best]].headroom_mw;
    if (ha > hb + MW_EPS)
      best = i;
  }
  return best;
}

/* Announce one investor project at 'site' now; returns its IT MW. */
static double investor_announce(Model *m, int site)
{
  const DcbScenario *sc = m->sc;
  g_autofree char *name = g_strdup_printf("investor-%03d", ++m->inv.count);
  Project *p = dcb_project_new(m, name, site);
  p->permit = sc->permit_years;
  p->phase_dist = sc->phase_years;
  p->cancel_p = sc->cancel_probability;
  p->fast_track = m->pf->sites[site].fast_track;
  p->start_t = now(m);
  int n = (int)ceil(sc->project_mw / sc->phase_mw - 1e-9);
  double *phases = g_new(double, n);
  for (int k = 0; k < n; k++)
    phases[k] = MIN(sc->phase_mw, sc->project_mw - k * sc->phase_mw);
  dcb_project_allocate(p, phases, n, TRUE);
  g_free(phases);
  dcb_grid_request(p, now(m));
  dcb_project_start(p);
  return p->total_mw;
}

/* Rule 14: on 1 January of year y, announce while demand lookahead_years ahead exceeds what is
 * operating, stranded, under construction or in the pipeline. */
static void investor_year(Model *m, int y)
{
  const DcbScenario *sc = m->sc;
  double target = dcb_scenario_demand(sc, (int)floor(y + sc->lookahead_years + 1e-9));
  double have = m->operating_mw + m->stranded_mw + m->construction_mw + m->pipeline_mw;
  while (target > have + MW_EPS) {
    int site = pick_site(m);
    if (site < 0) {
      if (!m->inv.out_of_sites)
        XBT_INFO("investor: no free site left in %d (demand ahead %.0f MW, planned %.0f MW)", y,
                 target, have);
      m->inv.out_of_sites = TRUE;
      break;
    }
    have += investor_announce(m, site);
  }
}

void dcb_investor_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  Model *m = sg_actor_self_get_data();
  const DcbScenario *sc = m->sc;
  sg_actor_daemonize(sg_actor_self());
  gboolean go = dcb_seq_enter(m->seq, &m->investor);
  for (int y = sc->investor_start_year; go && y <= sc->end_year; y++) {
    go = dcb_seq_wait(m->seq, &m->investor, t_of(m, y));
    if (!go)
      break;
    investor_year(m, y);
  }
  dcb_model_idle_until_over(m, &m->investor, go);
}
