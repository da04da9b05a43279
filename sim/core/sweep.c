/* sweep.c - sweep specs, plans, chunking, point result files, the summary table and the opened
 * sweep (see sweep.h).
 *
 * Nothing here simulates: the spec is checked on its own (keys set twice, bounds, integer keys);
 * cmd_sweep.c checks the plan against the base scenario cheaply (each value alone), and each
 * point is checked with all its overrides when it runs (exec/sweep_run.c), so that a point
 * whose values fail validation is reported as that point's failure.  An LHS value of an integer
 * key is an integer of its stratum (see sweep.h).  A grid plan stores nothing per point: point p's
 * index in the list of parameter j is (p / stride[j]) % n_values[j], with the last parameter
 * varying fastest.  An LHS plan stores its n x P values, already rounded to the 10 significant
 * digits they are written with, so that the text in points.csv is exactly what the point simulates.
 * Inside its stratum an LHS value is drawn in the middle 99.8 % so that this rounding never moves
 * it into the next stratum.  Result files are small key files written atomically by the caller;
 * reading one checks the plan fingerprint, the point number and the count of values, and anything
 * that does not match reads as MISSING (it will be run again), never as DONE.  The base of a
 * sweep with compare_to = base is the pseudo-point DCB_SWEEP_BASE: no override, the same
 * replication seeds, its result file results/base.ini with "point=base", the same fingerprint
 * (the base's values depend on the seed, replications, outcomes and base scenario, all in it).
 */
#include "sweep.h"
#include "dist.h"
#include "error.h"
#include "infile.h"
#include "number.h"
#include "quantile.h"
#include "scenario.h"
#include "schema.h"
#include "trace.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SWEEP_GROUP "sweep"
#define VARY_GROUP  "vary"

struct DcbSweepPlan {
  const DcbSweepSpec *spec;
  int n_points;
  gint64 *stride; /* grid: per parameter */
  double *lhs;    /* lhs: n_points x n_params */
};

/* ---- spec ----------------------------------------------------------------------------------- */

static gboolean input_error(GError **error, const char *path, const char *group, const char *key,
                            const char *fmt, ...) G_GNUC_PRINTF(5, 6);
static gboolean input_error(GError **error, const char *path, const char *group, const char *key,
                            const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  if (key != NULL)
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: [%s] %s: %s", path, group, key, msg);
  else if (group != NULL)
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: [%s]: %s", path, group, msg);
  else
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: %s", path, msg);
  return FALSE;
}

/* Split a list at commas outside parentheses and double quotes; trims items and removes one
 * pair of surrounding double quotes.  Returns NULL on unbalanced parentheses or quotes. */
static char **split_list(const char *text)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func(g_free);
  GString *cur = g_string_new(NULL);
  int depth = 0;
  gboolean quoted = FALSE, ok = TRUE;
  for (const char *p = text;; p++) {
    char c = *p;
    if (c == '\0' || (c == ',' && depth == 0 && !quoted)) {
      char *item = g_strstrip(g_string_free(cur, FALSE));
      size_t n = strlen(item);
      if (n >= 2 && item[0] == '"' && item[n - 1] == '"') {
        memmove(item, item + 1, n - 2);
        item[n - 2] = '\0';
      }
      g_ptr_array_add(items, item);
      if (c == '\0')
        break;
      cur = g_string_new(NULL);
      continue;
    }
    if (c == '"')
      quoted = !quoted;
    else if (!quoted && c == '(')
      depth++;
    else if (!quoted && c == ')' && --depth < 0)
      ok = FALSE;
    g_string_append_c(cur, c);
  }
  if (!ok || depth != 0 || quoted)
    return NULL;
  g_ptr_array_add(items, NULL);
  return (char **)g_ptr_array_steal(items, NULL);
}

static gboolean parse_double(const char *text, double *out)
{
  return dcb_number_parse(text, DCB_NUMBER_UNCAPPED, out) == NULL;
}

static gboolean parse_int(const char *text, gint64 min, gint64 max, gint64 *out)
{
  return dcb_number_parse_int(text, min, max, out) == NULL;
}

