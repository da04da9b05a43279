/* test_model.c - the buildout model against answers worked out by hand from DESIGN §2.1.
 *
 * Every case simulates tests/data/tiny.ini (tiny.xml: sites alpha/north and beta/south, four
 * 50 MW halls each, idle = epsilon = 10 MW) with a few overrides, in a forked child (SimGrid
 * runs one simulation per process), which writes its traces into a temporary directory; the
 * parent reads yearly.csv and events.csv back and compares with the numbers below.
 *
 * The base case, worked by hand (tiny.ini: utilization 0.5, no ramp, PUE 1.25, 40 g/kWh, grid
 * 1.0 MW per IT MW, connection 2 y, headroom north 400 + south 100, project 'one' at alpha
 * announced 2025.0, permit 1 y, phases 100 + 100 MW of 1 y each, demand 150 MW +10 %/y):
 *   2025.0 request 200 MW and grant (headroom 400 -> 200); connection ready 2027.0
 *   2026.0 permitted, phase 1 started; 2027.0 phase 1 built and energized (ready that day),
 *   its two halls fitted (demand 181.5 > 100); phase 2 started; 2028.0 phase 2 built,
 *   energized, fitted (demand 199.65 > 150).
 *   A fitted hall draws epsilon + 0.5 x (peak - epsilon) = 10 + 0.5 x 40 = 30 MW; a year is
 *   8766 h: 2027 IT energy = 2 x 30 x 8766 MWh = 525.96 GWh, 2028+ = 1051.92 GWh.
 */
#include "account.h"
#include "engine.h"
#include "error.h"
#include "platform.h"
#include "scenario.h"
#include "trace.h"
#include <CUnit/Basic.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TOL 1e-6

typedef struct {
  int first_year, n_years;
  double rows[64][DCB_Y_N];
  GPtrArray *events; /* of char* lines "time,event,project,site,substation,mw" */
} Result;

static void result_free(Result *r)
{
  if (r->events)
    g_ptr_array_free(r->events, TRUE);
  g_free(r);
}

static char *read_file(const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  char *text = NULL;
  g_file_get_contents(path, &text, NULL, NULL);
  return text;
}

static void rm_rf(const char *dir)
{
  const char *names[] = {"yearly.csv", "sites.csv", "substations.csv", "events.csv",
                         "corridors.csv"};
  for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
    g_autofree char *p = g_build_filename(dir, names[i], NULL);
    g_unlink(p);
  }
  g_rmdir(dir);
}

/* Simulate tiny.ini with the overrides (NULL-terminated) in a child; NULL on failure. */
static Result *simulate_file(const char *file, const char *const *overrides)
{
  g_autofree char *scen = g_build_filename(DCB_TEST_DATA, "data", file, NULL);
  GError *error = NULL;
  DcbInputs *in = dcb_inputs_open(scen, overrides, &error);
  if (in == NULL) {
    fprintf(stderr, "inputs: %s\n", error->message);
    g_error_free(error);
    return NULL;
  }
  const DcbScenario *sc = dcb_inputs_scenario(in);
  g_autofree char *dir = g_dir_make_tmp("dcb-model-XXXXXX", NULL);
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    const char *args[] = {getenv("DCB_SANITIZE") ? "--cfg=contexts/factory:thread" : NULL, NULL};
    DcbEngineOptions opt = {.seed = sc->seed, .sg_args = args};
    DcbTrace *tr = dcb_engine_get()->simulate(in, &opt, &error);
    if (tr == NULL || !dcb_trace_write(tr, NULL, dir, &error)) {
      fprintf(stderr, "simulate: %s\n", error ? error->message : "?");
      _exit(3);
    }
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  dcb_inputs_free(in);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    rm_rf(dir);
    return NULL;
  }
  Result *r = g_new0(Result, 1);
  r->events = g_ptr_array_new_with_free_func(g_free);
  g_autofree char *yearly = read_file(dir, "yearly.csv");
  g_autofree char *events = read_file(dir, "events.csv");
  g_auto(GStrv) lines = g_strsplit(yearly, "\n", -1);
  for (int i = 0; lines[i]; i++) {
    if (lines[i][0] == '#' || lines[i][0] == '\0' || g_str_has_prefix(lines[i], "year"))
      continue;
    g_auto(GStrv) f = g_strsplit(lines[i], ",", -1);
    g_assert(g_strv_length(f) == DCB_Y_N && r->n_years < 64);
    for (int c = 0; c < DCB_Y_N; c++)
      r->rows[r->n_years][c] = g_ascii_strtod(f[c], NULL);
    if (r->n_years == 0)
      r->first_year = (int)r->rows[0][0];
    r->n_years++;
  }
  g_auto(GStrv) ev = g_strsplit(events, "\n", -1);
  for (int i = 0; ev[i]; i++)
    if (ev[i][0] != '#' && ev[i][0] != '\0' && !g_str_has_prefix(ev[i], "time,"))
      g_ptr_array_add(r->events, g_strdup(ev[i]));
  rm_rf(dir);
  return r;
}

