/* test_scenario.c - CUnit suite for sim/core/scenario.{c,h} and its key table
 * (sim/core/schema.{c,h}): loading, defaults, demand, overrides, error messages, the
 * malformed-scenario corpus, and the table itself (every row's default is what the loader fills,
 * the word tables round-trip, the range messages are the loader's).
 *
 * Fixtures live in tests/data (tiny.ini and scn-*.ini); the corpus in tests/bad/scenarios holds
 * one small scenario per defect, whose first line "# expect: SUBSTRING" gives a piece of the one
 * error line the loader must print.  Expected numbers are worked out by hand in the comments.
 */
#include "error.h"
#include "provenance.h"
#include "scenario.h"
#include "schema.h"
#include <CUnit/Basic.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define DATA DCB_TEST_DATA "/data/"

static DcbScenario *load_ok(const char *path, const char *const *overrides)
{
  g_autoptr(GError) error = NULL;
  DcbScenario *sc = dcb_scenario_load(path, overrides, &error);
  if (sc == NULL)
    fprintf(stderr, "\nunexpected error: %s\n", error->message);
  return sc;
}

/* Load 'text' (named PATH) and return the error message, or NULL if it loaded. (transfer full) */
static char *load_text_error(const char *text, const char *const *overrides)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DcbScenario) sc =
      dcb_scenario_load_data(DATA "mem.ini", text, strlen(text), overrides, &error);
  if (sc != NULL)
    return NULL;
  CU_ASSERT(g_error_matches(error, DCB_ERROR, DCB_ERROR_INPUT));
  return g_strdup(error->message);
}

/* Load 'text' (named PATH) that must load. (transfer full) */
static DcbScenario *load_ok_text(const char *text, const char *const *overrides)
{
  g_autoptr(GError) error = NULL;
  DcbScenario *sc = dcb_scenario_load_data(DATA "mem.ini", text, strlen(text), overrides, &error);
  if (sc == NULL)
    fprintf(stderr, "\nunexpected error: %s\n", error->message);
  return sc;
}

static void assert_contains(const char *message, const char *substring)
{
  CU_ASSERT_PTR_NOT_NULL_FATAL(message);
  if (strstr(message, substring) == NULL) {
    fprintf(stderr, "\nmessage '%s' lacks '%s'\n", message, substring);
    CU_FAIL("error message lacks the expected text");
  }
}

/* A minimal valid scenario; tests append to it. */
#define MINIMAL                                                                                    \
  "[scenario]\nplatform = tiny.xml\nstart_year = 2025\nend_year = 2030\n"                          \
  "[demand]\nit_mw = 100\ngrowth = 0.1\n"

/* Rule 25's scenario: a scalar, a trajectory point, a probability inherited by one project and
 * overridden by another, and a named group's key given as distributions. */
#define UNCERTAIN                                                                                  \
  "[scenario]\nplatform = tiny.xml\nstart_year = 2025\nend_year = 2030\n"                          \
  "[demand]\nit_mw = 100\ngrowth = tri(0.2,0.3,0.4)@2025, 0.15@2035\nshare = uniform(0.2,0.4)\n"   \
  "[investor]\ncancel_probability = tri(0.1,0.2,0.3)\n"                                            \
  "[substation:warande]\nheadroom_mw = tri(100,200,400)\nreinforcement_mw = 100\n"                 \
  "[project:cambrai]\nsite = alpha\nannounced = 2026\nphases_mw = 10\n"                            \
  "[project:arras]\nsite = alpha\nannounced = 2026\nphases_mw = 10\ncancel_probability = 0.5\n"

static void test_scenario_uncertain_inputs(void)
{
  g_autoptr(DcbScenario) sc = load_ok_text(UNCERTAIN, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  /* Four inputs, sorted by name (strcmp: 'd' < 'i' < 's'; "growth@" < "share"). */
  CU_ASSERT_EQUAL_FATAL(sc->n_inputs, 4);
  CU_ASSERT_STRING_EQUAL(sc->inputs[0].name, "demand.growth@2025");
  CU_ASSERT_STRING_EQUAL(sc->inputs[1].name, "demand.share");
  CU_ASSERT_STRING_EQUAL(sc->inputs[2].name, "investor.cancel_probability");
  CU_ASSERT_STRING_EQUAL(sc->inputs[3].name, "substation:warande.headroom_mw");
  CU_ASSERT_STRING_EQUAL(sc->inputs[1].stream, "input:demand.share");
  /* [investor]'s probability serves cambrai, which inherits it; arras sets its own. */
  CU_ASSERT_EQUAL(sc->inputs[2].n_targets, 2);
  /* Central values until a run draws: uniform's midpoint 0.3, tri's modes 0.3, 0.2 and 200. */
  CU_ASSERT_DOUBLE_EQUAL(sc->demand_share.value[0], 0.3, 1e-15);
  CU_ASSERT_DOUBLE_EQUAL(sc->growth.value[0], 0.3, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->substations[0].headroom_mw, 200, 0);
  CU_ASSERT_STRING_EQUAL(sc->projects[1].name, "cambrai"); /* sorted: arras, cambrai */
  CU_ASSERT_DOUBLE_EQUAL(sc->projects[1].cancel_probability, 0.2, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->projects[0].cancel_probability, 0.5, 0);
  /* demand(2025) = 100 x 0.3 = 30; demand(2026) = 30 x (1 + 0.3) = 39. */
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2025), 30, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2026), 39, 1e-9);
  CU_ASSERT_PTR_EQUAL(dcb_scenario_input_of(sc, &sc->projects[1].cancel_probability),
                      &sc->inputs[2]);
  CU_ASSERT_PTR_NULL(dcb_scenario_input_of(sc, &sc->projects[0].cancel_probability));

  /* The draws: the first draw of each input's stream.  uniform(0.2,0.4) is 0.2 + 0.2 u with u
   * the stream's first uniform, computed here from the stream itself. */
  const guint64 seed = 11;
  double v[4];
  dcb_scenario_draw_inputs(sc, seed, v);
  DcbRng rng;
  dcb_rng_init(&rng, seed, "input:demand.share");
  CU_ASSERT_DOUBLE_EQUAL(v[1], 0.2 + 0.2 * dcb_rng_uniform(&rng), 1e-15);
  for (int i = 0; i < 4; i++) {
    CU_ASSERT(v[i] >= dcb_dist_min(&sc->inputs[i].dist));
    CU_ASSERT(v[i] <= dcb_dist_max(&sc->inputs[i].dist));
  }
  dcb_scenario_apply_draws(sc, seed);
  CU_ASSERT_DOUBLE_EQUAL(sc->growth.value[0], v[0], 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->growth.value[1], 0.15, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->demand_share.value[0], v[1], 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->cancel_probability, v[2], 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->projects[1].cancel_probability, v[2], 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->projects[0].cancel_probability, 0.5, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->substations[0].headroom_mw, v[3], 0);
  /* Demand recomputed: 100 x share, then x (1 + growth(2025)). */
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2025), 100 * v[1], 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2026), 100 * v[1] * (1 + v[0]), 1e-9);
  /* Another seed, then the first again: the draws depend on the seed only. */
  dcb_scenario_apply_draws(sc, seed + 1);
  CU_ASSERT(sc->demand_share.value[0] != v[1]);
  dcb_scenario_apply_draws(sc, seed);
  CU_ASSERT_DOUBLE_EQUAL(sc->demand_share.value[0], v[1], 0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2026), 100 * v[1] * (1 + v[0]), 1e-9);
}

/* A planned work's ready: listed as "reinforcement:NAME.ready", with the value the engine plays
 * (dcb_scenario_work_ready); a fixed one is not an input. */
static void test_scenario_uncertain_work_ready(void)
{
  g_autoptr(DcbScenario) sc = load_ok_text(
      MINIMAL "[substation:s]\nheadroom_mw = 10\nreinforcement_mw = 10\n"
              "[reinforcement:w1]\nsubstation = s\nmw = 5\nready = tri(2027,2028,2030)\n"
              "[reinforcement:w2]\nsubstation = s\nmw = 5\nready = 2029\n",
      NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_EQUAL_FATAL(sc->n_inputs, 1);
  CU_ASSERT_STRING_EQUAL(sc->inputs[0].name, "reinforcement:w1.ready");
  CU_ASSERT_STRING_EQUAL(sc->inputs[0].stream, "reinforcement:w1/ready");
  double v = 0;
  dcb_scenario_draw_inputs(sc, 3, &v);
  CU_ASSERT_DOUBLE_EQUAL(v, dcb_scenario_work_ready(sc, 0, 3), 0);
  CU_ASSERT(v >= 2027 && v <= 2030);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_work_ready(sc, 1, 3), 2029, 0);
  dcb_scenario_apply_draws(sc, 3);
  CU_ASSERT_EQUAL(sc->works[0].ready.kind, DCB_DIST_FIXED);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_work_ready(sc, 0, 3), v, 0);
}

/* Refusals: keys that must be integers or years, ranges that some draw leaves, and checks across
 * keys at the worst draw.  Each message names the key. */
