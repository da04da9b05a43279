/* test_dist.c - CUnit suite for sim/dist.{c,h}: distributions, trajectories, random streams.
 *
 * Sampling tests draw 10 000 values from a seeded stream and compare the sample mean and variance
 * with the closed forms.  Tolerances are about 4-5 standard errors of the estimate (stated next
 * to each check), so a correct sampler passes with every seed while a wrong formula (e.g. a
 * triangular sampled around the wrong mode, a lognormal parameterised by its mean) fails.
 * Reference values for splitmix64 are the published test vectors of the generator (state 0:
 * e220a8397b1dcdaf, 6e789e6aa1b965f4, 06c45d188009454f); the xoshiro256** vector was computed
 * by an independent Python implementation of the reference algorithm.
 */
#include "dist.h"
#include "error.h"
#include <CUnit/Basic.h>
#include <math.h>

#define N_DRAWS 10000

typedef struct {
  double mean, var, median;
} Stats;

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Sample statistics of N_DRAWS draws of 'text' from stream (seed 12345, entity). Also checks
 * every draw lies within [dcb_dist_min, dcb_dist_max]. */
static Stats draw_stats(const char *text, const char *entity)
{
  DcbDist d;
  g_autoptr(GError) error = NULL;
  CU_ASSERT_FATAL(dcb_dist_parse(text, &d, &error));
  DcbRng rng;
  dcb_rng_init(&rng, 12345, entity);
  double *x = g_new(double, N_DRAWS);
  double sum = 0;
  int out_of_range = 0;
  for (int i = 0; i < N_DRAWS; i++) {
    x[i] = dcb_dist_sample(&d, &rng);
    sum += x[i];
    if (x[i] < dcb_dist_min(&d) || x[i] > dcb_dist_max(&d))
      out_of_range++;
  }
  CU_ASSERT_EQUAL(out_of_range, 0);
  Stats s = {.mean = sum / N_DRAWS};
  double ss = 0;
  for (int i = 0; i < N_DRAWS; i++)
    ss += (x[i] - s.mean) * (x[i] - s.mean);
  s.var = ss / (N_DRAWS - 1);
  qsort(x, N_DRAWS, sizeof *x, cmp_double);
  s.median = 0.5 * (x[N_DRAWS / 2 - 1] + x[N_DRAWS / 2]);
  g_free(x);
  return s;
}

/* Rule 16's planned duration: the parameter a planner reads off each form, not the draw's mean. */
static void test_dist_central(void)
{
  const struct {
    const char *text;
    double central;
  } cases[] = {{"2.5", 2.5},
               {"tri(1,1.75,4)", 1.75},
               {"uniform(1,2)", 1.5},
               {"lognormal(3,0.4)", 3.0},
               {"normal(2,5)", 2.0}};
  for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
    DcbDist d;
    CU_ASSERT_FATAL(dcb_dist_parse(cases[k].text, &d, NULL));
    CU_ASSERT_DOUBLE_EQUAL(dcb_dist_central(&d), cases[k].central, 0);
  }
}