static Result *simulate(const char *const *overrides)
{
  return simulate_file("tiny.ini", overrides);
}

/* tiny-two.ini: tiny.ini plus project 'two' (beta, 100 MW, announced 2025.5) and load 'steel'. */
static Result *simulate_two(const char *const *overrides)
{
  return simulate_file("tiny-two.ini", overrides);
}

static double at(const Result *r, int year, const char *column)
{
  int c = dcb_yearly_column_index(column);
  g_assert(c >= 0 && year >= r->first_year && year < r->first_year + r->n_years);
  return r->rows[year - r->first_year][c];
}

/* Number of events "TIME,KIND,PROJECT" (prefix match; TIME as written, e.g. "2027.0000"). */
static int count_events(const Result *r, const char *prefix)
{
  int n = 0;
  for (guint i = 0; i < r->events->len; i++)
    if (g_str_has_prefix(r->events->pdata[i], prefix))
      n++;
  return n;
}

static int count_kind(const Result *r, const char *kind)
{
  g_autofree char *needle = g_strdup_printf(",%s,", kind);
  int n = 0;
  for (guint i = 0; i < r->events->len; i++)
    if (strstr(r->events->pdata[i], needle) != NULL)
      n++;
  return n;
}

#define HOURS   8766.0
#define HALL_MW 30.0 /* 10 + 0.5 x (50 - 10) */

static void test_model_one_project_two_phases(void)
{
  Result *r = simulate(NULL);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_EQUAL(r->first_year, 2025);
  CU_ASSERT_EQUAL(r->n_years, 10);
  /* Events at their hand-worked dates. */
  CU_ASSERT_EQUAL(count_events(r, "2025.0000,connection_granted,one,alpha,north,200"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2026.0000,permitted,one"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2027.0000,connection_ready,one"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2027.0000,energized,one,alpha,north,100"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2028.0000,energized,one,alpha,north,100"), 1);
  /* Stocks at the end of each year. */
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2025, "pipeline_mw"), 200, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2025, "headroom_mw"), 300, TOL); /* 400 - 200 + 100 */
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2026, "under_construction_mw"), 100, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2026, "pipeline_mw"), 100, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2026, "operating_mw"), 0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "operating_mw"), 100, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "under_construction_mw"), 100, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2028, "operating_mw"), 200, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2028, "demand_mw"), 150 * 1.1 * 1.1 * 1.1, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "served_mw"), 100, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "unmet_mw"), 181.5 - 100, TOL);
  /* Energy: fitted halls x (epsilon + utilization x (peak - epsilon)) x hours. */
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2026, "it_energy_gwh"), 0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "it_energy_gwh"), 2 * HALL_MW * HOURS / 1000, 1e-6);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2030, "it_energy_gwh"), 4 * HALL_MW * HOURS / 1000, 1e-6);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2030, "facility_energy_gwh"), 4 * HALL_MW * HOURS / 1000 * 1.25,
                         1e-6);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2030, "op_emissions_t"), 4 * HALL_MW * HOURS / 1000 * 1.25 * 40,
                         1e-4);
  /* Embodied: building 1000 t/MW at energization + IT 500 t/MW at fit-out. */
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2026, "embodied_emissions_t"), 0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "embodied_emissions_t"), 100 * 1000 + 100 * 500, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2028, "embodied_emissions_t"), 100 * 1000 + 100 * 500, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2029, "embodied_emissions_t"), 0, TOL);
  /* Capex: facility 10 M/MW when built + IT 25 M/MW at fit-out. */
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "capex_meur"), 100 * 10 + 100 * 25, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2029, "capex_meur"), 0, TOL);
  /* Compute: load 0.5 x 50e6 W x GFLOP/s/W of the generation at fit-out (50 x 1.4^(Y-2025)). */
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "compute_eflops"), 2 * 0.5 * 50e6 * 50 * 1.4 * 1.4 / 1e9,
                         1e-9);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2029, "compute_eflops"),
                         (2 * 50 * 1.4 * 1.4 + 2 * 50 * 1.4 * 1.4 * 1.4) * 0.5 * 50e6 / 1e9, 1e-9);
  /* Cumulative = running sum of operational + embodied. */
  double sum = 0;
  for (int y = 2025; y <= 2034; y++) {
    sum += at(r, y, "op_emissions_t") + at(r, y, "embodied_emissions_t");
    CU_ASSERT_DOUBLE_EQUAL(at(r, y, "cumulative_emissions_t"), sum, 1e-6 * sum + 1e-9);
  }
  result_free(r);
}

