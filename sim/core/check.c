/* check.c - scenario x platform cross-checks (see check.h).
 *
 * The hall check replays the model's allocation without simulating: known projects in the
 * order (operating_since or announced, name), each phase taking the site's next free halls with
 * dcb_platform_take_halls() until its MW are covered.  The model takes halls when a phase
 * starts, so projects whose phases would be built in another order could in principle end up
 * with other halls, but never with more of them: if every phase fits in this order, the site's
 * halls suffice whatever the order.  Projects certain to be cancelled (cancel_probability = 1,
 * at every draw when it is an uncertain input, DESIGN §2.2 rule 25) never start a phase and take
 * nothing.  The warnings look at the central values of the uncertain inputs.
 *
 * Messages name the scenario file first (the file the user edits to fix a mismatch), then the
 * group and key, then the platform file where it helps.  MW figures are IT MW except where said
 * (grid MW = IT MW x grid_mw_per_it_mw).  Numbers are formatted in the C locale.
 */
#include "check.h"
#include "error.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* "%.6g" in the C locale into buf (>= G_ASCII_DTOSTR_BUF_SIZE). */
static const char *num(char *buf, double v)
{
  return g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, "%.6g", v);
}

/* Substation index by name (linear: a region has tens of substations). */
static int substation_index(const DcbScenario *sc, const char *name)
{
  for (int i = 0; i < sc->n_substations; i++)
    if (strcmp(sc->substations[i].name, name) == 0)
      return i;
  return -1;
}

static double project_key(const DcbProject *p)
{
  return p->existing ? p->operating_since : p->announced;
}

/* Rule 25: whether the project is cancelled at every draw of its cancel_probability (an uncertain
 * one that can be below 1 may build, so it is checked like any other). */
static gboolean always_cancelled(const DcbScenario *sc, const DcbProject *p)
{
  const DcbInput *in = dcb_scenario_input_of(sc, &p->cancel_probability);
  return (in != NULL ? dcb_dist_min(&in->dist) : p->cancel_probability) >= 1.0;
}

static int cmp_order(const void *a, const void *b, void *user)
{
  const DcbScenario *sc = user;
  const DcbProject *pa = &sc->projects[*(const int *)a], *pb = &sc->projects[*(const int *)b];
  double ka = project_key(pa), kb = project_key(pb);
  if (ka != kb)
    return ka < kb ? -1 : 1;
  return strcmp(pa->name, pb->name);
}

void dcb_check_project_order(const DcbScenario *sc, int *order)
{
  for (int i = 0; i < sc->n_projects; i++)
    order[i] = i;
  g_qsort_with_data(order, sc->n_projects, sizeof(int), cmp_order, (gpointer)sc);
}

const DcbKey **dcb_check_new_defaults(const DcbScenario *sc, int *n)
{
  GPtrArray *out = g_ptr_array_new();
  int n_rows = 0;
  const DcbKey *rows = dcb_schema_keys(&n_rows);
  for (int i = 0; i < n_rows; i++) {
    const DcbKey *r = &rows[i];
    if (r->rule > 0 && r->need == DCB_KEY_DEFAULT && strchr(r->group, ':') == NULL &&
        !g_key_file_has_key(sc->effective, r->group, r->key, NULL))
      g_ptr_array_add(out, (gpointer)r);
  }
  *n = (int)out->len;
  g_ptr_array_add(out, NULL);
  return (const DcbKey **)g_ptr_array_free(out, FALSE);
}

static void warn(GPtrArray *warnings, char *text)
{
  if (warnings != NULL)
    g_ptr_array_add(warnings, text);
  else
    g_free(text);
}

/* Sites and substations: every site's substation is a scenario substation. */
static void check_sites(const DcbScenario *sc, const DcbPlatform *pf, GPtrArray *problems)
{
  for (int s = 0; s < pf->n_sites; s++) {
    const DcbSite *site = &pf->sites[s];
    if (substation_index(sc, site->substation) < 0)
      g_ptr_array_add(problems,
                      g_strdup_printf("%s: no [substation:%s] group, but site <zone id='%s'> of "
                                      "'%s' connects to substation '%s'",
                                      sc->path, site->substation, site->name, pf->path,
                                      site->substation));
  }
}

