/* test_trace.c - trace writing (sim/core/trace.c) and provenance (sim/core/provenance.c).
 *
 * Numbers: "%.10g" in the C locale, "-0" written "0" (a negative zero or a value that rounds to
 * it).  CSV fields: as is, or double-quoted with quotes doubled when they hold a comma, a quote
 * or a line break (line breaks become spaces).  Provenance: the "# key: value" lines in their
 * fixed order, the scenario by its file name only.  run.ini: runnable from its own directory
 * (the platform copied beside it and named by file name, no path of the machine).  Atomic
 * replacement: a write that fails half-way (the file-size limit cuts the temporary file short)
 * or whose rename fails (the target is a directory) leaves the old contents and no temporary
 * file; a write that succeeds leaves the new bytes and nothing else.
 */
#include "error.h"
#include "provenance.h"
#include "scenario.h"
#include "trace.h"
#include <CUnit/Basic.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#define DATA DCB_TEST_DATA "/data/"

static const char *num(double v)
{
  static char buf[G_ASCII_DTOSTR_BUF_SIZE];
  return dcb_trace_format_number(buf, sizeof buf, v);
}

static void test_trace_number_format(void)
{
  CU_ASSERT_STRING_EQUAL(num(0), "0");
  CU_ASSERT_STRING_EQUAL(num(-0.0), "0");
  CU_ASSERT_STRING_EQUAL(num(-1e-300 * 1e-300), "0"); /* underflows to -0 */
  CU_ASSERT_STRING_EQUAL(num(150), "150");
  CU_ASSERT_STRING_EQUAL(num(-2.5), "-2.5");
  CU_ASSERT_STRING_EQUAL(num(0.1 + 0.2), "0.3");                /* 10 significant digits */
  CU_ASSERT_STRING_EQUAL(num(2.0 / 3.0), "0.6666666667");       /* rounded, not cut */
  CU_ASSERT_STRING_EQUAL(num(1234567.891), "1234567.891");      /* '.', no grouping */
  CU_ASSERT_STRING_EQUAL(num(12345678901.5), "1.23456789e+10"); /* %g's exponent form */
  CU_ASSERT_STRING_EQUAL(num(1e-20), "1e-20");
  CU_ASSERT_STRING_EQUAL(num(-0.00001234567891234), "-1.234567891e-05");
  CU_ASSERT_STRING_EQUAL(num(207.57888), "207.57888");
}

static char *field(const char *text)
{
  GString *s = g_string_new("x,");
  dcb_csv_append_field(s, text);
  return g_string_free(s, FALSE);
}

static void test_trace_csv_quoting(void)
{
  const struct {
    const char *in, *out;
  } cases[] = {
      {"cambrai", "x,cambrai"},
      {"", "x,"},
      {"Data4 (Brookfield)", "x,Data4 (Brookfield)"},
      {"Lille, Nord", "x,\"Lille, Nord\""},
      {"say \"hi\"", "x,\"say \"\"hi\"\"\""},
      {"\"", "x,\"\"\"\""},
      {"two\nlines", "x,\"two lines\""},
      {"a,\"b\"\r\nc", "x,\"a,\"\"b\"\"  c\""},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *got = field(cases[i].in);
    CU_ASSERT_STRING_EQUAL(got, cases[i].out);
  }
}

static void test_trace_provenance_lines(void)
{
  const char *overrides[] = {"grid.crews=3", "demand.growth=0.1@2025,\n0.2@2030", NULL};
  const char *extra[] = {"replications", "30", "quantiles", "type 7", NULL};
  DcbProvenance prov = {.program_version = "1.2.3",
                        .simgrid_version = "3.32.0",
                        .scenario_path = "/home/someone/work/workloads/region.ini",
                        .scenario_sha256 = "ab12",
                        .seed = G_MAXUINT64,
                        .overrides = overrides,
                        .extra = extra};
  g_autoptr(GString) s = g_string_new(NULL);
  dcb_provenance_append(s, &prov);
  CU_ASSERT_STRING_EQUAL(s->str, "# program: dcbuildout 1.2.3\n"
                                 "# simgrid: 3.32.0\n"
                                 "# scenario: region.ini\n"
                                 "# scenario_sha256: ab12\n"
                                 "# seed: 18446744073709551615\n"
                                 "# override: grid.crews=3\n"
                                 "# override: demand.growth=0.1@2025, 0.2@2030\n"
                                 "# replications: 30\n"
                                 "# quantiles: type 7\n");
  /* The same scenario named relatively, from another directory: the same line. */
  g_string_truncate(s, 0);
  DcbProvenance rel = {.program_version = "1.2.3", .scenario_path = "../workloads/region.ini"};
  dcb_provenance_append(s, &rel);
  CU_ASSERT_STRING_EQUAL(s->str, "# program: dcbuildout 1.2.3\n"
                                 "# scenario: region.ini\n"
                                 "# seed: 0\n");
  g_string_truncate(s, 0);
  dcb_provenance_append(s, NULL);
  CU_ASSERT_STRING_EQUAL(s->str, "");
}