static void test_model_refresh_every_refresh_years(void)
{
  Result *r = simulate(NULL);
  CU_ASSERT_FATAL(r != NULL);
  /* Fitted 2027.0 and 2028.0, refresh_years 5: IT embodied and capex again in 2032 and 2033. */
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2031, "embodied_emissions_t"), 0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2032, "embodied_emissions_t"), 100 * 500, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2033, "embodied_emissions_t"), 100 * 500, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2032, "capex_meur"), 100 * 25, TOL);
  CU_ASSERT_EQUAL(count_events(r, "2032.0000,refreshed,one"), 2);
  CU_ASSERT_EQUAL(count_events(r, "2033.0000,refreshed,one"), 2);
  /* The refreshed halls run the 2032 generation: 50 x 1.4^7 GFLOP/s/W. */
  double g27 = 50 * pow(1.4, 2), g28 = 50 * pow(1.4, 3), g32 = 50 * pow(1.4, 7);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2032, "compute_eflops"), (2 * g32 + 2 * g28) * 0.5 * 50e6 / 1e9,
                         1e-9);
  (void)g27;
  result_free(r);
}

static void test_model_headroom_short_waits_for_reinforcement(void)
{
  /* At beta (south, headroom 100 < 200): reinforcement 2025.0 -> 2028.0 (+200), grant 2028.0,
   * ready 2030.0; phase 1 built 2027.0 stranded until 2030.0, phase 2 built 2028.0 too. */
  const char *o[] = {"project:one.site=beta", NULL};
  Result *r = simulate(o);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_EQUAL(count_events(r, "2025.0000,reinforcement_started,,,south,200"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2028.0000,reinforcement_done,,,south,200"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2028.0000,connection_granted,one,beta,south,200"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2030.0000,energized,one,beta,south,100"), 2);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "stranded_mw"), 100, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2028, "stranded_mw"), 200, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2029, "stranded_mw"), 200, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2029, "operating_mw"), 0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2030, "operating_mw"), 200, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2030, "stranded_mw"), 0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2025, "grid_queue_mw"), 200, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2028, "grid_queue_mw"), 0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2025, "capex_meur"), 200, TOL); /* the reinforcement */
  result_free(r);
}

static void test_model_one_crew_reinforces_one_after_the_other(void)
{
  /* Two projects short of headroom at north (0) and south (100); one crew.  Both wait from
   * 2025.0; the tie goes to north (first by name): 2025-2028 north, then 2028-2031 south. */
  const char *o[] = {"substation:north.headroom_mw=0", "project:one.phases_mw=100",
                     "project:two.announced=2025", "project:two.phases_mw=200", NULL};
  Result *r = simulate_two(o);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_EQUAL(count_events(r, "2025.0000,reinforcement_started,,,north"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2025.0000,reinforcement_started,,,south"), 0);
  CU_ASSERT_EQUAL(count_events(r, "2028.0000,reinforcement_done,,,north"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2028.0000,reinforcement_started,,,south"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2031.0000,reinforcement_done,,,south"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2028.0000,connection_granted,one"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2031.0000,connection_granted,two"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2033.0000,energized,two,beta,south,200"), 1);
  result_free(r);
}

static void test_model_moratorium_grants_after_it(void)
{
  /* Moratorium 2025-2026: the 2025.0 request is granted on 1 January 2027, ready 2029.0; both
   * phases (built 2027.0 and 2028.0) are stranded until then. */
  const char *o[] = {"grid.moratorium=2025-2026", NULL};
  Result *r = simulate(o);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_EQUAL(count_kind(r, "connection_granted"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2027.0000,connection_granted,one"), 1);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2026, "grid_queue_mw"), 200, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2028, "stranded_mw"), 200, TOL);
  CU_ASSERT_EQUAL(count_events(r, "2029.0000,energized,one"), 2);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2029, "operating_mw"), 200, TOL);
  result_free(r);
}

static void test_model_use_it_or_lose_it_releases_and_requeues(void)
{
  /* Permit 3 y: phases built 2029.0 and 2030.0.  Grant 2025.0, ready 2027.0, deadline 2027.5:
   * nothing energized -> released 2027.5 and requested again; granted at once (headroom back),
   * ready 2029.5 (phase 1 stranded 2029.0-2029.5), deadline 2030.0: energized, kept. */
  const char *o[] = {"grid.use_it_or_lose_it_years=2.5", "project:one.permit_years=3", NULL};
  Result *r = simulate(o);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_EQUAL(count_kind(r, "released"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2027.5000,released,one,alpha,north,200"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2027.5000,connection_requested,one"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2027.5000,connection_granted,one"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2029.5000,energized,one,alpha,north,100"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2030.0000,energized,one,alpha,north,100"), 1);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2030, "operating_mw"), 200, TOL);
  result_free(r);
}

/* Two 100 MW projects at beta (south), headroom 0: 'one' asks 2025.0, 'two' (fast track)
 * 2025.5.  Each reinforcement (3 y, one crew) adds 100 MW: enough for one of them. */
static const char *const queue_case[] = {
    "substation:south.headroom_mw=0", "substation:south.reinforcement_mw=100",
    "project:one.site=beta",          "project:one.phases_mw=100",
    "project:two.site=beta",          "project:two.announced=2025.5",
    "project:two.phases_mw=100",      "project:two.permit_years=1",
    "project:two.phase_years=1",      "project:two.cancel_probability=0",
    "project:two.fast_track=true",    NULL};

static void test_model_fast_track_overtakes_fcfs(void)
{
  GPtrArray *o = g_ptr_array_new();
  for (int i = 0; queue_case[i]; i++)
    g_ptr_array_add(o, (gpointer)queue_case[i]);
  g_ptr_array_add(o, NULL);
  Result *fcfs = simulate_two((const char *const *)o->pdata);
  CU_ASSERT_FATAL(fcfs != NULL);
  CU_ASSERT_EQUAL(count_events(fcfs, "2028.0000,connection_granted,one"), 1);
  CU_ASSERT_EQUAL(count_events(fcfs, "2031.0000,connection_granted,two"), 1);
  result_free(fcfs);
  g_ptr_array_set_size(o, o->len - 1);
  g_ptr_array_add(o, (gpointer) "grid.policy=fast_track");
  g_ptr_array_add(o, NULL);
  Result *ft = simulate_two((const char *const *)o->pdata);
  CU_ASSERT_FATAL(ft != NULL);
  CU_ASSERT_EQUAL(count_events(ft, "2028.0000,connection_granted,two"), 1);
  CU_ASSERT_EQUAL(count_events(ft, "2031.0000,connection_granted,one"), 1);
  result_free(ft);
  g_ptr_array_free(o, TRUE);
}

static void test_model_cancel_probability_extremes(void)
{
  const char *all[] = {"project:one.cancel_probability=1", NULL};
  Result *r = simulate(all);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_EQUAL(count_events(r, "2026.0000,cancelled,one"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2026.0000,released,one,alpha,north,200"), 1);
  CU_ASSERT_EQUAL(count_kind(r, "phase_started"), 0);
  for (int y = 2025; y <= 2034; y++) {
    CU_ASSERT_DOUBLE_EQUAL(at(r, y, "operating_mw"), 0, TOL);
    CU_ASSERT_DOUBLE_EQUAL(at(r, y, "it_energy_gwh"), 0, TOL);
  }
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2026, "headroom_mw"), 500, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2026, "pipeline_mw"), 0, TOL);
  result_free(r);
  const char *none[] = {"project:one.cancel_probability=0", NULL};
  r = simulate(none);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_EQUAL(count_kind(r, "cancelled"), 0);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2034, "operating_mw"), 200, TOL);
  result_free(r);
}

static void test_model_vacant_halls_draw_nothing(void)
{
  /* Demand 60 MW, flat: of the four energized halls only two are fitted (50 < 60 -> 100). */
  const char *o[] = {"demand.it_mw=60", "demand.growth=0", NULL};
  Result *r = simulate(o);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2030, "operating_mw"), 200, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2030, "fitted_mw"), 100, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2030, "served_mw"), 60, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2030, "it_energy_gwh"), 2 * HALL_MW * HOURS / 1000, 1e-6);
  CU_ASSERT_EQUAL(count_kind(r, "fitted"), 2);
  result_free(r);
}

