/* test_sweep.c - CUnit suite of sweep.{c,h}: spec parsing and its errors, grid expansion (count
 * and order), the Latin hypercube stratification property, array chunking, point ranges,
 * point result files and the summary quantiles.  Pure: no simulation.
 *
 * Expected values are worked out by hand: a grid of 3 x 2 x 4 values has 24 points with the
 * last key varying fastest; 100 000 points in arrays of at most 1001 tasks need 100 points per
 * task (1000 tasks); the type-7 quantiles of 1..10 are p05 = 1 + 0.45 = 1.45 (h = 9 x 0.05),
 * p50 = 5.5 (h = 4.5), p95 = 9 + 0.55 = 9.55 (h = 8.55).  Paired differences (compare_to):
 * point {10,20,30,40} minus reference {9,18,27,36} is {1,2,3,4}: p05 = 1 + 0.15 x 1 = 1.15
 * (h = 3 x 0.05), p50 = 2.5 (h = 1.5), p95 = 3 + 0.85 = 3.85 (h = 2.85).
 */
#include "dist.h"
#include "error.h"
#include "scenario.h"
#include "sweep.h"
#include "trace.h"
#include <CUnit/Basic.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *tmp_dir;

/* Write a spec into the temporary directory; returns its path (transfer full). */
static char *write_spec(const char *name, const char *text)
{
  char *path = g_build_filename(tmp_dir, name, NULL);
  g_assert(g_file_set_contents(path, text, -1, NULL));
  return path;
}

static DcbSweepSpec *load(const char *name, const char *text, GError **error)
{
  g_autofree char *path = write_spec(name, text);
  return dcb_sweep_spec_load(path, error);
}

static void test_sweep_spec_fields(void)
{
  GError *error = NULL;
  g_autoptr(DcbSweepSpec) spec =
      load("fields.ini",
           "[sweep]\nscenario = base.ini\nseed = 42\nreplications = 7\nmethod = grid\n"
           "outcomes = operating_mw@2030, cumulative_emissions_t@2050\n"
           "[vary]\ngrid.connection_years = 2, tri(3,4,7), 6\n"
           "demand.growth = \"0.30@2025, 0.15@2035\", 0.15\n",
           &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
  CU_ASSERT_STRING_EQUAL(spec->name, "fields");
  g_autofree char *scen = g_build_filename(tmp_dir, "base.ini", NULL);
  CU_ASSERT_STRING_EQUAL(spec->scenario_path, scen);
  CU_ASSERT_EQUAL(spec->seed, 42);
  CU_ASSERT_EQUAL(spec->replications, 7);
  CU_ASSERT_EQUAL(spec->method, DCB_SWEEP_GRID);
  CU_ASSERT_EQUAL_FATAL(spec->n_outcomes, 2);
  CU_ASSERT_STRING_EQUAL(spec->outcomes[1].metric, "cumulative_emissions_t");
  CU_ASSERT_EQUAL(spec->outcomes[1].column, DCB_Y_CUMULATIVE_EMISSIONS_T);
  CU_ASSERT_EQUAL(spec->outcomes[1].year, 2050);
  CU_ASSERT_EQUAL_FATAL(spec->n_params, 2);
  CU_ASSERT_STRING_EQUAL(spec->params[0].key, "grid.connection_years");
  CU_ASSERT_EQUAL_FATAL(spec->params[0].n_values, 3);
  CU_ASSERT_STRING_EQUAL(spec->params[0].values[1], "tri(3,4,7)");
  CU_ASSERT_EQUAL_FATAL(spec->params[1].n_values, 2);
  CU_ASSERT_STRING_EQUAL(spec->params[1].values[0], "0.30@2025, 0.15@2035");
}

static void expect_error(const char *text, const char *needle)
{
  GError *error = NULL;
  DcbSweepSpec *spec = load("bad.ini", text, &error);
  CU_ASSERT_PTR_NULL(spec);
  dcb_sweep_spec_free(spec);
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_EQUAL(error->code, DCB_ERROR_INPUT);
  if (strstr(error->message, needle) == NULL)
    fprintf(stderr, "\nmessage '%s' lacks '%s'\n", error->message, needle);
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, needle));
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, "bad.ini: "));
  g_error_free(error);
}