static void test_dist_tri_moments(void)
{
  /* tri(1,2,4): mean (1+2+4)/3 = 7/3; variance (a²+b²+c²-ab-ac-bc)/18 = (1+4+16-2-4-8)/18 = 7/18.
   * sd 0.624: SE(mean) = 0.0062 -> tolerance 0.03; SE(var) ~ 0.0045 -> tolerance 0.025. */
  Stats s = draw_stats("tri(1,2,4)", "tri-test");
  CU_ASSERT_DOUBLE_EQUAL(s.mean, 7.0 / 3.0, 0.03);
  CU_ASSERT_DOUBLE_EQUAL(s.var, 7.0 / 18.0, 0.025);
  DcbDist d;
  CU_ASSERT_FATAL(dcb_dist_parse("tri(1,2,4)", &d, NULL));
  CU_ASSERT_DOUBLE_EQUAL(dcb_dist_mean(&d), 7.0 / 3.0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(dcb_dist_min(&d), 1.0, 0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_dist_max(&d), 4.0, 0);
  /* Degenerate triangles: mode at an end, and all equal. */
  s = draw_stats("tri(0,0,3)", "tri-left");
  CU_ASSERT_DOUBLE_EQUAL(s.mean, 1.0, 0.03); /* var 0.5, SE 0.007 */
  s = draw_stats("tri(2,2,2)", "tri-point");
  CU_ASSERT_DOUBLE_EQUAL(s.mean, 2.0, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(s.var, 0.0, 1e-12);
}

static void test_dist_uniform_moments(void)
{
  /* uniform(2,5): mean 3.5, variance 9/12 = 0.75.  SE(mean) 0.0087 -> 0.04; SE(var) 0.0067 ->
   * 0.03. */
  Stats s = draw_stats("uniform(2,5)", "uniform-test");
  CU_ASSERT_DOUBLE_EQUAL(s.mean, 3.5, 0.04);
  CU_ASSERT_DOUBLE_EQUAL(s.var, 0.75, 0.03);
}

static void test_dist_lognormal_moments(void)
{
  /* lognormal(2,0.5): median 2, mean 2*exp(0.125) = 2.2663, variance mean² (exp(0.25)-1) =
   * 1.4589.  SE(median) = 1/(2 f(2) sqrt(n)) = 0.0125 -> 0.06; SE(mean) 0.012 -> 0.06. */
  Stats s = draw_stats("lognormal(2, 0.5)", "lognormal-test");
  CU_ASSERT_DOUBLE_EQUAL(s.median, 2.0, 0.06);
  CU_ASSERT_DOUBLE_EQUAL(s.mean, 2.0 * exp(0.125), 0.06);
  CU_ASSERT_DOUBLE_EQUAL(s.var, 4.0 * exp(0.25) * (exp(0.25) - 1.0), 0.2);
  DcbDist d;
  CU_ASSERT_FATAL(dcb_dist_parse("lognormal(2,0.5)", &d, NULL));
  CU_ASSERT_DOUBLE_EQUAL(dcb_dist_mean(&d), 2.0 * exp(0.125), 1e-12);
  CU_ASSERT(dcb_dist_max(&d) == G_MAXDOUBLE);
}

static void test_dist_normal_moments(void)
{
  /* normal(10,2): truncation at 0 is 5 sd away (negligible).  SE(mean) 0.02 -> 0.08; SE(sd)
   * 0.014 -> 0.06. */
  Stats s = draw_stats("normal(10,2)", "normal-test");
  CU_ASSERT_DOUBLE_EQUAL(s.mean, 10.0, 0.08);
  CU_ASSERT_DOUBLE_EQUAL(sqrt(s.var), 2.0, 0.06);
  /* normal(0,1) truncated at 0 is the half-normal: mean sqrt(2/pi) = 0.7979, variance 1 - 2/pi
   * = 0.3634.  SE(mean) 0.006 -> 0.03.  Every draw >= 0 (checked by draw_stats via min). */
  s = draw_stats("normal(0,1)", "half-normal");
  CU_ASSERT_DOUBLE_EQUAL(s.mean, sqrt(2.0 / G_PI), 0.03);
  CU_ASSERT_DOUBLE_EQUAL(s.var, 1.0 - 2.0 / G_PI, 0.03);
  DcbDist d;
  CU_ASSERT_FATAL(dcb_dist_parse("normal(0,1)", &d, NULL));
  CU_ASSERT_DOUBLE_EQUAL(dcb_dist_mean(&d), sqrt(2.0 / G_PI), 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(dcb_dist_min(&d), 0.0, 0);
  /* Far below 0: every redraw fails, the sampler gives 0 after its 1000 tries. */
  CU_ASSERT_FATAL(dcb_dist_parse("normal(-100,1)", &d, NULL));
  DcbRng rng;
  dcb_rng_init(&rng, 1, "deep");
  CU_ASSERT_DOUBLE_EQUAL(dcb_dist_sample(&d, &rng), 0.0, 0);
}

static void test_dist_fixed(void)
{
  Stats s = draw_stats("3", "fixed");
  CU_ASSERT_DOUBLE_EQUAL(s.mean, 3.0, 0);
  CU_ASSERT_DOUBLE_EQUAL(s.var, 0.0, 0);
  DcbDist d;
  CU_ASSERT_FATAL(dcb_dist_parse("  2.5e0 ", &d, NULL));
  CU_ASSERT_EQUAL(d.kind, DCB_DIST_FIXED);
  CU_ASSERT_DOUBLE_EQUAL(d.a, 2.5, 0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_dist_mean(&d), 2.5, 0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_dist_min(&d), 2.5, 0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_dist_max(&d), 2.5, 0);
}

static void test_dist_parse_forms(void)
{
  DcbDist d;
  CU_ASSERT_FATAL(dcb_dist_parse(" tri( 3 , 4 ,7 ) ", &d, NULL));
  CU_ASSERT_EQUAL(d.kind, DCB_DIST_TRI);
  CU_ASSERT_DOUBLE_EQUAL(d.a, 3, 0);
  CU_ASSERT_DOUBLE_EQUAL(d.b, 4, 0);
  CU_ASSERT_DOUBLE_EQUAL(d.c, 7, 0);
  g_autofree char *s1 = dcb_dist_to_string(&d);
  CU_ASSERT_STRING_EQUAL(s1, "tri(3,4,7)");
  CU_ASSERT_FATAL(dcb_dist_parse("uniform(0.1,2)", &d, NULL));
  g_autofree char *s2 = dcb_dist_to_string(&d);
  CU_ASSERT_STRING_EQUAL(s2, "uniform(0.1,2)");
  CU_ASSERT_FATAL(dcb_dist_parse("lognormal(2,0.5)", &d, NULL));
  g_autofree char *s3 = dcb_dist_to_string(&d);
  CU_ASSERT_STRING_EQUAL(s3, "lognormal(2,0.5)");
  CU_ASSERT_FATAL(dcb_dist_parse("normal(10,2)", &d, NULL));
  g_autofree char *s4 = dcb_dist_to_string(&d);
  CU_ASSERT_STRING_EQUAL(s4, "normal(10,2)");
  d = dcb_dist_fixed(0.3);
  g_autofree char *s5 = dcb_dist_to_string(&d);
  CU_ASSERT_STRING_EQUAL(s5, "0.3");
  /* Boundary parameters are allowed. */
  CU_ASSERT(dcb_dist_parse("tri(1,1,1)", &d, NULL));
  CU_ASSERT(dcb_dist_parse("uniform(2,2)", &d, NULL));
  CU_ASSERT(dcb_dist_parse("lognormal(1,0)", &d, NULL));
  CU_ASSERT(dcb_dist_parse("normal(1,0)", &d, NULL));
  CU_ASSERT(dcb_dist_parse("-4", &d, NULL)); /* sign is the caller's business */
}

static void test_dist_parse_errors(void)
{
  static const struct {
    const char *text, *substring;
  } bad[] = {
      {"", "expected a number"},
      {"abc", "unknown distribution 'abc'"},
      {"gamma(1,2)", "unknown distribution 'gamma'"},
      {"3x", "expected a number"},
      {"nan", "finite"},
      {"NaN", "finite"},
      {"inf", "finite"},
      {"-inf", "finite"},
      {"1e999", "finite"},
      {"tri(3,2,1)", "min <= mode <= max"},
      {"tri(1,5,4)", "min <= mode <= max"},
      {"tri(1,2)", "3 numbers"},
      {"tri(1,,4)", "parameter 2"},
      {"tri(1,2,nan)", "finite"},
      {"tri(1,2,4) x", "after ')'"},
      {"tri 1,2,4", "expected tri(min,mode,max)"},
      {"uniform(5,2)", "a <= b"},
      {"lognormal(0,1)", "median > 0"},
      {"lognormal(1,-1)", "sigma >= 0"},
      {"normal(1,-1)", "sd >= 0"},
      {"normal(1)", "2 numbers"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    DcbDist d = dcb_dist_fixed(-99);
    g_autoptr(GError) error = NULL;
    gboolean ok = dcb_dist_parse(bad[i].text, &d, &error);
    CU_ASSERT_FALSE(ok);
    CU_ASSERT_PTR_NOT_NULL_FATAL(error);
    CU_ASSERT(g_error_matches(error, DCB_ERROR, DCB_ERROR_INPUT));
    if (strstr(error->message, bad[i].substring) == NULL) {
      fprintf(stderr, "\n'%s': message '%s' lacks '%s'\n", bad[i].text, error->message,
              bad[i].substring);
      CU_FAIL("error message lacks the expected text");
    }
    CU_ASSERT_DOUBLE_EQUAL(d.a, -99, 0); /* output untouched on failure */
  }
}

static void test_dist_traj_interpolation(void)
{
  DcbTraj t;
  g_autoptr(GError) error = NULL;
  CU_ASSERT_FATAL(dcb_traj_parse("0.30@2025, 0.15@2035, 0.05@2050", &t, &error));
  CU_ASSERT_EQUAL(t.n, 3);
  /* Hand-worked: 2030 is half-way 2025..2035: (0.30+0.15)/2 = 0.225; 2042.5 is half-way
   * 2035..2050: (0.15+0.05)/2 = 0.10; 2027 is 2/10 of the way: 0.30 - 0.2*0.15 = 0.27. */
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&t, 2030), 0.225, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&t, 2042.5), 0.10, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&t, 2027), 0.27, 1e-12);
  /* On the points and flat outside. */
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&t, 2025), 0.30, 1e-15);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&t, 2035), 0.15, 1e-15);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&t, 2050), 0.05, 1e-15);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&t, 1990), 0.30, 1e-15);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&t, 2100), 0.05, 1e-15);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_min(&t), 0.05, 1e-15);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_max(&t), 0.30, 1e-15);

  /* A plain number is flat everywhere. */
  CU_ASSERT_FATAL(dcb_traj_parse(" 1.2 ", &t, NULL));
  CU_ASSERT_EQUAL(t.n, 1);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&t, -1e6), 1.2, 0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&t, 2040), 1.2, 0);
  /* A single point is flat too; decimal years interpolate. */
  CU_ASSERT_FATAL(dcb_traj_parse("100@2028.5,300@2030.5", &t, NULL));
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&t, 2029), 150.0, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&t, 2028), 100.0, 0);
  t = dcb_traj_constant(7);
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&t, 3000), 7.0, 0);
}