static void test_model_ramp_is_linear_on_average(void)
{
  /* ramp_years 1 from 1 January: one step at the mean of the line, so the first year of each
   * hall draws epsilon + (0.5 / 2) x 40 = 20 MW on average; 2027: two halls ramping. */
  const char *o[] = {"operation.ramp_years=1", NULL};
  Result *r = simulate(o);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "it_energy_gwh"), 2 * 20.0 * HOURS / 1000, 1e-6);
  /* 2028: the first two at 30 MW, the other two ramping. */
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2028, "it_energy_gwh"), (2 * 30.0 + 2 * 20.0) * HOURS / 1000, 1e-6);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2029, "it_energy_gwh"), 4 * 30.0 * HOURS / 1000, 1e-6);
  result_free(r);
}

static void test_model_ramp_across_new_year_is_exact(void)
{
  /* Fitted 2027.1 (as in 'dates summing to a new year': ready 2027.1), ramp 1 y: the load line
   * runs from 0 at 2027.1 to 0.5 at 2028.1.  Each year gets the line's exact integral: 2027
   * holds the mean over [2027.1, 2028.0], load 0.5 x 0.45 = 0.225, i.e. 10 + 0.225 x 40 = 19 MW
   * for 0.9 y; 2028 the mean over [2028.0, 2028.1], 0.5 x 0.95 = 0.475 (29 MW) for 0.1 y, then
   * 30 MW: 29.9 MW on average.  Monthly steps would put a step across 1 January (2027 would
   * get 0.4056 instead of 0.405 load-years).  Hardware of 2027: 50 x 1.4^2 GFLOP/s per W. */
  const char *o[] = {"project:one.announced=2025.1", "project:one.permit_years=0.9",
                     "project:one.phases_mw=100", "operation.ramp_years=1", NULL};
  Result *r = simulate(o);
  CU_ASSERT_FATAL(r != NULL);
  double g27 = 50 * 1.4 * 1.4;
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "it_energy_gwh"), 2 * 19.0 * 0.9 * HOURS / 1000, 1e-6);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2028, "it_energy_gwh"), 2 * 29.9 * HOURS / 1000, 1e-6);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2029, "it_energy_gwh"), 2 * 30.0 * HOURS / 1000, 1e-6);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "compute_eflops"), 2 * 0.225 * 0.9 * 50e6 * g27 / 1e9, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2028, "compute_eflops"),
                         2 * (0.475 * 0.1 + 0.5 * 0.9) * 50e6 * g27 / 1e9, 1e-9);
  result_free(r);
}