/* Hall allocation of every known project, phase by phase. */
static void check_halls(const DcbScenario *sc, const DcbPlatform *pf, GPtrArray *problems,
                        GPtrArray *warnings)
{
  g_autofree int *order = g_new(int, sc->n_projects ? sc->n_projects : 1);
  dcb_check_project_order(sc, order);
  g_autofree gboolean *used = g_new0(gboolean, pf->n_halls ? pf->n_halls : 1);
  g_autofree int *taken = g_new(int, pf->n_halls ? pf->n_halls : 1);
  char b1[G_ASCII_DTOSTR_BUF_SIZE], b2[G_ASCII_DTOSTR_BUF_SIZE], b3[G_ASCII_DTOSTR_BUF_SIZE];

  for (int k = 0; k < sc->n_projects; k++) {
    const DcbProject *p = &sc->projects[order[k]];
    int s = dcb_platform_site_index(pf, p->site);
    if (s < 0) {
      GString *names = g_string_new(NULL);
      for (int i = 0; i < pf->n_sites && i < 8; i++)
        g_string_append_printf(names, "%s%s", i ? ", " : "", pf->sites[i].name);
      if (pf->n_sites > 8)
        g_string_append(names, ", ...");
      g_ptr_array_add(problems, g_strdup_printf("%s: [project:%s] site: no site '%s' in '%s' "
                                                "(sites: %s)",
                                                sc->path, p->name, p->site, pf->path,
                                                names->len ? names->str : "none"));
      g_string_free(names, TRUE);
      continue;
    }
    if (always_cancelled(sc, p) && !p->existing)
      continue; /* cancelled at the end of permitting: never takes a hall */
    const DcbSite *site = &pf->sites[s];
    for (int ph = 0; ph < p->n_phases; ph++) {
      gboolean covered = FALSE;
      double left_mw = 0;
      for (int h = site->first_hall; h < site->first_hall + site->n_halls; h++)
        if (!used[h])
          left_mw += pf->halls[h].peak_w / 1e6;
      int n = dcb_platform_take_halls(pf, s, used, p->phases_mw[ph], taken, &covered);
      if (!covered) {
        g_ptr_array_add(problems,
                        g_strdup_printf("%s: [project:%s] phases_mw: phase %d needs %s MW at site "
                                        "'%s' but only %s MW of its halls are left (%d halls, %s "
                                        "MW in all in '%s', shared in order of announcement)",
                                        sc->path, p->name, ph + 1, num(b1, p->phases_mw[ph]),
                                        site->name, num(b2, left_mw), site->n_halls,
                                        num(b3, site->capacity_mw), pf->path));
        break; /* later phases of this project would only repeat it */
      }
      double got_mw = 0;
      for (int i = 0; i < n; i++)
        got_mw += pf->halls[taken[i]].peak_w / 1e6;
      if (fabs(got_mw - p->phases_mw[ph]) > 1e-6 * fmax(1.0, p->phases_mw[ph]))
        warn(warnings, g_strdup_printf("project '%s' phase %d: %s MW asked, halls give %s MW "
                                       "(%d hall%s at site '%s'; the halls' figure is used)",
                                       p->name, ph + 1, num(b1, p->phases_mw[ph]), num(b2, got_mw),
                                       n, n == 1 ? "" : "s", site->name));
    }
  }
}

/* Use-it-or-lose-it against connection lead times (the rule counts from the grant, and a
 * connection is ready connection_years after the grant at the earliest). */
