/* test_account.c - the conversions of sim/core/account.h against numbers worked out by hand.
 *
 * On tests/data/tiny.ini (gflops_per_w 50, efficiency_growth 0.4, start_year 2025, building
 * 1000 t/MW, IT 500 t/MW, facility 10 M EUR/MW, IT 25 M EUR/MW) with the overrides below:
 *   1 MW IT at 0.65 for a year of 8766 h (365.25 d): 0.65e6 W x 31 557 600 s = 2.051244e13 J
 *     = 5.6979 GWh IT; x PUE 1.2 = 6.83748 GWh facility; x 40 g/kWh = 273.4992 t CO2e
 *     (1 GWh x 1 g/kWh = 1e6 kWh x 1 g = 1 t).
 *   PUE 1.30@2025, 1.20@2035: 1.25 in 2030 (linear), 1.30 before 2025 and 1.20 after 2035
 *     (flat), so 100 GWh IT in 2030 is 125 GWh facility.
 *   Grid 40@2025, 25@2035 g/kWh: 40 - 0.4 x 15 = 34 in 2029, so 10 GWh is 340 t.
 *   300 MW: building 300 000 t, IT 150 000 t; capex facility 3 000 M EUR, IT 7 500 M EUR.
 *   Hardware: 50 x 1.4^(Y - 2025) GFLOP/s per W: 50 (2025), 70 (2026), 98 (2027),
 *     50 x 5.37824 = 268.912 (2030), 50 / 1.4 = 35.714285... (2024).
 */
#include "account.h"
#include "scenario.h"
#include <CUnit/Basic.h>
#include <math.h>

#define DATA DCB_TEST_DATA "/data/"
#define TOL  1e-9

static DcbScenario *load(const char *const *overrides)
{
  g_autoptr(GError) error = NULL;
  DcbScenario *sc = dcb_scenario_load(DATA "tiny.ini", overrides, &error);
  if (sc == NULL)
    fprintf(stderr, "\nunexpected error: %s\n", error->message);
  return sc;
}

static void test_account_joules_to_gwh(void)
{
  CU_ASSERT_DOUBLE_EQUAL(DCB_SECONDS_PER_YEAR, 8766.0 * 3600.0, 0.0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_gwh(3.6e12), 1.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_gwh(0.0), 0.0, 0.0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_gwh(1e6 * 0.65 * DCB_SECONDS_PER_YEAR), 5.6979, TOL);
}

static void test_account_one_mw_year(void)
{
  const char *ov[] = {"operation.pue=1.2", "carbon.grid_g_per_kwh=40", NULL};
  g_autoptr(DcbScenario) sc = load(ov);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  double it = dcb_account_gwh(1e6 * 0.65 * DCB_SECONDS_PER_YEAR);
  double facility = dcb_account_facility_gwh(sc, 2030, it);
  CU_ASSERT_DOUBLE_EQUAL(facility, 6.83748, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_op_emissions_t(sc, 2030, facility), 273.4992, TOL);
}

static void test_account_trajectories(void)
{
  const char *ov[] = {"operation.pue=1.30@2025, 1.20@2035",
                      "carbon.grid_g_per_kwh=40@2025, 25@2035", NULL};
  g_autoptr(DcbScenario) sc = load(ov);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_facility_gwh(sc, 2030, 100), 125.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_facility_gwh(sc, 2025, 100), 130.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_facility_gwh(sc, 2020, 100), 130.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_facility_gwh(sc, 2040, 100), 120.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_op_emissions_t(sc, 2029, 10), 340.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_op_emissions_t(sc, 2050, 10), 250.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_op_emissions_t(sc, 2029, 0), 0.0, 0.0);
}

static void test_account_embodied_and_capex(void)
{
  g_autoptr(DcbScenario) sc = load(NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_building_t(sc, 300), 300000.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_it_t(sc, 300), 150000.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_facility_meur(sc, 300), 3000.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_it_meur(sc, 300), 7500.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_it_meur(sc, 0), 0.0, 0.0);

  const char *ov[] = {"carbon.building_t_per_mw=800", "carbon.it_t_per_mw=450",
                      "capex.facility_meur_per_mw=9.5", "capex.it_meur_per_mw=22", NULL};
  g_autoptr(DcbScenario) other = load(ov);
  CU_ASSERT_PTR_NOT_NULL_FATAL(other);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_building_t(other, 50), 40000.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_it_t(other, 50), 22500.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_facility_meur(other, 50), 475.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_it_meur(other, 50), 1100.0, TOL);
}

static void test_account_hardware_generation(void)
{
  g_autoptr(DcbScenario) sc = load(NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_gflops_per_w(sc, 2025), 50.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_gflops_per_w(sc, 2026), 70.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_gflops_per_w(sc, 2027), 98.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_gflops_per_w(sc, 2030), 268.912, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_gflops_per_w(sc, 2024), 50.0 / 1.4, TOL);

  const char *flat[] = {"hardware.efficiency_growth=0", NULL};
  g_autoptr(DcbScenario) none = load(flat);
  CU_ASSERT_PTR_NOT_NULL_FATAL(none);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_gflops_per_w(none, 2060), 50.0, TOL);
}

