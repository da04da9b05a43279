/* test_inputs.c - CUnit suite of inputs.c, the one checked path from a scenario to the engine,
 * and of the engine's refusal of anything else.
 *
 * tiny.ini (tests/data) is a valid scenario on tiny.xml: sites alpha (substation north) and beta
 * (south), four 50 MW halls each; project one at alpha, phases 100 + 100 MW.  Each case states
 * the overrides and the outcome worked out from those figures: 300 MW at alpha needs six halls
 * of four; a site 'nowhere' is in no platform.  The engine is called without SimGrid ever being
 * initialised: it must refuse unsealed inputs before touching SimGrid.
 */
#include "engine.h"
#include "error.h"
#include "inputs.h"
#include <CUnit/Basic.h>
#include <string.h>

#define TINY DCB_TEST_DATA "/data/tiny.ini"

static char *read_text(const char *path, gsize *len)
{
  char *text = NULL;
  g_assert(g_file_get_contents(path, &text, len, NULL));
  return text;
}

static void test_inputs_open_ok(void)
{
  GError *error = NULL;
  g_autoptr(DcbInputs) in = dcb_inputs_open(TINY, NULL, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(in);
  CU_ASSERT_PTR_NULL(error);
  CU_ASSERT_TRUE(dcb_inputs_verify(in, "test", NULL));
  CU_ASSERT_STRING_EQUAL(dcb_inputs_scenario(in)->name, "tiny");
  CU_ASSERT_EQUAL(dcb_inputs_platform(in)->n_sites, 2);
  CU_ASSERT_EQUAL(dcb_inputs_platform(in)->n_halls, 8);
  CU_ASSERT_PTR_NOT_NULL(dcb_inputs_warnings(in));
}

static void test_inputs_unknown_site(void)
{
  const char *o[] = {"project:one.site=nowhere", NULL};
  GError *error = NULL;
  DcbInputs *in = dcb_inputs_open(TINY, o, &error);
  CU_ASSERT_PTR_NULL(in);
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_TRUE(g_error_matches(error, DCB_ERROR, DCB_ERROR_INPUT));
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, "[project:one] site: no site 'nowhere'"));
  CU_ASSERT_PTR_NULL(strchr(error->message, '\n'));
  g_error_free(error);
}

static void test_inputs_phases_exceed_halls(void)
{
  /* 300 MW in one phase at alpha, whose four halls hold 200 MW. */
  const char *o[] = {"project:one.phases_mw=300", NULL};
  GError *error = NULL;
  DcbInputs *in = dcb_inputs_open(TINY, o, &error);
  CU_ASSERT_PTR_NULL(in);
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_TRUE(g_error_matches(error, DCB_ERROR, DCB_ERROR_INPUT));
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, "phase 1 needs 300 MW at site 'alpha'"));
  g_error_free(error);
}

static void test_inputs_warning_collected(void)
{
  /* Phases of 120 MW take three 50 MW halls each (150 MW): check warns, the inputs open. */
  const char *o[] = {"project:one.phases_mw=120", NULL};
  GError *error = NULL;
  g_autoptr(DcbInputs) in = dcb_inputs_open(TINY, o, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(in);
  const char *const *w = dcb_inputs_warnings(in);
  CU_ASSERT_PTR_NOT_NULL_FATAL(w[0]);
  CU_ASSERT_PTR_NOT_NULL(strstr(w[0], "150"));
}

static void test_inputs_base_platform_shared(void)
{
  gsize len = 0;
  g_autofree char *text = read_text(TINY, &len);
  GError *error = NULL;
  g_autoptr(DcbInputs) base = dcb_inputs_open_data(TINY, text, len, NULL, NULL, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(base);
  const char *o[] = {"demand.it_mw=10", NULL};
  g_autoptr(DcbInputs) point = dcb_inputs_open_data(TINY, text, len, o, base, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(point);
  /* Same platform file: borrowed, not parsed again. */
  CU_ASSERT_PTR_EQUAL(dcb_inputs_platform(point), dcb_inputs_platform(base));
  CU_ASSERT_DOUBLE_EQUAL(dcb_inputs_scenario(point)->it_mw, 10, 1e-12);
  /* A point is cross-checked against the borrowed platform like any other. */
  const char *bad[] = {"project:one.site=nowhere", NULL};
  DcbInputs *none = dcb_inputs_open_data(TINY, text, len, bad, base, &error);
  CU_ASSERT_PTR_NULL(none);
  CU_ASSERT_PTR_NOT_NULL(error);
  g_clear_error(&error);
}

static void test_inputs_engine_refuses_unchecked(void)
{
  const DcbEngine *eng = dcb_engine_get();
  DcbEngineOptions opt = {.seed = 1};
  GError *error = NULL;
  CU_ASSERT_PTR_NULL(eng->simulate(NULL, &opt, &error));
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_TRUE(g_error_matches(error, DCB_ERROR, DCB_ERROR_RUNTIME));
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, "not opened and checked"));
  g_clear_error(&error);
  /* Memory that merely looks like inputs (no seal) is refused too, by prepare as by simulate. */
  guint64 forged[16];
  memset(forged, 0, sizeof forged);
  CU_ASSERT_FALSE(eng->prepare((const DcbInputs *)forged, NULL, 1, &error));
  CU_ASSERT_PTR_NOT_NULL(error);
  g_clear_error(&error);
  CU_ASSERT_PTR_NULL(eng->simulate((const DcbInputs *)forged, &opt, &error));
  CU_ASSERT_PTR_NOT_NULL(error);
  g_clear_error(&error);
  /* And by the batched entry (its checks come before SimGrid is touched). */
  const DcbInputs *batch[2] = {(const DcbInputs *)forged, (const DcbInputs *)forged};
  DcbEngineOptions opts[2] = {{.seed = 1}, {.seed = 2}};
  CU_ASSERT_FALSE(eng->simulate_batch(batch, opts, 2, &error));
  CU_ASSERT_PTR_NOT_NULL(error);
  CU_ASSERT_PTR_NOT_NULL(error != NULL ? strstr(error->message, "not opened and checked") : NULL);
  g_clear_error(&error);
  CU_ASSERT_FALSE(eng->simulate_batch(batch, opts, 0, &error));
  CU_ASSERT_PTR_NOT_NULL(error);
  g_clear_error(&error);
}

int main(void)
{
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite suite = CU_add_suite("inputs", NULL, NULL);
  CU_add_test(suite, "open_ok", test_inputs_open_ok);
  CU_add_test(suite, "unknown_site", test_inputs_unknown_site);
  CU_add_test(suite, "phases_exceed_halls", test_inputs_phases_exceed_halls);
  CU_add_test(suite, "warning_collected", test_inputs_warning_collected);
  CU_add_test(suite, "base_platform_shared", test_inputs_base_platform_shared);
  CU_add_test(suite, "engine_refuses_unchecked", test_inputs_engine_refuses_unchecked);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  return failures != 0;
}