static gboolean load_outcomes(DcbSweepSpec *spec, const char *text, GError **error)
{
  g_auto(GStrv) items = g_strsplit(text, ",", -1);
  GArray *arr = g_array_new(FALSE, TRUE, sizeof(DcbSweepOutcome));
  gboolean ok = TRUE;
  for (int i = 0; ok && items[i] != NULL; i++) {
    g_strstrip(items[i]);
    const char *at = strchr(items[i], '@');
    gint64 year = 0;
    if (at == NULL || at == items[i] || !parse_int(at + 1, 1, 9999, &year)) {
      ok = input_error(error, spec->path, SWEEP_GROUP, "outcomes",
                       "'%s' is not of the form metric@year (e.g. operating_mw@2035)", items[i]);
      break;
    }
    g_autofree char *metric = g_strndup(items[i], (gsize)(at - items[i]));
    int col = dcb_yearly_column_index(metric);
    if (col < 0 || col == DCB_Y_YEAR) {
      const char *hint = dcb_did_you_mean(metric, dcb_yearly_column_names, DCB_Y_N);
      ok = input_error(error, spec->path, SWEEP_GROUP, "outcomes",
                       "unknown metric '%s'%s%s%s (a yearly.csv column)", metric,
                       hint ? ": did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
      break;
    }
    for (guint k = 0; k < arr->len; k++)
      if (strcmp(g_array_index(arr, DcbSweepOutcome, k).label, items[i]) == 0) {
        ok = input_error(error, spec->path, SWEEP_GROUP, "outcomes", "'%s' is listed twice",
                         items[i]);
        break;
      }
    if (!ok)
      break;
    DcbSweepOutcome o = {.label = g_strdup(items[i]),
                         .metric = g_steal_pointer(&metric),
                         .column = col,
                         .year = (int)year};
    g_array_append_val(arr, o);
  }
  spec->n_outcomes = (int)arr->len;
  spec->outcomes = (DcbSweepOutcome *)g_array_free(arr, FALSE);
  if (ok && spec->n_outcomes == 0)
    ok = input_error(error, spec->path, SWEEP_GROUP, "outcomes", "no outcome given");
  return ok;
}

gboolean dcb_sweep_key_is_integer(const char *key)
{
  const char *dot = strrchr(key, '.');
  if (dot == NULL)
    return FALSE;
  g_autofree char *group = g_strndup(key, (gsize)(dot - key));
  const DcbKey *row = dcb_schema_find(group, dot + 1);
  return row != NULL && (row->type == DCB_KEY_INTEGER || row->type == DCB_KEY_SEED);
}

static gboolean load_param(DcbSweepSpec *spec, DcbSweepParam *prm, const char *key,
                           const char *text, GError **error)
{
  prm->key = g_strdup(key);
  const char *dot = strrchr(key, '.');
  if (dot == NULL || dot == key || dot[1] == '\0')
    return input_error(error, spec->path, VARY_GROUP, key,
                       "a varied key is written group.key (e.g. grid.connection_years)");
  /* A key the scenario does not know is an error of the spec, not of every point. */
  g_autofree char *group = g_strndup(key, (gsize)(dot - key));
  GError *local = NULL;
  if (!dcb_scenario_check_key(group, dot + 1, &local)) {
    input_error(error, spec->path, VARY_GROUP, key, "%s", local->message);
    g_error_free(local);
    return FALSE;
  }
  /* A replication's seed derives from [sweep] seed, never from the scenario's: varying it would
   * change nothing while looking like a parameter. */
  if (strcmp(key, "scenario.seed") == 0)
    return input_error(error, spec->path, VARY_GROUP, key,
                       "the scenario's seed cannot be varied (each replication's seed derives "
                       "from [sweep] seed; give more replications, or another [sweep] seed)");
  if (spec->method == DCB_SWEEP_LHS) {
    g_auto(GStrv) b = g_strsplit(text, ":", -1);
    if (g_strv_length(b) != 2 || !parse_double(b[0], &prm->low_lhs) ||
        !parse_double(b[1], &prm->high_lhs))
      return input_error(error, spec->path, VARY_GROUP, key,
                         "expected low:high for method = lhs (got '%s')", text);
    if (!(prm->low_lhs < prm->high_lhs))
      return input_error(error, spec->path, VARY_GROUP, key, "low must be below high (got '%s')",
                         text);
    if (!isfinite(prm->high_lhs - prm->low_lhs) || fabs(prm->low_lhs) > 1e300 ||
        fabs(prm->high_lhs) > 1e300)
      return input_error(error, spec->path, VARY_GROUP, key,
                         "bounds too large (|bound| <= 1e300, got '%s')", text);
    prm->integer = dcb_sweep_key_is_integer(key);
    if (prm->integer &&
        (floor(prm->low_lhs) != prm->low_lhs || floor(prm->high_lhs) != prm->high_lhs ||
         fabs(prm->low_lhs) > 1e9 || fabs(prm->high_lhs) > 1e9))
      return input_error(error, spec->path, VARY_GROUP, key,
                         "an integer key: the bounds low:high must be integers within +-1e9, "
                         "both included (got '%s')",
                         text);
    return TRUE;
  }
  prm->values = split_list(text);
  if (prm->values == NULL)
    return input_error(error, spec->path, VARY_GROUP, key,
                       "unbalanced parentheses or quotes in '%s'", text);
  prm->n_values = (int)g_strv_length(prm->values);
  for (int i = 0; i < prm->n_values; i++) {
    if (*prm->values[i] == '\0')
      return input_error(error, spec->path, VARY_GROUP, key, "empty value in the list '%s'", text);
    if (strpbrk(prm->values[i], "\n\r") != NULL)
      return input_error(error, spec->path, VARY_GROUP, key, "a value spans lines");
  }
  return TRUE;
}

DcbSweepSpec *dcb_sweep_spec_load(const char *path, GError **error)
{
  g_autoptr(DcbSweepSpec) spec = g_new0(DcbSweepSpec, 1);
  spec->path = g_strdup(path);
  g_autofree char *base = g_path_get_basename(path);
  spec->name = g_str_has_suffix(base, ".ini") ? g_strndup(base, strlen(base) - 4) : g_strdup(base);

  g_autoptr(GKeyFile) kf = g_key_file_new();
  GError *local = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!dcb_infile_read(path, "sweep spec", 0, &data, &len, error))
    return NULL;
  if (!g_key_file_load_from_data(kf, data, len, G_KEY_FILE_NONE, &local)) {
    input_error(error, path, NULL, NULL, "cannot read the sweep spec: %s", local->message);
    g_error_free(local);
    return NULL;
  }
  if (!dcb_keyfile_check_keys(path, data, len, error))
    return NULL;
  static const char *const groups_ok[] = {SWEEP_GROUP, VARY_GROUP, NULL};
  static const char *const keys_ok[] = {"scenario", "seed",     "replications", "method",
                                        "samples",  "outcomes", "compare_to",   NULL};
  g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
  for (int i = 0; groups[i] != NULL; i++)
    if (!g_strv_contains(groups_ok, groups[i])) {
      const char *hint = dcb_did_you_mean(groups[i], groups_ok, -1);
      input_error(error, path, groups[i], NULL, "unknown group%s%s%s (expected [sweep] and [vary])",
                  hint ? ": did you mean [" : "", hint ? hint : "", hint ? "]?" : "");
      return NULL;
    }
  if (!g_key_file_has_group(kf, SWEEP_GROUP)) {
    input_error(error, path, SWEEP_GROUP, NULL, "missing group");
    return NULL;
  }
  g_auto(GStrv) keys = g_key_file_get_keys(kf, SWEEP_GROUP, NULL, NULL);
  for (int i = 0; keys[i] != NULL; i++)
    if (!g_strv_contains(keys_ok, keys[i])) {
      const char *hint = dcb_did_you_mean(keys[i], keys_ok, -1);
      input_error(error, path, SWEEP_GROUP, keys[i], "unknown key%s%s%s",
                  hint ? ": did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
      return NULL;
    }

  g_autofree char *scenario = g_key_file_get_string(kf, SWEEP_GROUP, "scenario", NULL);
  if (scenario == NULL || *g_strstrip(scenario) == '\0') {
    input_error(error, path, SWEEP_GROUP, "scenario", "missing: the base scenario file");
    return NULL;
  }
  if (g_path_is_absolute(scenario))
    spec->scenario_path = g_strdup(scenario);
  else {
    g_autofree char *dir = g_path_get_dirname(path);
    spec->scenario_path = g_build_filename(dir, scenario, NULL);
  }

  g_autofree char *v = g_key_file_get_string(kf, SWEEP_GROUP, "seed", NULL);
  spec->seed = 1;
  if (v != NULL) {
    guint64 s = 0;
    if (dcb_number_parse_u64(v, &s) != NULL) {
      input_error(error, path, SWEEP_GROUP, "seed", "must be an integer >= 0 (got '%s')", v);
      return NULL;
    }
    spec->seed = s;
  }
  g_free(v);
  v = g_key_file_get_string(kf, SWEEP_GROUP, "replications", NULL);
  spec->replications = 1;
  if (v != NULL) {
    gint64 r = 0;
    if (!parse_int(v, 1, 100000, &r)) {
      input_error(error, path, SWEEP_GROUP, "replications",
                  "must be an integer in 1..100000 (got '%s')", v);
      return NULL;
    }
    spec->replications = (int)r;
  }
  g_free(v);
  v = g_key_file_get_string(kf, SWEEP_GROUP, "method", NULL);
  spec->method = DCB_SWEEP_GRID;
  if (v != NULL) {
    g_strstrip(v);
    if (strcmp(v, "lhs") == 0)
      spec->method = DCB_SWEEP_LHS;
    else if (strcmp(v, "grid") != 0) {
      input_error(error, path, SWEEP_GROUP, "method", "must be grid or lhs (got '%s')", v);
      return NULL;
    }
  }
  g_free(v);
  v = g_key_file_get_string(kf, SWEEP_GROUP, "samples", NULL);
  if (spec->method == DCB_SWEEP_LHS) {
    gint64 s = 0;
    if (v == NULL) {
      input_error(error, path, SWEEP_GROUP, "samples", "missing: required with method = lhs");
      return NULL;
    }
    if (!parse_int(v, 1, DCB_SWEEP_MAX_POINTS, &s)) {
      input_error(error, path, SWEEP_GROUP, "samples", "must be an integer in 1..%d (got '%s')",
                  DCB_SWEEP_MAX_POINTS, v);
      return NULL;
    }
    spec->samples = (int)s;
  } else if (v != NULL) {
    input_error(error, path, SWEEP_GROUP, "samples", "only used with method = lhs");
    return NULL;
  }
  g_free(v);
  v = g_key_file_get_string(kf, SWEEP_GROUP, "outcomes", NULL);
  if (v == NULL) {
    input_error(error, path, SWEEP_GROUP, "outcomes",
                "missing: e.g. outcomes = operating_mw@2035, unmet_mw@2040");
    return NULL;
  }
  if (!load_outcomes(spec, v, error))
    return NULL;
  g_free(v);
  /* compare_to: "base" or a point number; whether the plan has that point is plan_new's check
   * (a grid's size is known once its lists are read). */
  v = g_key_file_get_string(kf, SWEEP_GROUP, "compare_to", NULL);
  if (v != NULL) {
    gint64 ref = 0;
    g_strstrip(v);
    spec->has_reference = TRUE;
    if (strcmp(v, "base") == 0)
      spec->reference = DCB_SWEEP_BASE;
    else if (parse_int(v, 0, DCB_SWEEP_MAX_POINTS - 1, &ref))
      spec->reference = (int)ref;
    else {
      input_error(error, path, SWEEP_GROUP, "compare_to",
                  "must be base (the base scenario) or a point number 0..n_points-1 (got '%s')", v);
      return NULL;
    }
  }

  g_auto(GStrv) vkeys = g_key_file_get_keys(kf, VARY_GROUP, NULL, NULL);
  if (vkeys == NULL || vkeys[0] == NULL) {
    input_error(error, path, VARY_GROUP, NULL, "no parameter to vary");
    return NULL;
  }
  spec->n_params = (int)g_strv_length(vkeys);
  spec->params = g_new0(DcbSweepParam, spec->n_params);
  for (int i = 0; i < spec->n_params; i++) {
    g_autofree char *text = g_key_file_get_string(kf, VARY_GROUP, vkeys[i], NULL);
    if (!load_param(spec, &spec->params[i], vkeys[i], text ? text : "", error))
      return NULL;
  }
  return g_steal_pointer(&spec);
}

void dcb_sweep_spec_free(DcbSweepSpec *spec)
{
  if (spec == NULL)
    return;
  for (int i = 0; i < spec->n_outcomes; i++) {
    g_free(spec->outcomes[i].label);
    g_free(spec->outcomes[i].metric);
  }
  g_free(spec->outcomes);
  for (int i = 0; i < spec->n_params; i++) {
    g_free(spec->params[i].key);
    g_strfreev(spec->params[i].values);
  }
  g_free(spec->params);
  g_free(spec->path);
  g_free(spec->name);
  g_free(spec->scenario_path);
  g_free(spec);
}

/* ---- plan ----------------------------------------------------------------------------------- */

/* compare_to = N must name a point of the plan. */
static gboolean check_reference(const DcbSweepSpec *spec, int n_points, GError **error)
{
  if (!spec->has_reference || spec->reference == DCB_SWEEP_BASE || spec->reference < n_points)
    return TRUE;
  return input_error(error, spec->path, SWEEP_GROUP, "compare_to",
                     "must be base (the base scenario) or a point number 0..%d (got %d: the plan "
                     "has %d points)",
                     n_points - 1, spec->reference, n_points);
}

DcbSweepPlan *dcb_sweep_plan_new(const DcbSweepSpec *spec, GError **error)
{
  g_autoptr(DcbSweepPlan) plan = g_new0(DcbSweepPlan, 1);
  plan->spec = spec;
  int np = spec->n_params;
  if (spec->method == DCB_SWEEP_GRID) {
    plan->stride = g_new(gint64, np);
    gint64 n = 1;
    for (int j = np - 1; j >= 0; j--) {
      plan->stride[j] = n;
      n *= spec->params[j].n_values;
      if (n > DCB_SWEEP_MAX_POINTS) {
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                    "%s: [vary]: the grid has more than %d points", spec->path,
                    DCB_SWEEP_MAX_POINTS);
        return NULL;
      }
    }
    plan->n_points = (int)n;
    return check_reference(spec, plan->n_points, error) ? g_steal_pointer(&plan) : NULL;
  }
  int n = spec->samples;
  plan->n_points = n;
  plan->lhs = g_new(double, (gsize)n *np);
  g_autofree int *perm = g_new(int, n);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int j = 0; j < np; j++) {
    const DcbSweepParam *prm = &spec->params[j];
    g_autofree char *entity = g_strconcat("lhs:", prm->key, NULL);
    DcbRng rng;
    dcb_rng_init(&rng, spec->seed, entity);
    for (int i = 0; i < n; i++)
      perm[i] = i;
    for (int i = n - 1; i > 0; i--) { /* Fisher-Yates */
      int k = (int)(dcb_rng_uniform(&rng) * (i + 1));
      int t = perm[i];
      perm[i] = perm[k];
      perm[k] = t;
    }
    /* An integer key's bounds are both included: its strata cut [low, high + 1). */
    double width = (prm->high_lhs - prm->low_lhs + (prm->integer ? 1 : 0)) / n;
    for (int i = 0; i < n; i++) {
      double u = 0.001 + 0.998 * dcb_rng_uniform(&rng);
      double x = prm->low_lhs + (perm[i] + u) * width;
      if (prm->integer && width >= 1) { /* an integer inside the stratum, uniformly */
        double first = ceil(prm->low_lhs + perm[i] * width);
        double last = ceil(prm->low_lhs + (perm[i] + 1) * width) - 1;
        last = MAX(first, MIN(last, prm->high_lhs));
        x = MIN(first + floor((u - 0.001) / 0.998 * (last - first + 1)), last);
      } else if (prm->integer) /* strata narrower than 1: the integer part */
        x = MIN(floor(x), prm->high_lhs);
      double v = g_ascii_strtod(dcb_trace_format_number(buf, sizeof buf, x), NULL);
      if (!isfinite(v)) {
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                    "%s: [vary] %s: the value drawn for point %d is not finite (bounds %g:%g)",
                    spec->path, prm->key, i, prm->low_lhs, prm->high_lhs);
        return NULL;
      }
      plan->lhs[(gsize)i * np + j] = v;
    }
  }
  return check_reference(spec, plan->n_points, error) ? g_steal_pointer(&plan) : NULL;
}