static void check_use_it_or_lose_it(const DcbScenario *sc, GPtrArray *warnings)
{
  if (!sc->has_use_it_or_lose_it)
    return;
  double u = sc->use_it_or_lose_it_years;
  char b1[G_ASCII_DTOSTR_BUF_SIZE], b2[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GString) always = g_string_new(NULL), sometimes = g_string_new(NULL);
  double worst = 0;
  for (int i = 0; i < sc->n_substations; i++) {
    const DcbSubstation *b = &sc->substations[i];
    double lo = dcb_dist_min(&b->connection_years), hi = dcb_dist_max(&b->connection_years);
    if (u <= lo)
      g_string_append_printf(always, "%s%s", always->len ? ", " : "", b->name);
    else if (u <= hi) {
      g_string_append_printf(sometimes, "%s%s", sometimes->len ? ", " : "", b->name);
      worst = fmax(worst, hi);
    }
  }
  if (always->len)
    warn(warnings, g_strdup_printf("[grid] use_it_or_lose_it_years = %s is not longer than the "
                                   "shortest connection lead time at %s: every grant there is "
                                   "released before its connection is ready",
                                   num(b1, u), always->str));
  if (sometimes->len)
    warn(warnings,
         g_strdup_printf("[grid] use_it_or_lose_it_years = %s does not exceed the longest "
                         "connection lead time (up to %s years) at %s: grants whose connection "
                         "takes longer are released before it is ready",
                         num(b1, u), worst == G_MAXDOUBLE ? "unbounded" : num(b2, worst),
                         sometimes->str));
}

/* Requests a substation can never grant (no reinforcement and not enough headroom). */
static void check_grid_reach(const DcbScenario *sc, const DcbPlatform *pf, GPtrArray *warnings)
{
  char b1[G_ASCII_DTOSTR_BUF_SIZE], b2[G_ASCII_DTOSTR_BUF_SIZE];
  for (int i = 0; i < sc->n_loads; i++) {
    const DcbLoad *l = &sc->loads[i];
    int b = substation_index(sc, l->substation);
    if (b < 0)
      continue;
    const DcbSubstation *sub = &sc->substations[b];
    double want = dcb_traj_max(&l->mw);
    if (sub->reinforcement_mw <= 0 && want > sub->headroom_mw)
      warn(warnings, g_strdup_printf("load '%s' wants %s grid MW at substation '%s', which has "
                                     "%s MW of headroom and no reinforcement: it is never fully "
                                     "granted and blocks the queue behind it",
                                     l->name, num(b1, want), sub->name, num(b2, sub->headroom_mw)));
  }
  for (int i = 0; i < sc->n_projects; i++) {
    const DcbProject *p = &sc->projects[i];
    int s = dcb_platform_site_index(pf, p->site);
    if (s < 0 || p->existing || always_cancelled(sc, p))
      continue;
    int b = substation_index(sc, pf->sites[s].substation);
    if (b < 0)
      continue;
    const DcbSubstation *sub = &sc->substations[b];
    double it = 0;
    for (int k = 0; k < p->n_phases; k++)
      it += p->phases_mw[k];
    double grid = it * sc->grid_mw_per_it_mw;
    if (sub->reinforcement_mw <= 0 && grid > sub->headroom_mw)
      warn(warnings, g_strdup_printf("project '%s' asks %s grid MW at substation '%s', which has "
                                     "%s MW of headroom and no reinforcement: it is never "
                                     "connected",
                                     p->name, num(b1, grid), sub->name, num(b2, sub->headroom_mw)));
  }
}

/* Substations no site and no load uses. */
static void check_unused_substations(const DcbScenario *sc, const DcbPlatform *pf,
                                     GPtrArray *warnings)
{
  for (int i = 0; i < sc->n_substations; i++) {
    const char *name = sc->substations[i].name;
    gboolean used = FALSE;
    for (int s = 0; s < pf->n_sites && !used; s++)
      used = strcmp(pf->sites[s].substation, name) == 0;
    for (int l = 0; l < sc->n_loads && !used; l++)
      used = strcmp(sc->loads[l].substation, name) == 0;
    if (!used)
      warn(warnings, g_strdup_printf("[substation:%s] no site of '%s' and no load connects to it",
                                     name, pf->path));
  }
}

gboolean dcb_check_consistency(const DcbScenario *sc, const DcbPlatform *pf, GPtrArray *warnings,
                               GError **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
  check_sites(sc, pf, problems);
  check_halls(sc, pf, problems, warnings);
  check_use_it_or_lose_it(sc, warnings);
  check_grid_reach(sc, pf, warnings);
  check_unused_substations(sc, pf, warnings);
  if (problems->len == 0)
    return TRUE;
  if (problems->len == 1)
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s", (const char *)problems->pdata[0]);
  else
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s (and %u more problem%s)",
                (const char *)problems->pdata[0], problems->len - 1, problems->len == 2 ? "" : "s");
  return FALSE;
}
