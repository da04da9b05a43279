/* recorder.c - the year's flows and the yearly rows (DESIGN §2.1 rules 12 and 13), one actor.
 *
 * Flows (embodied CO2, capex) are booked by the role that plays the event (dcb_book_*) into the
 * current year's totals, region-wide and per site where a row shows them.  Compute in use is
 * integrated by compute_advance (model_internal.h).  The recorder wakes on every 1 January from
 * start_year to end_year + 1, before every other role (DCB_PRIO_RECORDER), and closes the year
 * that ends then: MW stocks at that instant, IT energy read from SimGrid's energy plugin as the
 * difference from the previous reading, facility energy, emissions, compute, capex; the sites',
 * substations' and corridors' rows too.  Then the flows restart from zero.  At start_year it only
 * takes the first energy reading: what happened before is history, not reported.  Each closed year
 * is reported to DcbEngineOptions.on_year when set (a progress line).  After the last year it hands
 * the trace to DcbEngineOptions.on_complete (which may not return) and stops the run.
 */
#include "account.h"
#include "model_internal.h"
#include <simgrid/actor.h>
#include <simgrid/host.h>
#include <simgrid/plugins/energy.h>
#include <string.h>

/* ---------------------------------------------------------------- rule 12: flows at the event */

/* Facility capex when a phase is built. */
void dcb_book_capex_facility(Model *m, double it_mw)
{
  m->year_capex_meur += dcb_account_facility_meur(m->sc, it_mw);
}

/* Rule 19: on-site generation's capex, [onsite] meur_per_mw x the IT MW energized on it. */
void dcb_book_capex_onsite(Model *m, double it_mw)
{
  m->year_capex_meur += m->sc->onsite_meur_per_mw * it_mw;
}

/* IT capex at fit-out and at each refresh. */
void dcb_book_capex_it(Model *m, double it_mw)
{
  m->year_capex_meur += dcb_account_it_meur(m->sc, it_mw);
}

/* A reactive reinforcement's cost when it starts. */
void dcb_book_capex_reinforcement(Model *m)
{
  m->year_capex_meur += m->sc->reinforcement_meur;
}

/* A planned work's cost when it starts (rule 20). */
void dcb_book_capex_planned_work(Model *m, const DcbPlannedWork *w)
{
  m->year_capex_meur += w->meur;
}

/* The fast-track guarantee's dedicated works at the grant (rule 21). */
void dcb_book_capex_dedicated_works(Model *m, int substation, double mw)
{
  m->year_capex_meur += dcb_account_dedicated_works_meur(m->sc, substation, mw);
}

/* Building embodied CO2 at energization. */
void dcb_book_embodied_building(Model *m, int site, double it_mw)
{
  double t_co2 = dcb_account_building_t(m->sc, it_mw);
  m->year_embodied_t += t_co2;
  m->site_embodied_t[site] += t_co2;
}

/* IT hardware embodied CO2 at fit-out and at each refresh. */
void dcb_book_embodied_it(Model *m, int site, double it_mw)
{
  m->year_embodied_t += dcb_account_it_t(m->sc, it_mw);
  m->site_embodied_t[site] += dcb_account_it_t(m->sc, it_mw);
}

/* ---------------------------------------------------------------- rule 13: the rows */

/* Rule 19: hall i is on on-site power from now (onsite), or moves from it to the grid now: the
 * energy it drew on on-site power since the last reading is read now and kept for the year's
 * row (onsite_carry_j), so that the row splits its energy between the two at the move. */
void dcb_hall_power_source(Model *m, int i, gboolean onsite)
{
  Hall *h = &m->hw.halls[i];
  if (h->onsite && !onsite && sg_host_is_on(h->host)) {
    double e = sg_host_get_consumed_energy(h->host);
    h->onsite_carry_j += e - h->energy_last_j;
    h->energy_last_j = e;
  }
  h->onsite = onsite;
}

/* Rule 19: operational CO2 of a year's facility energy, 'onsite_gwh' of it generated on site
 * (at [onsite] g_per_kwh), the rest from the grid (1 GWh x 1 g/kWh = 1 t). */