void dcb_sweep_plan_free(DcbSweepPlan *plan)
{
  if (plan == NULL)
    return;
  g_free(plan->stride);
  g_free(plan->lhs);
  g_free(plan);
}

int dcb_sweep_plan_n_points(const DcbSweepPlan *plan)
{
  return plan->n_points;
}

const char *dcb_sweep_plan_value(const DcbSweepPlan *plan, int point, int param, char *buf,
                                 gsize len)
{
  g_assert(point >= 0 && point < plan->n_points && param >= 0 && param < plan->spec->n_params);
  const DcbSweepParam *prm = &plan->spec->params[param];
  if (plan->lhs != NULL)
    return dcb_trace_format_number(buf, len,
                                   plan->lhs[(gsize)point * plan->spec->n_params + param]);
  return prm->values[(point / plan->stride[param]) % prm->n_values];
}

char **dcb_sweep_plan_overrides(const DcbSweepPlan *plan, int point)
{
  if (point == DCB_SWEEP_BASE)
    return g_new0(char *, 1);
  int np = plan->spec->n_params;
  char **out = g_new0(char *, np + 1);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int j = 0; j < np; j++)
    out[j] = g_strconcat(plan->spec->params[j].key, "=",
                         dcb_sweep_plan_value(plan, point, j, buf, sizeof buf), NULL);
  return out;
}

