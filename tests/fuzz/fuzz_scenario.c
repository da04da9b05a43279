/* fuzz_scenario.c - libFuzzer target for the scenario loader and the value parsers.
 *
 * Every input is fed three ways:
 *   1. as a whole scenario key file to dcb_scenario_load_data(), named FUZZ_SCENARIO_PATH (a
 *      directory that does not exist, so relative paths resolve to nothing).  Comment lines of
 *      the form "#set group.key=value" are also handed to the loader as --set overrides (up to
 *      FUZZ_MAX_OVERRIDES), so the override path is fuzzed with the same corpus;
 *   2. line by line, the text after the first '=' (or the whole line) to dcb_dist_parse() and
 *      dcb_traj_parse(), and every successfully parsed value is evaluated (to_string, mean, min,
 *      max, samples, trajectory values);
 *   3. when a scenario loads, its documented invariants (scenario.h: ranges, sorted entities,
 *      strictly increasing trajectory years, loads on known substations) are checked and its
 *      accessors called.  A broken invariant aborts with a message, which libFuzzer reports as a
 *      crash with the input saved as a reproducer.
 * Errors are expected and freed; crashes, leaks and sanitizer reports are the findings.
 * With FUZZ_SCENARIO_VERBOSE set in the environment, the loader's verdict on each input is
 * printed ("loaded" or the error message): handy when replaying a reproducer.
 *
 * Build: CC=clang cmake -B build/fuzz -DDCB_FUZZ=ON && cmake --build build/fuzz --target
 * fuzz_scenario; run: .ci/fuzz (seed corpus: workloads/, tests/data/, tests/bad/).
 */
#include "dist.h"
#include "error.h"
#include "scenario.h"

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_SCENARIO_PATH "/nonexistent-dcb-fuzz/fuzz.ini"
#define FUZZ_MAX_OVERRIDES 8
#define FUZZ_MAX_LINES     512
#define FUZZ_SAMPLES       16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "fuzz_scenario: invariant broken: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      abort();                                                                                     \
    }                                                                                              \
  } while (0)

/* GLib's default log handler is quiet about g_warning in a fuzzer loop only if we ask. */
static void fuzz_quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *message,
                           gpointer user_data)
{
  (void)domain, (void)user_data;
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) {
    /* A critical from GLib is a programming error (NULL passed, bad state): a finding. */
    fprintf(stderr, "fuzz_scenario: GLib critical: %s\n", message);
    abort();
  }
}

static void fuzz_check_traj(const DcbTraj *t)
{
  FUZZ_CHECK(t->n >= 1 && t->n <= DCB_TRAJ_MAX_POINTS);
  for (int i = 1; i < t->n; i++)
    FUZZ_CHECK(t->year[i] > t->year[i - 1]);
  double lo = dcb_traj_min(t), hi = dcb_traj_max(t);
  FUZZ_CHECK(!isnan(lo) && !isnan(hi) && lo <= hi);
  for (int i = 0; i < t->n; i++) {
    FUZZ_CHECK(!isnan(t->year[i]) && !isnan(t->value[i]));
    double v = dcb_traj_at(t, t->year[i]);
    FUZZ_CHECK(v >= lo && v <= hi);
    if (i + 1 < t->n) {
      double mid = dcb_traj_at(t, t->year[i] + (t->year[i + 1] - t->year[i]) / 2);
      FUZZ_CHECK(isnan(mid) || (mid >= lo && mid <= hi));
    }
  }
  (void)dcb_traj_at(t, -1e300);
  (void)dcb_traj_at(t, 1e300);
}

static void fuzz_check_dist(const DcbDist *d, gboolean duration)
{
  g_autofree char *text = dcb_dist_to_string(d);
  FUZZ_CHECK(text != NULL);
  double mean = dcb_dist_mean(d), lo = dcb_dist_min(d), hi = dcb_dist_max(d);
  FUZZ_CHECK(!isnan(mean) && !isnan(lo) && !isnan(hi) && lo <= hi);
  DcbRng rng;
  dcb_rng_init(&rng, 1, "fuzz");
  for (int i = 0; i < FUZZ_SAMPLES; i++) {
    double x = dcb_dist_sample(d, &rng);
    FUZZ_CHECK(!isnan(x));
    if (duration)
      FUZZ_CHECK(x >= 0);
  }
}

/* Parse one value both ways; evaluate what parses.  Sampling is left to validated scenarios:
 * a bare parser may accept e.g. normal(-1e300,1), whose truncated draw never ends. */
static void fuzz_value(const char *text)
{
  GError *error = NULL;
  DcbDist d;
  if (dcb_dist_parse(text, &d, &error)) {
    g_autofree char *s = dcb_dist_to_string(&d);
    FUZZ_CHECK(s != NULL);
    (void)dcb_dist_mean(&d), (void)dcb_dist_min(&d), (void)dcb_dist_max(&d);
  } else {
    FUZZ_CHECK(error != NULL && error->message != NULL);
    g_clear_error(&error);
  }
  DcbTraj *t = g_new(DcbTraj, 1); /* 4 KiB: keep it off the small fuzzer stack */
  if (dcb_traj_parse(text, t, &error))
    fuzz_check_traj(t);
  else {
    FUZZ_CHECK(error != NULL && error->message != NULL);
    g_clear_error(&error);
  }
  g_free(t);
}