static void test_model_refresh_during_ramp_splits_the_step(void)
{
  /* As above with a 2 y ramp and a refresh every year: the refresh at 2028.1 (hardware of 2028,
   * 50 x 1.4^3) ends a step, so compute in 2028 is the line's exact integral on each side of
   * it: load 0.5 x 0.475 = 0.2375 for 0.1 y on 2027 hardware, then 0.5 x 0.725 = 0.3625 for
   * 0.9 y on 2028 hardware.  Energy does not depend on the hardware: mean load 0.35, 24 MW. */
  const char *o[] = {"project:one.announced=2025.1", "project:one.permit_years=0.9",
                     "project:one.phases_mw=100",    "operation.ramp_years=2",
                     "hardware.refresh_years=1",     NULL};
  Result *r = simulate(o);
  CU_ASSERT_FATAL(r != NULL);
  double g27 = 50 * 1.4 * 1.4, g28 = g27 * 1.4;
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2028, "compute_eflops"),
                         2 * (0.2375 * 0.1 * g27 + 0.3625 * 0.9 * g28) * 50e6 / 1e9, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2028, "it_energy_gwh"), 2 * 24.0 * HOURS / 1000, 1e-6);
  CU_ASSERT_EQUAL(count_events(r, "2028.1000,refreshed,one"), 2);
  result_free(r);
}