static void append_point_values(GString *s, const DcbSweepPlan *plan, int point)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf(s, "%d", point);
  for (int j = 0; j < plan->spec->n_params; j++) {
    g_string_append_c(s, ',');
    dcb_csv_append_field(s, dcb_sweep_plan_value(plan, point, j, buf, sizeof buf));
  }
}

GString *dcb_sweep_plan_to_csv(const DcbSweepPlan *plan)
{
  GString *s = g_string_sized_new((gsize)plan->n_points * (8 + 12 * plan->spec->n_params) + 64);
  g_string_append(s, "point");
  for (int j = 0; j < plan->spec->n_params; j++) {
    g_string_append_c(s, ',');
    dcb_csv_append_field(s, plan->spec->params[j].key);
  }
  g_string_append_c(s, '\n');
  for (int p = 0; p < plan->n_points; p++) {
    append_point_values(s, plan, p);
    g_string_append_c(s, '\n');
  }
  return s;
}

char *dcb_sweep_plan_fingerprint(const DcbSweepPlan *plan, const char *scenario_bytes,
                                 gsize scenario_len)
{
  const DcbSweepSpec *spec = plan->spec;
  g_autoptr(GChecksum) ck = g_checksum_new(G_CHECKSUM_SHA256);
  g_autoptr(GString) csv = dcb_sweep_plan_to_csv(plan);
  g_autofree char *head =
      /* "2": replication seeds shared by every point (common random numbers); results of the
       * first derivation (per point) count as missing */
      g_strdup_printf("dcbuildout-sweep 2\nseed %" G_GUINT64_FORMAT "\nreplications %d\n",
                      spec->seed, spec->replications);
  g_checksum_update(ck, (const guchar *)head, -1);
  for (int k = 0; k < spec->n_outcomes; k++) {
    g_checksum_update(ck, (const guchar *)spec->outcomes[k].label, -1);
    g_checksum_update(ck, (const guchar *)"\n", 1);
  }
  g_checksum_update(ck, (const guchar *)csv->str, (gssize)csv->len);
  if (scenario_bytes != NULL)
    g_checksum_update(ck, (const guchar *)scenario_bytes, (gssize)scenario_len);
  return g_strdup(g_checksum_get_string(ck));
}