static void test_dist_traj_errors(void)
{
  static const struct {
    const char *text, *substring;
  } bad[] = {
      {"", "expected a number"},
      {"a", "expected a number"},
      {"nan", "finite"},
      {"1@2030, 2@2025", "strictly increasing"},
      {"1@2030, 2@2030", "strictly increasing"},
      {"1@x", "point 1"},
      {"1@2030, 2", "point 2"},
      {"1@2030@2031", "point 1"},
      {"inf@2030", "finite"},
      {"1@2030,", "point 2"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    DcbTraj t;
    g_autoptr(GError) error = NULL;
    CU_ASSERT_FALSE(dcb_traj_parse(bad[i].text, &t, &error));
    CU_ASSERT_PTR_NOT_NULL_FATAL(error);
    CU_ASSERT(g_error_matches(error, DCB_ERROR, DCB_ERROR_INPUT));
    if (strstr(error->message, bad[i].substring) == NULL) {
      fprintf(stderr, "\n'%s': message '%s' lacks '%s'\n", bad[i].text, error->message,
              bad[i].substring);
      CU_FAIL("error message lacks the expected text");
    }
  }
}

/* Rule 25: a trajectory point's value may be a distribution; points split at the commas outside
 * parentheses.  "tri(0.2,0.3,0.4)@2025, 0.15@2035" is two points: the first holds tri's mode 0.3
 * (its central value), the second the plain 0.15; a plain "tri(1,2,3)" is one point at year 0
 * holding 2. */
static void test_dist_traj_uncertain(void)
{
  DcbTraj t;
  DcbDist d[DCB_TRAJ_MAX_POINTS];
  g_autoptr(GError) error = NULL;
  CU_ASSERT_FATAL(dcb_traj_parse_uncertain("tri(0.2,0.3,0.4)@2025, 0.15@2035", &t, d, &error));
  CU_ASSERT_EQUAL(t.n, 2);
  CU_ASSERT_DOUBLE_EQUAL(t.year[0], 2025, 0);
  CU_ASSERT_DOUBLE_EQUAL(t.value[0], 0.3, 0);
  CU_ASSERT_EQUAL(d[0].kind, DCB_DIST_TRI);
  CU_ASSERT_DOUBLE_EQUAL(d[0].a, 0.2, 0);
  CU_ASSERT_DOUBLE_EQUAL(d[0].c, 0.4, 0);
  CU_ASSERT_DOUBLE_EQUAL(t.year[1], 2035, 0);
  CU_ASSERT_EQUAL(d[1].kind, DCB_DIST_FIXED);
  CU_ASSERT_DOUBLE_EQUAL(t.value[1], 0.15, 0);
  /* Between the points, linear from the central value: at 2030, (0.3 + 0.15) / 2 = 0.225. */
  CU_ASSERT_DOUBLE_EQUAL(dcb_traj_at(&t, 2030), 0.225, 1e-12);

  CU_ASSERT_FATAL(dcb_traj_parse_uncertain(" tri(1,2,3) ", &t, d, NULL));
  CU_ASSERT_EQUAL(t.n, 1);
  CU_ASSERT_DOUBLE_EQUAL(t.value[0], 2, 0);
  CU_ASSERT_EQUAL(d[0].kind, DCB_DIST_TRI);
  /* uniform(10,20)'s central value is its midpoint 15; dcb_traj_parse keeps only that. */
  CU_ASSERT_FATAL(dcb_traj_parse("5@2025, uniform(10,20)@2030", &t, NULL));
  CU_ASSERT_DOUBLE_EQUAL(t.value[1], 15, 0);

  /* A year is never a distribution; a malformed distribution names its point. */
  static const struct {
    const char *text, *substring;
  } bad[] = {
      {"0.2@tri(2025,2026,2027)", "a year cannot be a distribution"},
      {"tri(1,2)@2025", "point 1"},
      {"1@2025, tri(3,2,1)@2030", "point 2"},
      {"tri(1,2,3", "expected tri(min,mode,max)"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(GError) err = NULL;
    CU_ASSERT_FALSE(dcb_traj_parse_uncertain(bad[i].text, &t, d, &err));
    CU_ASSERT_PTR_NOT_NULL_FATAL(err);
    if (strstr(err->message, bad[i].substring) == NULL) {
      fprintf(stderr, "\n'%s': message '%s' lacks '%s'\n", bad[i].text, err->message,
              bad[i].substring);
      CU_FAIL("error message lacks the expected text");
    }
  }
}

/* The list splitter and the detector of distribution calls. */
static void test_dist_split_and_mentioned(void)
{
  g_auto(GStrv) parts = dcb_dist_split_list("uniform(0.1,0.2), 0.3,tri(1, 2, 3)");
  CU_ASSERT_EQUAL_FATAL(g_strv_length(parts), 3);
  CU_ASSERT_STRING_EQUAL(parts[0], "uniform(0.1,0.2)");
  CU_ASSERT_STRING_EQUAL(parts[1], " 0.3");
  CU_ASSERT_STRING_EQUAL(parts[2], "tri(1, 2, 3)");
  CU_ASSERT_TRUE(dcb_dist_mentioned("tri(1,2,3)"));
  CU_ASSERT_TRUE(dcb_dist_mentioned("100, normal (1,2)"));
  CU_ASSERT_FALSE(dcb_dist_mentioned("2025-2030"));
  CU_ASSERT_FALSE(dcb_dist_mentioned("triangle"));
  CU_ASSERT_FALSE(dcb_dist_mentioned("xtri(1,2,3)"));
  /* Plain numbers keep number.h's message; distributions dist_parse's. */
  DcbDist d;
  g_autoptr(GError) e1 = NULL, e2 = NULL;
  CU_ASSERT_FALSE(dcb_dist_parse_value("lots", &d, &e1));
  CU_ASSERT_STRING_EQUAL(e1->message, "expected a number");
  CU_ASSERT_FALSE(dcb_dist_parse_value("uniform(2,1)", &d, &e2));
  CU_ASSERT_PTR_NOT_NULL(strstr(e2->message, "needs a <= b"));
  CU_ASSERT_TRUE(dcb_dist_parse_value("0.25", &d, NULL));
  CU_ASSERT_EQUAL(d.kind, DCB_DIST_FIXED);
  /* Shortest text that reads back: 2025, 0.1, and 1/3 with 16 digits. */
  g_autofree char *a = dcb_dist_format_number(2025), *b = dcb_dist_format_number(0.1);
  g_autofree char *c = dcb_dist_format_number(1.0 / 3.0);
  CU_ASSERT_STRING_EQUAL(a, "2025");
  CU_ASSERT_STRING_EQUAL(b, "0.1");
  CU_ASSERT_STRING_EQUAL(c, "0.3333333333333333");
}

static void test_dist_stream_determinism(void)
{
  DcbRng a, b, c, d;
  dcb_rng_init(&a, 42, "cambrai");
  dcb_rng_init(&b, 42, "cambrai");
  dcb_rng_init(&c, 42, "roubaix");
  dcb_rng_init(&d, 43, "cambrai");
  int same_ab = 0, same_ac = 0, same_ad = 0;
  for (int i = 0; i < 1000; i++) {
    guint64 xa = dcb_rng_next(&a), xb = dcb_rng_next(&b), xc = dcb_rng_next(&c),
            xd = dcb_rng_next(&d);
    same_ab += xa == xb;
    same_ac += xa == xc;
    same_ad += xa == xd;
  }
  CU_ASSERT_EQUAL(same_ab, 1000);
  CU_ASSERT_EQUAL(same_ac, 0);
  CU_ASSERT_EQUAL(same_ad, 0);

  /* Reference vector: seed 1, entity "a" (FNV-1a-64("a") = af63dc4c8601ec8c). */
  DcbRng r;
  dcb_rng_init(&r, 1, "a");
  CU_ASSERT(dcb_rng_next(&r) == G_GUINT64_CONSTANT(0x7d03f6ff94950fc6));
  CU_ASSERT(dcb_rng_next(&r) == G_GUINT64_CONSTANT(0xaca47478d629d795));
  CU_ASSERT(dcb_rng_next(&r) == G_GUINT64_CONSTANT(0x834e744ea9288ebe));

  /* Uniform: in [0, 1), exactly the top 53 bits of the next output. */
  DcbRng u1, u2;
  dcb_rng_init(&u1, 9, "u");
  dcb_rng_init(&u2, 9, "u");
  double lo = 1, hi = 0, sum = 0;
  for (int i = 0; i < N_DRAWS; i++) {
    double x = dcb_rng_uniform(&u1);
    CU_ASSERT_DOUBLE_EQUAL(x, (double)(dcb_rng_next(&u2) >> 11) / 9007199254740992.0, 0);
    lo = MIN(lo, x);
    hi = MAX(hi, x);
    sum += x;
  }
  CU_ASSERT(lo >= 0.0 && hi < 1.0);
  CU_ASSERT_DOUBLE_EQUAL(sum / N_DRAWS, 0.5, 0.012); /* SE 0.0029 */

  /* Standard normal: mean 0, variance 1 (SE 0.01 and 0.014). */
  DcbRng n;
  dcb_rng_init(&n, 5, "normal");
  double s1 = 0, s2 = 0;
  for (int i = 0; i < N_DRAWS; i++) {
    double x = dcb_rng_normal(&n);
    s1 += x;
    s2 += x * x;
  }
  CU_ASSERT_DOUBLE_EQUAL(s1 / N_DRAWS, 0.0, 0.04);
  CU_ASSERT_DOUBLE_EQUAL(s2 / N_DRAWS, 1.0, 0.06);
}

static void test_dist_seed_derive(void)
{
  /* dcb_seed_derive(s, i) is the (i+1)-th output of splitmix64 started at state s; from state
   * 0 the published outputs are e220a8397b1dcdaf, 6e789e6aa1b965f4, 06c45d188009454f. */
  CU_ASSERT(dcb_seed_derive(0, 0) == G_GUINT64_CONSTANT(0xe220a8397b1dcdaf));
  CU_ASSERT(dcb_seed_derive(0, 1) == G_GUINT64_CONSTANT(0x6e789e6aa1b965f4));
  CU_ASSERT(dcb_seed_derive(0, 2) == G_GUINT64_CONSTANT(0x06c45d188009454f));
  CU_ASSERT(dcb_seed_derive(1, 0) == G_GUINT64_CONSTANT(0x910a2dec89025cc1));
  CU_ASSERT(dcb_seed_derive(42, 7) == G_GUINT64_CONSTANT(0xccf635ee9e9e2fa4));
  /* Deterministic and distinct over many indices. */
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint64 i = 0; i < 10000; i++) {
    gint64 *k = g_new(gint64, 1);
    *k = (gint64)dcb_seed_derive(1, i);
    CU_ASSERT((guint64)*k == dcb_seed_derive(1, i));
    g_hash_table_add(seen, k);
  }
  CU_ASSERT_EQUAL(g_hash_table_size(seen), 10000);
}

int main(void)
{
  if (CU_initialize_registry() != CUE_SUCCESS)
    return CU_get_error();
  CU_pSuite suite = CU_add_suite("dist", NULL, NULL);
  CU_add_test(suite, "test_dist_central", test_dist_central);
  CU_add_test(suite, "test_dist_tri_moments", test_dist_tri_moments);
  CU_add_test(suite, "test_dist_uniform_moments", test_dist_uniform_moments);
  CU_add_test(suite, "test_dist_lognormal_moments", test_dist_lognormal_moments);
  CU_add_test(suite, "test_dist_normal_moments", test_dist_normal_moments);
  CU_add_test(suite, "test_dist_fixed", test_dist_fixed);
  CU_add_test(suite, "test_dist_parse_forms", test_dist_parse_forms);
  CU_add_test(suite, "test_dist_parse_errors", test_dist_parse_errors);
  CU_add_test(suite, "test_dist_traj_interpolation", test_dist_traj_interpolation);
  CU_add_test(suite, "test_dist_traj_errors", test_dist_traj_errors);
  CU_add_test(suite, "test_dist_traj_uncertain", test_dist_traj_uncertain);
  CU_add_test(suite, "test_dist_split_and_mentioned", test_dist_split_and_mentioned);
  CU_add_test(suite, "test_dist_stream_determinism", test_dist_stream_determinism);
  CU_add_test(suite, "test_dist_seed_derive", test_dist_seed_derive);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  return failures != 0;
}