static void test_model_halls_beyond_one_actor(void)
{
  /* many.ini: 300 halls of 1 MW (idle = epsilon = 0.2 MW), more than one hall actor holds
   * (256), all energized and fitted on 2027.0, ramp 1 y: in 2027 each draws the mean of the
   * line, 0.2 + 0.25 x 0.8 = 0.4 MW, from 2028 0.2 + 0.5 x 0.8 = 0.6 MW; all refreshed 2032.0. */
  const char *o[] = {"operation.ramp_years=1", NULL};
  Result *r = simulate_file("many.ini", o);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "fitted_mw"), 300, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "it_energy_gwh"), 300 * 0.4 * HOURS / 1000, 1e-6);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2028, "it_energy_gwh"), 300 * 0.6 * HOURS / 1000, 1e-6);
  CU_ASSERT_EQUAL(count_events(r, "2027.0000,fitted,one"), 300);
  CU_ASSERT_EQUAL(count_events(r, "2032.0000,refreshed,one"), 300);
  result_free(r);
}

static void test_model_competing_load_goes_first(void)
{
  /* A 350 MW load at north from 2025: ahead of the project (400 - 350 = 50 < 200), so the
   * project waits for a reinforcement (2025-2028, +200 -> 250), granted 2028.0. */
  const char *o[] = {"load:steel.mw=350@2025", "project:two.cancel_probability=1", NULL};
  Result *r = simulate_two(o);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_EQUAL(count_events(r, "2025.0000,connection_granted,steel,,north,350"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2028.0000,connection_granted,one"), 1);
  result_free(r);
}

static void test_model_pipeline_counts_from_announcement(void)
{
  /* Announced 2028.0: nothing in the pipeline before; permitted 2029.0, phase 1 started. */
  const char *o[] = {"project:one.announced=2028", NULL};
  Result *r = simulate(o);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2025, "pipeline_mw"), 0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "pipeline_mw"), 0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2028, "pipeline_mw"), 200, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2029, "pipeline_mw"), 100, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2029, "under_construction_mw"), 100, TOL);
  result_free(r);
}

static void test_model_dates_summing_to_new_year_belong_to_it(void)
{
  /* 2025.1 + 0.9 (permit) = 2026.0 and + 1 (phase) = 2027.0, however binary rounds them: the
   * phase is not under construction at the end of 2025, and its capex is in 2027.  Ready
   * 2025.1 + 2 = 2027.1: energized and fitted then. */
  const char *o[] = {"project:one.announced=2025.1", "project:one.permit_years=0.9",
                     "project:one.phases_mw=100", NULL};
  Result *r = simulate(o);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_EQUAL(count_events(r, "2026.0000,phase_started,one"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2027.0000,phase_built,one"), 1);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2025, "under_construction_mw"), 0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2025, "pipeline_mw"), 100, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2026, "under_construction_mw"), 100, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2026, "capex_meur"), 0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "capex_meur"), 100 * 10 + 100 * 25, TOL);
  result_free(r);
}

static void test_model_existing_campus(void)
{
  /* 'two' operating since 2015 at beta (100 MW, two halls), even with cancel_probability 1
   * (an existing campus is never cancelled).  Fitted at the start at full utilization: 2025
   * IT energy of its two halls = 2 x 30 MW x 8766 h (project one energizes in 2027).  Its
   * refreshes fall at 2015 + 5k: 2025.0 (inside the rows: 100 MW x 500 t, 100 MW x 25 MEUR,
   * newest hardware, 50 GFLOP/s/W) and 2030.0. */
  const char *o[] = {"project:two.operating_since=2015", "project:two.cancel_probability=1", NULL};
  Result *r = simulate_two(o);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2025, "operating_mw"), 100, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2025, "fitted_mw"), 100, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2025, "it_energy_gwh"), 2 * HALL_MW * HOURS / 1000, 1e-6);
  CU_ASSERT_EQUAL(count_events(r, "2015.0000,energized,two,beta,south,100"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2025.0000,refreshed,two"), 2);
  CU_ASSERT_EQUAL(count_events(r, "2030.0000,refreshed,two"), 2);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2025, "embodied_emissions_t"), 100 * 500, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2025, "capex_meur"), 100 * 25, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2025, "compute_eflops"), 2 * 0.5 * 50e6 * 50 / 1e9, 1e-9);
  CU_ASSERT_EQUAL(count_kind(r, "cancelled"), 0);
  result_free(r);
}

