/* investor.c - the investor (DESIGN §2.1 rule 14, §2.2 rules 18, 22), when [investor] enabled =
 * true.
 *
 * Every 1 January from investor_start_year, the investor compares demand lookahead_years ahead
 * (times announce_factor, rule 22: several developers chase the same demand) with the IT MW
 * operating, stranded, under construction or in the pipeline, and while that exceeds it
 * announces a project of project_mw (phases of phase_mw) at the best site; each announced
 * project counts at its real MW (its halls' peaks) in that comparison.  Where it
 * builds is [investor] siting:
 *   time_to_power (rule 18, the default): any site with a hall held by no live project, an
 *     expansion of a site that holds a campus included; the project takes the site's free halls
 *     phase by phase until project_mw or the halls run out (the last phase may be smaller).
 *     Ranked: fast-track sites first; then sites whose substation's available headroom
 *     (headroom - grid MW queued there) covers the project's first tranche there (its phase 1
 *     at that site x grid_mw_per_it_mw); then turnkey sites; then the larger available
 *     headroom; then site name.
 *   legacy (rule 14 as first written): a site with no live project and a free hall; fast-track
 *     sites first, then turnkey sites, then the larger free headroom at its substation, then
 *     platform order (which is site name order).
 * Its projects are named investor-NNN in announcement order, request their connection at once
 * and follow the same lifecycle as known projects (projects.c) with the [investor] durations
 * and cancel probability; a project is fast-track when its site is.  When no candidate site is
 * left it says so once in the log, and announces nothing more that year.
 */
#include "model_internal.h"
#include <simgrid/actor.h>
#include <string.h>
#include <xbt/log.h>

XBT_LOG_EXTERNAL_DEFAULT_CATEGORY(dcb);

/* Rule 14 (legacy): a free site has no live (announced, not cancelled) project and at least one
 * free hall. */
static gboolean site_is_free(const Model *m, int site)
{
  return m->site_live_projects[site] == 0 && m->site_free_halls[site] > 0;
}

/* Rule 14 (legacy): fast-track sites first, then turnkey sites, then by free substation
 * headroom, then platform order.  -1 when no site is free. */
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

/* The phases of an investor's project as asked: phase_mw each up to project_mw (the last one
 * smaller when phase_mw does not divide it).  Returns their number; 'phases' (transfer full). */
static int investor_phases(const DcbScenario *sc, double **phases)
{
  int n = (int)ceil(sc->project_mw / sc->phase_mw - 1e-9);
  *phases = g_new(double, MAX(1, n));
  for (int k = 0; k < n; k++)
    (*phases)[k] = MIN(sc->phase_mw, sc->project_mw - k * sc->phase_mw);
  return n;
}

/* Rule 18: a site is a candidate when one of its halls is held by no live project (a site that
 * holds a campus is a candidate for an expansion). */
static gboolean site_is_candidate(const Model *m, int site)
{
  return m->site_free_halls[site] > 0;
}

/* Rule 18 (and 17): the substation's available headroom, grid MW: its headroom less the grid MW
 * queued there. */
double dcb_available_headroom_mw(const Model *m, int substation)
{
  const SubstationState *st = &m->gridop.subs[substation];
  return st->headroom_mw - st->queue_mw;
}

/* What rule 18 ranks a candidate site by. */
typedef struct {
  int site;
  gboolean fast_track, covers, turnkey;
  double available_mw; /* grid MW */
} SiteRank;

static SiteRank site_rank(const Model *m, int site, const double *phases, int n)
{
  const DcbSite *s = &m->pf->sites[site];
  double *got = g_new0(double, MAX(1, n));
  dcb_project_plan(m, site, phases, n, got, NULL);
  double first_tranche_mw = dcb_first_tranche_mw(m, got, n);
  g_free(got);
  double avail = dcb_available_headroom_mw(m, m->site_substation[site]);
  return (SiteRank){.site = site,
                    .fast_track = s->fast_track,
                    .covers = avail + MW_EPS >= first_tranche_mw,
                    .turnkey = s->turnkey,
                    .available_mw = avail};
}

/* Rule 18's order: < 0 when a ranks before b. */
static int site_rank_cmp(const Model *m, const SiteRank *a, const SiteRank *b)
{
  if (a->fast_track != b->fast_track)
    return a->fast_track ? -1 : 1;
  if (a->covers != b->covers)
    return a->covers ? -1 : 1;
  if (a->turnkey != b->turnkey)
    return a->turnkey ? -1 : 1;
  if (fabs(a->available_mw - b->available_mw) > MW_EPS)
    return a->available_mw > b->available_mw ? -1 : 1;
  return strcmp(m->pf->sites[a->site].name, m->pf->sites[b->site].name);
}

/* Rule 18: the best candidate site for a project of 'phases', or -1 when there is none. */
static int pick_site_time_to_power(const Model *m, const double *phases, int n)
{
  SiteRank best = {.site = -1};
  for (int i = 0; i < m->pf->n_sites; i++) {
    if (!site_is_candidate(m, i))
      continue;
    SiteRank r = site_rank(m, i, phases, n);
    if (best.site < 0 || site_rank_cmp(m, &r, &best) < 0)
      best = r;
  }
  return best.site;
}

/* Announce one investor project of 'phases' at 'site' now; returns its IT MW (its halls'
 * peaks: what it counts for in the gap). */
static double investor_announce(Model *m, int site, const double *phases, int n)
{
  const DcbScenario *sc = m->sc;
  g_autofree char *name = g_strdup_printf("investor-%03d", ++m->inv.count);
  Project *p = dcb_project_new(m, name, site);
  p->permit = sc->permit_years;
  p->phase_dist = sc->phase_years;
  p->cancel_p = sc->cancel_probability;
  p->investor = TRUE;
  p->fast_track = m->pf->sites[site].fast_track;
  p->start_t = now(m);
  p->request_t = now(m);
  dcb_project_allocate(p, phases, n, TRUE);
  dcb_grid_request(p, now(m));
  dcb_project_start(p);
  return p->total_mw;
}

/* Rule 22 (rule 14's gap with several developers chasing the same demand): the IT MW the
 * investor announces up to on 1 January of year y, announce_factor x demand lookahead_years
 * ahead (demand of the calendar year floor(y + lookahead_years)); announce_factor = 1 is rule
 * 14's demand ahead. */
static double announce_target_mw(const Model *m, int y)
{
  const DcbScenario *sc = m->sc;
  return sc->announce_factor * dcb_scenario_demand(sc, (int)floor(y + sc->lookahead_years + 1e-9));
}

/* Rules 14, 18 and 22: on 1 January of year y, announce while announce_factor x demand
 * lookahead_years ahead exceeds what is operating, stranded, under construction or in the
 * pipeline. */
static void investor_year(Model *m, int y)
{
  const DcbScenario *sc = m->sc;
  double target = announce_target_mw(m, y);
  double have = m->operating_mw + m->stranded_mw + m->construction_mw + m->pipeline_mw;
  double *phases = NULL;
  int n = investor_phases(sc, &phases);
  while (target > have + MW_EPS) {
    int site =
        sc->siting == DCB_SITING_LEGACY ? pick_site(m) : pick_site_time_to_power(m, phases, n);
    if (site < 0) {
      if (!m->inv.out_of_sites)
        XBT_INFO("investor: no free site left in %d (demand ahead %.0f MW, planned %.0f MW)", y,
                 target, have);
      m->inv.out_of_sites = TRUE;
      break;
    }
    have += investor_announce(m, site, phases, n);
  }
  g_free(phases);
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