static void fuzz_check_scenario(const DcbScenario *sc)
{
  FUZZ_CHECK(sc->name != NULL && sc->platform_path != NULL);
  FUZZ_CHECK(sc->start_year <= sc->end_year && sc->end_year <= sc->start_year + 200);
  FUZZ_CHECK(sc->utilization > 0 && sc->utilization <= 1);
  FUZZ_CHECK(sc->ramp_years >= 0);
  FUZZ_CHECK(sc->refresh_years > 0);
  FUZZ_CHECK(sc->gflops_per_w > 0);
  FUZZ_CHECK(sc->efficiency_growth >= 0);
  FUZZ_CHECK(sc->grid_mw_per_it_mw > 0);
  FUZZ_CHECK(sc->crews >= 1);
  fuzz_check_traj(&sc->growth);
  fuzz_check_traj(&sc->pue);
  FUZZ_CHECK(dcb_traj_min(&sc->pue) >= 1);
  fuzz_check_traj(&sc->grid_g_per_kwh);
  FUZZ_CHECK(dcb_traj_min(&sc->grid_g_per_kwh) >= 0);
  if (sc->has_target)
    fuzz_check_traj(&sc->target_mw);
  if (sc->has_curve)
    fuzz_check_traj(&sc->curve);
  fuzz_check_dist(&sc->connection_years, TRUE);
  fuzz_check_dist(&sc->reinforcement_years, TRUE);
  if (sc->investor_enabled) {
    fuzz_check_dist(&sc->permit_years, TRUE);
    fuzz_check_dist(&sc->phase_years, TRUE);
  }
  for (int i = 0; i < sc->n_substations; i++) {
    const DcbSubstation *s = &sc->substations[i];
    FUZZ_CHECK(s->name != NULL);
    if (i > 0)
      FUZZ_CHECK(strcmp(sc->substations[i - 1].name, s->name) < 0);
    FUZZ_CHECK(dcb_scenario_substation_index(sc, s->name) == i);
    fuzz_check_dist(&s->connection_years, TRUE);
    fuzz_check_dist(&s->reinforcement_years, TRUE);
  }
  for (int i = 0; i < sc->n_loads; i++) {
    const DcbLoad *l = &sc->loads[i];
    FUZZ_CHECK(l->name != NULL && l->substation != NULL);
    if (i > 0)
      FUZZ_CHECK(strcmp(sc->loads[i - 1].name, l->name) < 0);
    FUZZ_CHECK(dcb_scenario_substation_index(sc, l->substation) >= 0);
    fuzz_check_traj(&l->mw);
    for (int k = 1; k < l->mw.n; k++)
      FUZZ_CHECK(l->mw.value[k] >= l->mw.value[k - 1]);
  }
  for (int i = 0; i < sc->n_projects; i++) {
    const DcbProject *p = &sc->projects[i];
    FUZZ_CHECK(p->name != NULL && p->site != NULL);
    if (i > 0)
      FUZZ_CHECK(strcmp(sc->projects[i - 1].name, p->name) < 0);
    FUZZ_CHECK(p->n_phases >= 1 && p->phases_mw != NULL);
    for (int k = 0; k < p->n_phases; k++)
      FUZZ_CHECK(!isnan(p->phases_mw[k]));
    fuzz_check_dist(&p->permit_years, TRUE);
    fuzz_check_dist(&p->phase_years, TRUE);
  }
  int first = dcb_scenario_first_year(sc);
  FUZZ_CHECK(first <= sc->start_year);
  /* the demand of every simulated year (at most 200 years before start_year: a fuzzed
   * 'announced' may be far in the past) */
  for (int y = MAX(first, sc->start_year - 200); y <= sc->end_year; y++)
    FUZZ_CHECK(!isnan(dcb_scenario_demand(sc, y)));
  gsize len = 0;
  g_autofree char *effective = g_key_file_to_data(sc->effective, &len, NULL);
  FUZZ_CHECK(effective != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static gboolean initialized = FALSE, verbose = FALSE;
  if (!initialized) {
    g_log_set_default_handler(fuzz_quiet_log, NULL);
    verbose = g_getenv("FUZZ_SCENARIO_VERBOSE") != NULL;
    initialized = TRUE;
  }

  /* 1. the whole input as a scenario, with its "#set" lines as overrides */
  g_autofree char *text = g_strndup((const char *)data, size); /* stops at a NUL byte */
  g_auto(GStrv) lines = g_strsplit(text, "\n", FUZZ_MAX_LINES);
  const char *overrides[FUZZ_MAX_OVERRIDES + 1];
  int n_overrides = 0;
  for (int i = 0; lines[i] != NULL && n_overrides < FUZZ_MAX_OVERRIDES; i++)
    if (g_str_has_prefix(lines[i], "#set "))
      overrides[n_overrides++] = lines[i] + strlen("#set ");
  overrides[n_overrides] = NULL;

  GError *error = NULL;
  DcbScenario *sc = dcb_scenario_load_data(FUZZ_SCENARIO_PATH, (const char *)data, size,
                                           n_overrides > 0 ? overrides : NULL, &error);
  if (verbose)
    fprintf(stderr, "fuzz_scenario: %s\n", sc != NULL ? "loaded" : error->message);
  if (sc != NULL) {
    FUZZ_CHECK(error == NULL);
    fuzz_check_scenario(sc);
    dcb_scenario_free(sc);
  } else {
    FUZZ_CHECK(error != NULL && error->message != NULL && error->message[0] != '\0');
    FUZZ_CHECK(error->domain == DCB_ERROR && error->code == DCB_ERROR_INPUT);
    g_clear_error(&error);
  }

  /* 2. every line's value through the distribution and trajectory parsers */
  for (int i = 0; lines[i] != NULL; i++) {
    const char *eq = strchr(lines[i], '=');
    fuzz_value(eq != NULL ? eq + 1 : lines[i]);
  }
  return 0;
}