guint64 dcb_sweep_seed(guint64 sweep_seed, int point, int replication)
{
  (void)point; /* common random numbers: the same seed for replication r of every point */
  return dcb_seed_derive(sweep_seed, (guint64)replication);
}

/* ---- chunking ------------------------------------------------------------------------------- */

void dcb_sweep_chunking(int n, int requested, int max_array, int *per_task, int *n_tasks)
{
  g_assert(n >= 0 && max_array >= 1);
  if (n == 0) {
    *per_task = requested > 0 ? requested : 1;
    *n_tasks = 0;
    return;
  }
  int k = requested > 0 ? requested : 1;
  int min_k = (int)(((gint64)n + max_array - 1) / max_array); /* tasks <= max_array */
  if (k < min_k)
    k = min_k;
  if (k > n)
    k = n;
  *per_task = k;
  *n_tasks = (int)(((gint64)n + k - 1) / k);
}

int dcb_sweep_parse_max_array_size(const char *text)
{
  g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
  for (int i = 0; lines[i] != NULL; i++) {
    g_strstrip(lines[i]);
    if (!g_str_has_prefix(lines[i], "MaxArraySize"))
      continue;
    const char *eq = strchr(lines[i], '=');
    gint64 v = 0;
    if (eq != NULL && parse_int(eq + 1, 1, G_MAXINT, &v))
      return (int)v;
  }
  return -1;
}

