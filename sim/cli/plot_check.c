/* plot_check.c - the checks 'plot' makes before any gnuplot runs (see plot_check.h).
 *
 * Each table is read once, in C: the '#' provenance lines at its head, the header, then every
 * row, whose fields are counted (CSV quotes understood: sweep values like "tri(3,4,7)" hold
 * commas) and whose cells in the columns the figures read as numbers must be finite numbers in
 * the C locale.  A table has at least one row, except corridors.csv (a run without corridors
 * writes its header line alone).  A file whose last line has no newline, or a row with another
 * number of fields than the header, is a truncated or damaged file: refused naming the file and
 * line, not drawn. The cost is linear in the bytes (a 12 MB events.csv takes a few tens of
 * milliseconds).
 *
 * Provenance: every file that has a provenance block (a "# program:" line) is compared with
 * run.ini's (or, when run.ini has none, with the first table's) on the keys of PROV_KEYS, the
 * override lines (as one list) and the replications line (absent counts as a value: a single
 * run's traces beside a Monte Carlo's run.ini, or the other way round, are two runs).  A key
 * that only one of the two files has is not compared (hand-built or older files).
 */
#include "plot_check.h"
#include "error.h"
#include <math.h>
#include <string.h>

/* A table the figures read: the columns they need, and which of those hold text (the others
 * must be numbers).  'numeric_suffixes': columns ending so must be numbers too, when present. */
typedef struct {
  const char *file;
  const char *required[16];
  const char *text[4];
  const char *optional_numeric[12];
  gboolean numeric_suffixes;
  gboolean may_be_empty; /* a header line and no row is a complete table */
  gboolean blank_ok;     /* a numeric field may be empty (no value: compare.csv's target_year
                            rows have no year, and no quantile where no replication has one) */
} TableSpec;

static const TableSpec tables[] = {
    {"yearly.csv",
     {"year", "demand_mw", "operating_mw", "stranded_mw", "under_construction_mw", "grid_queue_mw",
      "op_emissions_t", "embodied_emissions_t", "cumulative_emissions_t", "it_energy_gwh",
      "facility_energy_gwh", "compute_eflops", NULL},
     {NULL},
     {"target_mw", "leaked_mw", "onsite_mw", "construction_jobs", "operations_jobs", "water_m3",
      "heat_reused_gwh", "op_emissions_marginal_t", "facility_power_mw", NULL},
     FALSE,
     FALSE,
     FALSE},
    {"sites.csv",
     {"year", "site", "operating_mw", NULL},
     {"site", NULL},
     {NULL},
     FALSE,
     FALSE,
     FALSE},
    {"substations.csv",
     {"year", "substation", "headroom_mw", "queue_mw", NULL},
     {"substation", NULL},
     {NULL},
     FALSE,
     FALSE,
     FALSE},
    {"events.csv",
     {"time", "event", "project", "site", "substation", "mw", NULL},
     {"event", "project", "site", "substation"},
     {NULL},
     FALSE,
     FALSE,
     FALSE},
    {"corridors.csv",
     {"year", "corridor", "cap_mw", "used_mw", NULL},
     {"corridor", NULL},
     {NULL},
     FALSE,
     TRUE,
     FALSE},
    {"quantiles.csv",
     {"year", "metric", "mean", "p05", "p25", "p50", "p75", "p95", NULL},
     {"metric", NULL},
     {NULL},
     FALSE,
     FALSE,
     FALSE},
    {"replications.csv", {"replication", NULL}, {NULL}, {NULL}, FALSE, FALSE, FALSE},
    {"summary.csv", {"point", NULL}, {NULL}, {NULL}, TRUE, FALSE, FALSE},
    {"compare.csv",
     {"year", "metric", "scenario", "p05", "p50", "p95", NULL},
     {"metric", "scenario", NULL},
     {NULL},
     FALSE,
     FALSE,
     TRUE},
};

static const char *const trace_files[] = {"yearly.csv", "sites.csv", "substations.csv",
                                          "events.csv", "corridors.csv"};
static const char *const mc_files[] = {"quantiles.csv", "replications.csv"};
static const char *const PROV_KEYS[] = {"program", "simgrid", "scenario", "scenario_sha256",
                                        "seed"};

