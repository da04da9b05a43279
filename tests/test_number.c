/* test_number.c - CUnit suite for sim/core/number.{c,h}, the one strict number parser of the
 * inputs: whole text, C locale, finite, the magnitude cap, and the integer variants with their
 * ranges and overflow.  Each case gives the text and the expected value or message.
 */
#include "number.h"
#include <CUnit/Basic.h>
#include <locale.h>
#include <string.h>

static void test_number_parse(void)
{
  static const struct {
    const char *text;
    DcbNumberCap cap;
    double value;
    const char *why; /* NULL: parses to value */
  } cases[] = {
      {"1.5", DCB_NUMBER_CAPPED, 1.5, NULL},
      {"  2e3 \t", DCB_NUMBER_CAPPED, 2000, NULL},
      {"-0.25", DCB_NUMBER_CAPPED, -0.25, NULL},
      {"1e12", DCB_NUMBER_CAPPED, 1e12, NULL},
      {"1e13", DCB_NUMBER_UNCAPPED, 1e13, NULL},
      {"1e13", DCB_NUMBER_CAPPED, 0, "out of range (magnitude above 1e12)"},
      {"-1e13", DCB_NUMBER_CAPPED, 0, "out of range (magnitude above 1e12)"},
      {"", DCB_NUMBER_CAPPED, 0, "expected a number"},
      {"   ", DCB_NUMBER_CAPPED, 0, "expected a number"},
      {"1,5", DCB_NUMBER_CAPPED, 0, "expected a number"},
      {"1.5x", DCB_NUMBER_CAPPED, 0, "expected a number"},
      {"1.5 2", DCB_NUMBER_CAPPED, 0, "expected a number"},
      {"abc", DCB_NUMBER_UNCAPPED, 0, "expected a number"},
      {"nan", DCB_NUMBER_UNCAPPED, 0, "expected a finite number"},
      {"-inf", DCB_NUMBER_UNCAPPED, 0, "expected a finite number"},
      {"1e400", DCB_NUMBER_UNCAPPED, 0, "expected a finite number"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    double v = -42;
    const char *why = dcb_number_parse(cases[i].text, cases[i].cap, &v);
    if (cases[i].why == NULL) {
      CU_ASSERT_PTR_NULL(why);
      CU_ASSERT_DOUBLE_EQUAL(v, cases[i].value, 0);
    } else {
      CU_ASSERT_PTR_NOT_NULL_FATAL(why);
      CU_ASSERT_STRING_EQUAL(why, cases[i].why);
      CU_ASSERT_DOUBLE_EQUAL(v, -42, 0); /* untouched on failure */
    }
  }
}

/* A locale with a decimal comma changes nothing. */
static void test_number_locale(void)
{
  const char *old = setlocale(LC_NUMERIC, NULL);
  g_autofree char *saved = g_strdup(old);
  if (setlocale(LC_NUMERIC, "fr_FR.UTF-8") == NULL && setlocale(LC_NUMERIC, "de_DE.UTF-8") == NULL)
    fprintf(stderr, "\n(no decimal-comma locale installed: C locale only)\n");
  double v = 0;
  CU_ASSERT_PTR_NULL(dcb_number_parse("0.55", DCB_NUMBER_CAPPED, &v));
  CU_ASSERT_DOUBLE_EQUAL(v, 0.55, 0);
  CU_ASSERT_PTR_NOT_NULL(dcb_number_parse("0,55", DCB_NUMBER_CAPPED, &v));
  setlocale(LC_NUMERIC, saved ? saved : "C");
}

static void test_number_integers(void)
{
  gint64 v = -1;
  CU_ASSERT_PTR_NULL(dcb_number_parse_int(" 42 ", 0, 100, &v));
  CU_ASSERT_EQUAL(v, 42);
  CU_ASSERT_PTR_NULL(dcb_number_parse_int("-7", -10, 10, &v));
  CU_ASSERT_EQUAL(v, -7);
  CU_ASSERT_PTR_NULL(dcb_number_parse_int("+7", -10, 10, &v));
  CU_ASSERT_EQUAL(v, 7);
  CU_ASSERT_STRING_EQUAL(dcb_number_parse_int("2.5", 0, 10, &v), "expected an integer");
  CU_ASSERT_STRING_EQUAL(dcb_number_parse_int("", 0, 10, &v), "expected an integer");
  CU_ASSERT_STRING_EQUAL(dcb_number_parse_int("0x10", 0, 100, &v), "expected an integer");
  CU_ASSERT_STRING_EQUAL(dcb_number_parse_int("- 1", -10, 10, &v), "expected an integer");
  CU_ASSERT_STRING_EQUAL(dcb_number_parse_int("11", 0, 10, &v), "out of range");
  CU_ASSERT_STRING_EQUAL(dcb_number_parse_int("99999999999999999999", G_MININT64, G_MAXINT64, &v),
                         "out of range");
  CU_ASSERT_EQUAL(v, 7); /* untouched on failure */

  guint64 u = 0;
  CU_ASSERT_PTR_NULL(dcb_number_parse_u64("18446744073709551615", &u));
  CU_ASSERT(u == G_MAXUINT64);
  CU_ASSERT_STRING_EQUAL(dcb_number_parse_u64("18446744073709551616", &u),
                         "expected an integer >= 0");
  CU_ASSERT_STRING_EQUAL(dcb_number_parse_u64("-1", &u), "expected an integer >= 0");
  CU_ASSERT_STRING_EQUAL(dcb_number_parse_u64("+1", &u), "expected an integer >= 0");
  CU_ASSERT_STRING_EQUAL(dcb_number_parse_u64("1e3", &u), "expected an integer >= 0");
  CU_ASSERT(u == G_MAXUINT64);
}

int main(void)
{
  if (CU_initialize_registry() != CUE_SUCCESS)
    return CU_get_error();
  CU_pSuite suite = CU_add_suite("number", NULL, NULL);
  CU_add_test(suite, "test_number_parse", test_number_parse);
  CU_add_test(suite, "test_number_locale", test_number_locale);
  CU_add_test(suite, "test_number_integers", test_number_integers);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  return failures != 0;
}
