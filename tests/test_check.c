/* test_check.c - CUnit suite of check.c: scenario x platform cross-checks on tests/data/tiny.xml
 * (sites alpha -> substation north and beta -> south, four 50 MW halls each).  Scenarios are
 * built in memory (the struct is public), so each case states exactly what it tests; the
 * expected hall counts and MW are worked out by hand from 50 MW halls.
 */
#include "check.h"
#include "error.h"
#include <CUnit/Basic.h>
#include <string.h>

static DcbPlatform *tiny;

typedef struct {
  DcbScenario sc;
  DcbSubstation subs[3];
  DcbProject projects[4];
  double phases[4][4];
  DcbLoad loads[1];
} Fixture;

static void fixture_init(Fixture *f)
{
  memset(f, 0, sizeof *f);
  f->sc.path = (char *)"cross.ini";
  f->sc.grid_mw_per_it_mw = 1.0;
  f->sc.substations = f->subs;
  f->sc.n_substations = 2;
  const char *names[] = {"north", "south", "spare"};
  for (int i = 0; i < 3; i++) {
    f->subs[i].name = (char *)names[i];
    f->subs[i].headroom_mw = 400;
    f->subs[i].reinforcement_mw = 200;
    f->subs[i].connection_years = (DcbDist){DCB_DIST_TRI, 3, 4, 7};
    f->subs[i].reinforcement_years = dcb_dist_fixed(5);
  }
  f->sc.projects = f->projects;
  f->sc.loads = f->loads;
}

/* Add project i (names must be given in name order, as the loader sorts them). */
static DcbProject *add_project(Fixture *f, const char *name, const char *site, double announced,
                               int n_phases, const double *mw)
{
  int i = f->sc.n_projects++;
  DcbProject *p = &f->projects[i];
  p->name = (char *)name;
  p->site = (char *)site;
  p->announced = announced;
  p->n_phases = n_phases;
  for (int k = 0; k < n_phases; k++)
    f->phases[i][k] = mw[k];
  p->phases_mw = f->phases[i];
  p->permit_years = dcb_dist_fixed(1);
  p->phase_years = dcb_dist_fixed(1);
  return p;
}

static gboolean run_check(Fixture *f, GPtrArray *warnings, char **msg)
{
  GError *error = NULL;
  gboolean ok = dcb_check_consistency(&f->sc, tiny, warnings, &error);
  CU_ASSERT_EQUAL(ok, error == NULL);
  *msg = NULL;
  if (error != NULL) {
    CU_ASSERT_EQUAL(error->domain, DCB_ERROR);
    CU_ASSERT_EQUAL(error->code, DCB_ERROR_INPUT);
    CU_ASSERT_PTR_NULL(strchr(error->message, '\n'));
    *msg = g_strdup(error->message);
    g_error_free(error);
  }
  return ok;
}

static gboolean contains(const char *msg, const char *sub)
{
  gboolean ok = msg != NULL && strstr(msg, sub) != NULL;
  if (!ok)
    fprintf(stderr, "\n'%s' does not contain '%s'\n", msg ? msg : "(null)", sub);
  return ok;
}

static void test_check_ok(void)
{
  Fixture f;
  fixture_init(&f);
  add_project(&f, "one", "alpha", 2025, 2, (double[]){100, 100});
  add_project(&f, "two", "beta", 2025, 1, (double[]){200});
  g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
  g_autofree char *msg = NULL;
  CU_ASSERT_TRUE(run_check(&f, w, &msg));
  CU_ASSERT_EQUAL(w->len, 0);
  /* NULL warnings array is allowed */
  g_autofree char *msg2 = NULL;
  CU_ASSERT_TRUE(run_check(&f, NULL, &msg2));
}

static void test_check_missing_substation(void)
{
  Fixture f;
  fixture_init(&f);
  f.sc.n_substations = 1; /* only north */
  g_autofree char *msg = NULL;
  CU_ASSERT_FALSE(run_check(&f, NULL, &msg));
  CU_ASSERT(contains(msg, "cross.ini: no [substation:south] group, but site <zone id='beta'>"));
  CU_ASSERT(contains(msg, "tiny.xml"));
  CU_ASSERT(strstr(msg, "more problem") == NULL);
}