static void test_scenario_uncertain_refusals(void)
{
  static const struct {
    const char *tail, *substring;
  } bad[] = {
      {"[grid]\ncrews = tri(1,2,3)\n",
       "[grid] crews: must be an integer; a distribution is not accepted here (got 'tri(1,2,3)')"},
      {"[project:p]\nsite = a\nannounced = uniform(2026,2027)\nphases_mw = 10\n",
       "[project:p] announced: must be a year; a distribution is not accepted here"},
      {"[project:p]\nsite = a\nannounced = 2026\nphases_mw = tri(1,2,3), 5\n",
       "[project:p] phases_mw: must be a list of numbers; a distribution is not accepted here"},
      {"[grid]\nmoratorium = tri(2025,2026,2027)\n", "[grid] moratorium: must be 'Y1-Y2'"},
      {"[operation]\nutilization = normal(0.5,0.1)\n",
       "[operation] utilization: must be in (0, 1] at every draw: normal(0.5,0.1) can exceed 1; "
       "use tri or uniform"},
      {"[investor]\ncancel_probability = tri(0.5,0.9,1.2)\n",
       "[investor] cancel_probability: must be a probability in [0, 1] at every draw: "
       "tri(0.5,0.9,1.2) can be as high as 1.2"},
      {"[operation]\npue = normal(1.2,0.1)@2025, 1.1@2030\n",
       "[operation] pue: every value must be >= 1 at every draw: normal(1.2,0.1) can be as low "
       "as 0"},
      {"[operation]\npue = 1.2@uniform(2025,2026)\n", "a year cannot be a distribution"},
      {"[hardware]\nrefresh_years = uniform(0.4,1)\n", "[hardware] refresh_years: must be >= 0.5"},
      {"[substation:s]\nheadroom_mw = 10\nreinforcement_mw = 10\n"
       "[load:l]\nsubstation = s\nmw = tri(50,100,150)@2028, 120@2030\n",
       "[load:l] mw: must not decrease (point 2 is below point 1 at some draw)"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autofree char *text = g_strconcat(MINIMAL, bad[i].tail, NULL);
    g_autofree char *msg = load_text_error(text, NULL);
    assert_contains(msg, bad[i].substring);
  }
  /* Demand at the largest draws: growth 0.3 a year from lognormal's unbounded it_mw overflows at
   * once; a bounded one that stays below 1e12 MW loads. */
  const char *over[] = {"demand.it_mw=lognormal(100,0.5)", NULL};
  g_autofree char *msg = load_text_error(MINIMAL, over);
  assert_contains(msg, "demand would exceed 1e12 MW IT by 2025 at the largest draws");
  /* lognormal draws are > 0: accepted where a key must be > 0 (and nothing compounds it). */
  const char *ok[] = {"grid.grid_mw_per_it_mw=lognormal(1.3,0.1)", "grid.crews=2", NULL};
  g_autoptr(DcbScenario) sc = load_ok_text(MINIMAL, ok);
  CU_ASSERT_PTR_NOT_NULL(sc);
}

static void test_scenario_tiny(void)
{
  g_autoptr(DcbScenario) sc = load_ok(DATA "tiny.ini", NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_STRING_EQUAL(sc->name, "tiny");
  CU_ASSERT_STRING_EQUAL(sc->platform_path, DATA "tiny.xml");
  CU_ASSERT_EQUAL(sc->start_year, 2025);
  CU_ASSERT_EQUAL(sc->end_year, 2034);
  CU_ASSERT(sc->seed == 7);
  CU_ASSERT_FALSE(sc->has_target);
  CU_ASSERT_DOUBLE_EQUAL(sc->it_mw, 150, 0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&sc->growth, 2030), 0.10, 0);
  CU_ASSERT_FALSE(sc->has_curve);
  CU_ASSERT_DOUBLE_EQUAL(sc->utilization, 0.5, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->ramp_years, 0, 0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&sc->pue, 2025), 1.25, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->refresh_years, 5, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->gflops_per_w, 50, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->efficiency_growth, 0.4, 0);
  CU_ASSERT_EQUAL(sc->policy, DCB_POLICY_FCFS);
  CU_ASSERT_DOUBLE_EQUAL(sc->grid_mw_per_it_mw, 1.0, 0);
  CU_ASSERT_EQUAL(sc->connection_years.kind, DCB_DIST_FIXED);
  CU_ASSERT_DOUBLE_EQUAL(sc->connection_years.a, 2, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->reinforcement_years.a, 3, 0);
  CU_ASSERT_EQUAL(sc->crews, 1);
  CU_ASSERT_FALSE(sc->has_moratorium);
  CU_ASSERT_FALSE(sc->has_use_it_or_lose_it);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&sc->grid_g_per_kwh, 2040), 40, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->building_t_per_mw, 1000, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->it_t_per_mw, 500, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->facility_meur_per_mw, 10, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->it_meur_per_mw, 25, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->reinforcement_meur, 200, 0);
  CU_ASSERT_FALSE(sc->investor_enabled);

  CU_ASSERT_EQUAL_FATAL(sc->n_substations, 2);
  CU_ASSERT_STRING_EQUAL(sc->substations[0].name, "north");
  CU_ASSERT_DOUBLE_EQUAL(sc->substations[0].headroom_mw, 400, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->substations[0].reinforcement_mw, 200, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->substations[0].connection_years.a, 2, 0); /* from [grid] */
  CU_ASSERT_DOUBLE_EQUAL(sc->substations[0].reinforcement_years.a, 3, 0);
  CU_ASSERT_STRING_EQUAL(sc->substations[1].name, "south");
  CU_ASSERT_DOUBLE_EQUAL(sc->substations[1].headroom_mw, 100, 0);
  CU_ASSERT_EQUAL(dcb_scenario_substation_index(sc, "south"), 1);
  CU_ASSERT_EQUAL(dcb_scenario_substation_index(sc, "north"), 0);
  CU_ASSERT_EQUAL(dcb_scenario_substation_index(sc, "east"), -1);
  CU_ASSERT_EQUAL(sc->n_loads, 0);

  CU_ASSERT_EQUAL_FATAL(sc->n_projects, 1);
  const DcbProject *p = &sc->projects[0];
  CU_ASSERT_STRING_EQUAL(p->name, "one");
  CU_ASSERT_STRING_EQUAL(p->site, "alpha");
  CU_ASSERT_PTR_NULL(p->operator_name);
  CU_ASSERT_EQUAL_FATAL(p->n_phases, 2);
  CU_ASSERT_DOUBLE_EQUAL(p->phases_mw[0], 100, 0);
  CU_ASSERT_DOUBLE_EQUAL(p->phases_mw[1], 100, 0);
  CU_ASSERT_FALSE(p->existing);
  CU_ASSERT_DOUBLE_EQUAL(p->announced, 2025, 0);
  CU_ASSERT_FALSE(p->has_requested);
  CU_ASSERT_DOUBLE_EQUAL(p->permit_years.a, 1, 0);
  CU_ASSERT_DOUBLE_EQUAL(p->phase_years.a, 1, 0);
  CU_ASSERT_DOUBLE_EQUAL(p->cancel_probability, 0, 0);
  CU_ASSERT_FALSE(p->fast_track);
  CU_ASSERT_EQUAL(dcb_scenario_first_year(sc), 2025);

  /* Provenance: the effective key file, no overrides, SHA-256 of the file's bytes as 64 hex. */
  CU_ASSERT_PTR_NOT_NULL(sc->effective);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc->overrides);
  CU_ASSERT_PTR_NULL(sc->overrides[0]);
  CU_ASSERT_EQUAL(strlen(sc->sha256), 64);
  CU_ASSERT_STRING_EQUAL(sc->dir, DCB_TEST_DATA "/data");
}

static void test_scenario_sha256(void)
{
  /* printf '[scenario]\nplatform = p.xml\nstart_year = 2025\nend_year = 2026\n[demand]\n
   * it_mw = 1\ngrowth = 0\n' | sha256sum (the text below, computed outside the program). */
  const char *text = "[scenario]\nplatform = p.xml\nstart_year = 2025\nend_year = 2026\n"
                     "[demand]\nit_mw = 1\ngrowth = 0\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(DcbScenario) sc = dcb_scenario_load_data("x/y.ini", text, strlen(text), NULL, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_STRING_EQUAL(sc->sha256,
                         "85808917cb28bd2f834d337c5a1696fd48c8cb98099927a9944b578c19f1b99a");
  CU_ASSERT_STRING_EQUAL(sc->name, "y");
  CU_ASSERT_STRING_EQUAL(sc->platform_path, "x/p.xml");
}

static void test_scenario_defaults(void)
{
  g_autoptr(DcbScenario) sc = load_ok(DATA "scn-defaults.ini", NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_STRING_EQUAL(sc->name, "scn-defaults"); /* basename without .ini */
  CU_ASSERT(sc->seed == 1);
  CU_ASSERT_FALSE(sc->has_target);
  CU_ASSERT_DOUBLE_EQUAL(sc->utilization, 0.55, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->ramp_years, 2, 0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&sc->pue, 2040), 1.2, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->refresh_years, 5, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->gflops_per_w, 50, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->efficiency_growth, 0.40, 0);
  CU_ASSERT_EQUAL(sc->policy, DCB_POLICY_FCFS);
  CU_ASSERT_DOUBLE_EQUAL(sc->grid_mw_per_it_mw, 1.3, 0);
  CU_ASSERT_EQUAL(sc->connection_years.kind, DCB_DIST_TRI);
  CU_ASSERT_DOUBLE_EQUAL(sc->connection_years.a, 3, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->connection_years.b, 4, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->connection_years.c, 7, 0);
  CU_ASSERT_EQUAL(sc->reinforcement_years.kind, DCB_DIST_TRI);
  CU_ASSERT_DOUBLE_EQUAL(sc->reinforcement_years.a, 5, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->reinforcement_years.b, 7, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->reinforcement_years.c, 10, 0);
  CU_ASSERT_EQUAL(sc->crews, 2);
  CU_ASSERT_FALSE(sc->has_moratorium);
  CU_ASSERT_FALSE(sc->has_use_it_or_lose_it);
  /* 40@2025, 25@2035, 15@2050: 2030 is half-way -> 32.5; 2042.5 half-way -> 20. */
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&sc->grid_g_per_kwh, 2025), 40, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&sc->grid_g_per_kwh, 2030), 32.5, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&sc->grid_g_per_kwh, 2042.5), 20, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&sc->grid_g_per_kwh, 2060), 15, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(sc->building_t_per_mw, 1000, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->it_t_per_mw, 500, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->facility_meur_per_mw, 10, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->it_meur_per_mw, 25, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->reinforcement_meur, 200, 0);
  CU_ASSERT_FALSE(sc->investor_enabled);
  CU_ASSERT_DOUBLE_EQUAL(sc->lookahead_years, 5, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->project_mw, 300, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->phase_mw, 100, 0);
  CU_ASSERT_EQUAL(sc->permit_years.kind, DCB_DIST_TRI);
  CU_ASSERT_DOUBLE_EQUAL(sc->permit_years.a, 1, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->permit_years.b, 1.5, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->permit_years.c, 3, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->phase_years.a, 1, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->phase_years.b, 1.5, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->phase_years.c, 2.5, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->cancel_probability, 0.3, 0);
  /* The second layer's defaults (DESIGN §4.2 "Keys of the second layer"). */
  CU_ASSERT_EQUAL(sc->grant, DCB_GRANT_PER_PHASE);
  CU_ASSERT_FALSE(sc->fast_track_guarantee);
  CU_ASSERT_EQUAL(sc->siting, DCB_SITING_TIME_TO_POWER);
  CU_ASSERT_FALSE(sc->developer.build_at_risk);
  CU_ASSERT_DOUBLE_EQUAL(sc->developer.phase_overlap, 0, 0);
  CU_ASSERT_FALSE(sc->developer.has_max_wait);
  CU_ASSERT_EQUAL_FATAL(sc->developer.n_on_long_wait, 2);
  CU_ASSERT_EQUAL(sc->developer.on_long_wait[0], DCB_WAIT_RELOCATE);
  CU_ASSERT_EQUAL(sc->developer.on_long_wait[1], DCB_WAIT_ABANDON);
  CU_ASSERT_FALSE(sc->onsite_enabled);
  CU_ASSERT_EQUAL(sc->onsite_lead_years.kind, DCB_DIST_TRI);
  CU_ASSERT_DOUBLE_EQUAL(sc->onsite_lead_years.a, 1, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->onsite_lead_years.b, 1.5, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->onsite_lead_years.c, 2, 0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&sc->onsite_g_per_kwh, 2040), 450, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->onsite_meur_per_mw, 1.5, 0);
  CU_ASSERT_EQUAL(sc->n_works, 0);
  CU_ASSERT_EQUAL(sc->n_corridors, 0);
  CU_ASSERT_EQUAL(sc->n_substations, 0);
  CU_ASSERT_EQUAL(sc->n_loads, 0);
  CU_ASSERT_EQUAL(sc->n_projects, 0);
}