static double op_emissions_t(const DcbScenario *sc, int year, double fac_gwh, double onsite_gwh)
{
  if (onsite_gwh <= 0)
    return dcb_account_op_emissions_t(sc, year, fac_gwh);
  return dcb_account_op_emissions_t(sc, year, fac_gwh - onsite_gwh) +
         onsite_gwh * dcb_traj_at(&sc->onsite_g_per_kwh, year);
}

/* The IT MW in the pipeline held back by the grid alone (rule 16): phases whose earliest start
 * under rule 7 has come (permitted, predecessor far enough) and that wait for their tranche's
 * grant or for ready - planned, not for room under rule 26's jobs limit.  The rest of
 * pipeline_mw waits for its permit or its turn. */
static double waiting_grid_mw(const Model *m)
{
  double mw = 0;
  for (guint i = 0; i < m->proj.list->len; i++) {
    const Project *p = m->proj.list->pdata[i];
    if (p->cancelled)
      continue;
    for (int k = 0; k < p->n_phases; k++)
      if (p->phases[k].state == PH_PIPELINE && p->phases[k].startable &&
          !p->phases[k].jobs_waiting) /* rule 26: that one waits for construction jobs */
        mw += p->phases[k].mw;
  }
  return mw;
}

/* Rule 26: the facility power drawn now (MW), at the end of 'year': every fitted hall's IT power
 * at its load -- a ramping hall's load on its ramp line at this instant (the load it holds is
 * the mean of the line over a segment, hall_ramp), a hall past its ramp at its utilization --
 * by the energy plugin's model (epsilon + load x (peak - epsilon) W when loaded, idle W at load
 * 0), x PUE(year). */
static double facility_power_mw(const Model *m, int year)
{
  double t = now(m), w = 0;
  for (guint k = 0; k < m->hw.fitted_list->len; k++) {
    int i = g_array_index(m->hw.fitted_list, int, k);
    const Hall *h = &m->hw.halls[i];
    const DcbHall *ph = &m->pf->halls[i];
    double load = h->utilization;
    if (t < h->ramp_end_t - 1e-3) /* on the ramp line (1e-3 s: hall_ramp's RAMP_EPS_S) */
      load = h->utilization * (t - h->fit_t) / (h->ramp_end_t - h->fit_t);
    w += load > 0 ? ph->epsilon_w + load * (ph->peak_w - ph->epsilon_w) : ph->idle_w;
  }
  return w / 1e6 * dcb_traj_at(&m->sc->pue, year);
}

/* Rule 26: the outcomes of year 'year' in its row and its sites' rows, from the year's IT energy
 * (joules: all halls, those at heat_network sites, and per site), facility and on-site energy. */
static void outcomes_year(const Model *m, int year, double *row, double it_gwh, double heat_j,
                          double fac_gwh, double onsite_gwh, const double *site_j)
{
  const DcbScenario *sc = m->sc;
  row[DCB_Y_CONSTRUCTION_JOBS] = dcb_account_jobs(m->construction_mw, sc->construction_per_mw);
  row[DCB_Y_OPERATIONS_JOBS] = dcb_account_jobs(m->operating_mw, sc->operations_per_mw);
  row[DCB_Y_WATER_M3] = dcb_account_water_m3(sc, year, it_gwh);
  row[DCB_Y_HEAT_REUSED_GWH] = dcb_account_heat_reused_gwh(sc, year, dcb_account_gwh(heat_j));
  row[DCB_Y_OP_EMISSIONS_MARGINAL_T] =
      dcb_account_op_emissions_marginal_t(sc, year, fac_gwh, onsite_gwh);
  row[DCB_Y_FACILITY_POWER_MW] = facility_power_mw(m, year);
  int yi = year - sc->start_year;
  for (int i = 0; i < m->pf->n_sites; i++) {
    double *srow = dcb_trace_site_row(m->trace, yi, i);
    double s_it = dcb_account_gwh(site_j[i]);
    srow[DCB_S_HEAT_REUSED_GWH] =
        m->pf->sites[i].heat_network ? dcb_account_heat_reused_gwh(sc, year, s_it) : 0;
    srow[DCB_S_WATER_M3] = dcb_account_water_m3(sc, year, s_it);
  }
}