/* Rule 26: efficiency growth as a trajectory, 0.4@2025, 0.2@2027 (linear: 0.3 in 2026, flat
 * after 2027): the newest generation in Y is 50 x the product over y = 2025..Y-1 of
 * (1 + growth(y)): 50 (2025), 50 x 1.4 = 70 (2026), 70 x 1.3 = 91 (2027), 91 x 1.2 = 109.2
 * (2028), 109.2 x 1.2^2 = 157.248 (2030); before 2025 divided by (1 + growth(2024)) = 1.4 (flat
 * before its first point): 50 / 1.4 (2024).  A plain number stays the pow() of today, to the
 * bit. */
static void test_account_growth_trajectory(void)
{
  const char *o[] = {"hardware.efficiency_growth=0.4@2025, 0.2@2027", NULL};
  g_autoptr(DcbScenario) sc = load(o);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_gflops_per_w(sc, 2025), 50.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_gflops_per_w(sc, 2026), 70.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_gflops_per_w(sc, 2027), 91.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_gflops_per_w(sc, 2028), 109.2, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_gflops_per_w(sc, 2030), 157.248, TOL);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_gflops_per_w(sc, 2024), 50.0 / 1.4, TOL);
  CU_ASSERT_DOUBLE_EQUAL(sc->efficiency_growth, 0.4, 0); /* its value at start_year */
  g_autoptr(DcbScenario) plain = load(NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(plain);
  CU_ASSERT_EQUAL(dcb_account_gflops_per_w(plain, 2031), 50.0 * pow(1.4, 6));
}

/* Rule 26's flows and stocks, by hand (tiny.ini's PUE 1.25, grid 40 g/kWh, no [onsite]
 * override: 450 g/kWh):
 *   water: 1051.92 GWh IT x 0.2 l/kWh = 1051.92e6 kWh x 0.2 l = 210.384e6 l = 210 384 m3; with
 *     WUE 0.1@2025, 0.3@2035, 0.2 l/kWh in 2030 (linear) and 0.3 after 2035 (flat);
 *   heat: 525.96 GWh x reuse 0.1@2027, 0.3@2029 = 0.2 in 2028: 105.192 GWh;
 *   marginal CO2: without the key the attributional figure (1314.9 GWh x 40 = 52 596 t), to the
 *     bit; with 300 g/kWh, 1314.9 GWh of which 657.45 on site: 657.45 x 300 + 657.45 x 450 =
 *     197 235 + 295 852.5 = 493 087.5 t;
 *   jobs: 150 MW x 3 = 450, 200 MW x 0.5 = 100. */
static void test_account_outcomes(void)
{
  const char *o[] = {"operation.wue_l_per_kwh=0.1@2025, 0.3@2035",
                     "heat.reuse_share=0.1@2027, 0.3@2029", NULL};
  g_autoptr(DcbScenario) sc = load(o);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_water_m3(sc, 2030, 1051.92), 210384.0, 1e-6);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_water_m3(sc, 2040, 1000.0), 300000.0, 1e-6);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_heat_reused_gwh(sc, 2028, 525.96), 105.192, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_heat_reused_gwh(sc, 2026, 525.96), 52.596, 1e-9);
  CU_ASSERT_FALSE(sc->has_marginal);
  CU_ASSERT_EQUAL(dcb_account_op_emissions_marginal_t(sc, 2031, 1314.9, 0),
                  dcb_account_op_emissions_t(sc, 2031, 1314.9));
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_op_emissions_marginal_t(sc, 2031, 1314.9, 0), 52596.0, 1e-6);
  const char *m[] = {"carbon.marginal_g_per_kwh=300", NULL};
  g_autoptr(DcbScenario) marg = load(m);
  CU_ASSERT_PTR_NOT_NULL_FATAL(marg);
  CU_ASSERT_TRUE(marg->has_marginal);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_op_emissions_marginal_t(marg, 2030, 1314.9, 657.45), 493087.5,
                         1e-6);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_jobs(150, 3), 450, 0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_account_jobs(200, 0.5), 100, 0);
}

int main(void)
{
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s = CU_add_suite("account", NULL, NULL);
  CU_add_test(s, "joules to GWh, a year of 8766 h", test_account_joules_to_gwh);
  CU_add_test(s, "1 MW at 0.65, PUE 1.2, 40 g/kWh", test_account_one_mw_year);
  CU_add_test(s, "PUE and grid intensity trajectories", test_account_trajectories);
  CU_add_test(s, "embodied emissions and capex per MW", test_account_embodied_and_capex);
  CU_add_test(s, "hardware generation: 50 x 1.4^(Y - 2025)", test_account_hardware_generation);
  CU_add_test(s, "hardware generation: a growth trajectory", test_account_growth_trajectory);
  CU_add_test(s, "rule 26: water, heat, marginal CO2, jobs", test_account_outcomes);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  return failures != 0;
}