#define HEAD "[sweep]\nscenario = b.ini\noutcomes = operating_mw@2030\n"
static void test_sweep_spec_errors(void)
{
  expect_error("[sweep]\noutcomes = operating_mw@2030\n[vary]\ndemand.growth = 1\n",
               "[sweep] scenario: missing");
  expect_error(HEAD "replications = 0\n[vary]\ndemand.growth = 1\n",
               "[sweep] replications: must be");
  expect_error(HEAD "method = sobol\n[vary]\ndemand.growth = 1\n",
               "[sweep] method: must be grid or lhs");
  expect_error(HEAD "method = lhs\n[vary]\ndemand.growth = 1:2\n", "[sweep] samples: missing");
  expect_error(HEAD "samples = 4\n[vary]\ndemand.growth = 1\n", "[sweep] samples: only used with");
  expect_error(HEAD "sed = 1\n[vary]\ndemand.growth = 1\n",
               "[sweep] sed: unknown key: did you mean 'seed'?");
  expect_error(HEAD "[vary]\ndemand.growth = 1\n[vari]\n",
               "[vari]: unknown group: did you mean [vary]?");
  expect_error(HEAD "[vary]\nab = 1\n", "[vary] ab: a varied key is written group.key");
  expect_error(HEAD "[vary]\ndemand.grwth = 1\n", "[vary] demand.grwth: ");
  expect_error(HEAD "[vary]\ndemandd.growth = 1\n", "[vary] demandd.growth: ");
  expect_error(HEAD "[vary]\ndemand.growth = 1, , 2\n", "[vary] demand.growth: empty value");
  expect_error(HEAD "[vary]\ndemand.growth = tri(1,2\n", "[vary] demand.growth: unbalanced");
  expect_error(HEAD "method = lhs\nsamples = 3\n[vary]\ndemand.growth = 2:1\n",
               "[vary] demand.growth: low must be below high");
  expect_error(HEAD "method = lhs\nsamples = 3\n[vary]\ndemand.growth = 1,2\n",
               "expected low:high");
  expect_error(HEAD, "[vary]: no parameter to vary");
  /* A key set twice: GLib would keep the last silently.  HEAD is lines 1-3, [vary] line 4. */
  expect_error(HEAD "[vary]\ngrid.crews = 1,2\ndemand.growth = 0.1\ngrid.crews = 3\n",
               "bad.ini: [vary] grid.crews: set twice (lines 5 and 7)");
  expect_error(HEAD "seed = 1\nseed = 2\n[vary]\ndemand.growth = 1\n",
               "[sweep] seed: set twice (lines 4 and 5)");
  /* LHS bounds whose width or values overflow. */
  expect_error(HEAD "method = lhs\nsamples = 3\n[vary]\ndemand.it_mw = -1e308:1e308\n",
               "[vary] demand.it_mw: bounds too large");
  expect_error(HEAD "method = lhs\nsamples = 3\n[vary]\ndemand.it_mw = 0:1.7e308\n",
               "[vary] demand.it_mw: bounds too large");
  /* An integer key's LHS bounds are integers. */
  expect_error(HEAD "method = lhs\nsamples = 3\n[vary]\ngrid.crews = 1:4.5\n",
               "[vary] grid.crews: an integer key: the bounds low:high must be integers");
  expect_error("[sweep]\nscenario = b.ini\noutcomes = operating_mw\n[vary]\ndemand.growth = 1\n",
               "[sweep] outcomes: 'operating_mw' is not of the form metric@year");
  expect_error(
      "[sweep]\nscenario = b.ini\noutcomes = operatng_mw@2030\n[vary]\ndemand.growth = 1\n",
      "unknown metric 'operatng_mw': did you mean 'operating_mw'?");
  expect_error("[sweep]\nscenario = b.ini\noutcomes = year@2030\n[vary]\ndemand.growth = 1\n",
               "unknown metric 'year'");
}