/* Rule 13: the rows of 'year', closed at its end. */
static void record_year(Model *m, int year)
{
  const DcbScenario *sc = m->sc;
  int yi = year - sc->start_year;
  double *row = dcb_trace_yearly_row(m->trace, yi);
  double it_j = 0, onsite_j = 0, heat_j = 0;
  double *site_j = g_new0(double, m->pf->n_sites);
  double *site_onsite_j = g_new0(double, m->pf->n_sites);
  /* Each fitted hall read by itself (a stale host costs a simcall), never all hosts at once
   * with sg_host_energy_update_all(): that would also bring the halls of the other replications
   * of a batch up to date at this date, splitting their integrals where running alone does not
   * (batched replications, DESIGN §3).  It cost 2 % of a replication of the default region. */
  for (guint k = 0; k < m->hw.fitted_list->len; k++) {
    Hall *h = &m->hw.halls[g_array_index(m->hw.fitted_list, int, k)];
    double e = sg_host_get_consumed_energy(h->host);
    double d = e - h->energy_last_j;
    h->energy_last_j = e;
    double on = h->onsite_carry_j + (h->onsite ? d : 0); /* rule 19 */
    d += h->onsite_carry_j;
    h->onsite_carry_j = 0;
    it_j += d;
    site_j[h->site] += d;
    if (m->pf->sites[h->site].heat_network) /* rule 26 */
      heat_j += d;
    onsite_j += on;
    site_onsite_j[h->site] += on;
  }
  compute_advance(m);
  double demand = dcb_scenario_demand(sc, year);
  double it_gwh = dcb_account_gwh(it_j);
  double fac_gwh = dcb_account_facility_gwh(sc, year, it_gwh);
  double onsite_gwh = dcb_account_facility_gwh(sc, year, dcb_account_gwh(onsite_j));
  double op_t = op_emissions_t(sc, year, fac_gwh, onsite_gwh);
  m->cumulative_t += op_t + m->year_embodied_t;
  double headroom = 0, queue = 0;
  for (int s = 0; s < sc->n_substations; s++) {
    headroom += m->gridop.subs[s].headroom_mw;
    queue += m->gridop.subs[s].queue_mw;
    double *b = dcb_trace_substation_row(m->trace, yi, s);
    b[DCB_B_HEADROOM_MW] = m->gridop.subs[s].headroom_mw;
    b[DCB_B_QUEUE_MW] = m->gridop.subs[s].queue_mw;
    b[DCB_B_GRANTED_MW] = m->gridop.subs[s].granted_mw;
    b[DCB_B_REINFORCEMENTS_DONE] = m->gridop.subs[s].reinforcements_done;
    b[DCB_B_REINFORCING] = m->gridop.subs[s].reinforcing ? 1 : 0;
  }
  for (int c = 0; c < sc->n_corridors;
       c++) { /* rule 23: the cap during the year, used at its end */
    double *b = dcb_trace_corridor_row(m->trace, yi, c);
    b[DCB_C_CAP_MW] = dcb_traj_at(&sc->corridors[c].cap_mw, year);
    b[DCB_C_USED_MW] = dcb_corridor_used_mw(m, c);
  }
  row[DCB_Y_YEAR] = year;
  row[DCB_Y_DEMAND_MW] = demand;
  row[DCB_Y_OPERATING_MW] = m->operating_mw;
  row[DCB_Y_SERVED_MW] = MIN(demand, m->operating_mw);
  row[DCB_Y_UNMET_MW] = demand - row[DCB_Y_SERVED_MW];
  row[DCB_Y_UNDER_CONSTRUCTION_MW] = m->construction_mw;
  row[DCB_Y_STRANDED_MW] = m->stranded_mw;
  row[DCB_Y_PIPELINE_MW] = m->pipeline_mw;
  row[DCB_Y_WAITING_GRID_MW] = waiting_grid_mw(m);
  row[DCB_Y_GRID_QUEUE_MW] = queue;
  row[DCB_Y_HEADROOM_MW] = headroom;
  row[DCB_Y_FITTED_MW] = m->fitted_mw;
  row[DCB_Y_IT_ENERGY_GWH] = it_gwh;
  row[DCB_Y_FACILITY_ENERGY_GWH] = fac_gwh;
  row[DCB_Y_OP_EMISSIONS_T] = op_t;
  row[DCB_Y_EMBODIED_EMISSIONS_T] = m->year_embodied_t;
  row[DCB_Y_CUMULATIVE_EMISSIONS_T] = m->cumulative_t;
  row[DCB_Y_COMPUTE_EFLOPS] = m->compute_acc / YEAR_S / 1e9;
  row[DCB_Y_CAPEX_MEUR] = m->year_capex_meur;
  row[DCB_Y_PUE] = dcb_traj_at(&sc->pue, year);
  row[DCB_Y_GRID_G_PER_KWH] = dcb_traj_at(&sc->grid_g_per_kwh, year);
  row[DCB_Y_TARGET_MW] = sc->has_target ? dcb_traj_at(&sc->target_mw, year) : 0;
  row[DCB_Y_LEAKED_MW] = m->leaked_mw;
  row[DCB_Y_ONSITE_MW] = m->onsite_mw;
  row[DCB_Y_ONSITE_ENERGY_GWH] = onsite_gwh;
  outcomes_year(m, year, row, it_gwh, heat_j, fac_gwh, onsite_gwh, site_j);
  for (int i = 0; i < m->pf->n_sites; i++) {
    double *srow = dcb_trace_site_row(m->trace, yi, i);
    double s_it = dcb_account_gwh(site_j[i]);
    double s_fac = dcb_account_facility_gwh(sc, year, s_it);
    double s_onsite = dcb_account_facility_gwh(sc, year, dcb_account_gwh(site_onsite_j[i]));
    srow[DCB_S_OPERATING_MW] = m->site_operating_mw[i];
    srow[DCB_S_STRANDED_MW] = m->site_stranded_mw[i];
    srow[DCB_S_IT_ENERGY_GWH] = s_it;
    srow[DCB_S_FACILITY_ENERGY_GWH] = s_fac;
    srow[DCB_S_OP_EMISSIONS_T] = op_emissions_t(sc, year, s_fac, s_onsite);
    srow[DCB_S_EMBODIED_EMISSIONS_T] = m->site_embodied_t[i];
  }
  g_free(site_j);
  g_free(site_onsite_j);
}