/* One file's provenance: key -> value for the single-valued keys, the override lines joined by
 * '\n', and whether it has a block at all. */
typedef struct {
  char *file;
  GHashTable *keys; /* char* -> char*, owned */
  GString *overrides;
  gboolean present;
} Prov;

static void prov_clear(Prov *p)
{
  g_free(p->file);
  if (p->keys)
    g_hash_table_unref(p->keys);
  if (p->overrides)
    g_string_free(p->overrides, TRUE);
  memset(p, 0, sizeof *p);
}

static void prov_init(Prov *p, const char *file)
{
  p->file = g_strdup(file);
  p->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  p->overrides = g_string_new(NULL);
  p->present = FALSE;
}

/* Take one "# key: value" line (without its newline) into 'p'. */
static void prov_take(Prov *p, const char *line, gsize len)
{
  g_autofree char *s = g_strndup(line, len);
  g_strchomp(s);
  const char *colon = strstr(s, ": ");
  if (s[0] != '#' || s[1] != ' ' || colon == NULL)
    return;
  g_autofree char *key = g_strndup(s + 2, (gsize)(colon - s - 2));
  const char *value = colon + 2;
  if (strcmp(key, "override") == 0) {
    g_string_append_printf(p->overrides, "%s\n", value);
    return;
  }
  if (strcmp(key, "program") == 0)
    p->present = TRUE;
  if (!g_hash_table_contains(p->keys, key))
    g_hash_table_insert(p->keys, g_strdup(key), g_strdup(value));
}

/* Split one CSV line into fields (quotes understood, "" inside quotes is a quote). */
static GPtrArray *split_fields(const char *line, gsize len)
{
  GPtrArray *f = g_ptr_array_new_with_free_func(g_free);
  GString *cur = g_string_new(NULL);
  gboolean quoted = FALSE;
  for (gsize i = 0; i < len; i++) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < len && line[i + 1] == '"') {
        g_string_append_c(cur, '"');
        i++;
      } else if (c == '"') {
        quoted = FALSE;
      } else {
        g_string_append_c(cur, c);
      }
    } else if (c == '"') {
      quoted = TRUE;
    } else if (c == ',') {
      g_ptr_array_add(f, g_string_free(cur, FALSE));
      cur = g_string_new(NULL);
    } else {
      g_string_append_c(cur, c);
    }
  }
  g_ptr_array_add(f, g_string_free(cur, FALSE));
  return f;
}

static gboolean is_number(const char *s)
{
  if (*s == '\0')
    return FALSE;
  char *end = NULL;
  double v = g_ascii_strtod(s, &end);
  return end != NULL && *end == '\0' && isfinite(v);
}