char *dcb_sweep_ranges_format(const int *points, int n)
{
  GString *s = g_string_new(NULL);
  for (int i = 0; i < n;) {
    if (points[i] == DCB_SWEEP_BASE) {
      g_string_append(s, s->len ? ",base" : "base");
      i++;
      continue;
    }
    int j = i;
    while (j + 1 < n && points[j + 1] == points[j] + 1)
      j++;
    if (s->len)
      g_string_append_c(s, ',');
    if (j == i)
      g_string_append_printf(s, "%d", points[i]);
    else
      g_string_append_printf(s, "%d-%d", points[i], points[j]);
    i = j + 1;
  }
  return g_string_free(s, FALSE);
}

GArray *dcb_sweep_ranges_parse(const char *text)
{
  GArray *out = g_array_new(FALSE, FALSE, sizeof(int));
  g_auto(GStrv) parts = g_strsplit(text, ",", -1);
  for (int i = 0; parts[i] != NULL; i++) {
    g_strstrip(parts[i]);
    if (*parts[i] == '\0')
      continue;
    if (strcmp(parts[i], "base") == 0) {
      int v = DCB_SWEEP_BASE;
      g_array_append_val(out, v);
      continue;
    }
    g_auto(GStrv) ab = g_strsplit(parts[i], "-", 2);
    gint64 a = 0, b = 0;
    if (!parse_int(ab[0], 0, G_MAXINT, &a) ||
        (ab[1] != NULL && !parse_int(ab[1], 0, G_MAXINT, &b))) {
      g_array_free(out, TRUE);
      return NULL;
    }
    if (ab[1] == NULL)
      b = a;
    if (b < a) {
      g_array_free(out, TRUE);
      return NULL;
    }
    for (gint64 p = a; p <= b; p++) {
      int v = (int)p;
      g_array_append_val(out, v);
    }
  }
  return out;
}

/* ---- result files --------------------------------------------------------------------------- */

const char *dcb_sweep_point_label(int point, char *buf, gsize len)
{
  g_assert(len >= 32);
  if (point == DCB_SWEEP_BASE)
    g_strlcpy(buf, "the base", len);
  else
    g_snprintf(buf, len, "point %d", point);
  return buf;
}

/* The value of "point" in a result file: the number, or "base". */
static const char *point_key(int point, char *buf, gsize len)
{
  if (point == DCB_SWEEP_BASE)
    g_strlcpy(buf, "base", len);
  else
    g_snprintf(buf, len, "%d", point);
  return buf;
}

char *dcb_sweep_result_path(const char *dir, int point)
{
  char name[32];
  if (point == DCB_SWEEP_BASE)
    g_strlcpy(name, "base.ini", sizeof name);
  else
    g_snprintf(name, sizeof name, "p%06d.ini", point);
  return g_build_filename(dir, "results", name, NULL);
}