/* Start of the rows: flows before start_year are history, not reported. */
static void reset_flows(Model *m)
{
  m->year_embodied_t = 0;
  m->year_capex_meur = 0;
  memset(m->site_embodied_t, 0, sizeof(double) * m->pf->n_sites);
  compute_advance(m);
  m->compute_acc = 0;
}

void dcb_recorder_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  Model *m = sg_actor_self_get_data();
  const DcbScenario *sc = m->sc;
  sg_actor_daemonize(sg_actor_self());
  gboolean go = dcb_seq_enter(m->seq, &m->recorder);
  for (int y = sc->start_year; go && y <= sc->end_year + 1; y++) {
    if (!dcb_seq_wait(m->seq, &m->recorder, t_of(m, y)))
      break;
    if (y == sc->start_year) {
      for (guint k = 0; k < m->hw.fitted_list->len; k++) {
        Hall *h = &m->hw.halls[g_array_index(m->hw.fitted_list, int, k)];
        h->energy_last_j = sg_host_get_consumed_energy(h->host);
        h->onsite_carry_j = 0; /* drawn before the rows begin */
      }
    } else {
      record_year(m, y - 1);
      if (m->opt->on_year != NULL)
        m->opt->on_year(y - 1, sc->start_year, sc->end_year, m->opt->on_year_user);
    }
    reset_flows(m);
    if (y == sc->end_year + 1 && m->opt->on_complete != NULL)
      m->opt->on_complete(m->trace, m->opt->on_complete_user); /* may not return */
  }
  dcb_seq_stop(m->seq);
  dcb_seq_leave(m->seq, &m->recorder);
}