static void test_scenario_full(void)
{
  g_autoptr(DcbScenario) sc = load_ok(DATA "scn-full.ini", NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT(sc->seed == 99);
  CU_ASSERT(sc->has_target);
  /* 500@2030, 1540@2040: 2035 -> 1020. */
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&sc->target_mw, 2035), 1020, 1e-9);
  CU_ASSERT_EQUAL(sc->policy, DCB_POLICY_FAST_TRACK);
  CU_ASSERT_DOUBLE_EQUAL(sc->grid_mw_per_it_mw, 1.5, 0);
  CU_ASSERT_EQUAL(sc->connection_years.kind, DCB_DIST_UNIFORM);
  CU_ASSERT_EQUAL(sc->reinforcement_years.kind, DCB_DIST_LOGNORMAL);
  CU_ASSERT_EQUAL(sc->crews, 3);
  CU_ASSERT(sc->has_moratorium);
  CU_ASSERT_EQUAL(sc->moratorium_from, 2031);
  CU_ASSERT_EQUAL(sc->moratorium_to, 2033);
  CU_ASSERT(sc->has_use_it_or_lose_it);
  CU_ASSERT_DOUBLE_EQUAL(sc->use_it_or_lose_it_years, 3, 0);
  CU_ASSERT(sc->investor_enabled);
  CU_ASSERT_EQUAL(sc->permit_years.kind, DCB_DIST_NORMAL);
  CU_ASSERT_DOUBLE_EQUAL(sc->cancel_probability, 0.2, 0);
  CU_ASSERT_EQUAL(sc->grant, DCB_GRANT_PARTIAL);
  CU_ASSERT(sc->fast_track_guarantee);
  CU_ASSERT_EQUAL(sc->siting, DCB_SITING_LEGACY);
  CU_ASSERT(sc->developer.build_at_risk);
  CU_ASSERT_DOUBLE_EQUAL(sc->developer.phase_overlap, 0.25, 0);
  CU_ASSERT(sc->developer.has_max_wait);
  CU_ASSERT_DOUBLE_EQUAL(sc->developer.max_wait_years, 4, 0);
  CU_ASSERT_EQUAL_FATAL(sc->developer.n_on_long_wait, 2);
  CU_ASSERT_EQUAL(sc->developer.on_long_wait[0], DCB_WAIT_BRIDGE);
  CU_ASSERT_EQUAL(sc->developer.on_long_wait[1], DCB_WAIT_ABANDON);
  CU_ASSERT(sc->onsite_enabled);
  CU_ASSERT_EQUAL(sc->onsite_lead_years.kind, DCB_DIST_TRI);
  CU_ASSERT_DOUBLE_EQUAL(sc->onsite_lead_years.a, 0.5, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->onsite_lead_years.c, 2, 0);
  /* 500@2025, 300@2040: 2032.5 is half-way -> 400. */
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&sc->onsite_g_per_kwh, 2032.5), 400, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(sc->onsite_meur_per_mw, 2, 0);

  /* Planned works sorted by name: north-a, warande-b (the file has them the other way). */
  CU_ASSERT_EQUAL_FATAL(sc->n_works, 2);
  const DcbPlannedWork *na = &sc->works[0], *wb = &sc->works[1];
  CU_ASSERT_STRING_EQUAL(na->name, "north-a");
  CU_ASSERT_STRING_EQUAL(na->substation, "north");
  CU_ASSERT_DOUBLE_EQUAL(na->mw, 400, 0);
  CU_ASSERT_EQUAL(na->ready.kind, DCB_DIST_FIXED);
  CU_ASSERT_DOUBLE_EQUAL(na->ready.a, 2031.5, 0);
  CU_ASSERT_FALSE(na->has_start);
  CU_ASSERT_DOUBLE_EQUAL(na->meur, 0, 0); /* default */
  CU_ASSERT_STRING_EQUAL(wb->name, "warande-b");
  CU_ASSERT_STRING_EQUAL(wb->substation, "south");
  CU_ASSERT_DOUBLE_EQUAL(wb->mw, 1500, 0);
  CU_ASSERT_EQUAL(wb->ready.kind, DCB_DIST_TRI);
  CU_ASSERT_DOUBLE_EQUAL(wb->ready.b, 2030, 0);
  CU_ASSERT(wb->has_start);
  CU_ASSERT_DOUBLE_EQUAL(wb->start, 2025, 0);
  CU_ASSERT_DOUBLE_EQUAL(wb->meur, 1300, 0);
  /* Corridors sorted by name: a-coast (south), z-backbone (north). */
  CU_ASSERT_EQUAL_FATAL(sc->n_corridors, 2);
  CU_ASSERT_STRING_EQUAL(sc->corridors[0].name, "a-coast");
  CU_ASSERT_EQUAL_FATAL(sc->corridors[0].n_substations, 1);
  CU_ASSERT_STRING_EQUAL(sc->corridors[0].substations[0], "south");
  CU_ASSERT_PTR_NULL(sc->corridors[0].substations[1]);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&sc->corridors[0].cap_mw, 2050), 800, 0);
  CU_ASSERT_STRING_EQUAL(sc->corridors[1].name, "z-backbone");
  CU_ASSERT_STRING_EQUAL(sc->corridors[1].substations[0], "north");
  /* 3000@2025, 6000@2035: 2030 -> 4500. */
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&sc->corridors[1].cap_mw, 2030), 4500, 1e-9);
  /* substation_corridor: north (0) -> z-backbone (1), south (1) -> a-coast (0). */
  CU_ASSERT_EQUAL(sc->substation_corridor[0], 1);
  CU_ASSERT_EQUAL(sc->substation_corridor[1], 0);

  /* Substations sorted by name; south overrides connection_years and moratorium only. */
  CU_ASSERT_EQUAL_FATAL(sc->n_substations, 2);
  const DcbSubstation *north = &sc->substations[0], *south = &sc->substations[1];
  CU_ASSERT_STRING_EQUAL(north->name, "north");
  CU_ASSERT_EQUAL(north->connection_years.kind, DCB_DIST_UNIFORM);
  CU_ASSERT_EQUAL(north->reinforcement_years.kind, DCB_DIST_LOGNORMAL);
  CU_ASSERT(north->has_moratorium);
  CU_ASSERT_EQUAL(north->moratorium_from, 2031);
  CU_ASSERT_EQUAL(north->moratorium_to, 2033);
  CU_ASSERT_STRING_EQUAL(south->name, "south");
  CU_ASSERT_EQUAL(south->connection_years.kind, DCB_DIST_FIXED);
  CU_ASSERT_DOUBLE_EQUAL(south->connection_years.a, 1, 0);
  CU_ASSERT_EQUAL(south->reinforcement_years.kind, DCB_DIST_LOGNORMAL);
  CU_ASSERT_DOUBLE_EQUAL(south->reinforcement_years.a, 6, 0);
  CU_ASSERT_EQUAL(south->moratorium_from, 2040);
  CU_ASSERT_EQUAL(south->moratorium_to, 2041);

  CU_ASSERT_EQUAL_FATAL(sc->n_loads, 1);
  CU_ASSERT_STRING_EQUAL(sc->loads[0].name, "industry");
  CU_ASSERT_STRING_EQUAL(sc->loads[0].substation, "south");
  CU_ASSERT_EQUAL(sc->loads[0].mw.n, 2);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&sc->loads[0].mw, 2029), 200, 1e-9);
  /* A plain number is a single request at start_year. */
  const char *const ovr[] = {"load:industry.mw=250", NULL};
  g_autoptr(DcbScenario) sc2 = load_ok(DATA "scn-full.ini", ovr);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc2);
  CU_ASSERT_EQUAL(sc2->loads[0].mw.n, 1);
  CU_ASSERT_DOUBLE_EQUAL(sc2->loads[0].mw.year[0], 2025, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc2->loads[0].mw.value[0], 250, 0);

  /* Projects sorted: alpha.v2, roubaix, zeta. */
  CU_ASSERT_EQUAL_FATAL(sc->n_projects, 3);
  const DcbProject *a = &sc->projects[0], *r = &sc->projects[1], *z = &sc->projects[2];
  CU_ASSERT_STRING_EQUAL(a->name, "alpha.v2");
  CU_ASSERT_EQUAL_FATAL(a->n_phases, 3);
  CU_ASSERT_DOUBLE_EQUAL(a->phases_mw[2], 100, 0);
  CU_ASSERT(a->has_requested);
  CU_ASSERT_DOUBLE_EQUAL(a->requested, 2024.9, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(a->announced, 2025.4, 1e-12);
  CU_ASSERT_EQUAL(a->phase_years.kind, DCB_DIST_TRI);
  CU_ASSERT_DOUBLE_EQUAL(a->phase_years.b, 1.75, 0);
  CU_ASSERT_DOUBLE_EQUAL(a->cancel_probability, 0.1, 0);
  CU_ASSERT_FALSE(a->fast_track);
  CU_ASSERT_STRING_EQUAL(r->name, "roubaix");
  CU_ASSERT(r->existing);
  CU_ASSERT_DOUBLE_EQUAL(r->operating_since, 2008, 0);
  CU_ASSERT_STRING_EQUAL(r->operator_name, "OVHcloud");
  CU_ASSERT_STRING_EQUAL(z->name, "zeta");
  CU_ASSERT(z->fast_track);
  CU_ASSERT_STRING_EQUAL(z->operator_name, "Zeta Corp");
  /* Defaults from [investor]. */
  CU_ASSERT_EQUAL(z->permit_years.kind, DCB_DIST_NORMAL);
  CU_ASSERT_DOUBLE_EQUAL(z->permit_years.a, 1.5, 0);
  CU_ASSERT_DOUBLE_EQUAL(z->phase_years.a, 2, 0);
  CU_ASSERT_DOUBLE_EQUAL(z->cancel_probability, 0.2, 0);
  /* Developer keys: zeta sets its own; alpha.v2 and the existing campus take [developer]'s. */
  CU_ASSERT_FALSE(z->developer.build_at_risk);
  CU_ASSERT_DOUBLE_EQUAL(z->developer.phase_overlap, 0.5, 0);
  CU_ASSERT(z->developer.has_max_wait);
  CU_ASSERT_DOUBLE_EQUAL(z->developer.max_wait_years, 2.5, 0);
  CU_ASSERT_EQUAL_FATAL(z->developer.n_on_long_wait, 2);
  CU_ASSERT_EQUAL(z->developer.on_long_wait[0], DCB_WAIT_RELOCATE);
  CU_ASSERT_EQUAL(z->developer.on_long_wait[1], DCB_WAIT_ABANDON);
  for (int i = 0; i < 2; i++) {
    const DcbDeveloper *d = &sc->projects[i].developer; /* alpha.v2, roubaix */
    CU_ASSERT(d->build_at_risk);
    CU_ASSERT_DOUBLE_EQUAL(d->phase_overlap, 0.25, 0);
    CU_ASSERT(d->has_max_wait);
    CU_ASSERT_DOUBLE_EQUAL(d->max_wait_years, 4, 0);
    CU_ASSERT_EQUAL(d->n_on_long_wait, 2);
    CU_ASSERT_EQUAL(d->on_long_wait[0], DCB_WAIT_BRIDGE);
  }
  /* First year: min(2025, 2025.4, 2024.9, 2026.25) = 2024.9 -> 2024; the existing campus
   * (2008) does not count. */
  CU_ASSERT_EQUAL(dcb_scenario_first_year(sc), 2024);
}

static void test_scenario_demand_constant_growth(void)
{
  /* it_mw 100, growth 0.10: 2025: 100, 2026: 110, 2027: 121, 2028: 133.1; before: 100. */
  g_autoptr(DcbScenario) sc = load_ok(DATA "scn-defaults.ini", NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2020), 100, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2025), 100, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2026), 110, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2027), 121, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2028), 133.1, 1e-9);
  /* 2030 + 200 = 2230 is the last precomputed year: 100 * 1.1^205; flat after. */
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2230) / (100 * pow(1.1, 205)), 1.0, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2231), dcb_scenario_demand(sc, 2230), 0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 5000), dcb_scenario_demand(sc, 2230), 0);
}

/* Rule 24: [demand] share multiplies the path (and the curve, below) in every year, before
 * start_year too: share 0.25 on it_mw 100, growth 0.10 gives 25, 27.5, 30.25, 33.275. */