static void test_check_unknown_site(void)
{
  Fixture f;
  fixture_init(&f);
  add_project(&f, "x", "gamma", 2025, 1, (double[]){50});
  g_autofree char *msg = NULL;
  CU_ASSERT_FALSE(run_check(&f, NULL, &msg));
  CU_ASSERT(contains(msg, "cross.ini: [project:x] site: no site 'gamma' in '"));
  CU_ASSERT(contains(msg, "(sites: alpha, beta)"));
}

/* a (2025) takes alpha-h01..h02 (100 MW) then h03..h04 (100 MW): b (2026) finds nothing. */
static void test_check_not_enough_halls(void)
{
  Fixture f;
  fixture_init(&f);
  add_project(&f, "a", "alpha", 2025, 2, (double[]){100, 100});
  add_project(&f, "b", "alpha", 2026, 1, (double[]){50});
  g_autofree char *msg = NULL;
  CU_ASSERT_FALSE(run_check(&f, NULL, &msg));
  CU_ASSERT(contains(msg, "cross.ini: [project:b] phases_mw: phase 1 needs 50 MW at site "
                          "'alpha' but only 0 MW of its halls are left (4 halls, 200 MW"));
}

/* Order by announcement: b (2024, 150 MW = 3 halls) first, then a's phase 1 (100 MW) finds one
 * hall (50 MW) left; a's phase 2 is not reported again. */
static void test_check_allocation_order(void)
{
  Fixture f;
  fixture_init(&f);
  add_project(&f, "a", "alpha", 2025, 2, (double[]){100, 100});
  add_project(&f, "b", "alpha", 2024, 1, (double[]){150});
  g_autofree char *msg = NULL;
  CU_ASSERT_FALSE(run_check(&f, NULL, &msg));
  CU_ASSERT(contains(msg, "[project:a] phases_mw: phase 1 needs 100 MW at site 'alpha' but only "
                          "50 MW"));
  CU_ASSERT(strstr(msg, "more problem") == NULL);
  int order[2];
  dcb_check_project_order(&f.sc, order);
  CU_ASSERT_EQUAL(order[0], 1);
  CU_ASSERT_EQUAL(order[1], 0);
}

/* Ties broken by name; existing campuses by operating_since; cancel_probability = 1 takes no
 * hall. */
static void test_check_order_rules(void)
{
  Fixture f;
  fixture_init(&f);
  add_project(&f, "a", "alpha", 2026, 1, (double[]){50});
  DcbProject *b = add_project(&f, "b", "alpha", 0, 1, (double[]){50});
  b->existing = TRUE;
  b->operating_since = 2008;
  add_project(&f, "c", "alpha", 2026, 1, (double[]){50});
  DcbProject *d = add_project(&f, "d", "alpha", 2020, 1, (double[]){200});
  d->cancel_probability = 1.0;
  int order[4];
  dcb_check_project_order(&f.sc, order);
  CU_ASSERT_EQUAL(order[0], 1); /* b, 2008 */
  CU_ASSERT_EQUAL(order[1], 3); /* d, 2020 */
  CU_ASSERT_EQUAL(order[2], 0); /* a, 2026 */
  CU_ASSERT_EQUAL(order[3], 2); /* c, 2026 */
  /* b, a, c take 150 MW; d (200 MW) would not fit but never builds */
  g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
  g_autofree char *msg = NULL;
  CU_ASSERT_TRUE(run_check(&f, w, &msg));
  CU_ASSERT_EQUAL(w->len, 0);
  /* with d likely but not certain to be cancelled it must fit: after b (h01) only 150 MW are
   * left for d's 200 MW; then a and c find nothing */
  d->cancel_probability = 0.99;
  g_autofree char *msg2 = NULL;
  CU_ASSERT_FALSE(run_check(&f, NULL, &msg2));
  CU_ASSERT(contains(msg2, "[project:d] phases_mw: phase 1 needs 200 MW at site 'alpha' but "
                           "only 150 MW"));
  CU_ASSERT(contains(msg2, "(and 2 more problems)"));
}