char *dcb_sweep_result_format(const DcbSweepSpec *spec, const char *fingerprint, int point,
                              const double *values, const char *reason)
{
  g_autoptr(GKeyFile) kf = g_key_file_new();
  char key[32];
  g_key_file_set_string(kf, "point", "point", point_key(point, key, sizeof key));
  g_key_file_set_string(kf, "point", "plan", fingerprint);
  if (values == NULL) {
    g_autofree char *one = g_strdup(reason ? reason : "failed");
    g_strdelimit(one, "\r\n", ' ');
    g_key_file_set_string(kf, "point", "status", "failed");
    g_key_file_set_string(kf, "point", "reason", g_strstrip(one));
  } else {
    g_key_file_set_string(kf, "point", "status", "done");
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    for (int k = 0; k < spec->n_outcomes; k++) {
      GString *s = g_string_new(NULL);
      for (int r = 0; r < spec->replications; r++) {
        if (r)
          g_string_append_c(s, ';');
        g_string_append(
            s, g_ascii_formatd(buf, sizeof buf, "%.17g", values[k * spec->replications + r]));
      }
      g_key_file_set_value(kf, "outcomes", spec->outcomes[k].label, s->str);
      g_string_free(s, TRUE);
    }
  }
  g_autofree char *body = g_key_file_to_data(kf, NULL, NULL);
  return g_strconcat("# dcbuildout sweep point result (written once the point is complete)\n", body,
                     NULL);
}

DcbPointState dcb_sweep_result_read(const DcbSweepSpec *spec, const char *fingerprint,
                                    const char *dir, int point, double *values, char **reason)
{
  g_autofree char *path = dcb_sweep_result_path(dir, point);
  g_autoptr(GKeyFile) kf = g_key_file_new();
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL))
    return DCB_POINT_MISSING;
  g_autofree char *plan = g_key_file_get_string(kf, "point", "plan", NULL);
  g_autofree char *status = g_key_file_get_string(kf, "point", "status", NULL);
  g_autofree char *p = g_key_file_get_string(kf, "point", "point", NULL);
  char key[32];
  if (plan == NULL || status == NULL || p == NULL ||
      strcmp(g_strstrip(p), point_key(point, key, sizeof key)) != 0 ||
      strcmp(plan, fingerprint) != 0)
    return DCB_POINT_MISSING;
  if (strcmp(status, "failed") == 0) {
    if (reason != NULL) {
      char *r = g_key_file_get_string(kf, "point", "reason", NULL);
      *reason = r ? r : g_strdup("failed");
    }
    return DCB_POINT_FAILED;
  }
  if (strcmp(status, "done") != 0)
    return DCB_POINT_MISSING;
  for (int k = 0; k < spec->n_outcomes; k++) {
    g_autofree char *text = g_key_file_get_value(kf, "outcomes", spec->outcomes[k].label, NULL);
    if (text == NULL)
      return DCB_POINT_MISSING;
    g_auto(GStrv) parts = g_strsplit(text, ";", -1);
    if ((int)g_strv_length(parts) != spec->replications)
      return DCB_POINT_MISSING;
    for (int r = 0; r < spec->replications; r++) {
      char *end = NULL;
      double x = g_ascii_strtod(parts[r], &end);
      if (end == parts[r] || *end != '\0')
        return DCB_POINT_MISSING;
      if (values != NULL)
        values[k * spec->replications + r] = x;
    }
  }
  return DCB_POINT_DONE;
}

/* ---- summary -------------------------------------------------------------------------------- */

void dcb_sweep_quantiles(const double *values, int n, double *scratch, double out[3])
{
  DcbQuantiles q;
  dcb_quantile_summarize(values, n, scratch, &q);
  out[0] = q.p05;
  out[1] = q.p50;
  out[2] = q.p95;
}

int dcb_sweep_paired_quantiles(const double *values, const double *reference, int n,
                               double *scratch, double out[3])
{
  /* The differences go into the first half of 'scratch', the summary sorts them into the
   * second; a pair with a NaN (or two infinities of one sign) gives NaN, which it leaves out. */
  int pairs = 0;
  for (int r = 0; r < n; r++) {
    gboolean ok = isfinite(values[r]) && isfinite(reference[r]);
    scratch[r] = ok ? values[r] - reference[r] : NAN;
    pairs += ok;
  }
  DcbQuantiles q;
  dcb_quantile_summarize(scratch, n, scratch + n, &q);
  out[0] = q.p05;
  out[1] = q.p50;
  out[2] = q.p95;
  return pairs;
}

/* A number, or an empty field for NaN (a difference that could not be taken). */
static void append_number_or_empty(GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (!isnan(v))
    g_string_append(s, dcb_trace_format_number(buf, sizeof buf, v));
}