static void test_scenario_demand_share(void)
{
  const char *const ovr[] = {"demand.share=0.25", NULL};
  g_autoptr(DcbScenario) sc = load_ok(DATA "scn-defaults.ini", ovr);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_DOUBLE_EQUAL(sc->demand_share.value[0], 0.25, 0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2020), 25, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2025), 25, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2026), 27.5, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2027), 30.25, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2028), 33.275, 1e-9);
  g_autoptr(DcbScenario) def = load_ok(DATA "scn-defaults.ini", NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(def);
  CU_ASSERT_DOUBLE_EQUAL(def->demand_share.value[0], 1, 0); /* the default */
  /* The curve 2025: 100, 2030: 200, 2040: 300 at share 0.5: 2027 -> 70, 2035 -> 125, before
   * 2025 -> 50. */
  const char *const half[] = {"demand.share=0.5", NULL};
  g_autoptr(DcbScenario) cv = load_ok(DATA "scn-curve.ini", half);
  CU_ASSERT_PTR_NOT_NULL_FATAL(cv);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(cv, 2027), 70, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(cv, 2035), 125, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(cv, 2000), 50, 1e-9);
  /* Rule 24 revised: a share trajectory multiplies each year's value of the path.  Share
   * 0.1@2025, 0.3@2027 on it_mw 100, growth 0.10: path 100, 110, 121, 133.1; share 0.1, 0.2,
   * 0.3, 0.3: demand 10, 22, 36.3, 39.93; before start_year, the share at start_year: 10.  On the
   * curve (100 in 2025, 200 in 2030): 2027 path 140 x 0.3 = 42, 2026 path 120 x 0.2 = 24. */
  const char *const traj[] = {"demand.share=0.1@2025, 0.3@2027", NULL};
  g_autoptr(DcbScenario) st = load_ok(DATA "scn-defaults.ini", traj);
  CU_ASSERT_PTR_NOT_NULL_FATAL(st);
  CU_ASSERT_EQUAL(st->demand_share.n, 2);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(st, 2020), 10, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(st, 2025), 10, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(st, 2026), 22, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(st, 2027), 36.3, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(st, 2028), 39.93, 1e-9);
  g_autoptr(DcbScenario) ct = load_ok(DATA "scn-curve.ini", traj);
  CU_ASSERT_PTR_NOT_NULL_FATAL(ct);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(ct, 2026), 24, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(ct, 2027), 42, 1e-9);
}

static void test_scenario_demand_growth_trajectory(void)
{
  /* growth 0.10@2025, 0.30@2027: growth(2025) = 0.10, (2026) = 0.20, (2027 on) = 0.30.
   * demand 2025: 100; 2026: 100*1.1 = 110; 2027: 110*1.2 = 132; 2028: 132*1.3 = 171.6;
   * 2029: 171.6*1.3 = 223.08.  Before start_year: it_mw.  The project announced 2024.5 and
   * requested 2023.4 makes the first year 2023. */
  g_autoptr(DcbScenario) sc = load_ok(DATA "scn-growth.ini", NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_STRING_EQUAL(sc->name, "growth trajectory");
  CU_ASSERT(sc->seed == G_MAXUINT64);
  CU_ASSERT_STRING_EQUAL(sc->platform_path, "/abs/platform.xml");
  CU_ASSERT_EQUAL(dcb_scenario_first_year(sc), 2023);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2023), 100, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2024), 100, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2025), 100, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2026), 110, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2027), 132, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2028), 171.6, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2029), 223.08, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 1990), 100, 1e-9);
}

static void test_scenario_demand_curve(void)
{
  /* Curve 2025: 100, 2030: 200, 2040: 300 (header, comment and blank lines skipped):
   * 2027 -> 140, 2035 -> 250, before 2025 -> 100, after 2040 -> 300. */
  g_autoptr(DcbScenario) sc = load_ok(DATA "scn-curve.ini", NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT(sc->has_curve);
  CU_ASSERT_STRING_EQUAL(sc->curve_path, DATA "scn-curve.csv");
  CU_ASSERT_EQUAL(sc->curve.n, 3);
  CU_ASSERT_DOUBLE_EQUAL(sc->it_mw, 100, 0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2025), 100, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2027), 140, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2035), 250, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2000), 100, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2044), 300, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2300), 300, 1e-9);
}

static void test_scenario_curve_errors(void)
{
  g_autofree char *dir = g_dir_make_tmp("dcb-scenario-XXXXXX", NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
  g_autofree char *csv = g_build_filename(dir, "c.csv", NULL);
  g_autofree char *ini = g_build_filename(dir, "s.ini", NULL);
  const char *ini_text = "[scenario]\nplatform = p.xml\nstart_year = 2025\nend_year = 2030\n"
                         "[demand]\ncurve = c.csv\n";
  CU_ASSERT_FATAL(g_file_set_contents(ini, ini_text, -1, NULL));
  static const struct {
    const char *csv, *expect;
  } cases[] = {
      {"year,it_mw\n2025,100\n2024,90\n", "c.csv: line 3: years must be strictly increasing"},
      {"2025,100\n2030,abc\n", "c.csv: line 2: expected 'year,it_mw'"},
      {"# only\nyear,it_mw\n", "c.csv: no 'year,it_mw' rows"},
      {"year,it_mw\n2025,-1\n", "c.csv: line 2: it_mw must be >= 0"},
      {"year,it_mw\n2025,1,2\n", "line 2: expected 'year,it_mw'"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    CU_ASSERT_FATAL(g_file_set_contents(csv, cases[i].csv, -1, NULL));
    g_autoptr(GError) error = NULL;
    g_autoptr(DcbScenario) sc = dcb_scenario_load(ini, NULL, &error);
    CU_ASSERT_PTR_NULL(sc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(error);
    assert_contains(error->message, "[demand] curve: ");
    assert_contains(error->message, cases[i].expect);
  }
  g_remove(csv);
  g_autoptr(GError) error = NULL;
  g_autoptr(DcbScenario) sc = dcb_scenario_load(ini, NULL, &error);
  CU_ASSERT_PTR_NULL(sc);
  assert_contains(error->message, "cannot read the curve");
  g_remove(ini);
  g_rmdir(dir);

  /* The curve replaces it_mw/growth: both at once is an error. */
  g_autofree char *m = load_text_error(MINIMAL "curve = scn-curve.csv\n", NULL);
  assert_contains(m, "[demand] curve: cannot be combined with it_mw or growth");
}

static void test_scenario_overrides(void)
{
  const char *const ovr[] = {"project:one.phases_mw=200,200", "grid.crews = 3",
                             "investor.enabled=true", "demand.growth=0.2@2025,0.1@2030", NULL};
  g_autoptr(DcbScenario) sc = load_ok(DATA "tiny.ini", ovr);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_EQUAL_FATAL(sc->projects[0].n_phases, 2);
  CU_ASSERT_DOUBLE_EQUAL(sc->projects[0].phases_mw[0], 200, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->projects[0].phases_mw[1], 200, 0);
  CU_ASSERT_EQUAL(sc->crews, 3);
  CU_ASSERT(sc->investor_enabled);
  /* growth 0.2 in 2025, 0.18 in 2026: 150 -> 180 -> 212.4. */
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2026), 180, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_scenario_demand(sc, 2027), 212.4, 1e-9);
  /* The effective key file holds the overrides; the overrides are copied as given. */
  g_autofree char *crews = g_key_file_get_value(sc->effective, "grid", "crews", NULL);
  CU_ASSERT_STRING_EQUAL(crews, "3");
  g_autofree char *phases = g_key_file_get_value(sc->effective, "project:one", "phases_mw", NULL);
  CU_ASSERT_STRING_EQUAL(phases, "200,200");
  CU_ASSERT_EQUAL(g_strv_length(sc->overrides), 4);
  CU_ASSERT_STRING_EQUAL(sc->overrides[1], "grid.crews = 3");
  /* A group absent from the file is created by an override (fixed groups only). */
  const char *const ovr2[] = {"capex.it_meur_per_mw=30", NULL};
  g_autoptr(DcbScenario) sc2 = load_ok(DATA "scn-defaults.ini", ovr2);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc2);
  CU_ASSERT_DOUBLE_EQUAL(sc2->it_meur_per_mw, 30, 0);
  /* Group names with '.' and ':' split at the last '.' before '='. */
  const char *const ovr3[] = {"project:alpha.v2.fast_track=true", NULL};
  g_autoptr(DcbScenario) sc3 = load_ok(DATA "scn-full.ini", ovr3);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc3);
  CU_ASSERT(sc3->projects[0].fast_track);
  /* The sweep helper. */
  g_autofree char *g = NULL, *k = NULL, *v = NULL;
  CU_ASSERT(dcb_scenario_split_override("a.b:c.d=x=y", &g, &k, &v, NULL));
  CU_ASSERT_STRING_EQUAL(g, "a.b:c");
  CU_ASSERT_STRING_EQUAL(k, "d");
  CU_ASSERT_STRING_EQUAL(v, "x=y");
}