/* The provenance lines head every trace file, then the header line. */
static void test_trace_write_files(void)
{
  g_autofree char *dir = g_dir_make_tmp("dcb-test-trace-XXXXXX", NULL);
  g_assert(dir != NULL);
  g_autoptr(DcbTrace) tr = dcb_trace_new(2025, 2, 1, 1);
  tr->site_names[0] = g_strdup("Lille, Nord");
  tr->site_substations[0] = g_strdup("avelin");
  tr->substation_names[0] = g_strdup("avelin");
  dcb_trace_yearly_row(tr, 0)[DCB_Y_YEAR] = 2025;
  dcb_trace_yearly_row(tr, 1)[DCB_Y_YEAR] = 2026;
  dcb_trace_yearly_row(tr, 1)[DCB_Y_DEMAND_MW] = -0.0;
  dcb_trace_site_row(tr, 1, 0)[DCB_S_OPERATING_MW] = 100.0 / 3.0;
  dcb_trace_add_event(tr, 2025.25, DCB_EV_ANNOUNCED, "p \"q\"", "Lille, Nord", NULL, 50);
  DcbProvenance prov = {.program_version = "9", .scenario_path = "a/b/c.ini", .seed = 4};
  GError *error = NULL;
  CU_ASSERT_TRUE(dcb_trace_write(tr, &prov, dir, &error));
  CU_ASSERT_PTR_NULL(error);
  const char *head = "# program: dcbuildout 9\n# scenario: c.ini\n# seed: 4\n";

  g_autofree char *path = g_build_filename(dir, "yearly.csv", NULL);
  g_autofree char *text = NULL;
  CU_ASSERT_TRUE(g_file_get_contents(path, &text, NULL, NULL));
  CU_ASSERT_TRUE(g_str_has_prefix(text, head));
  CU_ASSERT_TRUE(g_str_has_prefix(text + strlen(head), "year,demand_mw,operating_mw,"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n2026,0,0,"));

  g_free(path);
  g_free(text);
  path = g_build_filename(dir, "sites.csv", NULL);
  CU_ASSERT_TRUE(g_file_get_contents(path, &text, NULL, NULL));
  CU_ASSERT_TRUE(g_str_has_prefix(text, head));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n2026,\"Lille, Nord\",avelin,33.33333333,0,"));

  g_free(path);
  g_free(text);
  path = g_build_filename(dir, "events.csv", NULL);
  CU_ASSERT_TRUE(g_file_get_contents(path, &text, NULL, NULL));
  g_autofree char *want = g_strconcat(head,
                                      "time,event,project,site,substation,mw\n"
                                      "2025.2500,announced,\"p \"\"q\"\"\",\"Lille, Nord\",,50\n",
                                      NULL);
  CU_ASSERT_STRING_EQUAL(text, want);

  /* No corridor: corridors.csv is its provenance and header line alone. */
  g_free(path);
  g_free(text);
  path = g_build_filename(dir, "corridors.csv", NULL);
  CU_ASSERT_TRUE(g_file_get_contents(path, &text, NULL, NULL));
  g_autofree char *want_c = g_strconcat(head, "year,corridor,cap_mw,used_mw\n", NULL);
  CU_ASSERT_STRING_EQUAL(text, want_c);

  const char *names[] = {"yearly.csv", "sites.csv", "substations.csv", "events.csv",
                         "corridors.csv"};
  for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
    g_autofree char *p = g_build_filename(dir, names[i], NULL);
    g_unlink(p);
  }
  CU_ASSERT_EQUAL(g_rmdir(dir), 0); /* nothing else was left in it */
}

