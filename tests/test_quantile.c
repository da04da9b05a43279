/* test_quantile.c - mean and type-7 quantiles (sim/core/quantile.c) against hand-worked values.
 *
 * Type 7 (R's default): h = (n - 1) p, Q = x[floor h] + frac(h) (x[floor h + 1] - x[floor h]).
 * Worked by hand:
 *   {15, 20, 35, 40, 50}: p05 h=0.2 -> 15 + 0.2*5 = 16; p25 h=1 -> 20; p50 h=2 -> 35;
 *                         p75 h=3 -> 40; p95 h=3.8 -> 40 + 0.8*10 = 48; mean 160/5 = 32.
 *   {1, 2, 3, 4}:         p05 h=0.15 -> 1.15; p25 h=0.75 -> 1.75; p50 h=1.5 -> 2.5;
 *                         p75 h=2.25 -> 3.25; p95 h=2.85 -> 3.85; mean 2.5
 *                         (R: quantile(1:4, c(.05,.25,.5,.75,.95)) gives the same).
 */
#include "quantile.h"
#include "sort.h"
#include <CUnit/Basic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-12

static void test_quantile_five_values_unsorted(void)
{
  const double v[] = {40, 15, 50, 35, 20};
  double scratch[5];
  DcbQuantiles q;
  dcb_quantile_summarize(v, 5, scratch, &q);
  CU_ASSERT_EQUAL(q.n, 5);
  CU_ASSERT_DOUBLE_EQUAL(q.mean, 32.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(q.p05, 16.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(q.p25, 20.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(q.p50, 35.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(q.p75, 40.0, TOL);
  CU_ASSERT_DOUBLE_EQUAL(q.p95, 48.0, TOL);
  /* The input is left alone. */
  CU_ASSERT_DOUBLE_EQUAL(v[0], 40.0, 0.0);
}

static void test_quantile_four_values(void)
{
  const double v[] = {4, 3, 2, 1};
  double scratch[4];
  DcbQuantiles q;
  dcb_quantile_summarize(v, 4, scratch, &q);
  CU_ASSERT_DOUBLE_EQUAL(q.mean, 2.5, TOL);
  CU_ASSERT_DOUBLE_EQUAL(q.p05, 1.15, TOL);
  CU_ASSERT_DOUBLE_EQUAL(q.p25, 1.75, TOL);
  CU_ASSERT_DOUBLE_EQUAL(q.p50, 2.5, TOL);
  CU_ASSERT_DOUBLE_EQUAL(q.p75, 3.25, TOL);
  CU_ASSERT_DOUBLE_EQUAL(q.p95, 3.85, TOL);
}

static void test_quantile_ends_and_ties(void)
{
  const double sorted[] = {-2, 0, 7.5, 9};
  CU_ASSERT_DOUBLE_EQUAL(dcb_quantile_sorted(sorted, 4, 0.0), -2.0, 0.0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_quantile_sorted(sorted, 4, 1.0), 9.0, 0.0);
  /* p = 1/3: h = 1 exactly -> x[1]. */
  CU_ASSERT_DOUBLE_EQUAL(dcb_quantile_sorted(sorted, 4, 1.0 / 3.0), 0.0, TOL);
  const double one[] = {7};
  CU_ASSERT_DOUBLE_EQUAL(dcb_quantile_sorted(one, 1, 0.05), 7.0, 0.0);
  CU_ASSERT_DOUBLE_EQUAL(dcb_quantile_sorted(one, 1, 0.95), 7.0, 0.0);
  /* Equal values give exactly that value, with no rounding drift. */
  const double ties[] = {0.1, 0.1, 0.1};
  double scratch[3];
  DcbQuantiles q;
  dcb_quantile_summarize(ties, 3, scratch, &q);
  CU_ASSERT_EQUAL(q.p05, 0.1);
  CU_ASSERT_EQUAL(q.p95, 0.1);
}

static void test_quantile_nan_skipped(void)
{
  /* A failed replication is NaN: left out of mean and quantiles. */
  const double v[] = {NAN, 1, 2, NAN, 3, 4};
  double scratch[6];
  DcbQuantiles q;
  dcb_quantile_summarize(v, 6, scratch, &q);
  CU_ASSERT_EQUAL(q.n, 4);
  CU_ASSERT_DOUBLE_EQUAL(q.mean, 2.5, TOL);
  CU_ASSERT_DOUBLE_EQUAL(q.p25, 1.75, TOL);
  const double none[] = {NAN, NAN};
  dcb_quantile_summarize(none, 2, scratch, &q);
  CU_ASSERT_EQUAL(q.n, 0);
  CU_ASSERT_TRUE(isnan(q.mean) && isnan(q.p05) && isnan(q.p50) && isnan(q.p95));
}

/* sort.h against qsort: random values with many ties, sorted and reversed runs, sizes around
 * the insertion-sort threshold and large enough for the heapsort fallback to be reachable. */
static int cmp_plain(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static inline gboolean less_plain(const double *a, const double *b)
{
  return *a < *b;
}

DCB_DEFINE_SORT(double, sort_plain, less_plain)

static void test_quantile_sort_matches_qsort(void)
{
  const gsize sizes[] = {0, 1, 2, 3, 15, 16, 17, 33, 100, 1000, 4097};
  GRand *rand = g_rand_new_with_seed(7);
  for (gsize s = 0; s < G_N_ELEMENTS(sizes); s++)
    for (int shape = 0; shape < 4; shape++) {
      gsize n = sizes[s];
      double *a = g_new(double, MAX(n, 1)), *b = g_new(double, MAX(n, 1));
      for (gsize i = 0; i < n; i++) {
        switch (shape) {
          case 0:
            a[i] = g_rand_double(rand);
            break;
          case 1:
            a[i] = g_rand_int_range(rand, 0, 5);
            break; /* many ties */
          case 2:
            a[i] = (double)i;
            break; /* sorted */
          default:
            a[i] = (double)(n - i);
            break; /* reversed */
        }
        b[i] = a[i];
      }
      sort_plain(a, n);
      qsort(b, n, sizeof *b, cmp_plain);
      CU_ASSERT_EQUAL(n == 0 ? 0 : memcmp(a, b, n * sizeof *a), 0);
      g_free(a);
      g_free(b);
    }
  g_rand_free(rand);
}

int main(void)
{
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s = CU_add_suite("quantile", NULL, NULL);
  CU_add_test(s, "five values, unsorted input", test_quantile_five_values_unsorted);
  CU_add_test(s, "four values (R type 7)", test_quantile_four_values);
  CU_add_test(s, "p=0, p=1, single value, ties", test_quantile_ends_and_ties);
  CU_add_test(s, "NaN left out", test_quantile_nan_skipped);
  CU_add_test(s, "the introsort sorts as qsort does", test_quantile_sort_matches_qsort);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  return failures != 0;
}