static void test_model_tiny_ramp_is_no_ramp(void)
{
  const char *o[] = {"operation.ramp_years=1e-11", NULL};
  Result *r = simulate(o);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "it_energy_gwh"), 2 * HALL_MW * HOURS / 1000, 1e-3);
  CU_ASSERT(isfinite(at(r, 2027, "compute_eflops")));
  result_free(r);
}

static void test_model_investor_fills_the_gap(void)
{
  /* Investor: looks 2 years ahead, 100 MW projects in 50 MW phases, permit 1 y, phases 1 y.
   * 2025: demand(2027) = 181.5 <= 200 (project one in the pipeline); 2026: demand(2028) =
   * 199.65 <= 200; 2027: demand(2029) = 219.615 > 200 -> a project at the only free site, beta
   * (alpha has project one): 100 grid MW at south (headroom 100), granted 2027.0,
   * ready 2029.0; phases built 2029.0 and 2030.0, energized then.  Later years: no free site. */
  const char *o[] = {"investor.enabled=true",         "investor.lookahead_years=2",
                     "investor.project_mw=100",       "investor.phase_mw=50",
                     "investor.permit_years=1",       "investor.phase_years=1",
                     "investor.cancel_probability=0", NULL};
  Result *r = simulate(o);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_EQUAL(count_events(r, "2027.0000,announced,investor-001,beta,south,100"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2027.0000,connection_granted,investor-001,beta,south,100"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2029.0000,energized,investor-001,beta,south,50"), 1);
  CU_ASSERT_EQUAL(count_events(r, "2030.0000,energized,investor-001,beta,south,50"), 1);
  CU_ASSERT_EQUAL(count_kind(r, "announced"), 2);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2026, "pipeline_mw"), 100, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2027, "pipeline_mw"), 100, TOL);
  CU_ASSERT_DOUBLE_EQUAL(at(r, 2030, "operating_mw"), 300, TOL);
  result_free(r);
}

int main(void)
{
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s = CU_add_suite("model", NULL, NULL);
  CU_add_test(s, "one project, two phases", test_model_one_project_two_phases);
  CU_add_test(s, "refresh", test_model_refresh_every_refresh_years);
  CU_add_test(s, "headroom short", test_model_headroom_short_waits_for_reinforcement);
  CU_add_test(s, "one crew", test_model_one_crew_reinforces_one_after_the_other);
  CU_add_test(s, "moratorium", test_model_moratorium_grants_after_it);
  CU_add_test(s, "use it or lose it", test_model_use_it_or_lose_it_releases_and_requeues);
  CU_add_test(s, "fast track", test_model_fast_track_overtakes_fcfs);
  CU_add_test(s, "cancel probability", test_model_cancel_probability_extremes);
  CU_add_test(s, "vacant halls", test_model_vacant_halls_draw_nothing);
  CU_add_test(s, "ramp", test_model_ramp_is_linear_on_average);
  CU_add_test(s, "ramp across 1 January", test_model_ramp_across_new_year_is_exact);
  CU_add_test(s, "refresh during a ramp", test_model_refresh_during_ramp_splits_the_step);
  CU_add_test(s, "300 halls, two hall actors", test_model_halls_beyond_one_actor);
  CU_add_test(s, "competing load", test_model_competing_load_goes_first);
  CU_add_test(s, "pipeline from announcement", test_model_pipeline_counts_from_announcement);
  CU_add_test(s, "1 January dates", test_model_dates_summing_to_new_year_belong_to_it);
  CU_add_test(s, "existing campus", test_model_existing_campus);
  CU_add_test(s, "tiny ramp", test_model_tiny_ramp_is_no_ramp);
  CU_add_test(s, "investor", test_model_investor_fills_the_gap);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  return failures != 0;
}