/* corridors.csv: one row per (year, corridor), corridors in the trace's order. */
static void test_trace_corridors_file(void)
{
  g_autofree char *dir = g_dir_make_tmp("dcb-test-trace-XXXXXX", NULL);
  g_assert(dir != NULL);
  g_autoptr(DcbTrace) tr = dcb_trace_new(2025, 2, 0, 0);
  dcb_trace_set_corridors(tr, 2);
  tr->corridor_names[0] = g_strdup("a1, backbone");
  tr->corridor_names[1] = g_strdup("lille");
  dcb_trace_corridor_row(tr, 0, 0)[DCB_C_CAP_MW] = 300;
  dcb_trace_corridor_row(tr, 0, 0)[DCB_C_USED_MW] = 100;
  dcb_trace_corridor_row(tr, 1, 0)[DCB_C_CAP_MW] = 500;
  dcb_trace_corridor_row(tr, 1, 0)[DCB_C_USED_MW] = 250.5;
  dcb_trace_corridor_row(tr, 1, 1)[DCB_C_CAP_MW] = 40;
  GError *error = NULL;
  CU_ASSERT_TRUE(dcb_trace_write(tr, NULL, dir, &error));
  g_autofree char *path = g_build_filename(dir, "corridors.csv", NULL);
  g_autofree char *text = NULL;
  CU_ASSERT_TRUE(g_file_get_contents(path, &text, NULL, NULL));
  CU_ASSERT_STRING_EQUAL(text, "year,corridor,cap_mw,used_mw\n"
                               "2025,\"a1, backbone\",300,100\n"
                               "2025,lille,0,0\n"
                               "2026,\"a1, backbone\",500,250.5\n"
                               "2026,lille,40,0\n");
  const char *names[] = {"yearly.csv", "sites.csv", "substations.csv", "events.csv",
                         "corridors.csv"};
  for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
    g_autofree char *p = g_build_filename(dir, names[i], NULL);
    g_unlink(p);
  }
  CU_ASSERT_EQUAL(g_rmdir(dir), 0);
}

/* Number of entries in 'dir'. */
static int count_entries(const char *dir)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  g_assert(d != NULL);
  int n = 0;
  while (g_dir_read_name(d) != NULL)
    n++;
  g_dir_close(d);
  return n;
}

