/* test_drivers.c - partial rank correlation (drivers.h), on cases worked out by hand. */
#include "dist.h"
#include "drivers.h"
#include <CUnit/Basic.h>
#include <math.h>

/* Average ranks: 10, 30, 20, 30 -> 1, 3.5, 2, 3.5 (the two 30s share ranks 3 and 4). */
static void test_drivers_ranks_with_ties(void)
{
  const double v[] = {10, 30, 20, 30};
  double r[4];
  dcb_drivers_ranks(v, 4, r);
  CU_ASSERT_DOUBLE_EQUAL(r[0], 1, 0);
  CU_ASSERT_DOUBLE_EQUAL(r[1], 3.5, 0);
  CU_ASSERT_DOUBLE_EQUAL(r[2], 2, 0);
  CU_ASSERT_DOUBLE_EQUAL(r[3], 3.5, 0);
}

/* One input: the partial correlation is Spearman's.  x = 1..5, y = 1, 3, 2, 5, 4: rank
 * differences 0, 1, 1, 1, 1, sum of squares 4; rho = 1 - 6 x 4 / (5 x 24) = 0.8. */
static void test_drivers_one_input_is_spearman(void)
{
  const double x[] = {1, 2, 3, 4, 5}, y[] = {1, 3, 2, 5, 4};
  double out[1];
  CU_ASSERT_EQUAL(dcb_drivers_prcc(x, 5, 1, y, out), 5);
  CU_ASSERT_DOUBLE_EQUAL(out[0], 0.8, 1e-12);
}

/* Three inputs, 500 replications.  The outcome is a monotone function of x0 alone: its ranks
 * are x0's, so PRCC(x0) = 1 exactly and the other input, x1, explains nothing left: 0.  With
 * y = -exp(x1) the sign is negative: -1 for x1, 0 for x0.  A constant input (x2 = 7) and a NaN
 * replication are left out; a constant outcome gives NaN everywhere.  With noise (y = x0^3 + 0.3
 * x1, so x1 matters a little), x0 first (> 0.9), x1 positive and smaller. */
static void test_drivers_dominant_input_and_sign(void)
{
  enum { N = 500, K = 3 };
  static double x[N * K], y[N], z[N], flat[N];
  DcbRng rng;
  dcb_rng_init(&rng, 42, "test-drivers");
  for (int r = 0; r < N; r++) {
    x[r * K + 0] = dcb_rng_uniform(&rng);
    x[r * K + 1] = dcb_rng_uniform(&rng);
    x[r * K + 2] = 7;
    y[r] = pow(x[r * K + 0], 3);
    z[r] = -exp(x[r * K + 1]);
    flat[r] = 3;
  }
  y[10] = NAN;
  double out[K];
  CU_ASSERT_EQUAL(dcb_drivers_prcc(x, N, K, y, out), N - 1);
  CU_ASSERT_DOUBLE_EQUAL(out[0], 1, 0);
  CU_ASSERT_DOUBLE_EQUAL(out[1], 0, 0);
  CU_ASSERT(isnan(out[2]));
  CU_ASSERT_EQUAL(dcb_drivers_prcc(x, N, K, z, out), N);
  CU_ASSERT_DOUBLE_EQUAL(out[1], -1, 0);
  CU_ASSERT_DOUBLE_EQUAL(out[0], 0, 0);
  for (int r = 0; r < N; r++)
    z[r] = pow(x[r * K + 0], 3) + 0.3 * x[r * K + 1];
  dcb_drivers_prcc(x, N, K, z, out);
  CU_ASSERT(out[0] > 0.9);
  CU_ASSERT(out[1] > 0 && out[1] < out[0]);
  dcb_drivers_prcc(x, N, K, flat, out);
  CU_ASSERT(isnan(out[0]) && isnan(out[1]) && isnan(out[2]));
}

/* Two inputs both matter: y = x0 + x1 with x0, x1 uniform.  By symmetry the two coefficients
 * are close (|difference| < 0.05 over 2000 replications) and strongly positive (> 0.8: given
 * x1, y is monotone in x0 up to rank non-linearity). */
static void test_drivers_two_inputs_share(void)
{
  enum { N = 2000, K = 2 };
  static double x[N * K], y[N];
  DcbRng rng;
  dcb_rng_init(&rng, 7, "test-drivers-two");
  for (int r = 0; r < N; r++) {
    x[r * K + 0] = dcb_rng_uniform(&rng);
    x[r * K + 1] = dcb_rng_uniform(&rng);
    y[r] = x[r * K + 0] + x[r * K + 1];
  }
  double out[K];
  dcb_drivers_prcc(x, N, K, y, out);
  CU_ASSERT(out[0] > 0.8 && out[1] > 0.8);
  CU_ASSERT(fabs(out[0] - out[1]) < 0.05);
}

int main(void)
{
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s = CU_add_suite("drivers", NULL, NULL);
  CU_add_test(s, "ranks with ties", test_drivers_ranks_with_ties);
  CU_add_test(s, "one input: Spearman", test_drivers_one_input_is_spearman);
  CU_add_test(s, "dominant input and sign", test_drivers_dominant_input_and_sign);
  CU_add_test(s, "two inputs share", test_drivers_two_inputs_share);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  return failures == 0 ? 0 : 1;
}