static void test_scenario_override_errors(void)
{
  static const struct {
    const char *ovr, *expect;
  } cases[] = {
      {"grid.crew=2", "--set grid.crew=2: [grid] crew: unknown key (did you mean 'crews'?)"},
      {"grid.crews=0", "--set grid.crews=0: [grid] crews: must be an integer >= 1 (got '0')"},
      {"grid.crews=2.5", "--set grid.crews=2.5: [grid] crews: expected an integer (got '2.5')"},
      {"crews=2", "--set crews=2: expected group.key=value"},
      {"grid.crews", "--set grid.crews: expected group.key=value"},
      {".crews=1", "--set .crews=1: expected group.key=value"},
      {"grid.=1", "--set grid.=1: expected group.key=value"},
      {"gird.crews=2", "--set gird.crews=2: [gird]: unknown group (did you mean 'grid'?)"},
      {"substation:nort.headroom_mw=5",
       "--set substation:nort.headroom_mw=5: [substation:nort]: no such group in the scenario "
       "(did you mean 'substation:north'?)"},
      {"project:one.phases_mw=200,0", "--set project:one.phases_mw=200,0: [project:one] "
                                      "phases_mw: phase 2: must be > 0 MW (got '200,0')"},
      {"scenario.end_year=2024", "--set scenario.end_year=2024: [scenario] end_year: must be > "
                                 "start_year (2025) (got '2024')"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    const char *const ovr[] = {cases[i].ovr, NULL};
    g_autoptr(GError) error = NULL;
    g_autoptr(DcbScenario) sc = dcb_scenario_load(DATA "tiny.ini", ovr, &error);
    CU_ASSERT_PTR_NULL(sc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(error);
    CU_ASSERT(g_error_matches(error, DCB_ERROR, DCB_ERROR_INPUT));
    if (strcmp(error->message, cases[i].expect) != 0) {
      fprintf(stderr, "\ngot      '%s'\nexpected '%s'\n", error->message, cases[i].expect);
      CU_FAIL("unexpected override error");
    }
  }
}

static void test_scenario_did_you_mean(void)
{
  static const struct {
    const char *text, *expect;
  } cases[] = {
      {MINIMAL "[grdi]\ncrews = 1\n", "mem.ini: [grdi]: unknown group (did you mean 'grid'?)"},
      {MINIMAL "[operation]\npeu = 1.2\n",
       "mem.ini: [operation] peu: unknown key (did you mean 'pue'?)"},
      {MINIMAL "[projet:x]\nsite = a\n",
       "mem.ini: [projet:x]: unknown group (did you mean 'project:x'?)"},
      {MINIMAL "[project]\nsite = a\n",
       "mem.ini: [project]: unknown group (did you mean 'project:NAME'?)"},
      {MINIMAL "[grid]\npue = 1.2\n",
       "mem.ini: [grid] pue: unknown key (it belongs in [operation])"},
      {MINIMAL "[weather]\nrain = 1\n", "mem.ini: [weather]: unknown group"},
      {MINIMAL "[grid]\npolcy = fcfs\n",
       "mem.ini: [grid] polcy: unknown key (did you mean 'policy'?)"},
      {MINIMAL "[substaton:x]\nheadroom_mw = 1\n",
       "mem.ini: [substaton:x]: unknown group (did you mean 'substation:x'?)"},
      {MINIMAL "[investor]\nsite = a\n",
       "mem.ini: [investor] site: unknown key (it belongs in [project:NAME])"},
      {MINIMAL "[project:p]\nsite = a\nannounced = 2026\nphases_mw = 1\nfast_trak = true\n",
       "mem.ini: [project:p] fast_trak: unknown key (did you mean 'fast_track'?)"},
      {MINIMAL "[project:]\nsite = a\n",
       "mem.ini: [project:]: empty name (expected [project:NAME])"},
      {MINIMAL "[substation:s]\nheadroom_mw = 1\nreinforcement_mw = 1\n[load:l]\nsubstation = "
               "t\nmw = 1\n",
       "mem.ini: [load:l] substation: no [substation:t] (did you mean 's'?) (got 't')"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *m = load_text_error(cases[i].text, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    if (!g_str_has_suffix(m, cases[i].expect)) {
      fprintf(stderr, "\ngot      '%s'\nexpected '...%s'\n", m, cases[i].expect);
      CU_FAIL("unexpected error");
    }
  }
  GError *error = NULL;
  CU_ASSERT_FALSE(dcb_scenario_check_key("grid", "crew", &error));
  CU_ASSERT_STRING_EQUAL(error->message, "[grid] crew: unknown key (did you mean 'crews'?)");
  g_clear_error(&error);
  CU_ASSERT(dcb_scenario_check_key("project:x.y", "site", NULL));
}

/* The second layer's keys (DESIGN §2.2, §4.2): overrides of each, the per-project resolution of
 * [developer], and the one-line errors of bad values. */
static void test_scenario_second_layer_keys(void)
{
  const char *project = "[project:p]\nsite = alpha\nannounced = 2026\nphases_mw = 10\n";
  g_autofree char *text = g_strconcat(MINIMAL, project,
                                      "[project:q]\nsite = alpha\n"
                                      "announced = 2027\nphases_mw = 10\nbuild_at_risk = false\n",
                                      NULL);
  const char *const ovr[] = {"grid.grant=whole",
                             "grid.policy=fast_track",
                             "grid.fast_track_guarantee=true",
                             "developer.build_at_risk=true",
                             "developer.phase_overlap=0.5",
                             "developer.max_wait_years=3",
                             "developer.on_long_wait=abandon,relocate",
                             "investor.siting=legacy",
                             "project:p.max_wait_years=6",
                             NULL};
  g_autoptr(DcbScenario) sc = load_ok_text(text, ovr);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_EQUAL(sc->grant, DCB_GRANT_WHOLE);
  CU_ASSERT(sc->fast_track_guarantee);
  CU_ASSERT_EQUAL(sc->siting, DCB_SITING_LEGACY);
  CU_ASSERT(sc->developer.build_at_risk);
  CU_ASSERT_DOUBLE_EQUAL(sc->developer.phase_overlap, 0.5, 0);
  CU_ASSERT(sc->developer.has_max_wait);
  CU_ASSERT_DOUBLE_EQUAL(sc->developer.max_wait_years, 3, 0);
  CU_ASSERT_EQUAL_FATAL(sc->developer.n_on_long_wait, 2);
  CU_ASSERT_EQUAL(sc->developer.on_long_wait[0], DCB_WAIT_ABANDON);
  CU_ASSERT_EQUAL(sc->developer.on_long_wait[1], DCB_WAIT_RELOCATE);
  CU_ASSERT_EQUAL_FATAL(sc->n_projects, 2);
  /* p: its own max_wait_years, the rest from [developer]; q: its own build_at_risk. */
  const DcbDeveloper *p = &sc->projects[0].developer, *q = &sc->projects[1].developer;
  CU_ASSERT(p->build_at_risk);
  CU_ASSERT_DOUBLE_EQUAL(p->phase_overlap, 0.5, 0);
  CU_ASSERT_DOUBLE_EQUAL(p->max_wait_years, 6, 0);
  CU_ASSERT_EQUAL(p->n_on_long_wait, 2);
  CU_ASSERT_FALSE(q->build_at_risk);
  CU_ASSERT_DOUBLE_EQUAL(q->max_wait_years, 3, 0);
  CU_ASSERT_EQUAL(q->on_long_wait[0], DCB_WAIT_ABANDON);

  static const struct {
    const char *set, *expect;
  } bad[] = {
      {"grid.grant=parital",
       "[grid] grant: expected 'per_phase', 'partial' or 'whole' (did you mean 'partial'?) (got "
       "'parital')"},
      {"grid.grant=all", "[grid] grant: expected 'per_phase', 'partial' or 'whole' (got 'all')"},
      {"grid.fast_track_guarantee=true",
       "[grid] fast_track_guarantee: true needs [grid] policy = fast_track, not 'fcfs' (got "
       "'true')"},
      {"grid.fast_track_guarantee=yes", "[grid] fast_track_guarantee: expected true or false"},
      {"investor.siting=legasy",
       "[investor] siting: expected 'time_to_power' or 'legacy' (did you mean 'legacy'?)"},
      {"developer.build_at_risk=1", "[developer] build_at_risk: expected true or false"},
      {"developer.phase_overlap=1", "[developer] phase_overlap: must be in [0, 1) (got '1')"},
      {"developer.phase_overlap=-0.1", "[developer] phase_overlap: must be in [0, 1)"},
      {"developer.max_wait_years=0", "[developer] max_wait_years: must be > 0 (got '0')"},
      {"developer.on_long_wait=relocate,abandn",
       "[developer] on_long_wait: unknown word 'abandn': expected 'relocate', 'bridge' or "
       "'abandon' (did you mean 'abandon'?)"},
      {"developer.on_long_wait=wait",
       "[developer] on_long_wait: unknown word 'wait': expected 'relocate', 'bridge' or "
       "'abandon' (got 'wait')"},
      {"developer.on_long_wait=abandon, abandon",
       "[developer] on_long_wait: 'abandon' is listed twice"},
      {"developer.on_long_wait=relocate,,abandon", "[developer] on_long_wait: item 2 is empty"},
      {"developer.on_long_wait=", "[developer] on_long_wait: expected a comma-separated list"},
      {"project:p.phase_overlap=1.5", "[project:p] phase_overlap: must be in [0, 1)"},
      {"project:p.max_wait_years=-1", "[project:p] max_wait_years: must be > 0"},
      {"project:p.on_long_wait=relocat",
       "[project:p] on_long_wait: unknown word 'relocat': expected 'relocate', 'bridge' or "
       "'abandon' (did you mean 'relocate'?)"},
      {"project:p.build_at_risk=maybe", "[project:p] build_at_risk: expected true or false"},
  };
  /* Sweep specs check their [vary] keys with dcb_scenario_check_key: every new key is known. */
  static const char *const known[][2] = {{"grid", "grant"},
                                         {"grid", "fast_track_guarantee"},
                                         {"investor", "siting"},
                                         {"developer", "build_at_risk"},
                                         {"developer", "on_long_wait"},
                                         {"project:x", "phase_overlap"},
                                         {"onsite", "g_per_kwh"},
                                         {"reinforcement:dunkirk", "ready"},
                                         {"corridor:north", "cap_mw"}};
  for (gsize i = 0; i < G_N_ELEMENTS(known); i++)
    CU_ASSERT(dcb_scenario_check_key(known[i][0], known[i][1], NULL));
  GError *kerr = NULL;
  CU_ASSERT_FALSE(dcb_scenario_check_key("developer", "max_wait_year", &kerr));
  CU_ASSERT_STRING_EQUAL(kerr->message,
                         "[developer] max_wait_year: unknown key (did you mean 'max_wait_years'?)");
  g_clear_error(&kerr);

  g_autofree char *one = g_strconcat(MINIMAL, project, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    const char *const o[] = {bad[i].set, NULL};
    g_autofree char *m = load_text_error(one, o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    g_autofree char *from = g_strdup_printf("--set %s: ", bad[i].set);
    if (strstr(m, bad[i].expect) == NULL || !g_str_has_prefix(m, from)) {
      fprintf(stderr, "\ngot      '%s'\nexpected '%s...%s'\n", m, from, bad[i].expect);
      CU_FAIL("unexpected error for a second-layer key");
    }
  }
}

/* ---------------------------------------------------------------- the key table */

/* MINIMAL with one group of each named kind, required keys only. */
#define MINIMAL_NAMED                                                                              \
  MINIMAL "[substation:s]\nheadroom_mw = 10\nreinforcement_mw = 10\n"                              \
          "[load:l]\nsubstation = s\nmw = 5\n"                                                     \
          "[project:p]\nsite = alpha\nannounced = 2026\nphases_mw = 10\n"                          \
          "[reinforcement:r]\nsubstation = s\nmw = 10\nready = 2030\n"                             \
          "[corridor:c]\nsubstations = s\ncap_mw = 100\n"

static gboolean dist_eq(const DcbDist *a, const DcbDist *b)
{
  return a->kind == b->kind && a->a == b->a && a->b == b->b && a->c == b->c;
}

static gboolean traj_eq(const DcbTraj *a, const DcbTraj *b)
{
  if (a->n != b->n)
    return FALSE;
  for (int i = 0; i < a->n; i++)
    if (a->year[i] != b->year[i] || a->value[i] != b->value[i])
      return FALSE;
  return TRUE;
}

static gboolean developer_eq(const DcbDeveloper *a, const DcbDeveloper *b)
{
  if (a->build_at_risk != b->build_at_risk || a->phase_overlap != b->phase_overlap ||
      a->has_max_wait != b->has_max_wait || a->n_on_long_wait != b->n_on_long_wait)
    return FALSE;
  if (a->has_max_wait && a->max_wait_years != b->max_wait_years)
    return FALSE;
  for (int i = 0; i < a->n_on_long_wait; i++)
    if (a->on_long_wait[i] != b->on_long_wait[i])
      return FALSE;
  return TRUE;
}

#define SAME(cond)                                                                                 \
  do {                                                                                             \
    if (!(cond))                                                                                   \
      return #cond;                                                                                \
  } while (0)

/* The first public field (as C text) in which two loaded scenarios differ, or NULL.  Every field
 * the model reads is compared; provenance (path, hash, overrides, key file) is not. */
static const char *scenario_diff(const DcbScenario *a, const DcbScenario *b)
{
  SAME(g_strcmp0(a->name, b->name) == 0);
  SAME(g_strcmp0(a->platform_path, b->platform_path) == 0);
  SAME(a->start_year == b->start_year && a->end_year == b->end_year && a->seed == b->seed);
  SAME(a->has_target == b->has_target && traj_eq(&a->target_mw, &b->target_mw));
  SAME(a->it_mw == b->it_mw && traj_eq(&a->growth, &b->growth));
  SAME(a->has_curve == b->has_curve && g_strcmp0(a->curve_path, b->curve_path) == 0);
  SAME(a->utilization == b->utilization && a->ramp_years == b->ramp_years);
  SAME(traj_eq(&a->pue, &b->pue));
  SAME(a->refresh_years == b->refresh_years && a->gflops_per_w == b->gflops_per_w);
  SAME(a->efficiency_growth == b->efficiency_growth);
  SAME(a->policy == b->policy && a->grid_mw_per_it_mw == b->grid_mw_per_it_mw);
  SAME(dist_eq(&a->connection_years, &b->connection_years));
  SAME(dist_eq(&a->reinforcement_years, &b->reinforcement_years));
  SAME(a->crews == b->crews && a->has_moratorium == b->has_moratorium);
  SAME(a->moratorium_from == b->moratorium_from && a->moratorium_to == b->moratorium_to);
  SAME(a->has_use_it_or_lose_it == b->has_use_it_or_lose_it);
  SAME(a->use_it_or_lose_it_years == b->use_it_or_lose_it_years);
  SAME(traj_eq(&a->grid_g_per_kwh, &b->grid_g_per_kwh));
  SAME(a->building_t_per_mw == b->building_t_per_mw && a->it_t_per_mw == b->it_t_per_mw);
  SAME(a->facility_meur_per_mw == b->facility_meur_per_mw);
  SAME(a->it_meur_per_mw == b->it_meur_per_mw && a->reinforcement_meur == b->reinforcement_meur);
  SAME(a->investor_enabled == b->investor_enabled);
  SAME(a->investor_start_year == b->investor_start_year);
  SAME(a->lookahead_years == b->lookahead_years && a->project_mw == b->project_mw);
  SAME(a->phase_mw == b->phase_mw && a->cancel_probability == b->cancel_probability);
  SAME(dist_eq(&a->permit_years, &b->permit_years));
  SAME(dist_eq(&a->phase_years, &b->phase_years));
  SAME(a->grant == b->grant && a->fast_track_guarantee == b->fast_track_guarantee);
  SAME(a->siting == b->siting);
  SAME(developer_eq(&a->developer, &b->developer));
  SAME(a->onsite_enabled == b->onsite_enabled);
  SAME(dist_eq(&a->onsite_lead_years, &b->onsite_lead_years));
  SAME(traj_eq(&a->onsite_g_per_kwh, &b->onsite_g_per_kwh));
  SAME(a->onsite_meur_per_mw == b->onsite_meur_per_mw);
  SAME(a->n_works == b->n_works && a->n_corridors == b->n_corridors);
  for (int i = 0; i < a->n_works; i++) {
    const DcbPlannedWork *x = &a->works[i], *y = &b->works[i];
    SAME(strcmp(x->name, y->name) == 0 && strcmp(x->substation, y->substation) == 0);
    SAME(x->mw == y->mw && dist_eq(&x->ready, &y->ready) && x->meur == y->meur);
    SAME(x->has_start == y->has_start && (!x->has_start || x->start == y->start));
  }
  for (int i = 0; i < a->n_corridors; i++) {
    const DcbCorridor *x = &a->corridors[i], *y = &b->corridors[i];
    SAME(strcmp(x->name, y->name) == 0 && traj_eq(&x->cap_mw, &y->cap_mw));
    SAME(g_strv_equal((const char *const *)x->substations, (const char *const *)y->substations));
    SAME(x->n_substations == y->n_substations);
  }
  SAME(a->n_substations == b->n_substations && a->n_loads == b->n_loads);
  for (int i = 0; i < a->n_substations; i++)
    SAME(a->substation_corridor[i] == b->substation_corridor[i]);
  SAME(a->n_projects == b->n_projects);
  for (int i = 0; i < a->n_substations; i++) {
    const DcbSubstation *x = &a->substations[i], *y = &b->substations[i];
    SAME(strcmp(x->name, y->name) == 0 && x->headroom_mw == y->headroom_mw);
    SAME(x->reinforcement_mw == y->reinforcement_mw);
    SAME(dist_eq(&x->connection_years, &y->connection_years));
    SAME(dist_eq(&x->reinforcement_years, &y->reinforcement_years));
    SAME(x->has_moratorium == y->has_moratorium && x->moratorium_from == y->moratorium_from);
    SAME(x->moratorium_to == y->moratorium_to);
  }
  for (int i = 0; i < a->n_loads; i++) {
    const DcbLoad *x = &a->loads[i], *y = &b->loads[i];
    SAME(strcmp(x->name, y->name) == 0 && strcmp(x->substation, y->substation) == 0);
    SAME(traj_eq(&x->mw, &y->mw));
  }
  for (int i = 0; i < a->n_projects; i++) {
    const DcbProject *x = &a->projects[i], *y = &b->projects[i];
    SAME(strcmp(x->name, y->name) == 0 && strcmp(x->site, y->site) == 0);
    SAME(g_strcmp0(x->operator_name, y->operator_name) == 0 && x->n_phases == y->n_phases);
    SAME(memcmp(x->phases_mw, y->phases_mw, sizeof(double) * (size_t)x->n_phases) == 0);
    SAME(x->existing == y->existing && x->operating_since == y->operating_since);
    SAME(x->announced == y->announced && x->has_requested == y->has_requested);
    SAME(x->requested == y->requested && x->cancel_probability == y->cancel_probability);
    SAME(dist_eq(&x->permit_years, &y->permit_years));
    SAME(dist_eq(&x->phase_years, &y->phase_years) && x->fast_track == y->fast_track);
    SAME(developer_eq(&x->developer, &y->developer));
  }
  SAME(a->first_year == b->first_year && a->demand_n_years == b->demand_n_years);
  SAME(memcmp(a->demand_by_year_mw, b->demand_by_year_mw,
              sizeof(double) * (size_t)a->demand_n_years) == 0);
  return NULL;
}

/* The group of MINIMAL_NAMED that a row's pattern stands for ("project:NAME" -> "project:p"). */
static char *instance_of(const char *pattern)
{
  const char *colon = strchr(pattern, ':');
  if (colon == NULL)
    return g_strdup(pattern);
  return g_strdup_printf("%.*s:%c", (int)(colon - pattern), pattern, pattern[0]);
}

/* The text that stands for a row's absent value: its default, or (inherited) the value of the
 * key it inherits in MINIMAL_NAMED or that key's default; NULL when there is none to write. */
static char *absent_text(const DcbKey *row, GKeyFile *minimal)
{
  if (row->need == DCB_KEY_DEFAULT)
    return g_strdup(row->def);
  if (row->need != DCB_KEY_INHERITS)
    return NULL;
  const char *dot = strrchr(row->def, '.');
  g_autofree char *group = g_strndup(row->def, (gsize)(dot - row->def));
  const DcbKey *from = dcb_schema_find(group, dot + 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(from);
  CU_ASSERT_EQUAL(from->type, row->type); /* inherits a value of its own type */
  char *v = g_key_file_get_value(minimal, group, dot + 1, NULL);
  return v != NULL ? v : absent_text(from, minimal);
}

/* Planned works (rule 20) and corridors (rule 23): overrides, substation_corridor, and the
 * one-line errors of their values and references. */
static void test_scenario_works_corridors(void)
{
  const char *text =
      MINIMAL "[substation:a]\nheadroom_mw = 10\nreinforcement_mw = 10\n"
              "[substation:b]\nheadroom_mw = 10\nreinforcement_mw = 10\n"
              "[substation:c]\nheadroom_mw = 10\nreinforcement_mw = 10\n"
              "[reinforcement:dunkirk]\nsubstation = c\nmw = 4500\n"
              "ready = tri(2029,2030,2032)\nstart = 2025\nmeur = 1300\n"
              "[corridor:north]\nsubstations = c, a\ncap_mw = 3000@2025, 6000@2035\n";
  g_autoptr(DcbScenario) sc = load_ok_text(text, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_EQUAL_FATAL(sc->n_corridors, 1);
  CU_ASSERT_EQUAL(sc->corridors[0].n_substations, 2);
  CU_ASSERT_STRING_EQUAL(sc->corridors[0].substations[0], "c"); /* as written */
  CU_ASSERT_STRING_EQUAL(sc->corridors[0].substations[1], "a");
  /* a (0) and c (2) in corridor 0; b (1) in none. */
  CU_ASSERT_EQUAL(sc->substation_corridor[0], 0);
  CU_ASSERT_EQUAL(sc->substation_corridor[1], -1);
  CU_ASSERT_EQUAL(sc->substation_corridor[2], 0);
  CU_ASSERT_EQUAL_FATAL(sc->n_works, 1);
  CU_ASSERT_DOUBLE_EQUAL(dcb_dist_min(&sc->works[0].ready), 2029, 0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_dist_central(&sc->works[0].ready), 2030, 0);

  const char *const ovr[] = {"reinforcement:dunkirk.ready=2030", "reinforcement:dunkirk.mw=6000",
                             "corridor:north.substations=b", "corridor:north.cap_mw=100", NULL};
  g_autoptr(DcbScenario) o = load_ok_text(text, ovr);
  CU_ASSERT_PTR_NOT_NULL_FATAL(o);
  CU_ASSERT_EQUAL(o->works[0].ready.kind, DCB_DIST_FIXED);
  CU_ASSERT_DOUBLE_EQUAL(o->works[0].ready.a, 2030, 0);
  CU_ASSERT_DOUBLE_EQUAL(o->works[0].mw, 6000, 0);
  CU_ASSERT_EQUAL(o->substation_corridor[0], -1);
  CU_ASSERT_EQUAL(o->substation_corridor[1], 0);
  CU_ASSERT_EQUAL(o->substation_corridor[2], -1);

  static const struct {
    const char *set, *expect;
  } bad[] = {
      {"reinforcement:dunkirk.substation=d",
       "[reinforcement:dunkirk] substation: no [substation:d] (did you mean 'a'?) (got 'd')"},
      {"reinforcement:dunkirk.mw=-1", "[reinforcement:dunkirk] mw: must be > 0"},
      {"reinforcement:dunkirk.ready=uniform(2020,2240)",
       "[reinforcement:dunkirk] ready: must be a year between 1900 and 2230 (end_year + 200)"},
      {"reinforcement:dunkirk.ready=lognormal(2030,0.1)",
       "a year drawn from a lognormal distribution is unbounded"},
      {"reinforcement:dunkirk.ready=2024.5",
       "[reinforcement:dunkirk] start: must be <= the earliest ready date (2024.5) (got '2025')"},
      {"reinforcement:dunkirk.start=soon", "[reinforcement:dunkirk] start: expected a number"},
      {"reinforcement:dunkirk.meur=-1", "[reinforcement:dunkirk] meur: must be >= 0"},
      {"reinforcement:nowhere.mw=1",
       "[reinforcement:nowhere]: no such group in the scenario (did you mean "
       "'reinforcement:dunkirk'?)"},
      {"corridor:north.substations=a, d", "[corridor:north] substations: no [substation:d]"},
      {"corridor:north.substations=a, b, a", "[corridor:north] substations: 'a' is listed twice"},
      {"corridor:north.cap_mw=-5", "[corridor:north] cap_mw: every value must be >= 0"},
      {"corridor:north.cap_m=5", "[corridor:north] cap_m: unknown key (did you mean 'cap_mw'?)"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    const char *const set[] = {bad[i].set, NULL};
    g_autofree char *m = load_text_error(text, set);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    if (strstr(m, bad[i].expect) == NULL || strchr(m, '\n') != NULL) {
      fprintf(stderr, "\ngot      '%s'\nexpected '...%s'\n", m, bad[i].expect);
      CU_FAIL("unexpected error for a planned work or a corridor");
    }
  }
  /* A substation in two corridors: the later corridor by name is told, whatever the file order. */
  g_autofree char *two =
      g_strconcat(text, "[corridor:east]\nsubstations = b, c\ncap_mw = 1\n", NULL);
  g_autofree char *m = load_text_error(two, NULL);
  assert_contains(m, "mem.ini: [corridor:north] substations: substation 'c' is already in "
                     "[corridor:east] (a substation belongs to at most one corridor) (got 'c, a')");
}

/* run.ini is the effective key file: loaded again, it gives the same scenario, second layer
 * included (overrides of named groups too). */
static void test_scenario_run_ini_round_trip(void)
{
  const char *const ovr[] = {"grid.grant=whole",
                             "developer.build_at_risk=false",
                             "investor.siting=time_to_power",
                             "reinforcement:north-a.ready=2033",
                             "project:zeta.on_long_wait=abandon",
                             "corridor:a-coast.cap_mw=900",
                             NULL};
  g_autoptr(DcbScenario) sc = load_ok(DATA "scn-full.ini", ovr);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_EQUAL(sc->grant, DCB_GRANT_WHOLE);
  CU_ASSERT_DOUBLE_EQUAL(sc->works[0].ready.a, 2033, 0);
  DcbProvenance prov = dcb_provenance_of_run(sc, "3.32", sc->seed, NULL);
  g_autofree char *ini = dcb_run_ini_format(sc, &prov, "run");
  /* run.ini names the platform's copy beside it: point it back at the original. */
  const char *const back[] = {"scenario.platform=tiny.xml", NULL};
  g_autoptr(GError) error = NULL;
  g_autoptr(DcbScenario) again =
      dcb_scenario_load_data(DATA "run.ini", ini, strlen(ini), back, &error);
  if (again == NULL)
    fprintf(stderr, "\nrun.ini does not load: %s\n", error->message);
  CU_ASSERT_PTR_NOT_NULL_FATAL(again);
  const char *diff = scenario_diff(sc, again);
  if (diff != NULL)
    fprintf(stderr, "\nrun.ini differs in %s\n", diff);
  CU_ASSERT_PTR_NULL(diff);
  CU_ASSERT_EQUAL(again->projects[2].developer.n_on_long_wait, 1);
}

/* Every row's default is what the loader fills: a scenario without the key and one that sets it
 * to the row's default text (or to the inherited value) load to the same values. */
static void test_scenario_schema_defaults(void)
{
  g_autoptr(DcbScenario) absent = load_ok_text(MINIMAL_NAMED, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(absent);
  g_autoptr(GKeyFile) minimal = g_key_file_new();
  CU_ASSERT_FATAL(g_key_file_load_from_data(minimal, MINIMAL_NAMED, strlen(MINIMAL_NAMED),
                                            G_KEY_FILE_NONE, NULL));
  int n = 0, compared = 0;
  const DcbKey *keys = dcb_schema_keys(&n);
  for (int i = 0; i < n; i++) {
    const DcbKey *row = &keys[i];
    g_autofree char *text = absent_text(row, minimal);
    if (text == NULL)
      continue;
    g_autofree char *group = instance_of(row->group);
    g_autofree char *set = g_strdup_printf("%s.%s=%s", group, row->key, text);
    const char *overrides[] = {set, NULL};
    g_autoptr(DcbScenario) given = load_ok_text(MINIMAL_NAMED, overrides);
    if (given == NULL) {
      fprintf(stderr, "\n--set %s: the default does not load\n", set);
      CU_FAIL("a default of the key table is not valid scenario text");
      continue;
    }
    const char *diff = scenario_diff(absent, given);
    if (diff != NULL) {
      fprintf(stderr, "\n--set %s: the loader's default differs in %s\n", set, diff);
      CU_FAIL("the loader does not fill the key table's default");
    }
    compared++;
  }
  CU_ASSERT(compared >= 30);
  /* Spot checks against the fields themselves. */
  CU_ASSERT_STRING_EQUAL(dcb_schema_find("operation", "utilization")->def, "0.55");
  CU_ASSERT_DOUBLE_EQUAL(absent->utilization, 0.55, 0);
  CU_ASSERT_EQUAL(absent->crews, 2);
  CU_ASSERT_EQUAL(absent->policy, DCB_POLICY_FCFS);
  CU_ASSERT_EQUAL(absent->connection_years.kind, DCB_DIST_TRI);
  CU_ASSERT_DOUBLE_EQUAL(absent->connection_years.c, 7, 0);
  CU_ASSERT_EQUAL(absent->investor_start_year, 2025);
  CU_ASSERT(dist_eq(&absent->projects[0].permit_years, &absent->permit_years));
  CU_ASSERT(dist_eq(&absent->substations[0].reinforcement_years, &absent->reinforcement_years));
}

/* The rows are well formed: unique, documented, defaults and inheritance where they belong. */
static void test_scenario_schema_rows(void)
{
  int n = 0;
  const DcbKey *keys = dcb_schema_keys(&n);
  CU_ASSERT(n >= 50);
  for (int i = 0; i < n; i++) {
    const DcbKey *row = &keys[i];
    CU_ASSERT(row->group[0] != '\0' && row->key[0] != '\0' && row->doc[0] != '\0');
    CU_ASSERT(strchr(row->doc, '|') == NULL && strchr(row->doc, '\n') == NULL);
    CU_ASSERT_PTR_EQUAL(dcb_schema_find(row->group, row->key), row); /* unique */
    if (row->need == DCB_KEY_DEFAULT || row->need == DCB_KEY_INHERITS ||
        row->need == DCB_KEY_DERIVED)
      CU_ASSERT_PTR_NOT_NULL(row->def);
    if (row->need == DCB_KEY_OPTIONAL)
      CU_ASSERT_PTR_NULL(row->def);
    CU_ASSERT_EQUAL(row->type == DCB_KEY_WORD || row->type == DCB_KEY_WORD_LIST,
                    row->words != NULL);
  }
  /* A group's rows are contiguous, so the reference reads group by group. */
  g_autofree const char **groups = dcb_schema_groups();
  int next = 0;
  for (int g = 0; groups[g] != NULL; g++)
    while (next < n && strcmp(keys[next].group, groups[g]) == 0)
      next++;
  CU_ASSERT_EQUAL(next, n);
  /* Named groups match by prefix, whatever the name holds. */
  CU_ASSERT_PTR_NOT_NULL(dcb_schema_find("project:x.y:z", "site"));
  CU_ASSERT_STRING_EQUAL(dcb_schema_group_pattern("substation:north"), "substation:NAME");
  CU_ASSERT_PTR_NULL(dcb_schema_find("project", "site"));
  CU_ASSERT_PTR_NULL(dcb_schema_find("grid", "site"));
  /* The generic range messages are the loader's. */
  static const struct {
    const char *group, *key, *message;
  } ranges[] = {
      {"grid", "crews", "must be an integer >= 1"},
      {"operation", "utilization", "must be in (0, 1]"},
      {"operation", "pue", "every value must be >= 1"},
      {"demand", "growth", "every value must be > -1"},
      {"scenario", "start_year", "must be between 1900 and 2300"},
      {"capex", "it_meur_per_mw", "must be >= 0"},
      {"substation:NAME", "reinforcement_mw", "must be > 0"},
      {"investor", "cancel_probability", "must be a probability in [0, 1]"},
      {"developer", "phase_overlap", "must be in [0, 1)"},
      {"developer", "max_wait_years", "must be > 0"},
      {"project:NAME", "phase_overlap", "must be in [0, 1)"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(ranges); i++) {
    const DcbKey *row = dcb_schema_find(ranges[i].group, ranges[i].key);
    CU_ASSERT_PTR_NOT_NULL_FATAL(row);
    g_autofree char *m = dcb_schema_range_message(row);
    CU_ASSERT_STRING_EQUAL(m, ranges[i].message);
  }
}

/* Every word table round-trips name -> value -> name, through the loader too. */
static void test_scenario_schema_words(void)
{
  int n = 0, tables = 0;
  const DcbKey *keys = dcb_schema_keys(&n);
  for (int i = 0; i < n; i++) {
    const DcbKey *row = &keys[i];
    if (row->type != DCB_KEY_WORD && row->type != DCB_KEY_WORD_LIST)
      continue;
    tables++;
    g_autofree char *group = instance_of(row->group);
    for (int w = 0; row->words[w].name != NULL; w++) {
      int v = -1;
      CU_ASSERT(dcb_words_value(row->words, row->words[w].name, &v));
      CU_ASSERT_EQUAL(v, row->words[w].value);
      CU_ASSERT_STRING_EQUAL(dcb_words_name(row->words, v), row->words[w].name);
    }
    g_autofree char *set = g_strdup_printf("%s.%s=no_such_word", group, row->key);
    const char *overrides[] = {set, NULL};
    g_autofree char *m = load_text_error(MINIMAL_NAMED, overrides);
    g_autofree char *expected = dcb_words_expected(row->words);
    assert_contains(m, expected);
  }
  CU_ASSERT(tables >= 1);
  /* The policy table names every policy once; check prints these names. */
  static const DcbPolicy policies[] = {DCB_POLICY_FCFS, DCB_POLICY_FAST_TRACK};
  for (gsize i = 0; i < G_N_ELEMENTS(policies); i++) {
    const char *name = dcb_words_name(dcb_policy_words, (int)policies[i]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(name);
    g_autofree char *set = g_strdup_printf("grid.policy=%s", name);
    const char *overrides[] = {set, NULL};
    g_autoptr(DcbScenario) sc = load_ok_text(MINIMAL_NAMED, overrides);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(sc->policy, policies[i]);
  }
  g_autofree char *e = dcb_words_expected(dcb_policy_words);
  CU_ASSERT_STRING_EQUAL(e, "expected 'fcfs' or 'fast_track'");
}

/* The renderings hold every row, and the dictionary every group and key. */
static void test_scenario_schema_renderings(void)
{
  g_autofree char *md = dcb_schema_markdown();
  g_autofree char *dict = dcb_schema_dict();
  int n = 0;
  const DcbKey *keys = dcb_schema_keys(&n);
  g_auto(GStrv) lines = g_strsplit(md, "\n", -1);
  CU_ASSERT_EQUAL((int)g_strv_length(lines), n + 3); /* header, separator, rows, "" */
  for (int i = 0; i < n; i++) {
    g_autofree char *cell = g_strdup_printf("| `%s` |", keys[i].key);
    CU_ASSERT(strstr(lines[i + 2], cell) != NULL);
    g_autofree char *token = g_strdup_printf("\n\"%s\"\n", keys[i].key);
    CU_ASSERT(strstr(dict, token) != NULL);
  }
  CU_ASSERT(strstr(dict, "\n\"[project:\"\n") != NULL);
  CU_ASSERT(strstr(dict, "\n\"[grid]\"\n") != NULL);
  CU_ASSERT(strstr(dict, "\n\"fast_track\"\n") != NULL);
  CU_ASSERT(strstr(dict, "\n\"\\x0a\"\n") != NULL);
}

static void test_scenario_syntax_error_line(void)
{
  /* Line 6 is neither a group, a key = value pair nor a comment. */
  g_autofree char *m = load_text_error("# c\n[scenario]\nplatform = p.xml\nstart_year = 2025\n\n"
                                       "this is not a key\nend_year = 2030\n",
                                       NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(m);
  CU_ASSERT(g_str_has_prefix(m, DATA "mem.ini: line 6: "));
  CU_ASSERT_PTR_NULL(strchr(m, '\n'));
  g_autofree char *m2 = load_text_error("key = 1\n[scenario]\n", NULL);
  CU_ASSERT(g_str_has_prefix(m2, DATA "mem.ini: line 1: "));
  /* A missing file. */
  g_autoptr(GError) error = NULL;
  g_autoptr(DcbScenario) sc = dcb_scenario_load(DATA "no-such.ini", NULL, &error);
  CU_ASSERT_PTR_NULL(sc);
  CU_ASSERT(g_error_matches(error, DCB_ERROR, DCB_ERROR_INPUT));
  CU_ASSERT(g_str_has_prefix(error->message, DATA "no-such.ini: cannot read the scenario"));
}

static void test_scenario_bad_corpus(void)
{
  const char *dirname = DCB_TEST_DATA "/bad/scenarios";
  g_autoptr(GDir) dir = g_dir_open(dirname, 0, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  const char *n;
  while ((n = g_dir_read_name(dir)) != NULL)
    if (g_str_has_suffix(n, ".ini"))
      g_ptr_array_add(names, g_strdup(n));
  CU_ASSERT(names->len >= 24);
  for (guint i = 0; i < names->len; i++) {
    g_autofree char *path = g_build_filename(dirname, names->pdata[i], NULL);
    g_autofree char *text = NULL;
    CU_ASSERT_FATAL(g_file_get_contents(path, &text, NULL, NULL));
    CU_ASSERT_FATAL(g_str_has_prefix(text, "# expect: "));
    const char *start = text + strlen("# expect: ");
    g_autofree char *expect = g_strndup(start, strcspn(start, "\n"));
    g_strchomp(expect);
    g_autoptr(GError) error = NULL;
    g_autoptr(DcbScenario) sc = dcb_scenario_load(path, NULL, &error);
    if (sc != NULL) {
      fprintf(stderr, "\n%s: loaded, expected an error containing '%s'\n", path, expect);
      CU_FAIL("a malformed scenario loaded");
      continue;
    }
    CU_ASSERT(g_error_matches(error, DCB_ERROR, DCB_ERROR_INPUT));
    if (strstr(error->message, expect) == NULL || strstr(error->message, path) == NULL ||
        strchr(error->message, '\n') != NULL) {
      fprintf(stderr, "\n%s: message '%s' lacks '%s' or the path\n", path, error->message, expect);
      CU_FAIL("unexpected error message for a malformed scenario");
    }
  }
}

/* ---------------------------------------------------------------- rule 22 and rule 25's moratoria
 */

/* Rule 22's keys: the defaults of DESIGN §4.2 (announce_factor 1, market_check false,
 * market_years 5, defer_years 3), the same as written out; [developer]'s values reach a project
 * that sets none; a project's own value holds for it alone. */
static void test_scenario_market_keys(void)
{
  g_autoptr(DcbScenario) absent = load_ok_text(MINIMAL_NAMED, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(absent);
  CU_ASSERT_DOUBLE_EQUAL(absent->announce_factor, 1, 0);
  CU_ASSERT_FALSE(absent->developer.market_check);
  CU_ASSERT_DOUBLE_EQUAL(absent->developer.market_years, 5, 0);
  CU_ASSERT_DOUBLE_EQUAL(absent->developer.defer_years, 3, 0);
  CU_ASSERT_FALSE(absent->projects[0].developer.market_check);
  CU_ASSERT_DOUBLE_EQUAL(absent->projects[0].developer.market_years, 5, 0);
  CU_ASSERT_DOUBLE_EQUAL(absent->projects[0].developer.defer_years, 3, 0);

  const char *const dev[] = {"investor.announce_factor=2.5", "developer.market_check=true",
                             "developer.market_years=0", "developer.defer_years=4.5", NULL};
  g_autoptr(DcbScenario) d = load_ok_text(MINIMAL_NAMED, dev);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_DOUBLE_EQUAL(d->announce_factor, 2.5, 0);
  CU_ASSERT_TRUE(d->developer.market_check);
  CU_ASSERT_DOUBLE_EQUAL(d->developer.market_years, 0, 0);
  CU_ASSERT_DOUBLE_EQUAL(d->developer.defer_years, 4.5, 0);
  CU_ASSERT_TRUE(d->projects[0].developer.market_check); /* inherited */
  CU_ASSERT_DOUBLE_EQUAL(d->projects[0].developer.market_years, 0, 0);
  CU_ASSERT_DOUBLE_EQUAL(d->projects[0].developer.defer_years, 4.5, 0);

  const char *const own[] = {"developer.market_check=true", "project:p.market_check=false",
                             "project:p.market_years=2", "project:p.defer_years=0", NULL};
  g_autoptr(DcbScenario) o = load_ok_text(MINIMAL_NAMED, own);
  CU_ASSERT_PTR_NOT_NULL_FATAL(o);
  CU_ASSERT_TRUE(o->developer.market_check);
  CU_ASSERT_DOUBLE_EQUAL(o->developer.market_years, 5, 0);
  CU_ASSERT_FALSE(o->projects[0].developer.market_check);
  CU_ASSERT_DOUBLE_EQUAL(o->projects[0].developer.market_years, 2, 0);
  CU_ASSERT_DOUBLE_EQUAL(o->projects[0].developer.defer_years, 0, 0);

  /* Out of range, each a one-line error naming the group and the key. */
  const char *const low[] = {"investor.announce_factor=0.99", NULL};
  g_autofree char *m1 = load_text_error(MINIMAL_NAMED, low);
  assert_contains(m1, "[investor] announce_factor: must be >= 1");
  const char *const neg[] = {"project:p.market_years=-1", NULL};
  g_autofree char *m2 = load_text_error(MINIMAL_NAMED, neg);
  assert_contains(m2, "[project:p] market_years: must be >= 0");
  const char *const word[] = {"developer.market_check=yes", NULL};
  g_autofree char *m3 = load_text_error(MINIMAL_NAMED, word);
  assert_contains(m3, "[developer] market_check: expected true or false");
}

/* Rules 5 and 25: a moratorium's bounds as written and the instant grants resume.  Integer
 * bounds are calendar years (2031-2033: from 2031.0 to the end of 2033, resuming at 2034.0);
 * a decimal bound is an instant (2027.5-2027.8 resumes at 2027.8); mixed bounds are read one by
 * one (2027-2027.5: 2027.0 to 2027.5; 2027.5-2028: 2027.5 to 2029.0).  A substation's own
 * moratorium replaces [grid]'s. */
static void test_scenario_moratorium_decimal_bounds(void)
{
  static const struct {
    const char *text;
    double from, to, end;
  } cases[] = {{"2031-2033", 2031, 2033, 2034},       {"2027.5-2027.8", 2027.5, 2027.8, 2027.8},
               {"2027-2027.5", 2027, 2027.5, 2027.5}, {"2027.5-2028", 2027.5, 2028, 2029},
               {"2030-2030", 2030, 2030, 2031},       {" 2027.25 - 2028.0 ", 2027.25, 2028, 2028}};
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *set = g_strdup_printf("grid.moratorium=%s", cases[i].text);
    const char *const o[] = {set, NULL};
    g_autoptr(DcbScenario) sc = load_ok_text(MINIMAL_NAMED, o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_TRUE(sc->has_moratorium);
    CU_ASSERT_DOUBLE_EQUAL(sc->moratorium_from, cases[i].from, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(sc->moratorium_to, cases[i].to, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(sc->moratorium_end, cases[i].end, 1e-12);
    CU_ASSERT_TRUE(sc->substations[0].has_moratorium); /* inherited by [substation:s] */
    CU_ASSERT_DOUBLE_EQUAL(sc->substations[0].moratorium_end, cases[i].end, 1e-12);
  }
  const char *const own[] = {"grid.moratorium=2031-2033", "substation:s.moratorium=2022.5-2022.8",
                             NULL};
  g_autoptr(DcbScenario) sc = load_ok_text(MINIMAL_NAMED, own);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_DOUBLE_EQUAL(sc->moratorium_end, 2034, 0);
  CU_ASSERT_DOUBLE_EQUAL(sc->substations[0].moratorium_from, 2022.5, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(sc->substations[0].moratorium_end, 2022.8, 1e-12);

  static const struct {
    const char *text, *expect;
  } bad[] = {{"2027.8-2027.5", "the first year must be <= the last year"},
             {"2028-2027.5", "the first year must be <= the last year"},
             {"2027.5-2027.5", "grants nothing"},
             {"2027-2027.0", "grants nothing"},
             {"2027.5.1-2028", "expected 'Y1-Y2'"},
             {"2027.-2028", "expected 'Y1-Y2'"},
             {".5-2028", "expected 'Y1-Y2'"},
             {"2027e0-2028", "expected 'Y1-Y2'"},
             {"1899.5-1900", "expected 'Y1-Y2'"},
             {"2027.5", "expected 'Y1-Y2'"}};
  for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autofree char *set = g_strdup_printf("substation:s.moratorium=%s", bad[i].text);
    const char *const o[] = {set, NULL};
    g_autofree char *m = load_text_error(MINIMAL_NAMED, o);
    assert_contains(m, "[substation:s] moratorium: ");
    assert_contains(m, bad[i].expect);
    CU_ASSERT_PTR_NULL(strchr(m, '\n'));
  }
}

/* A run's drawn copy (batched replications) holds exactly what apply_draws writes into the
 * scenario itself, and leaves the scenario it was copied from as it was. */
static void test_scenario_drawn_copy(void)
{
  const char *o[] = {"grid.connection_years=tri(1,2,4)",
                     "project:one.permit_years=uniform(0.5,2.5)",
                     "demand.growth=uniform(0.05,0.25)", NULL};
  GError *error = NULL;
  g_autoptr(DcbScenario) a = dcb_scenario_load(DCB_TEST_DATA "/data/tiny.ini", o, &error);
  g_autoptr(DcbScenario) b = dcb_scenario_load(DCB_TEST_DATA "/data/tiny.ini", o, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  CU_ASSERT_PTR_NOT_NULL_FATAL(b);
  CU_ASSERT(a->n_inputs >= 1); /* demand.growth at least (durations stay distributions) */
  DcbDist central = b->connection_years;
  double demand_2040 = dcb_scenario_demand(b, 2040);
  for (guint64 seed = 1; seed <= 5; seed++) {
    g_autoptr(DcbScenario) fresh = dcb_scenario_load(DCB_TEST_DATA "/data/tiny.ini", o, &error);
    dcb_scenario_apply_draws(fresh, seed);
    DcbScenario *copy = dcb_scenario_drawn_copy(b, seed);
    CU_ASSERT_EQUAL(memcmp(&copy->connection_years, &fresh->connection_years, sizeof(DcbDist)), 0);
    CU_ASSERT_NOT_EQUAL(dcb_scenario_demand(copy, 2040), demand_2040); /* drawn */
    CU_ASSERT_EQUAL(
        memcmp(&copy->projects[0].permit_years, &fresh->projects[0].permit_years, sizeof(DcbDist)),
        0);
    CU_ASSERT_EQUAL(copy->demand_n_years, fresh->demand_n_years);
    CU_ASSERT_EQUAL(memcmp(copy->demand_by_year_mw, fresh->demand_by_year_mw,
                           sizeof(double) * (gsize)fresh->demand_n_years),
                    0);
    dcb_scenario_free_drawn(copy);
  }
  /* The scenario copied from: still central, its demand unchanged. */
  CU_ASSERT_EQUAL(memcmp(&b->connection_years, &central, sizeof(DcbDist)), 0);
  CU_ASSERT_EQUAL(dcb_scenario_demand(b, 2040), demand_2040);
  (void)a;
}

int main(void)
{
  if (CU_initialize_registry() != CUE_SUCCESS)
    return CU_get_error();
  CU_pSuite suite = CU_add_suite("scenario", NULL, NULL);
  CU_add_test(suite, "test_scenario_tiny", test_scenario_tiny);
  CU_add_test(suite, "test_scenario_sha256", test_scenario_sha256);
  CU_add_test(suite, "test_scenario_defaults", test_scenario_defaults);
  CU_add_test(suite, "test_scenario_full", test_scenario_full);
  CU_add_test(suite, "test_scenario_demand_constant_growth", test_scenario_demand_constant_growth);
  CU_add_test(suite, "test_scenario_demand_growth_trajectory",
              test_scenario_demand_growth_trajectory);
  CU_add_test(suite, "demand_share", test_scenario_demand_share);
  CU_add_test(suite, "test_scenario_demand_curve", test_scenario_demand_curve);
  CU_add_test(suite, "test_scenario_curve_errors", test_scenario_curve_errors);
  CU_add_test(suite, "test_scenario_overrides", test_scenario_overrides);
  CU_add_test(suite, "test_scenario_override_errors", test_scenario_override_errors);
  CU_add_test(suite, "test_scenario_did_you_mean", test_scenario_did_you_mean);
  CU_add_test(suite, "test_scenario_second_layer_keys", test_scenario_second_layer_keys);
  CU_add_test(suite, "test_scenario_works_corridors", test_scenario_works_corridors);
  CU_add_test(suite, "test_scenario_run_ini_round_trip", test_scenario_run_ini_round_trip);
  CU_add_test(suite, "test_scenario_schema_defaults", test_scenario_schema_defaults);
  CU_add_test(suite, "test_scenario_schema_rows", test_scenario_schema_rows);
  CU_add_test(suite, "test_scenario_schema_words", test_scenario_schema_words);
  CU_add_test(suite, "test_scenario_schema_renderings", test_scenario_schema_renderings);
  CU_add_test(suite, "test_scenario_syntax_error_line", test_scenario_syntax_error_line);
  CU_add_test(suite, "test_scenario_bad_corpus", test_scenario_bad_corpus);
  CU_add_test(suite, "test_scenario_market_keys", test_scenario_market_keys);
  CU_add_test(suite, "test_scenario_moratorium_decimal_bounds",
              test_scenario_moratorium_decimal_bounds);
  CU_add_test(suite, "test_scenario_uncertain_inputs", test_scenario_uncertain_inputs);
  CU_add_test(suite, "test_scenario_uncertain_work_ready", test_scenario_uncertain_work_ready);
  CU_add_test(suite, "test_scenario_uncertain_refusals", test_scenario_uncertain_refusals);
  CU_add_test(suite, "test_scenario_drawn_copy", test_scenario_drawn_copy);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  return failures != 0;
}