static gboolean in_list(const char *const *list, gsize n, const char *name)
{
  for (gsize i = 0; i < n && list[i] != NULL; i++)
    if (strcmp(list[i], name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean has_numeric_suffix(const char *name)
{
  return g_str_has_suffix(name, "_p05") || g_str_has_suffix(name, "_p50") ||
         g_str_has_suffix(name, "_p95");
}

/* Read and check one table: its provenance into 'prov', its header and rows against 'spec'. */
static gboolean check_table(const char *path, const TableSpec *spec, Prov *prov, GError **error)
{
  g_autofree char *text = NULL;
  gsize size = 0;
  if (!g_file_get_contents(path, &text, &size, NULL) ||
      !g_utf8_validate(text, (gssize)size, NULL)) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: cannot read it as a CSV table", path);
    return FALSE;
  }
  const char *p = text, *end = text + size;
  int lineno = 0;
  /* provenance lines */
  while (p < end && *p == '#') {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    lineno++;
    prov_take(prov, p, nl ? (gsize)(nl - p) : (gsize)(end - p));
    p = nl ? nl + 1 : end;
  }
  if (p >= end) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                "%s: not a dcbuildout table (no header line with a '%s' column)", path,
                spec->required[0]);
    return FALSE;
  }
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  lineno++;
  gsize hlen = nl ? (gsize)(nl - p) : (gsize)(end - p);
  if (hlen > 0 && p[hlen - 1] == '\r')
    hlen--;
  g_autoptr(GPtrArray) header = split_fields(p, hlen);
  const guint ncols = header->len;
  /* which columns must be numbers */
  g_autofree gboolean *numeric = g_new0(gboolean, ncols);
  for (guint c = 0; c < ncols; c++) {
    const char *name = header->pdata[c];
    numeric[c] = (in_list(spec->required, G_N_ELEMENTS(spec->required), name) &&
                  !in_list(spec->text, G_N_ELEMENTS(spec->text), name)) ||
                 in_list(spec->optional_numeric, G_N_ELEMENTS(spec->optional_numeric), name) ||
                 (spec->numeric_suffixes && has_numeric_suffix(name));
  }
  for (gsize r = 0; r < G_N_ELEMENTS(spec->required) && spec->required[r] != NULL; r++) {
    gboolean found = FALSE;
    for (guint c = 0; c < ncols && !found; c++)
      found = strcmp(header->pdata[c], spec->required[r]) == 0;
    if (!found) {
      if (r == 0)
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                    "%s: not a dcbuildout table (no header line with a '%s' column)", path,
                    spec->required[0]);
      else
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: no column '%s' in its header line",
                    path, spec->required[r]);
      return FALSE;
    }
  }
  if (nl == NULL) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: not a dcbuildout table (no rows)", path);
    return FALSE;
  }
  p = nl + 1;
  int rows = 0;
  while (p < end) {
    nl = memchr(p, '\n', (size_t)(end - p));
    lineno++;
    if (nl == NULL) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s: line %d: the last line has no newline (a truncated file)", path, lineno);
      return FALSE;
    }
    gsize len = (gsize)(nl - p);
    if (len > 0 && p[len - 1] == '\r')
      len--;
    if (len > 0 && *p == '#') {
      p = nl + 1;
      continue;
    }
    g_autoptr(GPtrArray) f = split_fields(p, len);
    if (f->len != ncols) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s: line %d: %u field(s) where the header has %u (a truncated or damaged file)",
                  path, lineno, f->len, ncols);
      return FALSE;
    }
    for (guint c = 0; c < ncols; c++)
      if (numeric[c] && !is_number(f->pdata[c]) &&
          !(spec->blank_ok && *(const char *)f->pdata[c] == '\0')) {
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                    "%s: line %d: column '%s' is not a number ('%s')", path, lineno,
                    (const char *)header->pdata[c], (const char *)f->pdata[c]);
        return FALSE;
      }
    rows++;
    p = nl + 1;
  }
  if (rows == 0 && !spec->may_be_empty) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: not a dcbuildout table (no rows)", path);
    return FALSE;
  }
  return TRUE;
}

static gboolean has_file(const char *dir, const char *name)
{
  g_autofree char *p = g_build_filename(dir, name, NULL);
  return g_file_test(p, G_FILE_TEST_IS_REGULAR);
}

/* run.ini's provenance: its '#' lines before the first group; and whether it declares a
 * [corridor:NAME] group (*corridors): corridors.csv is then one of the run's files (a run
 * written before corridors existed has no corridors.csv, and still plots). */
static void run_ini_prov(const char *path, Prov *prov, gboolean *corridors)
{
  g_autofree char *text = NULL;
  gsize size = 0;
  *corridors = FALSE;
  if (!g_file_get_contents(path, &text, &size, NULL))
    return;
  *corridors = g_str_has_prefix(text, "[corridor:") || strstr(text, "\n[corridor:") != NULL;
  /* the block ends at the first line after "# program:" that is not a provenance key: the
   * scenario's own comments follow it */
  static const char *const known[] = {
      "# program: ", "# simgrid: ",  "# scenario: ",    "# scenario_sha256: ",
      "# seed: ",    "# override: ", "# replications: "};
  const char *p = text, *end = text + size;
  while (p < end && *p == '#') {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    gsize len = nl ? (gsize)(nl - p) : (gsize)(end - p);
    gboolean is_key = FALSE;
    for (gsize k = 0; k < G_N_ELEMENTS(known) && !is_key; k++)
      is_key = len >= strlen(known[k]) && strncmp(p, known[k], strlen(known[k])) == 0;
    if (is_key)
      prov_take(prov, p, len);
    else if (prov->present)
      break;
    p = nl ? nl + 1 : end;
  }
}

/* The first key on which 'a' and 'b' differ (a key only one has is not compared); NULL when
 * they agree.  *va, *vb: the two values (borrowed, "" when absent). */
