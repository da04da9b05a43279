/* test_replicate.c - Monte Carlo outputs (sim/exec/replicate.c) with a fake engine.
 *
 * The fake engine's simulate() finds which replication r its seed belongs to (the seeds are
 * dcb_seed_derive(base, r)) and returns a trace whose numbers follow from r and the year by a
 * closed form, so replications.csv and quantiles.csv can be checked against hand-worked values:
 *   operating_mw(r, year)           = 100 (r + 1) + 10 (year - 2025)
 *   cumulative_emissions_t(r, year) = 1000 (r + 1) (year - 2024)
 *   capex_meur(r, year)             = r + 1;  target_mw = 350
 * Five replications, year 2030: operating = {150, 250, 350, 450, 550}; type 7 gives
 * p05 = 150 + 0.2*100 = 170, p25 = 250, p50 = 350, p75 = 450, p95 = 450 + 0.8*100 = 530, mean 350.
 * target_year: 100 (r+1) + 10 k >= 350 -> r=0: k=25 (2050); r=1: k=15 (2040); r=2: k=5 (2030);
 * r>=3: 2025.  With replication 2 aborted (DCB_TEST_FAIL_REPLICATION=2): {150, 250, 450, 550},
 * p05 = 150 + 0.15*100 = 165, p50 = 250 + 0.5*200 = 350, mean = 350.
 */
#include "replicate.h"
#include "runner.h"
#include <CUnit/Basic.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define N_REPS    5
#define BASE_SEED 42

static int replication_of(guint64 seed)
{
  for (int r = 0; r < 10000; r++)
    if (dcb_seed_derive(BASE_SEED, (guint64)r) == seed)
      return r;
  return -1;
}

static DcbTrace *fake_simulate(const DcbInputs *in, const DcbEngineOptions *opt, GError **error)
{
  (void)error;
  const DcbScenario *sc = dcb_inputs_scenario(in);
  int r = replication_of(opt->seed);
  g_assert(r >= 0);
  if (g_getenv("TEST_REPLICATE_INTERRUPT") != NULL) {
    if (r == 1)
      kill(getppid(), SIGINT);
    if (r >= 1)
      sleep(30);
  }
  int n_years = sc->end_year - sc->start_year + 1;
  DcbTrace *tr = dcb_trace_new(sc->start_year, n_years, 0, 0);
  for (int y = 0; y < n_years; y++) {
    double *row = dcb_trace_yearly_row(tr, y);
    int year = sc->start_year + y;
    row[DCB_Y_YEAR] = year;
    row[DCB_Y_DEMAND_MW] = 400;
    row[DCB_Y_OPERATING_MW] = 100.0 * (r + 1) + 10.0 * (year - 2025);
    row[DCB_Y_UNMET_MW] = MAX(0.0, 400 - row[DCB_Y_OPERATING_MW]);
    row[DCB_Y_CUMULATIVE_EMISSIONS_T] = 1000.0 * (r + 1) * (year - 2024);
    row[DCB_Y_FACILITY_ENERGY_GWH] = 2.0 * (r + 1);
    row[DCB_Y_CAPEX_MEUR] = r + 1;
    row[DCB_Y_TARGET_MW] = 350;
  }
  return tr;
}

static const char *fake_version(void)
{
  return "0.0.0";
}

static const DcbEngine fake_engine = {.simulate = fake_simulate, .simgrid_version = fake_version};

/* tiny.ini over 2025-2060 with a target: real checked inputs (the engine takes nothing else);
 * the fake engine reads only the horizon.  Shared by every test, never freed. */
static const DcbInputs *fake_inputs(void)
{
  static DcbInputs *in = NULL;
  if (in == NULL) {
    const char *o[] = {"scenario.name=fake", "scenario.end_year=2060", "scenario.seed=42",
                       "scenario.target_mw=350", NULL};
    GError *error = NULL;
    in = dcb_inputs_open(DCB_TEST_DATA "/data/tiny.ini", o, &error);
    g_assert_no_error(error);
  }
  return in;
}

static char *run_dir(const char *name)
{
  char *dir = g_build_filename(g_get_tmp_dir(), name, NULL);
  g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", dir);
  g_assert(system(cmd) == 0);
  return dir;
}

static char *read_file(const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL))
    return NULL;
  return text;
}

/* The data line of quantiles.csv for (year, metric), without provenance. */
static char *quantile_line(const char *text, int year, const char *metric)
{
  g_autofree char *prefix = g_strdup_printf("\n%d,%s,", year, metric);
  const char *p = strstr(text, prefix);
  if (p == NULL)
    return NULL;
  p++;
  return g_strndup(p, strcspn(p, "\n"));
}

