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
  return sc->gflops_per_w * pow(1.0 + sc->efficiency_growth, year - sc->start_year);
}