static const char *prov_diff(const Prov *a, const Prov *b, const char **va, const char **vb)
{
  for (gsize k = 0; k < G_N_ELEMENTS(PROV_KEYS); k++) {
    const char *x = g_hash_table_lookup(a->keys, PROV_KEYS[k]);
    const char *y = g_hash_table_lookup(b->keys, PROV_KEYS[k]);
    if (x != NULL && y != NULL && strcmp(x, y) != 0) {
      *va = x;
      *vb = y;
      return PROV_KEYS[k];
    }
  }
  if (strcmp(a->overrides->str, b->overrides->str) != 0) {
    *va = a->overrides->str;
    *vb = b->overrides->str;
    return "override";
  }
  const char *x = g_hash_table_lookup(a->keys, "replications");
  const char *y = g_hash_table_lookup(b->keys, "replications");
  if (g_strcmp0(x, y) != 0) {
    *va = x ? x : "";
    *vb = y ? y : "";
    return "replications";
  }
  return NULL;
}

/* "a, b" of a one-line value list ("" -> "none"), for a message. */
static char *shown(const char *v)
{
  if (*v == '\0')
    return g_strdup("none");
  g_autofree char *s = g_strdup(v);
  g_strchomp(s);
  g_auto(GStrv) parts = g_strsplit(s, "\n", -1);
  g_autofree char *joined = g_strjoinv(", ", parts);
  return g_strdup_printf("'%s'", joined);
}

gboolean dcb_plot_check_dir(const char *dir, DcbPlotDirKind *kind, GError **error)
{
  gboolean any_trace = FALSE, any_mc = FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS(trace_files); i++)
    any_trace = any_trace || has_file(dir, trace_files[i]);
  for (gsize i = 0; i < G_N_ELEMENTS(mc_files); i++)
    any_mc = any_mc || has_file(dir, mc_files[i]);
  gboolean sweep = has_file(dir, "summary.csv");
  gboolean compare = has_file(dir, "compare.csv");
  if (!g_file_test(dir, G_FILE_TEST_IS_DIR) || (!any_trace && !any_mc && !sweep && !compare)) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                "%s: not a run directory (no yearly.csv, quantiles.csv, summary.csv or "
                "compare.csv)",
                dir);
    return FALSE;
  }
  /* run.ini says which kind of run it is (a Monte Carlo's names its replications); without
   * it, the tables do */
  g_autofree char *ini = g_build_filename(dir, "run.ini", NULL);
  Prov ref;
  prov_init(&ref, "run.ini");
  gboolean corridors = FALSE;
  run_ini_prov(ini, &ref, &corridors);
  if (ref.present && g_hash_table_contains(ref.keys, "replications"))
    *kind = DCB_PLOT_DIR_MC;
  else
    *kind = any_trace ? DCB_PLOT_DIR_RUN
            : any_mc  ? DCB_PLOT_DIR_MC
            : sweep   ? DCB_PLOT_DIR_SWEEP
                      : DCB_PLOT_DIR_COMPARE;

  /* 1. the tables there, each whole and with its columns */
  GArray *provs = g_array_new(FALSE, TRUE, sizeof(Prov));
  gboolean ok = TRUE;
  for (gsize t = 0; t < G_N_ELEMENTS(tables) && ok; t++) {
    if (!has_file(dir, tables[t].file))
      continue;
    g_autofree char *path = g_build_filename(dir, tables[t].file, NULL);
    Prov p;
    prov_init(&p, tables[t].file);
    ok = check_table(path, &tables[t], &p, error);
    g_array_append_val(provs, p);
  }

  /* 2. one run: every provenance agrees with run.ini's (or the first table's) */
  if (ok && *kind != DCB_PLOT_DIR_SWEEP && *kind != DCB_PLOT_DIR_COMPARE) {
    const Prov *base = ref.present ? &ref : NULL;
    for (guint i = 0; i < provs->len && ok; i++) {
      const Prov *p = &g_array_index(provs, Prov, i);
      if (!p->present)
        continue;
      if (base == NULL) {
        base = p;
        continue;
      }
      const char *va = NULL, *vb = NULL;
      const char *key = prov_diff(base, p, &va, &vb);
      if (key != NULL) {
        g_autofree char *sa = shown(va), *sb = shown(vb);
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                    "%s/%s belongs to another run than %s (%s: %s there, %s in %s)", dir, p->file,
                    base->file, key, sb, sa, base->file);
        ok = FALSE;
      }
    }
  }
  /* 3. the files its kind needs */
  if (ok) {
    const char *needs_run[] = {"run.ini",    "yearly.csv",
                               "sites.csv",  "substations.csv",
                               "events.csv", corridors ? "corridors.csv" : NULL,
                               NULL};
    const char *needs_mc[] = {"run.ini", "quantiles.csv", "replications.csv", NULL};
    const char *needs_sweep[] = {"summary.csv", "sweep.id", NULL};
    const char *needs_compare[] = {"compare.csv", NULL};
    const char **needs = *kind == DCB_PLOT_DIR_RUN     ? needs_run
                         : *kind == DCB_PLOT_DIR_MC    ? needs_mc
                         : *kind == DCB_PLOT_DIR_SWEEP ? needs_sweep
                                                       : needs_compare;
    const char *what = *kind == DCB_PLOT_DIR_RUN     ? "run"
                       : *kind == DCB_PLOT_DIR_MC    ? "Monte Carlo run"
                       : *kind == DCB_PLOT_DIR_SWEEP ? "sweep"
                                                     : "comparison";
    g_autoptr(GString) missing = g_string_new(NULL);
    for (int i = 0; needs[i] != NULL; i++)
      if (!has_file(dir, needs[i]))
        g_string_append_printf(missing, "%s%s", missing->len ? ", " : "", needs[i]);
    if (missing->len > 0) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s: not a complete %s directory: %s missing (an interrupted or partial "
                  "copy?)",
                  dir, what, missing->str);
      ok = FALSE;
    }
  }

  prov_clear(&ref);
  for (guint i = 0; i < provs->len; i++)
    prov_clear(&g_array_index(provs, Prov, i));
  g_array_free(provs, TRUE);
  return ok;
}