static char *csv_line(const char *text, int line_no_after_header)
{
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  int data = -1;
  for (int i = 0; lines[i] != NULL; i++) {
    if (lines[i][0] == '#')
      continue;
    if (data++ == line_no_after_header - 1)
      return g_strdup(lines[i]);
  }
  return NULL;
}

static int run(const DcbInputs *in, const char *dir, int jobs, gboolean keep, GError **error)
{
  DcbReplicateOptions opt = {.in = in,
                             .eng = &fake_engine,
                             .out_dir = dir,
                             .seed = BASE_SEED,
                             .replications = N_REPS,
                             .jobs = jobs,
                             .keep_traces = keep};
  return dcb_replicate_run(&opt, error);
}

static void test_replicate_outputs(void)
{
  const DcbInputs *in = fake_inputs();
  g_autofree char *dir = run_dir("dcb-test-replicate-1");
  GError *error = NULL;
  CU_ASSERT_EQUAL(run(in, dir, 1, FALSE, &error), 0);
  CU_ASSERT_PTR_NULL(error);
  g_autofree char *q = read_file(dir, "quantiles.csv");
  CU_ASSERT_PTR_NOT_NULL_FATAL(q);
  g_autofree char *l = quantile_line(q, 2030, "operating_mw");
  CU_ASSERT_STRING_EQUAL(l, "2030,operating_mw,350,170,250,350,450,530");
  g_autofree char *e = quantile_line(q, 2060, "cumulative_emissions_t");
  /* 1000 (r+1) 36 = {36000, ..., 180000}: p05 = 36000 + 0.2*36000 = 43200, p95 = 172800. */
  CU_ASSERT_STRING_EQUAL(e, "2060,cumulative_emissions_t,108000,43200,72000,108000,144000,172800");
  CU_ASSERT_PTR_NULL(strstr(q, ",year,")); /* every column but year */
  CU_ASSERT_PTR_NOT_NULL(strstr(q, "\nyear,metric,mean,p05,p25,p50,p75,p95\n"));

  g_autofree char *rcsv = read_file(dir, "replications.csv");
  CU_ASSERT_PTR_NOT_NULL_FATAL(rcsv);
  g_autofree char *header = csv_line(rcsv, 0);
  CU_ASSERT_STRING_EQUAL(header, "replication,seed,status,operating_mw@2030,operating_mw@2035,"
                                 "operating_mw@2040,operating_mw@2050,unmet_mw@2030,unmet_mw@2035,"
                                 "unmet_mw@2040,unmet_mw@2050,target_year,"
                                 "facility_energy_gwh@2060,cumulative_emissions_t@2060,"
                                 "capex_meur_total");
  /* r = 0: operating 150/200/250/350, unmet 250/200/150/50, target 2050, energy 2,
   * emissions 36000, capex 36 years x 1. */
  g_autofree char *row0 = csv_line(rcsv, 1);
  g_autofree char *want0 =
      g_strdup_printf("0,%" G_GUINT64_FORMAT ",ok,150,200,250,350,250,200,150,50,2050,2,36000,36",
                      dcb_seed_derive(BASE_SEED, 0));
  CU_ASSERT_STRING_EQUAL(row0, want0);
  g_autofree char *row2 = csv_line(rcsv, 3);
  g_autofree char *want2 =
      g_strdup_printf("2,%" G_GUINT64_FORMAT ",ok,350,400,450,550,50,0,0,0,2030,6,108000,108",
                      dcb_seed_derive(BASE_SEED, 2));
  CU_ASSERT_STRING_EQUAL(row2, want2);
  g_autofree char *ini = read_file(dir, "run.ini");
  CU_ASSERT_PTR_NOT_NULL(ini);
  /* No replication directories without --keep-traces. */
  g_autofree char *rep0 = g_build_filename(dir, "rep-0000", NULL);
  CU_ASSERT_FALSE(g_file_test(rep0, G_FILE_TEST_EXISTS));
}

