/* account.c - energy, emissions and capex accounting (see account.h for the formulas). */
#include "account.h"
#include <math.h>

double dcb_account_gwh(double joules)
{
  return joules / DCB_J_PER_GWH;
}

double dcb_account_facility_gwh(const DcbScenario *sc, int year, double it_gwh)
{
  return it_gwh * dcb_traj_at(&sc->pue, year);
}

double dcb_account_op_emissions_t(const DcbScenario *sc, int year, double facility_gwh)
{
  /* 1 GWh = 1e6 kWh; 1e6 kWh x 1 g/kWh = 1e6 g = 1 t. */
  return facility_gwh * dcb_traj_at(&sc->grid_g_per_kwh, year);
}

double dcb_account_building_t(const DcbScenario *sc, double mw)
{
  return mw * sc->building_t_per_mw;
}

double dcb_account_it_t(const DcbScenario *sc, double mw)
{
  return mw * sc->it_t_per_mw;
}

double dcb_account_facility_meur(const DcbScenario *sc, double mw)
{
  return mw * sc->facility_meur_per_mw;
}

double dcb_account_it_meur(const DcbScenario *sc, double mw)
{
  return mw * sc->it_meur_per_mw;
}

double dcb_account_dedicated_works_meur(const DcbScenario *sc, int s, double grid_mw)
{
  return grid_mw / sc->substations[s].reinforcement_mw * sc->reinforcement_meur;
}

double dcb_account_gflops_per_w(const DcbScenario *sc, int year)
{
  const DcbTraj *g = &sc->efficiency_growth_traj;
  if (g->n == 1) /* a plain number (or one drawn per run, rule 25): today's formula, to the bit */
    return sc->gflops_per_w * pow(1.0 + g->value[0], year - sc->start_year);
  /* Rule 26: x the product over y = start_year..year-1 of (1 + growth(y)); before start_year
   * (an existing campus's last refresh) divided by the product over y = year..start_year-1. */
  double f = 1;
  for (int y = sc->start_year; y < year; y++)
    f *= 1.0 + dcb_traj_at(g, y);
  for (int y = year; y < sc->start_year; y++)
    f /= 1.0 + dcb_traj_at(g, y);
  return sc->gflops_per_w * f;
}

double dcb_account_water_m3(const DcbScenario *sc, int year, double it_gwh)
{
  /* 1 GWh = 1e6 kWh; 1e6 kWh x 1 l/kWh = 1e6 l = 1e3 m3. */
  return it_gwh * dcb_traj_at(&sc->wue_l_per_kwh, year) * 1e3;
}

double dcb_account_heat_reused_gwh(const DcbScenario *sc, int year, double heat_it_gwh)
{
  return heat_it_gwh * dcb_traj_at(&sc->heat_reuse_share, year);
}

double dcb_account_op_emissions_marginal_t(const DcbScenario *sc, int year, double facility_gwh,
                                           double onsite_gwh)
{
  const DcbTraj *grid = sc->has_marginal ? &sc->marginal_g_per_kwh : &sc->grid_g_per_kwh;
  /* The operations of op_emissions_t (recorder.c), so that without the key the bits agree. */
  if (onsite_gwh <= 0)
    return facility_gwh * dcb_traj_at(grid, year);
  return (facility_gwh - onsite_gwh) * dcb_traj_at(grid, year) +
         onsite_gwh * dcb_traj_at(&sc->onsite_g_per_kwh, year);
}

double dcb_account_jobs(double mw, double jobs_per_mw)
{
  return mw * jobs_per_mw;
}