/* The header line of 'text' (after its '#' lines) split into fields; NULL when there is none. */
static GPtrArray *header_fields(const char *text, gsize size, const char **after)
{
  const char *p = text, *end = text + size;
  while (p < end && *p == '#') {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    p = nl ? nl + 1 : end;
  }
  if (p >= end)
    return NULL;
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  gsize len = nl ? (gsize)(nl - p) : (gsize)(end - p);
  if (len > 0 && p[len - 1] == '\r')
    len--;
  *after = nl ? nl + 1 : end;
  return split_fields(p, len);
}

gboolean dcb_plot_dir_has_series(const char *dir, DcbPlotDirKind kind, const char *name)
{
  if (kind == DCB_PLOT_DIR_SWEEP)
    return FALSE;
  g_autofree char *path = g_build_filename(dir,
                                           kind == DCB_PLOT_DIR_MC        ? "quantiles.csv"
                                           : kind == DCB_PLOT_DIR_COMPARE ? "compare.csv"
                                                                          : "yearly.csv",
                                           NULL);
  g_autofree char *text = NULL;
  gsize size = 0;
  if (!g_file_get_contents(path, &text, &size, NULL))
    return FALSE;
  const char *p = NULL, *end = text + size;
  g_autoptr(GPtrArray) header = header_fields(text, size, &p);
  if (header == NULL)
    return FALSE;
  if (kind == DCB_PLOT_DIR_RUN)
    return in_list((const char *const *)header->pdata, header->len, name);
  /* a Monte Carlo or a comparison: some row of quantiles.csv / compare.csv has the metric */
  guint col = header->len;
  for (guint c = 0; c < header->len && col == header->len; c++)
    if (strcmp(header->pdata[c], "metric") == 0)
      col = c;
  if (col == header->len)
    return FALSE;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    gsize len = nl ? (gsize)(nl - p) : (gsize)(end - p);
    if (len > 0 && p[len - 1] == '\r')
      len--;
    if (len > 0 && *p != '#') {
      g_autoptr(GPtrArray) f = split_fields(p, len);
      if (col < f->len && strcmp(f->pdata[col], name) == 0)
        return TRUE;
    }
    p = nl ? nl + 1 : end;
  }
  return FALSE;
}