static void test_replicate_jobs_invariant(void)
{
  const DcbInputs *in = fake_inputs();
  g_autofree char *d1 = run_dir("dcb-test-replicate-j1");
  g_autofree char *d3 = run_dir("dcb-test-replicate-j3");
  GError *error = NULL;
  CU_ASSERT_EQUAL(run(in, d1, 1, FALSE, &error), 0);
  CU_ASSERT_EQUAL(run(in, d3, 3, TRUE, &error), 0);
  const char *files[] = {"quantiles.csv", "replications.csv"};
  for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree char *a = read_file(d1, files[i]);
    g_autofree char *b = read_file(d3, files[i]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_STRING_EQUAL(a, b);
  }
  /* --keep-traces: complete rep-NNNN directories, no temporary ones. */
  for (int r = 0; r < N_REPS; r++) {
    g_autofree char *name = g_strdup_printf("rep-%04d/yearly.csv", r);
    g_autofree char *y = read_file(d3, name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(y);
    g_autofree char *seed_line =
        g_strdup_printf("# seed: %" G_GUINT64_FORMAT "\n", dcb_seed_derive(BASE_SEED, r));
    CU_ASSERT_PTR_NOT_NULL(strstr(y, seed_line));
    g_autofree char *tmp = g_strdup_printf("%s/.rep-%04d.tmp", d3, r);
    CU_ASSERT_FALSE(g_file_test(tmp, G_FILE_TEST_EXISTS));
  }
}

static void test_replicate_failure_reported(void)
{
  const DcbInputs *in = fake_inputs();
  g_autofree char *dir = run_dir("dcb-test-replicate-fail");
  GError *error = NULL;
  g_setenv("DCB_TEST_FAIL_REPLICATION", "2", TRUE);
  int st = run(in, dir, 2, TRUE, &error);
  g_unsetenv("DCB_TEST_FAIL_REPLICATION");
  CU_ASSERT_EQUAL(st, 1);
  CU_ASSERT_PTR_NULL(error);
  g_autofree char *rcsv = read_file(dir, "replications.csv");
  CU_ASSERT_PTR_NOT_NULL_FATAL(rcsv);
  g_autofree char *row2 = csv_line(rcsv, 3);
  g_autofree char *want2 =
      g_strdup_printf("2,%" G_GUINT64_FORMAT ",signal 6 (Aborted): DCB_TEST_FAIL_REPLICATION=2: "
                      "aborting on purpose,,,,,,,,,,,,",
                      dcb_seed_derive(BASE_SEED, 2));
  CU_ASSERT_STRING_EQUAL(row2, want2);
  g_autofree char *row3 = csv_line(rcsv, 4);
  CU_ASSERT_TRUE(g_str_has_prefix(row3, "3,") && strstr(row3, ",ok,450,") != NULL);
  g_autofree char *q = read_file(dir, "quantiles.csv");
  g_autofree char *l = quantile_line(q, 2030, "operating_mw");
  /* {150, 250, 450, 550}: mean 350, p05 165, p25 225, p50 350, p75 475, p95 535. */
  CU_ASSERT_STRING_EQUAL(l, "2030,operating_mw,350,165,225,350,475,535");
  g_autofree char *rep2 = g_build_filename(dir, "rep-0002", NULL);
  g_autofree char *rep3 = g_build_filename(dir, "rep-0003", NULL);
  CU_ASSERT_FALSE(g_file_test(rep2, G_FILE_TEST_EXISTS));
  CU_ASSERT_TRUE(g_file_test(rep3, G_FILE_TEST_IS_DIR));
}

static void test_replicate_interrupted(void)
{
  const DcbInputs *in = fake_inputs();
  g_autofree char *dir = run_dir("dcb-test-replicate-int");
  GError *error = NULL;
  g_setenv("TEST_REPLICATE_INTERRUPT", "1", TRUE);
  int st = run(in, dir, 2, TRUE, &error);
  g_unsetenv("TEST_REPLICATE_INTERRUPT");
  CU_ASSERT_EQUAL(st, 130);
  CU_ASSERT_PTR_NULL(error); /* reported on stderr by dcb_replicate_run itself */
  /* Nothing left behind: no summary, no replication directory (complete or not), and the run
   * directory itself removed since this run created it. */
  CU_ASSERT_FALSE(g_file_test(dir, G_FILE_TEST_EXISTS));
  GDir *d = g_dir_open(dir, 0, NULL);
  if (d == NULL)
    return;
  const char *name = g_dir_read_name(d);
  CU_ASSERT_PTR_NULL(name);
  if (name != NULL)
    fprintf(stderr, "left behind: %s\n", name);
  g_dir_close(d);
}

int main(void)
{
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s = CU_add_suite("replicate", NULL, NULL);
  CU_add_test(s, "replications.csv and quantiles.csv by hand", test_replicate_outputs);
  CU_add_test(s, "--jobs 1 and 3 give the same bytes; --keep-traces",
              test_replicate_jobs_invariant);
  CU_add_test(s, "an aborted replication is reported, others kept",
              test_replicate_failure_reported);
  CU_add_test(s, "SIGINT: exit 130, nothing left", test_replicate_interrupted);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  return failures != 0;
}