static void test_trace_atomic_replacement(void)
{
  g_autofree char *dir = g_dir_make_tmp("dcb-test-atomic-XXXXXX", NULL);
  g_assert(dir != NULL);
  g_autofree char *path = g_build_filename(dir, "yearly.csv", NULL);
  GError *error = NULL;
  CU_ASSERT_TRUE(dcb_write_file_atomic(path, "old\n", -1, &error));

  /* Replacing: the new bytes, and nothing else in the directory. */
  CU_ASSERT_TRUE(dcb_write_file_atomic(path, "new\n", -1, &error));
  g_autofree char *text = NULL;
  CU_ASSERT_TRUE(g_file_get_contents(path, &text, NULL, NULL));
  CU_ASSERT_STRING_EQUAL(text, "new\n");
  CU_ASSERT_EQUAL(count_entries(dir), 1);

  /* A write cut short: the file-size limit stops the temporary file at 4 KiB of 1 MiB (EFBIG,
   * SIGXFSZ ignored).  The old file is intact and no temporary file is left. */
  gsize big_len = 1 << 20;
  g_autofree char *big = g_malloc(big_len);
  memset(big, 'x', big_len);
  struct rlimit old_limit;
  CU_ASSERT_EQUAL(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  struct rlimit small = {.rlim_cur = 4096, .rlim_max = old_limit.rlim_max};
  void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
  CU_ASSERT_EQUAL(setrlimit(RLIMIT_FSIZE, &small), 0);
  gboolean ok = dcb_write_file_atomic(path, big, (gssize)big_len, &error);
  CU_ASSERT_EQUAL(setrlimit(RLIMIT_FSIZE, &old_limit), 0);
  signal(SIGXFSZ, old_handler);
  CU_ASSERT_FALSE(ok);
  CU_ASSERT_PTR_NOT_NULL(error);
  if (error != NULL) {
    CU_ASSERT_TRUE(g_error_matches(error, DCB_ERROR, DCB_ERROR_RUNTIME));
    CU_ASSERT_PTR_NOT_NULL(strstr(error->message, path));
    g_clear_error(&error);
  }
  g_free(text);
  text = NULL;
  CU_ASSERT_TRUE(g_file_get_contents(path, &text, NULL, NULL));
  CU_ASSERT_STRING_EQUAL(text, "new\n");
  CU_ASSERT_EQUAL(count_entries(dir), 1);

  /* A rename that fails: the target is a non-empty directory.  It stays as it was, and the
   * temporary file is gone. */
  g_autofree char *target = g_build_filename(dir, "events.csv", NULL);
  g_autofree char *inside = g_build_filename(target, "keep", NULL);
  CU_ASSERT_EQUAL(g_mkdir(target, 0755), 0);
  CU_ASSERT_TRUE(g_file_set_contents(inside, "kept", -1, NULL));
  CU_ASSERT_FALSE(dcb_write_file_atomic(target, "rows\n", -1, &error));
  g_clear_error(&error);
  CU_ASSERT_TRUE(g_file_test(target, G_FILE_TEST_IS_DIR));
  CU_ASSERT_EQUAL(count_entries(target), 1);
  CU_ASSERT_EQUAL(count_entries(dir), 2);

  g_unlink(inside);
  g_rmdir(target);
  g_unlink(path);
  CU_ASSERT_EQUAL(g_rmdir(dir), 0);
}

/* run.ini names the platform by file name, copies it beside itself, and holds no path of the
 * machine; loading it from its directory gives the same scenario. */
static void test_trace_run_ini(void)
{
  const char *overrides[] = {"grid.crews=3", NULL};
  GError *error = NULL;
  g_autoptr(DcbScenario) sc = dcb_scenario_load(DATA "tiny.ini", overrides, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  g_autofree char *dir = g_dir_make_tmp("dcb-test-runini-XXXXXX", NULL);
  g_assert(dir != NULL);
  DcbProvenance prov = dcb_provenance_of_run(sc, "3.32.0", 11, NULL);
  CU_ASSERT_TRUE(dcb_run_ini_write(dir, sc, &prov, "run", &error));
  CU_ASSERT_PTR_NULL(error);

  g_autofree char *ini = g_build_filename(dir, "run.ini", NULL);
  g_autofree char *text = NULL;
  CU_ASSERT_TRUE(g_file_get_contents(ini, &text, NULL, NULL));
  CU_ASSERT_TRUE(g_str_has_prefix(text, "# run.ini - the effective scenario of this run"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n# scenario: tiny.ini\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n# override: grid.crews=3\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nplatform=tiny.xml\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nseed=11\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "\ncrews=3\n"));
  CU_ASSERT_PTR_NULL(strstr(text, DCB_TEST_DATA));
  CU_ASSERT_PTR_NULL(strstr(text, dir));

  g_autofree char *copy = g_build_filename(dir, "tiny.xml", NULL);
  g_autofree char *a = NULL, *b = NULL;
  gsize la = 0, lb = 0;
  CU_ASSERT_TRUE(g_file_get_contents(copy, &a, &la, NULL));
  CU_ASSERT_TRUE(g_file_get_contents(DATA "tiny.xml", &b, &lb, NULL));
  CU_ASSERT_TRUE(la == lb && memcmp(a, b, la) == 0);
  CU_ASSERT_EQUAL(count_entries(dir), 2);

  g_autoptr(DcbScenario) again = dcb_scenario_load(ini, NULL, &error);
  CU_ASSERT_PTR_NOT_NULL(again);
  if (again != NULL) {
    CU_ASSERT_STRING_EQUAL(again->platform_path, copy);
    CU_ASSERT_EQUAL(again->seed, 11);
    CU_ASSERT_EQUAL(again->crews, 3);
  }
  g_clear_error(&error);
  g_unlink(copy);
  g_unlink(ini);
  CU_ASSERT_EQUAL(g_rmdir(dir), 0);
}

/* Rule 26's columns close yearly.csv, after waiting_grid_mw, in DESIGN §5's order; sites.csv
 * ends with heat_reused_gwh and water_m3; the precision label is a comment line of run.ini. */
static void test_trace_outcome_columns(void)
{
  static const char *const tail[] = {
      "waiting_grid_mw", "construction_jobs",       "operations_jobs",  "water_m3",
      "heat_reused_gwh", "op_emissions_marginal_t", "facility_power_mw"};
  int n = (int)G_N_ELEMENTS(tail);
  for (int i = 0; i < n; i++)
    CU_ASSERT_STRING_EQUAL(dcb_yearly_column_names[DCB_Y_N - n + i], tail[i]);
  CU_ASSERT_STRING_EQUAL(dcb_site_column_names[DCB_S_N - 2], "heat_reused_gwh");
  CU_ASSERT_STRING_EQUAL(dcb_site_column_names[DCB_S_N - 1], "water_m3");

  const char *overrides[] = {"hardware.precision=bf16", NULL};
  GError *error = NULL;
  g_autoptr(DcbScenario) sc = dcb_scenario_load(DATA "tiny.ini", overrides, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_EQUAL(sc->precision, DCB_PRECISION_BF16);
  DcbProvenance prov = dcb_provenance_of_run(sc, "3.32.0", 11, NULL);
  g_autofree char *text = dcb_run_ini_format(sc, &prov, "run");
  CU_ASSERT_PTR_NOT_NULL(
      strstr(text, "\n# precision: bf16 (compute_eflops, [hardware] precision)\n"));
}

int main(void)
{
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s = CU_add_suite("trace", NULL, NULL);
  CU_add_test(s, "numbers: %.10g, C locale, -0 as 0", test_trace_number_format);
  CU_add_test(s, "CSV quoting of commas, quotes, line breaks", test_trace_csv_quoting);
  CU_add_test(s, "provenance lines, scenario by file name", test_trace_provenance_lines);
  CU_add_test(s, "trace files: provenance, header, rows", test_trace_write_files);
  CU_add_test(s, "corridors.csv rows", test_trace_corridors_file);
  CU_add_test(s, "atomic replacement: old or new, no temporary", test_trace_atomic_replacement);
  CU_add_test(s, "run.ini: runnable beside its platform copy", test_trace_run_ini);
  CU_add_test(s, "rule 26: outcome columns and the precision label", test_trace_outcome_columns);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  return failures != 0;
}