static void test_check_problem_count(void)
{
  Fixture f;
  fixture_init(&f);
  f.sc.n_substations = 0;
  add_project(&f, "x", "nowhere", 2025, 1, (double[]){50});
  g_autofree char *msg = NULL;
  CU_ASSERT_FALSE(run_check(&f, NULL, &msg));
  /* sites first (alpha, beta), then projects */
  CU_ASSERT(contains(msg, "no [substation:north] group"));
  CU_ASSERT(contains(msg, "(and 2 more problems)"));
}

/* 60 MW from 50 MW halls takes 2 halls = 100 MW; 100 MW takes exactly 2 (no warning). */
static void test_check_phase_warning(void)
{
  Fixture f;
  fixture_init(&f);
  add_project(&f, "one", "alpha", 2025, 2, (double[]){100, 60});
  g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
  g_autofree char *msg = NULL;
  CU_ASSERT_TRUE(run_check(&f, w, &msg));
  CU_ASSERT_EQUAL_FATAL(w->len, 1);
  CU_ASSERT_STRING_EQUAL(w->pdata[0], "project 'one' phase 2: 60 MW asked, halls give 100 MW "
                                      "(2 halls at site 'alpha'; the halls' figure is used)");
}

/* Connection lead time tri(3,4,7) everywhere: u = 3 -> every grant released; u = 5 -> some;
 * u = 7.5 -> none. */
static void test_check_use_it_or_lose_it(void)
{
  Fixture f;
  fixture_init(&f);
  f.sc.has_use_it_or_lose_it = TRUE;
  f.sc.use_it_or_lose_it_years = 3;
  g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
  g_autofree char *msg = NULL;
  CU_ASSERT_TRUE(run_check(&f, w, &msg));
  CU_ASSERT_EQUAL_FATAL(w->len, 1);
  CU_ASSERT(contains(w->pdata[0], "use_it_or_lose_it_years = 3 is not longer than the shortest "
                                  "connection lead time at north, south: every grant"));
  g_ptr_array_set_size(w, 0);
  f.sc.use_it_or_lose_it_years = 5;
  f.subs[1].connection_years = dcb_dist_fixed(2); /* south: always ready in time */
  CU_ASSERT_TRUE(run_check(&f, w, &msg));
  CU_ASSERT_EQUAL_FATAL(w->len, 1);
  CU_ASSERT(contains(w->pdata[0], "use_it_or_lose_it_years = 5 does not exceed the longest "
                                  "connection lead time (up to 7 years) at north:"));
  g_ptr_array_set_size(w, 0);
  f.sc.use_it_or_lose_it_years = 7.5;
  CU_ASSERT_TRUE(run_check(&f, w, &msg));
  CU_ASSERT_EQUAL(w->len, 0);
}

/* A load of 500 grid MW at a substation with 400 MW and no reinforcement; a project of 200 IT MW
 * x 2.25 = 450 grid MW likewise; a substation used by nothing. */
static void test_check_grid_warnings(void)
{
  Fixture f;
  fixture_init(&f);
  f.sc.n_substations = 3;
  f.sc.grid_mw_per_it_mw = 2.25;
  f.subs[0].reinforcement_mw = 0;
  f.sc.n_loads = 1;
  f.loads[0].name = (char *)"industry";
  f.loads[0].substation = (char *)"north";
  CU_ASSERT_TRUE(dcb_traj_parse("100@2025, 500@2030", &f.loads[0].mw, NULL));
  add_project(&f, "big", "alpha", 2025, 2, (double[]){100, 100});
  g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
  g_autofree char *msg = NULL;
  CU_ASSERT_TRUE(run_check(&f, w, &msg));
  CU_ASSERT_EQUAL_FATAL(w->len, 3);
  CU_ASSERT(contains(w->pdata[0], "load 'industry' wants 500 grid MW at substation 'north', "
                                  "which has 400 MW of headroom and no reinforcement"));
  CU_ASSERT(contains(w->pdata[1], "project 'big' asks 450 grid MW at substation 'north'"));
  CU_ASSERT(contains(w->pdata[2], "[substation:spare] no site of"));
  /* with a reinforcement both fit eventually */
  f.subs[0].reinforcement_mw = 100;
  g_ptr_array_set_size(w, 0);
  CU_ASSERT_TRUE(run_check(&f, w, &msg));
  CU_ASSERT_EQUAL(w->len, 1);
}

