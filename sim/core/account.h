/* account.h - energy, emissions and capex accounting (pure, no SimGrid).
 *
 * The engine measures IT energy with SimGrid's energy plugin (joules per hall); everything else
 * a trace row reports is derived here from the scenario's factors, so the conversions live in one
 * place and are unit-tested without the engine:
 *   facility energy = IT energy x PUE(year)
 *   operational CO2 = facility energy x grid intensity(year)   (1 GWh x 1 g/kWh = 1 t)
 *   embodied CO2    = building t/MW x MW at energization + IT t/MW x MW at fit-out and refresh
 *   capex           = facility M EUR/MW when a phase is built, IT M EUR/MW at fit-out and
 *                     refresh, a reinforcement's cost when it starts
 *   hardware        = gflops_per_w x (1 + efficiency_growth)^(calendar year - start_year), or
 *                     with a growth trajectory x the product over y = start_year..Y-1 of
 *                     (1 + growth(y)) (DESIGN §2.2 rule 26)
 * and rule 26's outcomes, each a year's flow times the year's value of its trajectory (as the
 * grid intensity is):
 *   water           = IT energy x WUE(year): WUE is litres of annual site water per kWh of IT
 *                     equipment energy (The Green Grid, "Water Usage Effectiveness (WUE)", 2011;
 *                     ISO/IEC 30134-9:2022), so it multiplies IT energy, not facility energy
 *   heat reused     = IT energy at heat_network sites x reuse_share(year)
 *   marginal CO2    = grid part of facility energy x marginal intensity(year) (the grid's
 *                     intensity without the key) + on-site part x [onsite] g_per_kwh(year)
 *   jobs            = MW x jobs per MW
 */
#ifndef DCB_ACCOUNT_H
#define DCB_ACCOUNT_H

#include "scenario.h"

#define DCB_J_PER_GWH        3.6e12
#define DCB_SECONDS_PER_YEAR (365.25 * 86400.0)

/* Joules to GWh. */
double dcb_account_gwh(double joules);
/* Facility energy (GWh) of 'it_gwh' of IT energy in calendar year 'year'. */
double dcb_account_facility_gwh(const DcbScenario *sc, int year, double it_gwh);
/* Operational tCO2e of 'facility_gwh' in calendar year 'year'. */
double dcb_account_op_emissions_t(const DcbScenario *sc, int year, double facility_gwh);
/* Embodied tCO2e of energizing 'mw' of buildings / fitting or refreshing 'mw' of IT. */
double dcb_account_building_t(const DcbScenario *sc, double mw);
double dcb_account_it_t(const DcbScenario *sc, double mw);
/* Capex (M EUR) of building 'mw' of facility / fitting or refreshing 'mw' of IT. */
double dcb_account_facility_meur(const DcbScenario *sc, double mw);
double dcb_account_it_meur(const DcbScenario *sc, double mw);
/* Capex (M EUR) of dedicated works of 'grid_mw' at substation s (DESIGN §2.2 rule 21): priced as
 * that share of one reinforcement, grid_mw / reinforcement_mw x reinforcement_meur. */
double dcb_account_dedicated_works_meur(const DcbScenario *sc, int s, double grid_mw);
/* GFLOP/s per W of the newest hardware generation in calendar year 'year'. */
double dcb_account_gflops_per_w(const DcbScenario *sc, int year);
/* Rule 26: m3 of water used by 'it_gwh' of IT energy in calendar year 'year'. */
double dcb_account_water_m3(const DcbScenario *sc, int year, double it_gwh);
/* Rule 26: GWh of heat delivered from 'heat_it_gwh' of IT energy of halls at heat_network
 * sites in calendar year 'year'. */
double dcb_account_heat_reused_gwh(const DcbScenario *sc, int year, double heat_it_gwh);
/* Rule 26: operational tCO2e at the marginal intensity of 'facility_gwh' of facility energy, of
 * which 'onsite_gwh' generated on site (at [onsite] g_per_kwh) and the rest drawn from the grid;
 * without [carbon] marginal_g_per_kwh it is the attributional figure, to the bit. */
double dcb_account_op_emissions_marginal_t(const DcbScenario *sc, int year, double facility_gwh,
                                           double onsite_gwh);
/* Rule 26: jobs of 'mw' IT MW at 'jobs_per_mw'. */
double dcb_account_jobs(double mw, double jobs_per_mw);

#endif