GString *dcb_sweep_summary_csv(const DcbSweepSpec *spec, const DcbSweepPlan *plan,
                               const gboolean *done, const double *q, const double *dq)
{
  GString *s = g_string_sized_new(4096);
  g_autofree char *replications = g_strdup_printf("%d", spec->replications);
  const char *method = spec->method == DCB_SWEEP_LHS ? "lhs" : "grid";
  g_autofree char *reference = !spec->has_reference ? NULL
                               : spec->reference == DCB_SWEEP_BASE
                                   ? g_strdup("base")
                                   : g_strdup_printf("%d", spec->reference);
  gboolean diffs = spec->has_reference && dq != NULL;
  const char *extra[] = {"sweep",      spec->name,   "method",  method, "replications",
                         replications, "compare_to", reference, NULL};
  if (!spec->has_reference)
    extra[6] = NULL; /* no "# compare_to:" line */
  DcbProvenance prov = {.program_version = DCB_VERSION, .seed = spec->seed, .extra = extra};
  dcb_provenance_append(s, &prov);
  g_string_append(s, "point");
  for (int j = 0; j < spec->n_params; j++) {
    g_string_append_c(s, ',');
    dcb_csv_append_field(s, spec->params[j].key);
  }
  static const char *const suffix[3] = {"_p05", "_p50", "_p95"};
  for (int k = 0; k < spec->n_outcomes; k++) {
    for (int i = 0; i < 3; i++)
      g_string_append_printf(s, ",%s%s", spec->outcomes[k].label, suffix[i]);
    for (int i = 0; diffs && i < 3; i++)
      g_string_append_printf(s, ",%s_diff%s", spec->outcomes[k].label, suffix[i]);
  }
  g_string_append_c(s, '\n');
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  int n = dcb_sweep_plan_n_points(plan);
  for (int p = 0; p < n; p++) {
    if (!done[p])
      continue;
    append_point_values(s, plan, p);
    for (int k = 0; k < spec->n_outcomes; k++) {
      gsize at = ((gsize)p * spec->n_outcomes + k) * 3;
      for (int i = 0; i < 3; i++) {
        g_string_append_c(s, ',');
        g_string_append(s, dcb_trace_format_number(buf, sizeof buf, q[at + i]));
      }
      for (int i = 0; diffs && i < 3; i++) {
        g_string_append_c(s, ',');
        append_number_or_empty(s, dq[at + i]);
      }
    }
    g_string_append_c(s, '\n');
  }
  return s;
}

/* ---- the opened sweep ----------------------------------------------------------------------- */

void dcb_sweep_clear(DcbSweep *sw)
{
  dcb_sweep_plan_free(sw->plan);
  dcb_sweep_spec_free(sw->spec);
  g_free(sw->dir);
  if (sw->points)
    g_string_free(sw->points, TRUE);
  g_free(sw->scenario);
  g_free(sw->fingerprint);
}

gboolean dcb_sweep_open(DcbSweep *sw, const char *spec_path, const char *out, GError **error)
{
  memset(sw, 0, sizeof *sw);
  sw->spec = dcb_sweep_spec_load(spec_path, error);
  if (sw->spec == NULL)
    return FALSE;
  sw->plan = dcb_sweep_plan_new(sw->spec, error);
  if (sw->plan == NULL)
    return FALSE;
  sw->dir = out != NULL ? g_strdup(out) : g_build_filename("out", sw->spec->name, NULL);
  sw->points = dcb_sweep_plan_to_csv(sw->plan);
  GError *local = NULL;
  if (!dcb_infile_read(sw->spec->scenario_path, "scenario", 0, &sw->scenario, &sw->scenario_len,
                       &local)) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: [sweep] scenario: %s", spec_path,
                local->message);
    g_error_free(local);
    return FALSE;
  }
  sw->fingerprint = dcb_sweep_plan_fingerprint(sw->plan, sw->scenario, sw->scenario_len);
  return TRUE;
}

GArray *dcb_sweep_all_points(const DcbSweep *sw)
{
  int n = dcb_sweep_plan_n_points(sw->plan);
  GArray *all = g_array_sized_new(FALSE, FALSE, sizeof(int), (guint)n + 1);
  if (sw->spec->has_reference && sw->spec->reference == DCB_SWEEP_BASE) {
    int b = DCB_SWEEP_BASE;
    g_array_append_val(all, b);
  }
  for (int p = 0; p < n; p++)
    g_array_append_val(all, p);
  return all;
}

GArray *dcb_sweep_todo(const DcbSweep *sw, const int *points, int n_points)
{
  g_autoptr(GArray) all = NULL;
  if (points == NULL) {
    all = dcb_sweep_all_points(sw);
    points = (const int *)all->data;
    n_points = (int)all->len;
  }
  GArray *todo = g_array_new(FALSE, FALSE, sizeof(int));
  for (int i = 0; i < n_points; i++) {
    int p = points[i];
    if (dcb_sweep_result_read(sw->spec, sw->fingerprint, sw->dir, p, NULL, NULL) != DCB_POINT_DONE)
      g_array_append_val(todo, p);
  }
  return todo;
}