/* The second layer's keys that an old scenario takes by default (check's "new defaults"):
 * tiny.ini sets none of them, so all twenty of the fixed groups' defaults are listed, in table
 * order ([demand] share, rule 24, first: [demand] comes before [grid] in the table); keys the
 * scenario or an override sets are not. */
static void test_check_new_defaults(void)
{
  GError *error = NULL;
  DcbScenario *sc = dcb_scenario_load(DCB_TEST_DATA "/data/tiny.ini", NULL, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  int n = 0;
  const DcbKey **rows = dcb_check_new_defaults(sc, &n);
  static const char *const expected[] = {"demand.share",
                                         "operation.wue_l_per_kwh",
                                         "hardware.precision",
                                         "grid.grant",
                                         "grid.fast_track_guarantee",
                                         "investor.siting",
                                         "investor.announce_factor",
                                         "developer.build_at_risk",
                                         "developer.phase_overlap",
                                         "developer.on_long_wait",
                                         "developer.market_check",
                                         "developer.market_years",
                                         "developer.defer_years",
                                         "onsite.enabled",
                                         "onsite.lead_years",
                                         "onsite.g_per_kwh",
                                         "onsite.meur_per_mw",
                                         "jobs.construction_per_mw",
                                         "jobs.operations_per_mw",
                                         "heat.reuse_share"};
  CU_ASSERT_EQUAL_FATAL(n, (int)G_N_ELEMENTS(expected));
  for (int i = 0; i < n; i++) {
    g_autofree char *name = g_strdup_printf("%s.%s", rows[i]->group, rows[i]->key);
    CU_ASSERT_STRING_EQUAL(name, expected[i]);
    CU_ASSERT(rows[i]->rule >= 15 && rows[i]->rule <= 26);
  }
  CU_ASSERT_PTR_NULL(rows[n]);
  CU_ASSERT_EQUAL(rows[0]->rule, 24);
  CU_ASSERT_STRING_EQUAL(rows[0]->def, "1");
  CU_ASSERT_EQUAL(rows[3]->rule, 15);
  CU_ASSERT_STRING_EQUAL(rows[3]->def, "per_phase");
  g_free(rows);
  dcb_scenario_free(sc);

  const char *const ovr[] = {"grid.grant=whole", "developer.build_at_risk=true",
                             "investor.siting=legacy", NULL};
  sc = dcb_scenario_load(DCB_TEST_DATA "/data/tiny.ini", ovr, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  rows = dcb_check_new_defaults(sc, &n);
  CU_ASSERT_EQUAL(n, 17); /* the twenty less the three overridden */
  for (int i = 0; i < n; i++)
    CU_ASSERT(strcmp(rows[i]->key, "grant") != 0 && strcmp(rows[i]->key, "build_at_risk") != 0 &&
              strcmp(rows[i]->key, "siting") != 0);
  g_free(rows);
  dcb_scenario_free(sc);
}

int main(void)
{
  GError *error = NULL;
  tiny = dcb_platform_load(DCB_TEST_DATA "/data/tiny.xml", &error);
  if (tiny == NULL) {
    fprintf(stderr, "%s\n", error->message);
    return 1;
  }
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite suite = CU_add_suite("check", NULL, NULL);
  CU_add_test(suite, "ok", test_check_ok);
  CU_add_test(suite, "missing_substation", test_check_missing_substation);
  CU_add_test(suite, "unknown_site", test_check_unknown_site);
  CU_add_test(suite, "not_enough_halls", test_check_not_enough_halls);
  CU_add_test(suite, "allocation_order", test_check_allocation_order);
  CU_add_test(suite, "order_rules", test_check_order_rules);
  CU_add_test(suite, "problem_count", test_check_problem_count);
  CU_add_test(suite, "phase_warning", test_check_phase_warning);
  CU_add_test(suite, "use_it_or_lose_it", test_check_use_it_or_lose_it);
  CU_add_test(suite, "grid_warnings", test_check_grid_warnings);
  CU_add_test(suite, "new_defaults", test_check_new_defaults);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  dcb_platform_free(tiny);
  return failures != 0;
}
