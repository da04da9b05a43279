/* demand.c - regional demand (DESIGN §2.1 rule 1), one actor.
 *
 * Demand is a step function of the calendar year (dcb_scenario_demand: it_mw at start_year,
 * then the growth path or the curve), in IT MW.  Before start_year it stays at it_mw.  The
 * demand actor sets m->demand_mw on every 1 January from the first simulated year to end_year
 * and signals the hardware actor (halls.c), which fits halls up to the new demand the same day.
 * Its wake-ups run after the recorder's and before every other role's (DCB_PRIO_DEMAND), so that
 * a year is closed before its demand changes and the day's other events see the new demand.
 */
#include "model_internal.h"
#include <simgrid/actor.h>

/* Rule 1: the demand of calendar year y, from 1 January. */
static void demand_change(Model *m, int y)
{
  m->demand_mw = dcb_scenario_demand(m->sc, y);
  dcb_seq_signal(m->seq, &m->hardware);
}

void dcb_demand_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  Model *m = sg_actor_self_get_data();
  sg_actor_daemonize(sg_actor_self());
  gboolean go = dcb_seq_enter(m->seq, &m->demand);
  for (int y = m->t0_year; go && y <= m->sc->end_year; y++) {
    go = dcb_seq_wait(m->seq, &m->demand, t_of(m, y));
    if (!go)
      break;
    demand_change(m, y);
  }
  dcb_model_idle_until_over(m, &m->demand, go);
}