static void test_sweep_grid_product(void)
{
  GError *error = NULL;
  g_autoptr(DcbSweepSpec) spec = load(
      "grid.ini",
      "[sweep]\nscenario = b.ini\noutcomes = unmet_mw@2040\n[vary]\n"
      "demand.growth = a0, a1, a2\ngrid.crews = b0, b1\noperation.utilization = c0, c1, c2, c3\n",
      &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
  g_autoptr(DcbSweepPlan) plan = dcb_sweep_plan_new(spec, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
  CU_ASSERT_EQUAL_FATAL(dcb_sweep_plan_n_points(plan), 24);
  char buf[64];
  /* point = 8 a + 4 b + c */
  for (int a = 0; a < 3; a++)
    for (int b = 0; b < 2; b++)
      for (int c = 0; c < 4; c++) {
        int p = 8 * a + 4 * b + c;
        char want[3][8];
        g_snprintf(want[0], 8, "a%d", a);
        g_snprintf(want[1], 8, "b%d", b);
        g_snprintf(want[2], 8, "c%d", c);
        for (int j = 0; j < 3; j++)
          CU_ASSERT_STRING_EQUAL(dcb_sweep_plan_value(plan, p, j, buf, sizeof buf), want[j]);
      }
  g_auto(GStrv) ov = dcb_sweep_plan_overrides(plan, 13); /* a1, b1, c1 */
  CU_ASSERT_EQUAL_FATAL(g_strv_length(ov), 3);
  CU_ASSERT_STRING_EQUAL(ov[0], "demand.growth=a1");
  CU_ASSERT_STRING_EQUAL(ov[1], "grid.crews=b1");
  CU_ASSERT_STRING_EQUAL(ov[2], "operation.utilization=c1");
  g_autoptr(GString) csv = dcb_sweep_plan_to_csv(plan);
  CU_ASSERT_TRUE(g_str_has_prefix(
      csv->str, "point,demand.growth,grid.crews,operation.utilization\n0,a0,b0,c0\n1,a0,b0,c1\n"));
  CU_ASSERT_TRUE(g_str_has_suffix(csv->str, "\n23,a2,b1,c3\n"));

  /* A value holding commas is quoted in points.csv. */
  g_autoptr(DcbSweepSpec) spec2 = load("grid2.ini",
                                       "[sweep]\nscenario = b.ini\noutcomes = "
                                       "unmet_mw@2040\n[vary]\ndemand.growth = tri(1,2,3), 4\n",
                                       &error);
  g_autoptr(DcbSweepPlan) plan2 = dcb_sweep_plan_new(spec2, &error);
  g_autoptr(GString) csv2 = dcb_sweep_plan_to_csv(plan2);
  CU_ASSERT_STRING_EQUAL(csv2->str, "point,demand.growth\n0,\"tri(1,2,3)\"\n1,4\n");

  /* 100 x 100 x 10 = 100 000 points: the plan of the benchmark. */
  g_autoptr(GString) big = g_string_new("[sweep]\nscenario = b.ini\noutcomes = unmet_mw@2040\n"
                                        "[vary]\ndemand.growth = 0");
  for (int i = 1; i < 100; i++)
    g_string_append_printf(big, ",%d", i);
  g_string_append(big, "\ngrid.crews = 0");
  for (int i = 1; i < 100; i++)
    g_string_append_printf(big, ",%d", i);
  g_string_append(big, "\noperation.utilization = 0,1,2,3,4,5,6,7,8,9\n");
  g_autoptr(DcbSweepSpec) spec3 = load("big.ini", big->str, &error);
  g_autoptr(DcbSweepPlan) plan3 = dcb_sweep_plan_new(spec3, &error);
  CU_ASSERT_EQUAL(dcb_sweep_plan_n_points(plan3), 100000);
  CU_ASSERT_STRING_EQUAL(dcb_sweep_plan_value(plan3, 12345, 0, buf, sizeof buf), "12");
  CU_ASSERT_STRING_EQUAL(dcb_sweep_plan_value(plan3, 12345, 1, buf, sizeof buf), "34");
  CU_ASSERT_STRING_EQUAL(dcb_sweep_plan_value(plan3, 12345, 2, buf, sizeof buf), "5");
}

static void test_sweep_lhs_strata(void)
{
  GError *error = NULL;
  const int S = 50;
  g_autoptr(DcbSweepSpec) spec = load("lhs.ini",
                                      "[sweep]\nscenario = b.ini\nseed = 9\nmethod = lhs\n"
                                      "samples = 50\noutcomes = unmet_mw@2040\n[vary]\n"
                                      "grid.connection_years = 1:7\ndemand.growth = 0.05:0.35\n"
                                      "operation.utilization = -2.5:1e3\n",
                                      &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
  g_autoptr(DcbSweepPlan) plan = dcb_sweep_plan_new(spec, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
  CU_ASSERT_EQUAL_FATAL(dcb_sweep_plan_n_points(plan), S);
  char buf[64];
  for (int j = 0; j < spec->n_params; j++) {
    const DcbSweepParam *prm = &spec->params[j];
    int count[50] = {0};
    double width = (prm->high_lhs - prm->low_lhs) / S;
    for (int p = 0; p < S; p++) {
      /* The text is what the point simulates: the property must hold for it. */
      double v = g_ascii_strtod(dcb_sweep_plan_value(plan, p, j, buf, sizeof buf), NULL);
      CU_ASSERT_TRUE(v >= prm->low_lhs && v < prm->high_lhs);
      int k = (int)floor((v - prm->low_lhs) / width);
      CU_ASSERT_TRUE_FATAL(k >= 0 && k < S);
      count[k]++;
    }
    for (int k = 0; k < S; k++)
      CU_ASSERT_EQUAL(count[k], 1); /* each stratum holds exactly one sample */
  }
  /* Deterministic, and the parameters are not permuted alike. */
  g_autoptr(DcbSweepPlan) again = dcb_sweep_plan_new(spec, &error);
  g_autoptr(GString) a = dcb_sweep_plan_to_csv(plan);
  g_autoptr(GString) b = dcb_sweep_plan_to_csv(again);
  CU_ASSERT_STRING_EQUAL(a->str, b->str);
  int same = 0;
  for (int p = 0; p < S; p++) {
    double x = g_ascii_strtod(dcb_sweep_plan_value(plan, p, 0, buf, sizeof buf), NULL);
    double y = g_ascii_strtod(dcb_sweep_plan_value(plan, p, 1, buf, sizeof buf), NULL);
    same += (int)floor((x - 1) / (6.0 / S)) == (int)floor((y - 0.05) / (0.3 / S));
  }
  CU_ASSERT_TRUE(same < S / 2);
}

/* LHS over an integer key (grid.crews = 1:5, both included: strata cut [1, 6)).  5 samples:
 * strata 1 wide, each holds exactly one integer, so the values are 1..5 once each.  4 samples:
 * strata 1.25 wide, [1, 2.25), [2.25, 3.5), [3.5, 4.75), [4.75, 6): every point's integer lies in
 * its own stratum (one per stratum).  40 samples: strata 0.125 wide, each integer's unit
 * interval holds 8 strata, so each of 1..5 is drawn exactly 8 times. */
static void test_sweep_lhs_integer(void)
{
  char buf[64];
  static const int samples[] = {5, 4, 40};
  for (gsize c = 0; c < G_N_ELEMENTS(samples); c++) {
    int S = samples[c];
    g_autofree char *text = g_strdup_printf("[sweep]\nscenario = b.ini\nseed = 4\nmethod = lhs\n"
                                            "samples = %d\noutcomes = unmet_mw@2030\n[vary]\n"
                                            "grid.crews = 1:5\ndemand.growth = 0:1\n",
                                            S);
    GError *error = NULL;
    g_autoptr(DcbSweepSpec) spec = load("lhsint.ini", text, &error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
    CU_ASSERT_TRUE(spec->params[0].integer);
    CU_ASSERT_FALSE(spec->params[1].integer);
    g_autoptr(DcbSweepPlan) plan = dcb_sweep_plan_new(spec, &error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
    int per_value[6] = {0}, per_stratum[40] = {0};
    double width = 5.0 / S;
    for (int p = 0; p < S; p++) {
      const char *v = dcb_sweep_plan_value(plan, p, 0, buf, sizeof buf);
      gint64 k = 0;
      CU_ASSERT_TRUE_FATAL(g_ascii_string_to_signed(v, 10, 1, 5, &k, NULL)); /* "2", not "2.03" */
      per_value[k]++;
      per_stratum[(int)floor((k - 1) / width)]++;
    }
    for (int k = 1; k <= 5; k++)
      CU_ASSERT_EQUAL(per_value[k], S == 4 ? per_value[k] : S / 5);
    if (S <= 5)
      for (int t = 0; t < S; t++)
        CU_ASSERT_EQUAL(per_stratum[t], 1);
  }
  CU_ASSERT_TRUE(dcb_sweep_key_is_integer("scenario.end_year"));
  CU_ASSERT_FALSE(dcb_sweep_key_is_integer("grid.connection_years"));
}

static void test_sweep_chunking(void)
{
  int k = 0, t = 0;
  dcb_sweep_chunking(100000, 0, 1001, &k, &t);
  CU_ASSERT_EQUAL(k, 100);
  CU_ASSERT_EQUAL(t, 1000);
  dcb_sweep_chunking(100000, 10, 1001, &k, &t); /* 10 per task would need 10 000 tasks */
  CU_ASSERT_EQUAL(k, 100);
  CU_ASSERT_EQUAL(t, 1000);
  dcb_sweep_chunking(100000, 250, 1001, &k, &t);
  CU_ASSERT_EQUAL(k, 250);
  CU_ASSERT_EQUAL(t, 400);
  dcb_sweep_chunking(40, 6, 1001, &k, &t);
  CU_ASSERT_EQUAL(k, 6);
  CU_ASSERT_EQUAL(t, 7);
  dcb_sweep_chunking(40, 0, 1001, &k, &t);
  CU_ASSERT_EQUAL(k, 1);
  CU_ASSERT_EQUAL(t, 40);
  dcb_sweep_chunking(1001, 1, 1001, &k, &t);
  CU_ASSERT_EQUAL(k, 1);
  CU_ASSERT_EQUAL(t, 1001);
  dcb_sweep_chunking(1002, 1, 1001, &k, &t);
  CU_ASSERT_EQUAL(k, 2);
  CU_ASSERT_EQUAL(t, 501);
  dcb_sweep_chunking(10, 20, 1001, &k, &t);
  CU_ASSERT_EQUAL(k, 10);
  CU_ASSERT_EQUAL(t, 1);
  dcb_sweep_chunking(0, 0, 1001, &k, &t);
  CU_ASSERT_EQUAL(t, 0);
  /* Whatever n and MaxArraySize, the tasks fit and cover every point. */
  for (int n = 1; n < 3000; n += 37)
    for (int m = 1; m < 50; m += 7) {
      dcb_sweep_chunking(n, 0, m, &k, &t);
      CU_ASSERT_TRUE(t <= m && (gint64)k * t >= n && (gint64)k * (t - 1) < n);
    }
  CU_ASSERT_EQUAL(dcb_sweep_parse_max_array_size("Configuration data as of x\n"
                                                 "MaxArraySize            = 40001\n"
                                                 "MaxJobCount             = 10000\n"),
                  40001);
  CU_ASSERT_EQUAL(dcb_sweep_parse_max_array_size("MaxJobCount = 3\n"), -1);

  const int pts[] = {0, 1, 2, 5, 7, 8, 12};
  g_autofree char *r = dcb_sweep_ranges_format(pts, 7);
  CU_ASSERT_STRING_EQUAL(r, "0-2,5,7-8,12");
  g_autoptr(GArray) back = dcb_sweep_ranges_parse(r);
  CU_ASSERT_PTR_NOT_NULL_FATAL(back);
  CU_ASSERT_EQUAL_FATAL(back->len, 7);
  for (int i = 0; i < 7; i++)
    CU_ASSERT_EQUAL(g_array_index(back, int, i), pts[i]);
  CU_ASSERT_PTR_NULL(dcb_sweep_ranges_parse("3-1"));
  CU_ASSERT_PTR_NULL(dcb_sweep_ranges_parse("a"));

  /* Common random numbers (DESIGN §7): replication r has the Monte Carlo's seed of r, whatever
   * the point; replications differ. */
  CU_ASSERT_EQUAL(dcb_sweep_seed(5, 3, 2), dcb_seed_derive(5, 2));
  CU_ASSERT_EQUAL(dcb_sweep_seed(5, 3, 2), dcb_sweep_seed(5, 0, 2));
  CU_ASSERT_NOT_EQUAL(dcb_sweep_seed(5, 3, 2), dcb_sweep_seed(5, 3, 3));
}

/* Rule 25 in a sweep: a [vary] list splits at the commas outside parentheses (and quotes), so
 * "uniform(0.1,0.2), 0.3" is two values and a quoted trajectory with a distribution one value;
 * 2 x 2 = 4 points.  Each point's override holds the value whole, and summary.csv quotes the
 * values holding commas, so that a CSV reader gets them back as written. */
static void test_sweep_uncertain_values(void)
{
  GError *error = NULL;
  g_autoptr(DcbSweepSpec) spec =
      load("unc.ini",
           "[sweep]\nscenario = b.ini\nseed = 2\nreplications = 1\noutcomes = operating_mw@2030\n"
           "[vary]\ndemand.share = uniform(0.1,0.2), 0.3\n"
           "demand.growth = \"tri(0.1,0.2,0.3)@2025, 0.1@2040\", 0.2\n",
           &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
  g_autoptr(DcbSweepPlan) plan = dcb_sweep_plan_new(spec, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
  CU_ASSERT_EQUAL(dcb_sweep_plan_n_points(plan), 4);
  /* The last parameter varies fastest: point 1 = (uniform(0.1,0.2), 0.2). */
  g_auto(GStrv) ov = dcb_sweep_plan_overrides(plan, 1);
  CU_ASSERT_STRING_EQUAL(ov[0], "demand.share=uniform(0.1,0.2)");
  CU_ASSERT_STRING_EQUAL(ov[1], "demand.growth=0.2");
  g_auto(GStrv) ov2 = dcb_sweep_plan_overrides(plan, 2);
  CU_ASSERT_STRING_EQUAL(ov2[1], "demand.growth=tri(0.1,0.2,0.3)@2025, 0.1@2040");
  /* The override splits at its first '=' and reads as a trajectory with one uncertain point. */
  g_autofree char *g = NULL, *k = NULL, *v = NULL;
  CU_ASSERT_TRUE(dcb_scenario_split_override(ov2[1], &g, &k, &v, NULL));
  CU_ASSERT_STRING_EQUAL(v, "tri(0.1,0.2,0.3)@2025, 0.1@2040");
  DcbTraj t;
  DcbDist d[DCB_TRAJ_MAX_POINTS];
  CU_ASSERT_TRUE(dcb_traj_parse_uncertain(v, &t, d, NULL));
  CU_ASSERT_EQUAL(t.n, 2);
  CU_ASSERT_EQUAL(d[0].kind, DCB_DIST_TRI);

  /* summary.csv of the 4 points (one replication each: p05 = p50 = p95 = the value 100 + p). */
  double qs[4 * 3];
  gboolean done[4] = {TRUE, TRUE, TRUE, TRUE};
  for (int p = 0; p < 4; p++)
    qs[3 * p] = qs[3 * p + 1] = qs[3 * p + 2] = 100 + p;
  g_autoptr(GString) csv = dcb_sweep_summary_csv(spec, plan, done, qs, NULL);
  const char *body = strstr(csv->str, "point,");
  CU_ASSERT_PTR_NOT_NULL_FATAL(body);
  CU_ASSERT_STRING_EQUAL(body, "point,demand.share,demand.growth,operating_mw@2030_p05,"
                               "operating_mw@2030_p50,operating_mw@2030_p95\n"
                               "0,\"uniform(0.1,0.2)\",\"tri(0.1,0.2,0.3)@2025, 0.1@2040\","
                               "100,100,100\n"
                               "1,\"uniform(0.1,0.2)\",0.2,101,101,101\n"
                               "2,0.3,\"tri(0.1,0.2,0.3)@2025, 0.1@2040\",102,102,102\n"
                               "3,0.3,0.2,103,103,103\n");
}

static void test_sweep_summary_quantiles(void)
{
  const double v[10] = {7, 3, 10, 1, 5, 9, 2, 8, 6, 4};
  double scratch[10], q[3];
  dcb_sweep_quantiles(v, 10, scratch, q);
  CU_ASSERT_DOUBLE_EQUAL(q[0], 1.45, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(q[1], 5.5, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(q[2], 9.55, 1e-12);

  /* Two outcomes, 4 replications, 2 points: point 0 done, point 1 failed. */
  GError *error = NULL;
  g_autoptr(DcbSweepSpec) spec =
      load("sum.ini",
           "[sweep]\nscenario = b.ini\nseed = 2\nreplications = 4\n"
           "outcomes = operating_mw@2030, unmet_mw@2035\n[vary]\ndemand.growth = 0.1, 0.2\n",
           &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
  g_autoptr(DcbSweepPlan) plan = dcb_sweep_plan_new(spec, &error);
  g_autofree char *dir = g_build_filename(tmp_dir, "sumdir", NULL);
  g_autofree char *results = g_build_filename(dir, "results", NULL);
  CU_ASSERT_EQUAL_FATAL(g_mkdir_with_parents(results, 0755), 0);
  const char *fp = "f00d";
  /* 0.1 + 0.2 is not 0.3: values travel with 17 digits and come back bit for bit. */
  const double vals[8] = {100, 400, 200, 300, 0.1 + 0.2, 0, 1.0 / 3.0, 10};
  g_autofree char *t0 = dcb_sweep_result_format(spec, fp, 0, vals, NULL);
  g_autofree char *t1 = dcb_sweep_result_format(spec, fp, 1, NULL, "bad\nthing");
  g_autofree char *p0 = dcb_sweep_result_path(dir, 0);
  g_autofree char *p1 = dcb_sweep_result_path(dir, 1);
  CU_ASSERT_TRUE(g_str_has_suffix(p0, "/results/p000000.ini"));
  CU_ASSERT_TRUE(dcb_write_file_atomic(p0, t0, -1, NULL));
  CU_ASSERT_TRUE(dcb_write_file_atomic(p1, t1, -1, NULL));
  double back[8];
  char *reason = NULL;
  CU_ASSERT_EQUAL(dcb_sweep_result_read(spec, fp, dir, 0, back, NULL), DCB_POINT_DONE);
  for (int i = 0; i < 8; i++)
    CU_ASSERT_EQUAL(back[i], vals[i]);
  CU_ASSERT_EQUAL(dcb_sweep_result_read(spec, fp, dir, 1, NULL, &reason), DCB_POINT_FAILED);
  CU_ASSERT_STRING_EQUAL(reason, "bad thing");
  g_free(reason);
  /* Another plan, a missing file, a result with too few values: all MISSING. */
  CU_ASSERT_EQUAL(dcb_sweep_result_read(spec, "beef", dir, 0, NULL, NULL), DCB_POINT_MISSING);
  CU_ASSERT_EQUAL(dcb_sweep_result_read(spec, fp, dir, 5, NULL, NULL), DCB_POINT_MISSING);
  g_autofree char *cut = g_strdup(t0);
  char *semi = strstr(cut, ";300");
  CU_ASSERT_PTR_NOT_NULL_FATAL(semi);
  memmove(semi, semi + 4, strlen(semi + 4) + 1);
  CU_ASSERT_TRUE(dcb_write_file_atomic(p0, cut, -1, NULL));
  CU_ASSERT_EQUAL(dcb_sweep_result_read(spec, fp, dir, 0, NULL, NULL), DCB_POINT_MISSING);

  /* Summary of point 0 only: operating {100,200,300,400} -> p05 = 115 (h = 0.15),
   * p50 = 250, p95 = 385; unmet {0, 0.1+0.2, 1/3, 10} -> p05 = 0.045 (0.15 x 0.3),
   * p50 = (0.3 + 1/3) / 2, p95 = 1/3 + 0.85 x (10 - 1/3) = 8.55. */
  double qs[2 * 2 * 3] = {0};
  gboolean done[2] = {TRUE, FALSE};
  double s4[4];
  dcb_sweep_quantiles(vals, 4, s4, qs);
  dcb_sweep_quantiles(vals + 4, 4, s4, qs + 3);
  CU_ASSERT_DOUBLE_EQUAL(qs[0], 115, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(qs[1], 250, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(qs[2], 385, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(qs[3], 0.045, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(qs[4], (0.3 + 1.0 / 3.0) / 2, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(qs[5], 1.0 / 3.0 + 0.85 * (10 - 1.0 / 3.0), 1e-12);
  g_autoptr(GString) csv = dcb_sweep_summary_csv(spec, plan, done, qs, NULL);
  CU_ASSERT_STRING_EQUAL(csv->str, "# program: dcbuildout " DCB_VERSION "\n# seed: 2\n"
                                   "# sweep: sum\n# method: grid\n# replications: 4\n"
                                   "point,demand.growth,operating_mw@2030_p05,operating_mw@2030_"
                                   "p50,operating_mw@2030_p95,unmet_mw@2035_p05,unmet_mw@2035_"
                                   "p50,unmet_mw@2035_p95\n"
                                   "0,0.1,115,250,385,0.045,0.3166666667,8.55\n");
}

/* compare_to: "base" or a point number of the plan; anything else names [sweep] compare_to. */
static void test_sweep_compare_to_spec(void)
{
  const char *head = "[sweep]\nscenario = b.ini\noutcomes = operating_mw@2030\n";
  const char *grid4 = "[vary]\ndemand.growth = 0.1, 0.2\ngrid.crews = 1, 2\n"; /* 2 x 2 */
  GError *error = NULL;
  g_autofree char *t_none = g_strconcat(head, grid4, NULL);
  g_autoptr(DcbSweepSpec) none = load("none.ini", t_none, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(none);
  CU_ASSERT_FALSE(none->has_reference);

  g_autofree char *t_base = g_strconcat(head, "compare_to = base\n", grid4, NULL);
  g_autoptr(DcbSweepSpec) base = load("base.ini", t_base, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(base);
  CU_ASSERT_TRUE(base->has_reference);
  CU_ASSERT_EQUAL(base->reference, DCB_SWEEP_BASE);
  g_autoptr(DcbSweepPlan) pbase = dcb_sweep_plan_new(base, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pbase);
  CU_ASSERT_EQUAL(dcb_sweep_plan_n_points(pbase), 4); /* the base is not a point of the plan */
  g_auto(GStrv) ov = dcb_sweep_plan_overrides(pbase, DCB_SWEEP_BASE);
  CU_ASSERT_PTR_NOT_NULL_FATAL(ov);
  CU_ASSERT_PTR_NULL(ov[0]); /* the base runs with no override */
  /* compare_to does not change what a point computes: the same fingerprint with or without. */
  g_autoptr(DcbSweepPlan) pnone = dcb_sweep_plan_new(none, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pnone);
  g_autofree char *f_none = dcb_sweep_plan_fingerprint(pnone, "x", 1);
  g_autofree char *f_base = dcb_sweep_plan_fingerprint(pbase, "x", 1);
  CU_ASSERT_STRING_EQUAL(f_none, f_base);

  /* The last point of the 2 x 2 grid is 3: accepted; 4 is not in the plan. */
  g_autofree char *t3 = g_strconcat(head, "compare_to = 3\n", grid4, NULL);
  g_autoptr(DcbSweepSpec) s3 = load("three.ini", t3, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s3);
  CU_ASSERT_EQUAL(s3->reference, 3);
  g_autoptr(DcbSweepPlan) p3 = dcb_sweep_plan_new(s3, &error);
  CU_ASSERT_PTR_NOT_NULL(p3);
  g_autofree char *t4 = g_strconcat(head, "compare_to = 4\n", grid4, NULL);
  g_autoptr(DcbSweepSpec) s4 = load("bad.ini", t4, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s4);
  DcbSweepPlan *p4 = dcb_sweep_plan_new(s4, &error);
  CU_ASSERT_PTR_NULL(p4);
  dcb_sweep_plan_free(p4);
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_EQUAL(error->code, DCB_ERROR_INPUT);
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, "bad.ini: [sweep] compare_to: "));
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, "0..3"));
  g_clear_error(&error);
  /* LHS: samples = 5 gives points 0..4. */
#define LHS_SPEC(n)                                                                                \
  "[sweep]\nscenario = b.ini\noutcomes = operating_mw@2030\nmethod = lhs\nsamples = 5\n"           \
  "compare_to = " n "\n[vary]\ndemand.growth = 0:1\n"
  g_autofree char *t_l4 = g_strdup(LHS_SPEC("4")), *t_l5 = g_strdup(LHS_SPEC("5"));
#undef LHS_SPEC
  g_autoptr(DcbSweepSpec) l4 = load("l4.ini", t_l4, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(l4);
  g_autoptr(DcbSweepPlan) pl4 = dcb_sweep_plan_new(l4, &error);
  CU_ASSERT_PTR_NOT_NULL(pl4);
  g_autoptr(DcbSweepSpec) l5 = load("bad.ini", t_l5, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(l5);
  DcbSweepPlan *pl5 = dcb_sweep_plan_new(l5, &error);
  CU_ASSERT_PTR_NULL(pl5);
  dcb_sweep_plan_free(pl5);
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, "bad.ini: [sweep] compare_to: "));
  g_clear_error(&error);
  /* Not base nor a number >= 0: refused when the spec is read. */
  const char *bad[] = {"-1", "x", "1.5", "Base", "", "3 4", NULL};
  for (int i = 0; bad[i] != NULL; i++) {
    g_autofree char *t = g_strdup_printf("%scompare_to = %s\n%s", head, bad[i], grid4);
    expect_error(t, "[sweep] compare_to: must be base (the base scenario) or a point number");
  }
}

/* The paired differences' quantiles, worked out by hand (see the top of the file). */
static void test_sweep_paired_differences(void)
{
  const double point[4] = {10, 20, 30, 40}, ref[4] = {9, 18, 27, 36};
  double scratch[8], q[3];
  CU_ASSERT_EQUAL(dcb_sweep_paired_quantiles(point, ref, 4, scratch, q), 4);
  CU_ASSERT_DOUBLE_EQUAL(q[0], 1.15, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(q[1], 2.5, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(q[2], 3.85, 1e-12);
  /* The reference against itself (or a point with the same values): exactly 0. */
  dcb_sweep_paired_quantiles(ref, ref, 4, scratch, q);
  CU_ASSERT_TRUE(q[0] == 0 && q[1] == 0 && q[2] == 0);
  /* Pairs where either side is not a number are left out: r = 0, 3, 4 remain, diffs {1, 4, 5}:
   * p05 = 1 + 0.1 x 3 = 1.3 (h = 2 x 0.05), p50 = 4 (h = 1), p95 = 4 + 0.9 x 1 = 4.9
   * (h = 1.9). */
  const double pn[5] = {10, NAN, 30, 40, 50}, rn[5] = {9, 18, NAN, 36, 45};
  double scratch10[10];
  CU_ASSERT_EQUAL(dcb_sweep_paired_quantiles(pn, rn, 5, scratch10, q), 3);
  CU_ASSERT_DOUBLE_EQUAL(q[0], 1.3, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(q[1], 4, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(q[2], 4.9, 1e-12);
  /* No pair left: NaN. */
  const double a[2] = {NAN, 1}, b[2] = {2, NAN};
  CU_ASSERT_EQUAL(dcb_sweep_paired_quantiles(a, b, 2, scratch, q), 0);
  CU_ASSERT_TRUE(isnan(q[0]) && isnan(q[1]) && isnan(q[2]));
}

/* The base as a pseudo-point: its result file, its ranges token, and the summary's diff
 * columns. */
static void test_sweep_base_result_and_summary(void)
{
  GError *error = NULL;
  g_autoptr(DcbSweepSpec) spec =
      load("cmp.ini",
           "[sweep]\nscenario = b.ini\nseed = 3\nreplications = 4\ncompare_to = base\n"
           "outcomes = operating_mw@2030, unmet_mw@2035\n[vary]\ndemand.growth = 0.1, 0.2\n",
           &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
  g_autoptr(DcbSweepPlan) plan = dcb_sweep_plan_new(spec, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
  g_autofree char *dir = g_build_filename(tmp_dir, "cmpdir", NULL);
  g_autofree char *results = g_build_filename(dir, "results", NULL);
  CU_ASSERT_EQUAL_FATAL(g_mkdir_with_parents(results, 0755), 0);
  const char *fp = "cafe";
  const double base_vals[8] = {9, 18, 27, 36, 0, 0, 0, 0};
  g_autofree char *pb = dcb_sweep_result_path(dir, DCB_SWEEP_BASE);
  CU_ASSERT_TRUE(g_str_has_suffix(pb, "/results/base.ini"));
  g_autofree char *tb = dcb_sweep_result_format(spec, fp, DCB_SWEEP_BASE, base_vals, NULL);
  CU_ASSERT_PTR_NOT_NULL(strstr(tb, "\npoint=base\n"));
  CU_ASSERT_TRUE(dcb_write_file_atomic(pb, tb, -1, NULL));
  double back[8];
  CU_ASSERT_EQUAL(dcb_sweep_result_read(spec, fp, dir, DCB_SWEEP_BASE, back, NULL), DCB_POINT_DONE);
  for (int i = 0; i < 8; i++)
    CU_ASSERT_EQUAL(back[i], base_vals[i]);
  /* The base's text in point 0's file is not point 0's result (and the reverse). */
  g_autofree char *p0 = dcb_sweep_result_path(dir, 0);
  CU_ASSERT_TRUE(dcb_write_file_atomic(p0, tb, -1, NULL));
  CU_ASSERT_EQUAL(dcb_sweep_result_read(spec, fp, dir, 0, NULL, NULL), DCB_POINT_MISSING);
  g_autofree char *t0 = dcb_sweep_result_format(spec, fp, 0, base_vals, NULL);
  CU_ASSERT_TRUE(dcb_write_file_atomic(pb, t0, -1, NULL));
  CU_ASSERT_EQUAL(dcb_sweep_result_read(spec, fp, dir, DCB_SWEEP_BASE, NULL, NULL),
                  DCB_POINT_MISSING);
  char label[32];
  CU_ASSERT_STRING_EQUAL(dcb_sweep_point_label(DCB_SWEEP_BASE, label, sizeof label), "the base");
  CU_ASSERT_STRING_EQUAL(dcb_sweep_point_label(7, label, sizeof label), "point 7");

  /* Ranges (tasks.txt): the base first, as "base". */
  const int pts[] = {DCB_SWEEP_BASE, 0, 1, 2, 5};
  g_autofree char *r = dcb_sweep_ranges_format(pts, 5);
  CU_ASSERT_STRING_EQUAL(r, "base,0-2,5");
  g_autoptr(GArray) rb = dcb_sweep_ranges_parse(r);
  CU_ASSERT_PTR_NOT_NULL_FATAL(rb);
  CU_ASSERT_EQUAL_FATAL(rb->len, 5);
  for (int i = 0; i < 5; i++)
    CU_ASSERT_EQUAL(g_array_index(rb, int, i), pts[i]);

  /* summary.csv with diffs.  Point 0 has the base's values (diffs exactly 0); point 1 has
   * operating {10,20,30,40} against the base's {9,18,27,36}: diffs 1.15, 2.5, 3.85, and unmet
   * NaN in every replication on its side: no pair, empty fields. */
  const double p1[8] = {10, 20, 30, 40, NAN, NAN, NAN, NAN};
  double qs[2 * 2 * 3], dqs[2 * 2 * 3], s8[8];
  gboolean done[2] = {TRUE, TRUE};
  for (int k = 0; k < 2; k++) {
    dcb_sweep_quantiles(base_vals + 4 * k, 4, s8, qs + 3 * k);
    dcb_sweep_paired_quantiles(base_vals + 4 * k, base_vals + 4 * k, 4, s8, dqs + 3 * k);
    dcb_sweep_quantiles(p1 + 4 * k, 4, s8, qs + 6 + 3 * k);
    dcb_sweep_paired_quantiles(p1 + 4 * k, base_vals + 4 * k, 4, s8, dqs + 6 + 3 * k);
  }
  /* Base operating {9,18,27,36}: p05 = 9 + 0.15 x 9 = 10.35, p50 = 22.5, p95 = 27 + 0.85 x 9 =
   * 34.65; unmet all 0.  Point 1: operating 11.5, 25, 38.5; unmet all NaN ("nan"). */
  g_autoptr(GString) csv = dcb_sweep_summary_csv(spec, plan, done, qs, dqs);
  CU_ASSERT_STRING_EQUAL(csv->str,
                         "# program: dcbuildout " DCB_VERSION "\n# seed: 3\n"
                         "# sweep: cmp\n# method: grid\n# replications: 4\n# compare_to: base\n"
                         "point,demand.growth,operating_mw@2030_p05,operating_mw@2030_p50,"
                         "operating_mw@2030_p95,operating_mw@2030_diff_p05,"
                         "operating_mw@2030_diff_p50,operating_mw@2030_diff_p95,"
                         "unmet_mw@2035_p05,unmet_mw@2035_p50,unmet_mw@2035_p95,"
                         "unmet_mw@2035_diff_p05,unmet_mw@2035_diff_p50,unmet_mw@2035_diff_p95\n"
                         "0,0.1,10.35,22.5,34.65,0,0,0,0,0,0,0,0,0\n"
                         "1,0.2,11.5,25,38.5,1.15,2.5,3.85,nan,nan,nan,,,\n");
}

int main(void)
{
  tmp_dir = g_dir_make_tmp("test_sweep-XXXXXX", NULL);
  g_assert(tmp_dir != NULL);
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s = CU_add_suite("sweep", NULL, NULL);
  CU_add_test(s, "spec_fields", test_sweep_spec_fields);
  CU_add_test(s, "spec_errors", test_sweep_spec_errors);
  CU_add_test(s, "grid_product", test_sweep_grid_product);
  CU_add_test(s, "uncertain_values", test_sweep_uncertain_values);
  CU_add_test(s, "lhs_strata", test_sweep_lhs_strata);
  CU_add_test(s, "lhs_integer", test_sweep_lhs_integer);
  CU_add_test(s, "chunking", test_sweep_chunking);
  CU_add_test(s, "summary_quantiles", test_sweep_summary_quantiles);
  CU_add_test(s, "compare_to_spec", test_sweep_compare_to_spec);
  CU_add_test(s, "paired_differences", test_sweep_paired_differences);
  CU_add_test(s, "base_result_and_summary", test_sweep_base_result_and_summary);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmp_dir);
  if (system(cmd) != 0)
    fprintf(stderr, "cannot remove %s\n", tmp_dir);
  g_free(tmp_dir);
  return failures != 0;
}
