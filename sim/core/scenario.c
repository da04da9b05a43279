/* scenario.c - a scenario key file turned into an immutable, validated DcbScenario (scenario.h).
 *
 * How a load goes:
 *   1. the bytes are hashed (SHA-256, for provenance) and parsed by GKeyFile; a syntax error is
 *      reported with its line number, found by parsing ever longer prefixes of the file
 *      (GLib's messages carry no line number; GLib parses line by line, so the first prefix that
 *      fails ends on the bad line);
 *   2. every "--set group.key=value" override is checked against the key table (schema.h) and
 *      written into the key file, so overrides are validated like the file;
 *   3. every group and key of the effective key file is checked against the same table (unknown
 *      ones are errors with a "did you mean" hint from the edit distance);
 *   4. each group is read and range-checked, defaults filled in, paths resolved against the
 *      scenario's directory, substation overrides of [grid] resolved, and the named groups
 *      sorted by name;
 *   5. demand is precomputed for every year from first_year to end_year + 200 (the investor
 *      looks ahead past end_year), because the model asks for it on hot paths.
 *
 * Rule 25 (uncertain inputs): a number or probability key, and every value of a trajectory, may
 * be a distribution; integers, seeds, years, lists and spans refuse one, saying so.  The field
 * holds the distribution's central value and the key is registered in sc->inputs (name, stream,
 * where the value goes); every generic range and every check across keys holds at every draw
 * (the distribution's min or max).  dcb_scenario_apply_draws writes a run's draws and
 * recomputes the demand: the one change a scenario sees after loading, made by the engine's
 * simulate entry (one simulation per process).
 *
 * Every error is one line: "PATH: [group] key: what is wrong (got 'VALUE')", or
 * "--set TEXT: [group] key: ..." when the offending value came from an override.  The groups,
 * keys, defaults and generic ranges are the rows of the key table (schema.h): the getters look
 * each key's row up, so no default is written here; the README's key reference is generated
 * from the same table (`dcbuildout keys`).  Numbers are read by number.h's parser.
 */
#include "scenario.h"
#include "error.h"
#include "infile.h"
#include "number.h"
#include "schema.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#define DCB_SCENARIO_MAX_HORIZON      200 /* end_year - start_year */
#define DCB_SCENARIO_DEMAND_LOOKAHEAD 200 /* years of demand precomputed after end_year */

/* ---------------------------------------------------------------- known groups and keys */

/* The groups and keys are the rows of the key table (schema.h). */

/* Levenshtein distance of two short ASCII strings. */
static int edit_distance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  g_autofree int *row = g_new(int, lb + 1);
  for (size_t j = 0; j <= lb; j++)
    row[j] = (int)j;
  for (size_t i = 1; i <= la; i++) {
    int diag = row[0];
    row[0] = (int)i;
    for (size_t j = 1; j <= lb; j++) {
      int up = row[j];
      int cost = g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 1]) ? 0 : 1;
      row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), diag + cost);
      diag = up;
    }
  }
  return row[lb];
}

/* Whether 'candidate' is close enough to 'word' to be suggested. */
static gboolean is_close(const char *word, const char *candidate, int *distance)
{
  int d = edit_distance(word, candidate);
  int len = (int)MAX(strlen(word), strlen(candidate));
  *distance = d;
  return d <= 2 || d * 3 <= len;
}

const char *dcb_did_you_mean(const char *word, const char *const *candidates, int n)
{
  const char *best = NULL;
  int best_d = G_MAXINT;
  for (int i = 0; n < 0 ? candidates[i] != NULL : i < n; i++) {
    int d;
    if (is_close(word, candidates[i], &d) && d < best_d) {
      best = candidates[i];
      best_d = d;
    }
  }
  return best;
}

static const char *closest(const char *word, const char *const *candidates)
{
  return dcb_did_you_mean(word, candidates, -1);
}

/* Why 'group' is not a valid group, with a hint (transfer full), or NULL when it is valid. */
static char *group_problem(const char *group)
{
  const char *pattern = dcb_schema_group_pattern(group);
  if (pattern != NULL) {
    const char *colon = strchr(pattern, ':');
    if (colon != NULL && group[colon - pattern + 1] == '\0')
      return g_strdup_printf("empty name (expected [%s])", pattern);
    return NULL;
  }
  const char *colon = strchr(group, ':');
  g_autofree char *head = colon ? g_strndup(group, (gsize)(colon - group)) : g_strdup(group);
  g_autofree const char **patterns = dcb_schema_groups();
  g_autofree char *best = NULL;
  gboolean best_named = FALSE;
  int best_d = G_MAXINT;
  for (int i = 0; patterns[i] != NULL; i++) {
    const char *pcolon = strchr(patterns[i], ':');
    g_autofree char *name =
        pcolon ? g_strndup(patterns[i], (gsize)(pcolon - patterns[i])) : g_strdup(patterns[i]);
    int d;
    if (is_close(head, name, &d) && d < best_d) {
      g_free(best);
      best = g_steal_pointer(&name);
      best_named = pcolon != NULL;
      best_d = d;
    }
  }
  if (best == NULL)
    return g_strdup("unknown group");
  if (best_named)
    return g_strdup_printf("unknown group (did you mean '%s:%s'?)", best,
                           colon ? colon + 1 : "NAME");
  return g_strdup_printf("unknown group (did you mean '%s'?)", best);
}

/* Why 'key' is not valid in the group 'pattern', with a hint (transfer full), or NULL when it is
 * valid. */
static char *key_problem(const char *pattern, const char *key)
{
  g_autofree const char **keys = dcb_schema_group_keys(pattern);
  if (g_strv_contains((const char *const *)keys, key))
    return NULL;
  const char *best = closest(key, (const char *const *)keys);
  if (best != NULL)
    return g_strdup_printf("unknown key (did you mean '%s'?)", best);
  g_autofree const char **patterns = dcb_schema_groups();
  for (int i = 0; patterns[i] != NULL; i++) {
    g_autofree const char **others = dcb_schema_group_keys(patterns[i]);
    if (g_strv_contains((const char *const *)others, key))
      return g_strdup_printf("unknown key (it belongs in [%s])", patterns[i]);
  }
  return g_strdup("unknown key");
}

gboolean dcb_scenario_check_key(const char *group, const char *key, GError **error)
{
  g_autofree char *gp = group_problem(group);
  if (gp != NULL) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "[%s]: %s", group, gp);
    return FALSE;
  }
  g_autofree char *kp = key_problem(dcb_schema_group_pattern(group), key);
  if (kp != NULL) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "[%s] %s: %s", group, key, kp);
    return FALSE;
  }
  return TRUE;
}

gboolean dcb_scenario_split_override(const char *text, char **group, char **key, char **value,
                                     GError **error)
{
  /* The command line hands the bytes over as they are (whatever the locale): a scenario is
   * UTF-8, so an override must be too, like the file it changes. */
  if (!g_utf8_validate(text, -1, NULL)) {
    g_autofree char *shown = g_strescape(text, NULL);
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "--set %s: not valid UTF-8", shown);
    return FALSE;
  }
  const char *eq = strchr(text, '=');
  g_autofree char *lhs = eq ? g_strndup(text, (gsize)(eq - text)) : NULL;
  char *dot = lhs ? strrchr(lhs, '.') : NULL;
  if (dot != NULL)
    *dot = '\0';
  g_autofree char *g = lhs ? g_strstrip(g_strdup(lhs)) : NULL;
  g_autofree char *k = dot ? g_strstrip(g_strdup(dot + 1)) : NULL;
  if (eq == NULL || dot == NULL || *g == '\0' || *k == '\0') {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "--set %s: expected group.key=value", text);
    return FALSE;
  }
  if (strpbrk(eq + 1, "\r\n") != NULL) {
    g_autofree char *shown = g_strescape(text, NULL);
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "--set %s: the value must be on one line",
                shown);
    return FALSE;
  }
  *group = g_steal_pointer(&g);
  *key = g_steal_pointer(&k);
  *value = g_strstrip(g_strdup(eq + 1));
  return TRUE;
}

/* ---------------------------------------------------------------- error helpers */

typedef struct {
  const char *path;       /* scenario path for messages */
  const char *dir;        /* scenario directory */
  GKeyFile *kf;           /* effective key file */
  GHashTable *overridden; /* "group\037key" -> override text (borrowed) */
  DcbScenario *sc;        /* the scenario being read (rule 25's targets are located in it) */
  GPtrArray *inputs;      /* of DcbInput *, in reading order (rule 25), owned by the load */
} Loader;

static char *raw_value(const Loader *l, const char *group, const char *key)
{
  if (!g_key_file_has_key(l->kf, group, key, NULL))
    return NULL;
  return g_key_file_get_value(l->kf, group, key, NULL);
}

/* "PATH: " or "--set TEXT: " when the key's value came from an override. (transfer full) */
static char *origin(const Loader *l, const char *group, const char *key)
{
  if (key != NULL) {
    g_autofree char *id = g_strconcat(group, "\037", key, NULL);
    const char *ovr = g_hash_table_lookup(l->overridden, id);
    if (ovr != NULL)
      return g_strdup_printf("--set %s: ", ovr);
  }
  return g_strdup_printf("%s: ", l->path);
}

/* Set *error to "ORIGIN[group] key: WHAT (got 'VALUE')"; key may be NULL; the value part is
 * added when the key is present.  Always returns FALSE. */
G_GNUC_PRINTF(5, 6)
static gboolean fail(const Loader *l, GError **error, const char *group, const char *key,
                     const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *what = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_autofree char *from = origin(l, group, key);
  g_autofree char *value = key ? raw_value(l, group, key) : NULL;
  GString *msg = g_string_new(from);
  if (key != NULL)
    g_string_append_printf(msg, "[%s] %s: %s", group, key, what);
  else
    g_string_append_printf(msg, "[%s]: %s", group, what);
  if (value != NULL) {
    /* Echo the value on one line, escaped and shortened: a message is one line. */
    g_autoptr(GString) esc = g_string_new(NULL);
    for (const char *c = value; *c && esc->len < 80; c++) {
      if ((unsigned char)*c < 0x20 || *c == 0x7f)
        g_string_append_printf(esc, "\\x%02x", (unsigned char)*c);
      else
        g_string_append_c(esc, *c);
    }
    if (esc->len >= 80) {
      /* cut on a UTF-8 character boundary */
      const char *end = esc->str + esc->len;
      if (!g_utf8_validate(esc->str, -1, &end))
        g_string_truncate(esc, (gsize)(end - esc->str));
      g_string_append(esc, "...");
    }
    g_string_append_printf(msg, " (got '%s')", esc->str);
    if (strchr(value, '#') != NULL)
      g_string_append(msg, "; comments must be whole lines starting with '#'");
  }
  g_set_error_literal(error, DCB_ERROR, DCB_ERROR_INPUT, msg->str);
  g_string_free(msg, TRUE);
  return FALSE;
}

#define TRY(expr)                                                                                  \
  do {                                                                                             \
    if (!(expr))                                                                                   \
      return FALSE;                                                                                \
  } while (0)

/* Fail unless 'ok'. */
static gboolean require(const Loader *l, GError **error, const char *group, const char *key,
                        gboolean ok, const char *what)
{
  if (ok)
    return TRUE;
  return fail(l, error, group, key, "%s", what);
}

/* ---------------------------------------------------------------- uncertain inputs (rule 25)
 *
 * A getter that reads a distribution registers it as an input: its name ("group.key", or
 * "group.key@YEAR" for a trajectory point, the year in its shortest form), its stream, and
 * where its value goes.  That place is located when it is read, while the named groups' arrays
 * are still in reading order: an address inside DcbScenario is an offset of the scenario, an
 * address inside one of the arrays an offset inside the element, which is then found by name
 * (the arrays are sorted afterwards).  A key that inherits another one and is absent (a
 * project's cancel_probability from [investor]) adds its own field to the inherited input's
 * targets, so one draw serves all of them. */

static void input_free(gpointer data)
{
  DcbInput *in = data;
  if (in == NULL)
    return;
  g_free(in->name);
  g_free(in->stream);
  for (int i = 0; i < in->n_targets; i++)
    g_free(in->targets[i].element);
  g_free(in->targets);
  g_free(in);
}

/* Where 'field' (an address inside the scenario being read) lies; 'group' names the element. */
static DcbInputTarget locate(const Loader *l, const char *group, const void *field,
                             DcbInputField kind, int point)
{
  const DcbScenario *sc = l->sc;
  const char *p = field;
  DcbInputTarget t = {.field = kind, .point = point};
  if (p >= (const char *)sc && p < (const char *)(sc + 1)) {
    t.array = DCB_INPUT_IN_SCENARIO;
    t.offset = (gsize)(p - (const char *)sc);
    return t;
  }
#define LOCATE_IN(arr, n, which)                                                                   \
  if (sc->arr != NULL && p >= (const char *)sc->arr && p < (const char *)(sc->arr + sc->n)) {      \
    t.array = which;                                                                               \
    t.offset = (gsize)(p - (const char *)sc->arr) % sizeof *sc->arr;                               \
    t.element = g_strdup(strchr(group, ':') + 1);                                                  \
    return t;                                                                                      \
  }
  LOCATE_IN(substations, n_substations, DCB_INPUT_IN_SUBSTATION)
  LOCATE_IN(loads, n_loads, DCB_INPUT_IN_LOAD)
  LOCATE_IN(projects, n_projects, DCB_INPUT_IN_PROJECT)
  LOCATE_IN(works, n_works, DCB_INPUT_IN_WORK)
  LOCATE_IN(corridors, n_corridors, DCB_INPUT_IN_CORRIDOR)
#undef LOCATE_IN
  g_assert_not_reached();
}

static void add_target(DcbInput *in, DcbInputTarget t)
{
  in->targets = g_renew(DcbInputTarget, in->targets, in->n_targets + 1);
  in->targets[in->n_targets++] = t;
}

/* The name of group/key, or of its trajectory point at 'year' when 'traj_point' (transfer full). */
static char *input_name(const char *group, const char *key, gboolean traj_point, double year)
{
  if (!traj_point)
    return g_strdup_printf("%s.%s", group, key);
  g_autofree char *y = dcb_dist_format_number(year);
  return g_strdup_printf("%s.%s@%s", group, key, y);
}

static void register_input(const Loader *l, const char *group, char *name, const DcbDist *d,
                           const void *field, DcbInputField kind, int point)
{
  DcbInput *in = g_new0(DcbInput, 1);
  in->name = name; /* taken over */
  in->stream = g_strconcat("input:", name, NULL);
  in->dist = *d;
  add_target(in, locate(l, group, field, kind, point));
  g_ptr_array_add(l->inputs, in);
}

static DcbInput *input_named(const Loader *l, const char *name)
{
  for (guint i = 0; i < l->inputs->len; i++) {
    DcbInput *in = l->inputs->pdata[i];
    if (strcmp(in->name, name) == 0)
      return in;
  }
  return NULL;
}

/* An absent key that inherits 'row->def' ("investor.cancel_probability"): its field joins the
 * targets of the inherited input (each point's, for a trajectory), when that one is uncertain. */
static void inherit_inputs(const Loader *l, const char *group, const DcbKey *row, const void *field)
{
  if (row->need != DCB_KEY_INHERITS || row->def == NULL)
    return;
  gsize n = strlen(row->def);
  for (guint i = 0; i < l->inputs->len; i++) {
    DcbInput *in = l->inputs->pdata[i];
    if (strncmp(in->name, row->def, n) != 0 || (in->name[n] != '\0' && in->name[n] != '@'))
      continue;
    add_target(in, locate(l, group, field, in->targets[0].field, in->targets[0].point));
  }
}

/* The address a target names in 'sc' (after the arrays were sorted). */
static void *target_address(const DcbScenario *sc, const DcbInputTarget *t)
{
  char *base = NULL;
#define FIND_IN(arr, n)                                                                            \
  for (int i = 0; i < sc->n && base == NULL; i++)                                                  \
    if (strcmp(sc->arr[i].name, t->element) == 0)                                                  \
      base = (char *)&sc->arr[i];
  switch (t->array) {
    case DCB_INPUT_IN_SCENARIO:
      base = (char *)sc;
      break;
    case DCB_INPUT_IN_SUBSTATION:
      FIND_IN(substations, n_substations);
      break;
    case DCB_INPUT_IN_LOAD:
      FIND_IN(loads, n_loads);
      break;
    case DCB_INPUT_IN_PROJECT:
      FIND_IN(projects, n_projects);
      break;
    case DCB_INPUT_IN_WORK:
      FIND_IN(works, n_works);
      break;
    case DCB_INPUT_IN_CORRIDOR:
      FIND_IN(corridors, n_corridors);
      break;
  }
#undef FIND_IN
  g_assert(base != NULL);
  return base + t->offset;
}

static int cmp_input(const void *a, const void *b)
{
  return strcmp((*(DcbInput *const *)a)->name, (*(DcbInput *const *)b)->name);
}

/* The loader's inputs into sc->inputs, sorted by name. */
static void finish_inputs(Loader *l, DcbScenario *sc)
{
  g_ptr_array_sort(l->inputs, cmp_input);
  sc->n_inputs = (int)l->inputs->len;
  sc->inputs = g_new0(DcbInput, sc->n_inputs + 1);
  for (int i = 0; i < sc->n_inputs; i++) {
    DcbInput *in = l->inputs->pdata[i];
    sc->inputs[i] = *in;
    g_free(in); /* its strings and targets now belong to sc->inputs[i] */
    l->inputs->pdata[i] = NULL;
  }
  g_ptr_array_set_size(l->inputs, 0);
}

const DcbInput *dcb_scenario_input_of(const DcbScenario *sc, const double *field)
{
  for (int i = 0; i < sc->n_inputs; i++)
    for (int k = 0; k < sc->inputs[i].n_targets; k++) {
      const DcbInputTarget *t = &sc->inputs[i].targets[k];
      if (t->field == DCB_INPUT_DOUBLE && target_address(sc, t) == (const void *)field)
        return &sc->inputs[i];
    }
  return NULL;
}

/* The largest value the double at 'field' takes over every draw. */
static double field_max(const DcbScenario *sc, const double *field)
{
  const DcbInput *in = dcb_scenario_input_of(sc, field);
  return in != NULL ? dcb_dist_max(&in->dist) : *field;
}

/* A copy of the trajectory at 'traj' with each uncertain point at its largest draw. */
static DcbTraj traj_max_points(const DcbScenario *sc, const DcbTraj *traj, gboolean *uncertain)
{
  DcbTraj t = *traj;
  for (int i = 0; i < sc->n_inputs; i++)
    for (int k = 0; k < sc->inputs[i].n_targets; k++) {
      const DcbInputTarget *tg = &sc->inputs[i].targets[k];
      if (tg->field == DCB_INPUT_TRAJ_POINT && target_address(sc, tg) == (const void *)traj) {
        t.value[tg->point] = dcb_dist_max(&sc->inputs[i].dist);
        *uncertain = TRUE;
      }
    }
  return t;
}

/* ---------------------------------------------------------------- typed getters
 *
 * Every getter finds the key's row in the table (schema.h) and goes through value_of(): the
 * value of the file (or of an override), else the row's default text, parsed exactly like a
 * value in a file.  A required key that is absent is an error; an optional, inherited or derived
 * key that is absent leaves *out as it is (*present = FALSE): readers set an inherited value
 * before asking for the key.  Then the row's generic range is checked. */

static gboolean missing(const Loader *l, GError **error, const char *group, const char *key)
{
  return fail(l, error, group, key, "missing (required)");
}

/* The row of a key that a reader asks for (every one is in the table). */
static const DcbKey *row_of(const char *group, const char *key)
{
  const DcbKey *row = dcb_schema_find(group, key);
  g_assert(row != NULL);
  return row;
}

/* *text: the value of group/key, or the row's default, or NULL (transfer full); *present: whether
 * the key itself was there (may be NULL). */
static gboolean value_of(const Loader *l, GError **error, const char *group, const char *key,
                         const DcbKey *row, char **text, gboolean *present)
{
  *text = raw_value(l, group, key);
  if (present)
    *present = *text != NULL;
  if (*text != NULL)
    return TRUE;
  if (row->need == DCB_KEY_REQUIRED)
    return missing(l, error, group, key);
  if (row->need == DCB_KEY_DEFAULT)
    *text = g_strdup(row->def);
  return TRUE;
}

/* Fail unless 'v' is inside the row's generic range. */
static gboolean check_range(const Loader *l, GError **error, const char *group, const char *key,
                            const DcbKey *row, double v)
{
  if (dcb_schema_in_range(row, v))
    return TRUE;
  g_autofree char *why = dcb_schema_range_message(row);
  return fail(l, error, group, key, "%s", why);
}

/* "must be an integer", "must be a year", ...: what a key that refuses distributions holds. */
static const char *kind_of(const DcbKey *row)
{
  switch (row->type) {
    case DCB_KEY_INTEGER:
    case DCB_KEY_SEED:
      return "must be an integer";
    case DCB_KEY_YEAR:
      return "must be a year";
    case DCB_KEY_LIST:
      return "must be a list of numbers";
    case DCB_KEY_YEAR_SPAN:
      return "must be 'Y1-Y2' (integer years)";
    default:
      return "must be a number";
  }
}

/* Rule 25: integers, years, seeds, lists and spans take no distribution; say so, naming what the
 * key holds, when the text names one.  TRUE when it does not. */
static gboolean refuse_dist(const Loader *l, GError **error, const char *group, const char *key,
                            const DcbKey *row, const char *raw)
{
  if (!dcb_dist_mentioned(raw))
    return TRUE;
  return fail(l, error, group, key, "%s; a distribution is not accepted here", kind_of(row));
}

/* Fail unless every draw of 'd' is inside the row's generic range (a fixed value: check_range's
 * message).  An unbounded distribution (normal, lognormal) on a key with an upper bound is
 * refused; lognormal's draws are > 0 although its infimum is 0. */
static gboolean check_dist_range(const Loader *l, GError **error, const char *group,
                                 const char *key, const DcbKey *row, const DcbDist *d)
{
  if (d->kind == DCB_DIST_FIXED)
    return check_range(l, error, group, key, row, d->a);
  double lo = dcb_dist_min(d), hi = dcb_dist_max(d);
  if (d->kind == DCB_DIST_LOGNORMAL && lo == 0 && d->b > 0)
    lo = G_MINDOUBLE;
  if (dcb_schema_in_range(row, lo) && dcb_schema_in_range(row, hi))
    return TRUE;
  g_autofree char *why = dcb_schema_range_message(row);
  g_autofree char *dist = dcb_dist_to_string(d);
  char b[G_ASCII_DTOSTR_BUF_SIZE];
  if (hi == G_MAXDOUBLE && !dcb_schema_in_range(row, hi)) {
    double bound = row->type == DCB_KEY_PROBABILITY ? 1 : row->hi;
    return fail(l, error, group, key, "%s at every draw: %s can exceed %s; use tri or uniform", why,
                dist, g_ascii_formatd(b, sizeof b, "%g", bound));
  }
  if (!dcb_schema_in_range(row, lo))
    return fail(l, error, group, key, "%s at every draw: %s can be as low as %s", why, dist,
                g_ascii_formatd(b, sizeof b, "%g", lo));
  return fail(l, error, group, key, "%s at every draw: %s can be as high as %s", why, dist,
              g_ascii_formatd(b, sizeof b, "%g", hi));
}

/* A number (number.h, capped) at group/key.  Rule 25: a number or probability key also takes a
 * distribution: *out is its central value, and it is registered as an input; an absent key that
 * inherits an uncertain one joins that input. */
static gboolean get_double(const Loader *l, GError **error, const char *group, const char *key,
                           double *out, gboolean *present)
{
  const DcbKey *row = row_of(group, key);
  g_autofree char *raw = NULL;
  TRY(value_of(l, error, group, key, row, &raw, present));
  if (raw == NULL) {
    inherit_inputs(l, group, row, out);
    return TRUE;
  }
  if (row->type == DCB_KEY_NUMBER || row->type == DCB_KEY_PROBABILITY) {
    DcbDist d;
    g_autoptr(GError) err = NULL;
    if (!dcb_dist_parse_value(raw, &d, &err))
      return fail(l, error, group, key, "%s", err->message);
    TRY(check_dist_range(l, error, group, key, row, &d));
    *out = dcb_dist_central(&d);
    if (d.kind != DCB_DIST_FIXED)
      register_input(l, group, input_name(group, key, FALSE, 0), &d, out, DCB_INPUT_DOUBLE, -1);
    return TRUE;
  }
  TRY(refuse_dist(l, error, group, key, row, raw));
  const char *why = dcb_number_parse(raw, DCB_NUMBER_CAPPED, out);
  if (why != NULL)
    return fail(l, error, group, key, "%s", why);
  return check_range(l, error, group, key, row, *out);
}

static gboolean get_int(const Loader *l, GError **error, const char *group, const char *key,
                        int *out)
{
  const DcbKey *row = row_of(group, key);
  g_autofree char *raw = NULL;
  TRY(value_of(l, error, group, key, row, &raw, NULL));
  if (raw == NULL)
    return TRUE;
  TRY(refuse_dist(l, error, group, key, row, raw));
  gint64 v = 0;
  if (dcb_number_parse_int(raw, G_MININT, G_MAXINT, &v) != NULL)
    return fail(l, error, group, key, "expected an integer");
  *out = (int)v;
  return check_range(l, error, group, key, row, *out);
}

static gboolean get_u64(const Loader *l, GError **error, const char *group, const char *key,
                        guint64 *out)
{
  g_autofree char *raw = NULL;
  TRY(value_of(l, error, group, key, row_of(group, key), &raw, NULL));
  if (raw == NULL)
    return TRUE;
  TRY(refuse_dist(l, error, group, key, row_of(group, key), raw));
  const char *why = dcb_number_parse_u64(raw, out);
  if (why != NULL)
    return fail(l, error, group, key, "%s", why);
  return TRUE;
}

static gboolean get_bool(const Loader *l, GError **error, const char *group, const char *key,
                         gboolean *out)
{
  g_autofree char *raw = NULL;
  TRY(value_of(l, error, group, key, row_of(group, key), &raw, NULL));
  if (raw == NULL)
    return TRUE;
  g_strstrip(raw);
  if (strcmp(raw, "true") == 0)
    *out = TRUE;
  else if (strcmp(raw, "false") == 0)
    *out = FALSE;
  else
    return fail(l, error, group, key, "expected true or false");
  return TRUE;
}

/* String (escapes processed, spaces stripped), or the row's default; NULL when absent without
 * one.  Non-empty when present. */
static gboolean get_string(const Loader *l, GError **error, const char *group, const char *key,
                           char **out)
{
  const DcbKey *row = row_of(group, key);
  *out = NULL;
  if (!g_key_file_has_key(l->kf, group, key, NULL)) {
    if (row->need == DCB_KEY_REQUIRED)
      return missing(l, error, group, key);
    if (row->need == DCB_KEY_DEFAULT)
      *out = g_strdup(row->def);
    return TRUE;
  }
  g_autoptr(GError) err = NULL;
  char *s = g_key_file_get_string(l->kf, group, key, &err);
  if (s == NULL)
    return fail(l, error, group, key, "%s", err->message);
  g_strstrip(s);
  if (*s == '\0') {
    g_free(s);
    return fail(l, error, group, key, "must not be empty");
  }
  *out = s;
  return TRUE;
}

/* The name of 'words' closest to 'word', for a "did you mean" hint, or NULL. */
static const char *word_hint(const DcbWord *words, const char *word)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new();
  for (int i = 0; words[i].name != NULL; i++)
    g_ptr_array_add(names, (gpointer)words[i].name);
  return dcb_did_you_mean(word, (const char *const *)names->pdata, (int)names->len);
}

/* A word of the row's name table; its enum value in *out. */
static gboolean get_word(const Loader *l, GError **error, const char *group, const char *key,
                         int *out)
{
  const DcbKey *row = row_of(group, key);
  g_assert(row->type == DCB_KEY_WORD);
  g_autofree char *word = NULL;
  TRY(get_string(l, error, group, key, &word));
  if (word == NULL || dcb_words_value(row->words, word, out))
    return TRUE;
  g_autofree char *expected = dcb_words_expected(row->words);
  const char *best = word_hint(row->words, word);
  if (best != NULL)
    return fail(l, error, group, key, "%s (did you mean '%s'?)", expected, best);
  return fail(l, error, group, key, "%s", expected);
}

/* A list of words of the row's name table ("relocate, abandon"): in order, each at most once,
 * at least one, at most 'max'; the enum values in out[0..*n-1].  Absent without a default (an
 * inherited key): *n and out as they are. */
static gboolean get_word_list(const Loader *l, GError **error, const char *group, const char *key,
                              int *out, int *n, int max)
{
  const DcbKey *row = row_of(group, key);
  g_assert(row->type == DCB_KEY_WORD_LIST);
  g_autofree char *raw = NULL;
  TRY(value_of(l, error, group, key, row, &raw, NULL));
  if (raw == NULL)
    return TRUE;
  g_autofree char *expected = dcb_words_expected(row->words);
  g_auto(GStrv) parts = g_strsplit(raw, ",", -1);
  int count = (int)g_strv_length(parts);
  if (count == 0 || (count == 1 && *g_strstrip(parts[0]) == '\0'))
    return fail(l, error, group, key, "expected a comma-separated list of words, each %s",
                expected);
  int values[DCB_WAIT_ACTIONS_MAX];
  g_assert(max <= DCB_WAIT_ACTIONS_MAX);
  for (int i = 0; i < count; i++) {
    const char *word = g_strstrip(parts[i]);
    int v = 0;
    if (*word == '\0')
      return fail(l, error, group, key, "item %d is empty (%s)", i + 1, expected);
    if (!dcb_words_value(row->words, word, &v)) {
      const char *best = word_hint(row->words, word);
      if (best != NULL)
        return fail(l, error, group, key, "unknown word '%s': %s (did you mean '%s'?)", word,
                    expected, best);
      return fail(l, error, group, key, "unknown word '%s': %s", word, expected);
    }
    for (int j = 0; j < i; j++)
      if (values[j] == v)
        return fail(l, error, group, key, "'%s' is listed twice", word);
    values[i] = v; /* i < max: at most one of each word, and the table has max words */
  }
  for (int i = 0; i < count; i++)
    out[i] = values[i];
  *n = count;
  return TRUE;
}

/* A duration distribution: parsed, and never negative. */
static gboolean get_duration(const Loader *l, GError **error, const char *group, const char *key,
                             DcbDist *out)
{
  g_autofree char *raw = NULL;
  TRY(value_of(l, error, group, key, row_of(group, key), &raw, NULL));
  if (raw == NULL)
    return TRUE;
  g_autoptr(GError) err = NULL;
  if (!dcb_dist_parse(raw, out, &err))
    return fail(l, error, group, key, "%s", err->message);
  if (dcb_dist_min(out) < 0)
    return fail(l, error, group, key, "a duration must be >= 0 (years) at every draw");
  return TRUE;
}

/* A trajectory whose every point is inside the row's range at every draw.  Rule 25: a point's
 * value may be a distribution (its central value in *out, registered as an input). */
static gboolean get_traj(const Loader *l, GError **error, const char *group, const char *key,
                         DcbTraj *out, gboolean *present)
{
  const DcbKey *row = row_of(group, key);
  g_autofree char *raw = NULL;
  TRY(value_of(l, error, group, key, row, &raw, present));
  if (raw == NULL) {
    inherit_inputs(l, group, row, out);
    return TRUE;
  }
  g_autoptr(GError) err = NULL;
  g_autofree DcbDist *dists = g_new0(DcbDist, DCB_TRAJ_MAX_POINTS);
  if (!dcb_traj_parse_uncertain(raw, out, dists, &err))
    return fail(l, error, group, key, "%s", err->message);
  gboolean points = strchr(raw, '@') != NULL;
  for (int i = 0; i < out->n; i++) {
    TRY(check_dist_range(l, error, group, key, row, &dists[i]));
    if (dists[i].kind != DCB_DIST_FIXED)
      register_input(l, group, input_name(group, key, points, out->year[i]), &dists[i], out,
                     DCB_INPUT_TRAJ_POINT, i);
  }
  return TRUE;
}

/* One bound of a moratorium: digits, optionally '.' and digits, a year in the schema's range;
 * *decimal tells whether it was written with a decimal point. */
static gboolean moratorium_bound(char *text, double *year, gboolean *decimal)
{
  const char *c = g_strstrip(text);
  const char *start = c;
  while (g_ascii_isdigit(*c))
    c++;
  if (c == start)
    return FALSE;
  *decimal = *c == '.';
  if (*decimal) {
    const char *frac = ++c;
    while (g_ascii_isdigit(*c))
      c++;
    if (c == frac)
      return FALSE;
  }
  return *c == '\0' && dcb_number_parse(start, DCB_NUMBER_CAPPED, year) == NULL &&
         *year >= DCB_SCHEMA_YEAR_MIN && *year <= DCB_SCHEMA_YEAR_MAX;
}

/* "Y1-Y2" (rules 5 and 25).  Integer bounds are calendar years: from 1 January Y1 to 31 December
 * Y2 inclusive, so grants resume at Y2 + 1; a decimal bound is an instant (2022.5-2022.8: from
 * that instant to that one).  The reading is the written form's, bound by bound: 2027-2027.5 is
 * from 1 January 2027 to 2027.5, 2027.5-2028 to the end of 2028, and 2028.0 is an instant.
 * Y1 <= Y2, and the window may not be empty (2027.5-2027.5).  Absent: *has, *from, *to, *end as
 * they are. */
static gboolean get_moratorium(const Loader *l, GError **error, const char *group, gboolean *has,
                               double *from, double *to, double *end)
{
  g_autofree char *raw = NULL;
  TRY(value_of(l, error, group, "moratorium", row_of(group, "moratorium"), &raw, NULL));
  if (raw == NULL)
    return TRUE;
  TRY(refuse_dist(l, error, group, "moratorium", row_of(group, "moratorium"), raw));
  g_auto(GStrv) parts = g_strsplit(raw, "-", -1);
  double y[2] = {0, 0};
  gboolean decimal[2] = {FALSE, FALSE};
  gboolean ok = g_strv_length(parts) == 2;
  for (int i = 0; ok && i < 2; i++)
    ok = moratorium_bound(parts[i], &y[i], &decimal[i]);
  if (!ok)
    return fail(l, error, group, "moratorium",
                "expected 'Y1-Y2' with years between %d and %d (integers: whole calendar years; "
                "decimals: instants, e.g. 2027.5-2027.8)",
                DCB_SCHEMA_YEAR_MIN, DCB_SCHEMA_YEAR_MAX);
  if (y[0] > y[1])
    return fail(l, error, group, "moratorium", "the first year must be <= the last year");
  double stop = decimal[1] ? y[1] : y[1] + 1;
  if (!(y[0] < stop))
    return fail(l, error, group, "moratorium",
                "grants nothing: a decimal last year is an instant, which must come after the "
                "first");
  *has = TRUE;
  *from = y[0];
  *to = y[1];
  *end = stop;
  return TRUE;
}

/* A decimal calendar year. */
static gboolean get_year(const Loader *l, GError **error, const char *group, const char *key,
                         double *out, gboolean *present)
{
  gboolean here = FALSE;
  TRY(get_double(l, error, group, key, out, &here));
  if (present)
    *present = here;
  if (here && (*out < DCB_SCHEMA_YEAR_MIN || *out > DCB_SCHEMA_YEAR_MAX))
    return fail(l, error, group, key, "must be a year between %d and %d", DCB_SCHEMA_YEAR_MIN,
                DCB_SCHEMA_YEAR_MAX);
  return TRUE;
}

/* ---------------------------------------------------------------- demand curve */

static char *resolve_path(const char *dir, const char *p)
{
  if (g_path_is_absolute(p))
    return g_strdup(p);
  return g_build_filename(dir, p, NULL);
}

static gboolean read_curve(const Loader *l, GError **error, const char *csv, DcbTraj *out)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) err = NULL;
  if (!dcb_infile_read(csv, "curve", 0, &data, NULL, &err))
    return fail(l, error, "demand", "curve", "%s", err->message);
  g_auto(GStrv) lines = g_strsplit(data, "\n", -1);
  DcbTraj t = {.n = 0};
  gboolean seen_content = FALSE;
  for (int i = 0; lines[i] != NULL; i++) {
    char *line = g_strstrip(lines[i]); /* also drops '\r' */
    int lineno = i + 1;
    if (*line == '\0' || *line == '#')
      continue;
    g_auto(GStrv) f = g_strsplit(line, ",", -1);
    double year = 0, mw = 0;
    gboolean numeric = g_strv_length(f) == 2 &&
                       dcb_number_parse(f[0], DCB_NUMBER_CAPPED, &year) == NULL &&
                       dcb_number_parse(f[1], DCB_NUMBER_CAPPED, &mw) == NULL;
    if (!numeric && !seen_content) { /* a header line */
      seen_content = TRUE;
      continue;
    }
    seen_content = TRUE;
    if (!numeric)
      return fail(l, error, "demand", "curve", "%s: line %d: expected 'year,it_mw' (got '%s')", csv,
                  lineno, line);
    if (mw < 0)
      return fail(l, error, "demand", "curve", "%s: line %d: it_mw must be >= 0 (got '%s')", csv,
                  lineno, line);
    if (t.n > 0 && !(year > t.year[t.n - 1]))
      return fail(l, error, "demand", "curve",
                  "%s: line %d: years must be strictly increasing (got '%s')", csv, lineno, line);
    if (t.n == DCB_TRAJ_MAX_POINTS)
      return fail(l, error, "demand", "curve", "%s: line %d: too many rows (at most %d)", csv,
                  lineno, DCB_TRAJ_MAX_POINTS);
    t.year[t.n] = year;
    t.value[t.n] = mw;
    t.n++;
  }
  if (t.n == 0)
    return fail(l, error, "demand", "curve", "%s: no 'year,it_mw' rows", csv);
  *out = t;
  return TRUE;
}

/* ---------------------------------------------------------------- groups */

static gboolean read_scenario_group(const Loader *l, GError **error, DcbScenario *sc)
{
  const char *g = "scenario";
  TRY(get_string(l, error, g, "name", &sc->name));
  if (sc->name == NULL) {
    g_autofree char *base = g_path_get_basename(sc->path);
    if (g_str_has_suffix(base, ".ini") && strlen(base) > 4)
      base[strlen(base) - 4] = '\0';
    sc->name = g_strdup(base);
  }
  /* The name is a directory name under out/: no path separator, not "." or "..". */
  gboolean name_ok = *sc->name != '\0' && sc->name[0] != '.';
  for (const char *c = sc->name; *c; c++)
    if (*c == '/' || *c == '\\' || (unsigned char)*c < 0x20)
      name_ok = FALSE;
  if (!name_ok)
    return fail(l, error, g, "name",
                "must not contain '/' or '\\' nor start with '.' (it names the output "
                "directory)");
  g_autofree char *platform = NULL;
  TRY(get_string(l, error, g, "platform", &platform));
  sc->platform_path = resolve_path(sc->dir, platform);

  TRY(get_int(l, error, g, "start_year", &sc->start_year));
  TRY(get_int(l, error, g, "end_year", &sc->end_year));
  if (sc->end_year <= sc->start_year)
    return fail(l, error, g, "end_year", "must be > start_year (%d)", sc->start_year);
  if (sc->end_year > sc->start_year + DCB_SCENARIO_MAX_HORIZON)
    return fail(l, error, g, "end_year", "must be <= start_year + %d (%d)",
                DCB_SCENARIO_MAX_HORIZON, sc->start_year + DCB_SCENARIO_MAX_HORIZON);
  TRY(get_u64(l, error, g, "seed", &sc->seed));
  TRY(get_traj(l, error, g, "target_mw", &sc->target_mw, &sc->has_target));
  return TRUE;
}

static gboolean read_demand_group(const Loader *l, GError **error, DcbScenario *sc)
{
  const char *g = "demand";
  g_autofree char *curve = NULL;
  TRY(get_traj(l, error, g, "share", &sc->demand_share, NULL));
  TRY(get_string(l, error, g, "curve", &curve));
  if (curve != NULL) {
    if (g_key_file_has_key(l->kf, g, "it_mw", NULL) || g_key_file_has_key(l->kf, g, "growth", NULL))
      return fail(l, error, g, "curve",
                  "cannot be combined with it_mw or growth (the curve replaces them)");
    sc->has_curve = TRUE;
    sc->curve_path = resolve_path(sc->dir, curve);
    TRY(read_curve(l, error, sc->curve_path, &sc->curve));
    sc->it_mw = dcb_traj_at(&sc->curve, sc->start_year);
    sc->growth = dcb_traj_constant(0);
    return TRUE;
  }
  TRY(get_double(l, error, g, "it_mw", &sc->it_mw, NULL));
  TRY(get_traj(l, error, g, "growth", &sc->growth, NULL));
  return TRUE;
}

/* Rule 26's keys of [operation] and [hardware]: water, efficiency growth as a trajectory (a
 * plain number is a one-point trajectory: dcb_account_gflops_per_w keeps today's pow() for it),
 * the precision label. */
static gboolean read_outcomes_operation_hardware(const Loader *l, GError **error, DcbScenario *sc)
{
  TRY(get_traj(l, error, "operation", "wue_l_per_kwh", &sc->wue_l_per_kwh, NULL));
  TRY(get_traj(l, error, "hardware", "efficiency_growth", &sc->efficiency_growth_traj, NULL));
  sc->efficiency_growth = dcb_traj_at(&sc->efficiency_growth_traj, sc->start_year);
  int precision = 0; /* always set, as policy */
  TRY(get_word(l, error, "hardware", "precision", &precision));
  sc->precision = (DcbPrecision)precision;
  sc->precision_label = dcb_words_name(row_of("hardware", "precision")->words, precision);
  return TRUE;
}

/* Rule 26's [carbon] marginal intensity, [jobs] and [heat]; rule 25's utilization and ramp of
 * the investor's projects (inherited from [operation], read before). */
static gboolean read_outcomes(const Loader *l, GError **error, DcbScenario *sc)
{
  TRY(get_traj(l, error, "carbon", "marginal_g_per_kwh", &sc->marginal_g_per_kwh,
               &sc->has_marginal));
  TRY(get_double(l, error, "jobs", "construction_per_mw", &sc->construction_per_mw, NULL));
  TRY(get_double(l, error, "jobs", "operations_per_mw", &sc->operations_per_mw, NULL));
  TRY(get_double(l, error, "jobs", "max_construction_jobs", &sc->max_construction_jobs,
                 &sc->has_max_construction_jobs));
  TRY(get_traj(l, error, "heat", "reuse_share", &sc->heat_reuse_share, NULL));
  sc->investor_utilization = sc->utilization; /* inherited (see the key table) */
  sc->investor_ramp_years = sc->ramp_years;
  TRY(get_double(l, error, "investor", "utilization", &sc->investor_utilization, NULL));
  TRY(get_double(l, error, "investor", "ramp_years", &sc->investor_ramp_years, NULL));
  return TRUE;
}

static gboolean read_operation_hardware(const Loader *l, GError **error, DcbScenario *sc)
{
  TRY(get_double(l, error, "operation", "utilization", &sc->utilization, NULL));
  TRY(get_double(l, error, "operation", "ramp_years", &sc->ramp_years, NULL));
  TRY(get_traj(l, error, "operation", "pue", &sc->pue, NULL));

  TRY(get_double(l, error, "hardware", "refresh_years", &sc->refresh_years, NULL));
  const DcbInput *refresh = input_named(l, "hardware.refresh_years");
  TRY(require(l, error, "hardware", "refresh_years",
              (refresh ? dcb_dist_min(&refresh->dist) : sc->refresh_years) >= 0.5,
              "must be >= 0.5 (a hardware generation lasts at least half a year)"));
  TRY(get_double(l, error, "hardware", "gflops_per_w", &sc->gflops_per_w, NULL));
  TRY(read_outcomes_operation_hardware(l, error, sc));
  return TRUE;
}

static gboolean read_grid_group(const Loader *l, GError **error, DcbScenario *sc)
{
  const char *g = "grid";
  int policy = 0; /* always set: from the file, else from the key table's default */
  TRY(get_word(l, error, g, "policy", &policy));
  sc->policy = (DcbPolicy)policy;
  TRY(get_double(l, error, g, "grid_mw_per_it_mw", &sc->grid_mw_per_it_mw, NULL));
  TRY(get_duration(l, error, g, "connection_years", &sc->connection_years));
  TRY(get_duration(l, error, g, "reinforcement_years", &sc->reinforcement_years));
  TRY(get_int(l, error, g, "crews", &sc->crews));
  TRY(get_moratorium(l, error, g, &sc->has_moratorium, &sc->moratorium_from, &sc->moratorium_to,
                     &sc->moratorium_end));
  TRY(get_double(l, error, g, "use_it_or_lose_it_years", &sc->use_it_or_lose_it_years,
                 &sc->has_use_it_or_lose_it));
  int grant = 0; /* always set, as policy */
  TRY(get_word(l, error, g, "grant", &grant));
  sc->grant = (DcbGrant)grant;
  TRY(get_bool(l, error, g, "fast_track_guarantee", &sc->fast_track_guarantee));
  /* Rule 21: the guarantee is the fast-track policy's; with fcfs no request is a fast-track one. */
  if (sc->fast_track_guarantee && sc->policy != DCB_POLICY_FAST_TRACK)
    return fail(l, error, g, "fast_track_guarantee",
                "true needs [grid] policy = fast_track, not '%s'",
                dcb_words_name(dcb_policy_words, (int)sc->policy));
  return TRUE;
}

/* Rule 17's 'bridge' is rule 19's on-site generation: it needs [onsite] enabled = true. */
static gboolean check_bridge(const Loader *l, GError **error, const char *group,
                             const DcbDeveloper *d, const DcbScenario *sc)
{
  for (int i = 0; i < d->n_on_long_wait; i++)
    if (d->on_long_wait[i] == DCB_WAIT_BRIDGE && !sc->onsite_enabled)
      return fail(l, error, group, "on_long_wait", "'bridge' needs [onsite] enabled = true");
  return TRUE;
}

/* The developer keys of 'group' ("developer", or a project's group, whose absent keys keep the
 * values already in *d: [developer]'s, see the key table). */
static gboolean read_developer_keys(const Loader *l, GError **error, const char *group,
                                    DcbDeveloper *d)
{
  TRY(get_bool(l, error, group, "build_at_risk", &d->build_at_risk));
  TRY(get_double(l, error, group, "phase_overlap", &d->phase_overlap, NULL));
  gboolean has_wait = FALSE;
  TRY(get_double(l, error, group, "max_wait_years", &d->max_wait_years, &has_wait));
  if (has_wait)
    d->has_max_wait = TRUE;
  int actions[DCB_WAIT_ACTIONS_MAX];
  int n = 0;
  TRY(get_word_list(l, error, group, "on_long_wait", actions, &n, DCB_WAIT_ACTIONS_MAX));
  if (n > 0) {
    for (int i = 0; i < n; i++)
      d->on_long_wait[i] = (DcbWaitAction)actions[i];
    d->n_on_long_wait = n;
  }
  TRY(get_bool(l, error, group, "market_check", &d->market_check));
  TRY(get_double(l, error, group, "market_years", &d->market_years, NULL));
  TRY(get_double(l, error, group, "defer_years", &d->defer_years, NULL));
  return TRUE;
}

static gboolean read_carbon_capex_investor(const Loader *l, GError **error, DcbScenario *sc)
{
  TRY(get_traj(l, error, "carbon", "grid_g_per_kwh", &sc->grid_g_per_kwh, NULL));
  TRY(get_double(l, error, "carbon", "building_t_per_mw", &sc->building_t_per_mw, NULL));
  TRY(get_double(l, error, "carbon", "it_t_per_mw", &sc->it_t_per_mw, NULL));

  TRY(get_double(l, error, "capex", "facility_meur_per_mw", &sc->facility_meur_per_mw, NULL));
  TRY(get_double(l, error, "capex", "it_meur_per_mw", &sc->it_meur_per_mw, NULL));
  TRY(get_double(l, error, "capex", "reinforcement_meur", &sc->reinforcement_meur, NULL));

  const char *g = "investor";
  TRY(get_bool(l, error, g, "enabled", &sc->investor_enabled));
  sc->investor_start_year = sc->start_year; /* inherited (see the key table) */
  TRY(get_int(l, error, g, "start_year", &sc->investor_start_year));
  if (sc->investor_start_year < sc->start_year || sc->investor_start_year > sc->end_year)
    return fail(l, error, g, "start_year", "must be between [scenario] start_year and end_year");
  TRY(get_double(l, error, g, "lookahead_years", &sc->lookahead_years, NULL));
  TRY(get_double(l, error, g, "project_mw", &sc->project_mw, NULL));
  TRY(get_double(l, error, g, "phase_mw", &sc->phase_mw, NULL));
  TRY(get_duration(l, error, g, "permit_years", &sc->permit_years));
  TRY(get_duration(l, error, g, "phase_years", &sc->phase_years));
  TRY(get_double(l, error, g, "cancel_probability", &sc->cancel_probability, NULL));
  int siting = 0; /* always set, as policy */
  TRY(get_word(l, error, g, "siting", &siting));
  sc->siting = (DcbSiting)siting;
  TRY(get_double(l, error, g, "announce_factor", &sc->announce_factor, NULL));
  g = "onsite";
  TRY(get_bool(l, error, g, "enabled", &sc->onsite_enabled));
  TRY(get_duration(l, error, g, "lead_years", &sc->onsite_lead_years));
  TRY(get_traj(l, error, g, "g_per_kwh", &sc->onsite_g_per_kwh, NULL));
  TRY(get_double(l, error, g, "meur_per_mw", &sc->onsite_meur_per_mw, NULL));
  TRY(read_developer_keys(l, error, "developer", &sc->developer));
  TRY(check_bridge(l, error, "developer", &sc->developer, sc));
  TRY(read_outcomes(l, error, sc));
  return TRUE;
}

static gboolean read_substation(const Loader *l, GError **error, const char *group,
                                const DcbScenario *sc, DcbSubstation *s)
{
  s->name = g_strdup(group + strlen("substation:"));
  TRY(get_double(l, error, group, "headroom_mw", &s->headroom_mw, NULL));
  TRY(get_double(l, error, group, "reinforcement_mw", &s->reinforcement_mw, NULL));
  /* Inherited from [grid] (see the key table) unless given here. */
  s->connection_years = sc->connection_years;
  s->reinforcement_years = sc->reinforcement_years;
  TRY(get_duration(l, error, group, "connection_years", &s->connection_years));
  TRY(get_duration(l, error, group, "reinforcement_years", &s->reinforcement_years));
  s->has_moratorium = sc->has_moratorium;
  s->moratorium_from = sc->moratorium_from;
  s->moratorium_to = sc->moratorium_to;
  s->moratorium_end = sc->moratorium_end;
  TRY(get_moratorium(l, error, group, &s->has_moratorium, &s->moratorium_from, &s->moratorium_to,
                     &s->moratorium_end));
  return TRUE;
}

/* Fail unless 'name' is the name of one of 'substation_groups' ("substation:NAME"), with a "did
 * you mean" hint. */
static gboolean check_substation_ref(const Loader *l, GError **error, const char *group,
                                     const char *key, const char *name,
                                     GPtrArray *substation_groups)
{
  for (guint i = 0; i < substation_groups->len; i++)
    if (strcmp((const char *)substation_groups->pdata[i] + strlen("substation:"), name) == 0)
      return TRUE;
  g_autoptr(GPtrArray) names = g_ptr_array_new();
  for (guint i = 0; i < substation_groups->len; i++)
    g_ptr_array_add(names, (char *)substation_groups->pdata[i] + strlen("substation:"));
  g_ptr_array_add(names, NULL);
  const char *best = closest(name, (const char *const *)names->pdata);
  if (best != NULL)
    return fail(l, error, group, key, "no [substation:%s] (did you mean '%s'?)", name, best);
  return fail(l, error, group, key, "no [substation:%s] in the scenario", name);
}

static gboolean read_load(const Loader *l, GError **error, const char *group, const DcbScenario *sc,
                          GPtrArray *substation_groups, DcbLoad *ld)
{
  ld->name = g_strdup(group + strlen("load:"));
  TRY(get_string(l, error, group, "substation", &ld->substation));
  TRY(check_substation_ref(l, error, group, "substation", ld->substation, substation_groups));
  TRY(get_traj(l, error, group, "mw", &ld->mw, NULL));
  /* A plain number is one request, at start_year (not at the year 0 of a constant trajectory). */
  g_autofree char *raw = raw_value(l, group, "mw");
  if (strchr(raw, '@') == NULL)
    ld->mw.year[0] = sc->start_year;
  /* At every draw (rule 25): a point's smallest draw is not below the previous one's largest. */
  g_autofree DcbDist *d = g_new0(DcbDist, DCB_TRAJ_MAX_POINTS);
  DcbTraj central;
  gboolean parsed = dcb_traj_parse_uncertain(raw, &central, d, NULL); /* as get_traj did */
  g_assert(parsed);
  for (int i = 1; i < ld->mw.n; i++)
    if (dcb_dist_min(&d[i]) < dcb_dist_max(&d[i - 1]))
      return fail(
          l, error, group, "mw", "must not decrease (point %d is below point %d%s)", i + 1, i,
          d[i].kind == DCB_DIST_FIXED && d[i - 1].kind == DCB_DIST_FIXED ? "" : " at some draw");
  return TRUE;
}

/* [reinforcement:NAME] (rule 20).  'ready' is a year or a distribution of years drawn once per
 * run; every draw must be a sane year, so only bounded distributions (a number, tri, uniform)
 * are accepted, within 1900 .. end_year + 200. */
static gboolean read_work(const Loader *l, GError **error, const char *group, const DcbScenario *sc,
                          GPtrArray *substation_groups, DcbPlannedWork *w)
{
  w->name = g_strdup(group + strlen("reinforcement:"));
  TRY(get_string(l, error, group, "substation", &w->substation));
  TRY(check_substation_ref(l, error, group, "substation", w->substation, substation_groups));
  TRY(get_double(l, error, group, "mw", &w->mw, NULL));
  g_autofree char *raw = NULL;
  TRY(value_of(l, error, group, "ready", row_of(group, "ready"), &raw, NULL));
  if (!dcb_dist_parse(raw, &w->ready, NULL))
    return fail(l, error, group, "ready", "expected a year, tri(min,mode,max) or uniform(a,b)");
  if (w->ready.kind == DCB_DIST_NORMAL || w->ready.kind == DCB_DIST_LOGNORMAL)
    return fail(l, error, group, "ready",
                "expected a year, tri(min,mode,max) or uniform(a,b): a year drawn from a %s "
                "distribution is unbounded",
                w->ready.kind == DCB_DIST_NORMAL ? "normal" : "lognormal");
  int last = sc->end_year + DCB_SCENARIO_DEMAND_LOOKAHEAD;
  if (dcb_dist_min(&w->ready) < DCB_SCHEMA_YEAR_MIN || dcb_dist_max(&w->ready) > last)
    return fail(l, error, group, "ready",
                "must be a year between %d and %d (end_year + %d) at every draw",
                DCB_SCHEMA_YEAR_MIN, last, DCB_SCENARIO_DEMAND_LOOKAHEAD);
  /* Rule 25 lists it among the drawn inputs; its stream stays the one the engine has always
   * drawn it from (gridop.c), so the value listed is the value played. */
  if (w->ready.kind != DCB_DIST_FIXED) {
    register_input(l, group, input_name(group, "ready", FALSE, 0), &w->ready, &w->ready,
                   DCB_INPUT_DIST, -1);
    DcbInput *in = l->inputs->pdata[l->inputs->len - 1];
    g_free(in->stream);
    in->stream = g_strdup_printf("reinforcement:%s/ready", w->name);
  }
  TRY(get_year(l, error, group, "start", &w->start, &w->has_start));
  if (w->has_start && w->start > dcb_dist_min(&w->ready)) {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    return fail(l, error, group, "start", "must be <= the earliest ready date (%s)",
                g_ascii_formatd(buf, sizeof buf, "%.10g", dcb_dist_min(&w->ready)));
  }
  TRY(get_double(l, error, group, "meur", &w->meur, NULL));
  return TRUE;
}

/* [corridor:NAME] (rule 23): members that exist, each once; that no substation is in two
 * corridors is checked once all are read (check_corridor_members). */
static gboolean read_corridor(const Loader *l, GError **error, const char *group,
                              GPtrArray *substation_groups, DcbCorridor *c)
{
  c->name = g_strdup(group + strlen("corridor:"));
  g_autofree char *raw = NULL;
  TRY(value_of(l, error, group, "substations", row_of(group, "substations"), &raw, NULL));
  g_auto(GStrv) parts = g_strsplit(raw, ",", -1);
  int n = (int)g_strv_length(parts);
  if (n == 0 || (n == 1 && *g_strstrip(parts[0]) == '\0'))
    return fail(l, error, group, "substations",
                "expected a comma-separated list of [substation:NAME] names");
  c->substations = g_new0(char *, n + 1);
  for (int i = 0; i < n; i++) {
    const char *name = g_strstrip(parts[i]);
    if (*name == '\0')
      return fail(l, error, group, "substations", "item %d is empty", i + 1);
    TRY(check_substation_ref(l, error, group, "substations", name, substation_groups));
    for (int j = 0; j < i; j++)
      if (strcmp(c->substations[j], name) == 0)
        return fail(l, error, group, "substations", "'%s' is listed twice", name);
    c->substations[i] = g_strdup(name);
    c->n_substations = i + 1;
  }
  TRY(get_traj(l, error, group, "cap_mw", &c->cap_mw, NULL));
  return TRUE;
}

/* A substation belongs to at most one corridor: the later corridor by name is the one at
 * fault (so the message does not depend on the order of the file). */
static gboolean check_corridor_members(const Loader *l, GError **error, const DcbScenario *sc)
{
  for (int b = 1; b < sc->n_corridors; b++)
    for (int a = 0; a < b; a++)
      for (int i = 0; i < sc->corridors[b].n_substations; i++)
        if (g_strv_contains((const char *const *)sc->corridors[a].substations,
                            sc->corridors[b].substations[i])) {
          g_autofree char *group = g_strconcat("corridor:", sc->corridors[b].name, NULL);
          return fail(l, error, group, "substations",
                      "substation '%s' is already in [corridor:%s] (a substation belongs to at "
                      "most one corridor)",
                      sc->corridors[b].substations[i], sc->corridors[a].name);
        }
  return TRUE;
}

static gboolean read_phases(const Loader *l, GError **error, const char *group, DcbProject *p)
{
  g_autofree char *raw = raw_value(l, group, "phases_mw");
  if (raw == NULL)
    return missing(l, error, group, "phases_mw");
  TRY(refuse_dist(l, error, group, "phases_mw", row_of(group, "phases_mw"), raw));
  g_auto(GStrv) parts = g_strsplit(raw, ",", -1);
  int n = (int)g_strv_length(parts);
  if (n == 0 || (n == 1 && *g_strstrip(parts[0]) == '\0'))
    return fail(l, error, group, "phases_mw", "expected a comma-separated list of MW > 0");
  p->phases_mw = g_new0(double, n);
  p->n_phases = n;
  for (int i = 0; i < n; i++) {
    const char *why = dcb_number_parse(parts[i], DCB_NUMBER_CAPPED, &p->phases_mw[i]);
    if (why != NULL)
      return fail(l, error, group, "phases_mw", "phase %d: %s", i + 1, why);
    if (!(p->phases_mw[i] > 0))
      return fail(l, error, group, "phases_mw", "phase %d: must be > 0 MW", i + 1);
  }
  return TRUE;
}

static gboolean read_project(const Loader *l, GError **error, const char *group,
                             const DcbScenario *sc, DcbProject *p)
{
  p->name = g_strdup(group + strlen("project:"));
  TRY(get_string(l, error, group, "site", &p->site));
  TRY(get_string(l, error, group, "operator", &p->operator_name));
  TRY(read_phases(l, error, group, p));
  TRY(get_year(l, error, group, "operating_since", &p->operating_since, &p->existing));
  if (p->existing && p->operating_since > sc->start_year)
    return fail(l, error, group, "operating_since",
                "must be <= start_year (%d): it marks a campus already operating (use "
                "'announced' for a future one)",
                sc->start_year);
  /* 'announced' is required unless the campus exists (then it defaults to operating_since). */
  if (p->existing && !g_key_file_has_key(l->kf, group, "announced", NULL))
    p->announced = p->operating_since;
  else
    TRY(get_year(l, error, group, "announced", &p->announced, NULL));
  TRY(get_year(l, error, group, "requested", &p->requested, &p->has_requested));
  /* Inherited from [investor] (see the key table) unless given here. */
  p->permit_years = sc->permit_years;
  p->phase_years = sc->phase_years;
  p->cancel_probability = sc->cancel_probability;
  TRY(get_duration(l, error, group, "permit_years", &p->permit_years));
  TRY(get_duration(l, error, group, "phase_years", &p->phase_years));
  TRY(get_double(l, error, group, "cancel_probability", &p->cancel_probability, NULL));
  TRY(get_bool(l, error, group, "fast_track", &p->fast_track));
  /* Inherited from [developer] (see the key table) unless given here. */
  p->developer = sc->developer;
  TRY(read_developer_keys(l, error, group, &p->developer));
  TRY(check_bridge(l, error, group, &p->developer, sc));
  /* Rule 25: inherited from [operation] (see the key table) unless given here. */
  p->utilization = sc->utilization;
  p->ramp_years = sc->ramp_years;
  TRY(get_double(l, error, group, "utilization", &p->utilization, NULL));
  TRY(get_double(l, error, group, "ramp_years", &p->ramp_years, NULL));
  return TRUE;
}

static int cmp_substation(const void *a, const void *b)
{
  return strcmp(((const DcbSubstation *)a)->name, ((const DcbSubstation *)b)->name);
}
static int cmp_load(const void *a, const void *b)
{
  return strcmp(((const DcbLoad *)a)->name, ((const DcbLoad *)b)->name);
}
static int cmp_project(const void *a, const void *b)
{
  return strcmp(((const DcbProject *)a)->name, ((const DcbProject *)b)->name);
}
static int cmp_work(const void *a, const void *b)
{
  return strcmp(((const DcbPlannedWork *)a)->name, ((const DcbPlannedWork *)b)->name);
}
static int cmp_corridor(const void *a, const void *b)
{
  return strcmp(((const DcbCorridor *)a)->name, ((const DcbCorridor *)b)->name);
}

/* Check every group and key of the effective key file against the table. */
static gboolean check_structure(const Loader *l, GError **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups(l->kf, NULL);
  for (int i = 0; groups[i] != NULL; i++) {
    g_autofree char *gp = group_problem(groups[i]);
    if (gp != NULL)
      return fail(l, error, groups[i], NULL, "%s", gp);
    const char *pattern = dcb_schema_group_pattern(groups[i]);
    g_auto(GStrv) keys = g_key_file_get_keys(l->kf, groups[i], NULL, NULL);
    for (int k = 0; keys != NULL && keys[k] != NULL; k++) {
      g_autofree char *kp = strchr(keys[k], '[') != NULL
                                ? g_strdup("localized keys (KEY[LOCALE]) are not supported")
                                : key_problem(pattern, keys[k]);
      if (kp != NULL) {
        g_autofree char *from = origin(l, groups[i], keys[k]);
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s[%s] %s: %s", from, groups[i], keys[k],
                    kp);
        return FALSE;
      }
    }
  }
  return TRUE;
}

static gboolean read_named_groups(const Loader *l, GError **error, DcbScenario *sc)
{
  g_auto(GStrv) groups = g_key_file_get_groups(l->kf, NULL);
  g_autoptr(GPtrArray) subs = g_ptr_array_new();
  g_autoptr(GPtrArray) loads = g_ptr_array_new();
  g_autoptr(GPtrArray) projects = g_ptr_array_new();
  g_autoptr(GPtrArray) works = g_ptr_array_new();
  g_autoptr(GPtrArray) corridors = g_ptr_array_new();
  for (int i = 0; groups[i] != NULL; i++) {
    if (g_str_has_prefix(groups[i], "substation:"))
      g_ptr_array_add(subs, groups[i]);
    else if (g_str_has_prefix(groups[i], "load:"))
      g_ptr_array_add(loads, groups[i]);
    else if (g_str_has_prefix(groups[i], "project:"))
      g_ptr_array_add(projects, groups[i]);
    else if (g_str_has_prefix(groups[i], "reinforcement:"))
      g_ptr_array_add(works, groups[i]);
    else if (g_str_has_prefix(groups[i], "corridor:"))
      g_ptr_array_add(corridors, groups[i]);
  }
  /* The arrays are allocated whole first, so dcb_scenario_free can release partial reads. */
  sc->substations = g_new0(DcbSubstation, subs->len + 1);
  sc->n_substations = (int)subs->len;
  sc->loads = g_new0(DcbLoad, loads->len + 1);
  sc->n_loads = (int)loads->len;
  sc->projects = g_new0(DcbProject, projects->len + 1);
  sc->n_projects = (int)projects->len;
  sc->works = g_new0(DcbPlannedWork, works->len + 1);
  sc->n_works = (int)works->len;
  sc->corridors = g_new0(DcbCorridor, corridors->len + 1);
  sc->n_corridors = (int)corridors->len;
  sc->substation_corridor = g_new(int, subs->len + 1);
  for (guint i = 0; i < subs->len; i++)
    TRY(read_substation(l, error, subs->pdata[i], sc, &sc->substations[i]));
  for (guint i = 0; i < loads->len; i++)
    TRY(read_load(l, error, loads->pdata[i], sc, subs, &sc->loads[i]));
  for (guint i = 0; i < projects->len; i++)
    TRY(read_project(l, error, projects->pdata[i], sc, &sc->projects[i]));
  for (guint i = 0; i < works->len; i++)
    TRY(read_work(l, error, works->pdata[i], sc, subs, &sc->works[i]));
  for (guint i = 0; i < corridors->len; i++)
    TRY(read_corridor(l, error, corridors->pdata[i], subs, &sc->corridors[i]));
  qsort(sc->substations, subs->len, sizeof *sc->substations, cmp_substation);
  qsort(sc->loads, loads->len, sizeof *sc->loads, cmp_load);
  qsort(sc->projects, projects->len, sizeof *sc->projects, cmp_project);
  qsort(sc->works, works->len, sizeof *sc->works, cmp_work);
  qsort(sc->corridors, corridors->len, sizeof *sc->corridors, cmp_corridor);
  TRY(check_corridor_members(l, error, sc));
  for (int i = 0; i < sc->n_substations; i++)
    sc->substation_corridor[i] = -1;
  for (int c = 0; c < sc->n_corridors; c++)
    for (int i = 0; i < sc->corridors[c].n_substations; i++)
      sc->substation_corridor[dcb_scenario_substation_index(sc, sc->corridors[c].substations[i])] =
          c;
  return TRUE;
}

/* ---------------------------------------------------------------- derived values */

/* Demand and hardware efficiency compound over the years: a value each accepts alone could still
 * overflow before end_year (growth 1e11 gives an infinite demand in three years, and `inf` in the
 * traces).  Refuse, naming the key, any that would pass DCB_NUMBER_MAX_MAGNITUDE (demand, through
 * the investor's lookahead) or give a non-finite compute figure. */
static gboolean check_compounding(const Loader *l, GError **error, const DcbScenario *sc)
{
  /* Rule 25: at the largest draw of every uncertain input involved (demand grows with each of
   * them, growth being > -1). */
  gboolean uncertain = FALSE;
  double it_mw = field_max(sc, &sc->it_mw);
  DcbTraj share = traj_max_points(sc, &sc->demand_share, &uncertain);
  DcbTraj growth = traj_max_points(sc, &sc->growth, &uncertain);
  double lookahead = field_max(sc, &sc->lookahead_years);
  uncertain = uncertain || it_mw != sc->it_mw;
  int last = sc->end_year;
  if (sc->investor_enabled)
    last = sc->end_year + (int)ceil(MIN(lookahead, (double)DCB_SCENARIO_DEMAND_LOOKAHEAD));
  double path = 0, d = 0;
  for (int year = sc->start_year; year <= last; year++) {
    /* as precompute(), from start_year on (share <= its largest point) */
    if (sc->has_curve)
      path = dcb_traj_at(&sc->curve, year);
    else if (year == sc->start_year)
      path = it_mw;
    else
      path = path * (1.0 + dcb_traj_at(&growth, year - 1));
    d = dcb_traj_max(&share) * path;
    if (!isfinite(d) || d > DCB_NUMBER_MAX_MAGNITUDE)
      return fail(l, error, "demand", sc->has_curve ? "curve" : "growth",
                  "demand would exceed 1e12 MW IT by %d%s%s", year,
                  year > sc->end_year ? " (the investor looks that far ahead)" : "",
                  uncertain ? " at the largest draws of its uncertain inputs" : "");
  }
  /* The newest generation in Y delivers gflops_per_w x the product over y = start_year..Y-1 of
   * (1 + growth(y)) (rule 26; a plain number: (1 + growth)^(Y - start_year)); keep it, times a
   * hall's peak W (<= 1e12), far from the largest double, at the largest draws (rule 25). */
  gboolean eff_uncertain = FALSE;
  DcbTraj eff = traj_max_points(sc, &sc->efficiency_growth_traj, &eff_uncertain);
  double log10_gen = log10(field_max(sc, &sc->gflops_per_w));
  if (eff.n == 1)
    log10_gen += (sc->end_year - sc->start_year) * log10(1.0 + eff.value[0]);
  else
    for (int y = sc->start_year; y < sc->end_year; y++)
      log10_gen += log10(1.0 + dcb_traj_at(&eff, y));
  if (!(log10_gen <= 250))
    return fail(l, error, "hardware", "efficiency_growth",
                "the newest hardware's GFLOP/s per W would overflow by end_year (%d)",
                sc->end_year);
  return TRUE;
}

static void precompute(DcbScenario *sc)
{
  double first = sc->start_year;
  for (int i = 0; i < sc->n_projects; i++) {
    const DcbProject *p = &sc->projects[i];
    if (p->existing)
      continue;
    first = MIN(first, p->announced);
    if (p->has_requested)
      first = MIN(first, p->requested);
  }
  sc->first_year = (int)floor(first);
  sc->demand_first_year = sc->first_year;
  sc->demand_n_years = sc->end_year + DCB_SCENARIO_DEMAND_LOOKAHEAD - sc->first_year + 1;
  sc->demand_by_year_mw = g_new(double, sc->demand_n_years);
  /* Rule 24: demand(Y) = share(Y) x path(Y).  A share of one point (a number) multiplies as the
   * first version of the rule did, so that its traces stay the same to the bit; a trajectory
   * multiplies each year's value of the path (the share's value at the year, before start_year
   * at start_year). */
  const DcbTraj *share = &sc->demand_share;
  double path = 0;
  for (int i = 0; i < sc->demand_n_years; i++) {
    int year = sc->demand_first_year + i;
    double d;
    if (share->n == 1) {
      if (sc->has_curve) /* before start_year demand stays at its start value */
        d = share->value[0] * dcb_traj_at(&sc->curve, MAX(year, sc->start_year));
      else if (year <= sc->start_year)
        d = share->value[0] * sc->it_mw;
      else
        d = sc->demand_by_year_mw[i - 1] * (1.0 + dcb_traj_at(&sc->growth, year - 1));
    } else {
      if (sc->has_curve)
        path = dcb_traj_at(&sc->curve, MAX(year, sc->start_year));
      else if (year <= sc->start_year)
        path = sc->it_mw;
      else
        path = path * (1.0 + dcb_traj_at(&sc->growth, year - 1));
      d = dcb_traj_at(share, MAX(year, sc->start_year)) * path;
    }
    sc->demand_by_year_mw[i] = d;
  }
}

/* ---------------------------------------------------------------- loading */

/* Parse the key file; on a syntax error find the first line at which a prefix fails. */
static gboolean parse_key_file(const char *path, const char *data, gsize len, GKeyFile *kf,
                               GError **error)
{
  g_autoptr(GError) err = NULL;
  if (g_key_file_load_from_data(kf, data, len, G_KEY_FILE_KEEP_COMMENTS, &err))
    return TRUE;
  /* Line starts. */
  g_autoptr(GArray) starts = g_array_new(FALSE, FALSE, sizeof(gsize));
  gsize zero = 0;
  g_array_append_val(starts, zero);
  for (gsize i = 0; i < len; i++)
    if (data[i] == '\n' && i + 1 < len) {
      gsize s = i + 1;
      g_array_append_val(starts, s);
    }
  guint n_lines = starts->len;
  /* Smallest k such that the first k lines fail; fails(n_lines) is known. */
  guint lo = 0, hi = n_lines;
  while (hi - lo > 1) {
    guint mid = (lo + hi) / 2;
    gsize end = mid < n_lines ? g_array_index(starts, gsize, mid) : len;
    g_autoptr(GKeyFile) probe = g_key_file_new();
    if (g_key_file_load_from_data(probe, data, end, G_KEY_FILE_NONE, NULL))
      lo = mid;
    else
      hi = mid;
  }
  g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: line %u: %s", path, hi, err->message);
  return FALSE;
}

/* GKeyFile keeps every pair of a key given twice and reads the last one: a key written twice in
 * a group (also across two [group] sections of the same name) is almost always a mistake, so it
 * is an error.  The text already parsed, so its lines are groups, pairs, comments or blank. */
gboolean dcb_keyfile_check_keys(const char *path, const char *data, gsize len, GError **error)
{
  g_autofree char *text = g_strndup(data, len);
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *group = NULL;
  for (int i = 0; lines[i] != NULL; i++) {
    const char *line = lines[i];
    while (g_ascii_isspace(*line))
      line++;
    if (*line == '\0' || *line == '#')
      continue;
    if (*line == '[') {
      const char *close = strrchr(line, ']');
      g_free(group);
      group = g_strndup(line + 1, close ? (gsize)(close - line - 1) : strlen(line + 1));
      continue;
    }
    const char *eq = strchr(line, '=');
    if (eq == NULL || group == NULL)
      continue;
    g_autofree char *key = g_strchomp(g_strndup(line, (gsize)(eq - line)));
    if (strchr(key, '[') != NULL) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s: line %d: [%s] %s: localized keys (KEY[LOCALE]) are not supported", path,
                  i + 1, group, key);
      return FALSE;
    }
    char *id = g_strconcat(group, "\037", key, NULL);
    gpointer first = g_hash_table_lookup(seen, id);
    if (first != NULL) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: [%s] %s: set twice (lines %d and %d)",
                  path, group, key, GPOINTER_TO_INT(first), i + 1);
      g_free(id);
      return FALSE;
    }
    g_hash_table_insert(seen, id, GINT_TO_POINTER(i + 1));
  }
  return TRUE;
}

static gboolean apply_overrides(Loader *l, const char *const *overrides, GError **error)
{
  for (int i = 0; overrides != NULL && overrides[i] != NULL; i++) {
    const char *text = overrides[i];
    g_autofree char *group = NULL, *key = NULL, *value = NULL;
    TRY(dcb_scenario_split_override(text, &group, &key, &value, error));
    g_autoptr(GError) err = NULL;
    if (!dcb_scenario_check_key(group, key, &err)) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "--set %s: %s", text, err->message);
      return FALSE;
    }
    /* A named group must exist: a typo in its name would otherwise create a new entity. */
    if (strchr(group, ':') != NULL && !g_key_file_has_group(l->kf, group)) {
      g_auto(GStrv) groups = g_key_file_get_groups(l->kf, NULL);
      const char *best = closest(group, (const char *const *)groups);
      if (best != NULL)
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                    "--set %s: [%s]: no such group in the scenario (did you mean '%s'?)", text,
                    group, best);
      else
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                    "--set %s: [%s]: no such group in the scenario", text, group);
      return FALSE;
    }
    g_key_file_set_value(l->kf, group, key, value);
    g_hash_table_replace(l->overridden, g_strconcat(group, "\037", key, NULL), (gpointer)text);
  }
  return TRUE;
}

DcbScenario *dcb_scenario_load_data(const char *path, const char *data, gsize len,
                                    const char *const *overrides, GError **error)
{
  g_return_val_if_fail(path != NULL && data != NULL, NULL);
  g_autoptr(DcbScenario) sc = g_new0(DcbScenario, 1);
  sc->path = g_strdup(path);
  sc->dir = g_path_get_dirname(path);
  sc->sha256 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
  sc->overrides = overrides ? g_strdupv((char **)overrides) : g_new0(char *, 1);
  sc->effective = g_key_file_new();
  if (!parse_key_file(path, data, len, sc->effective, error) ||
      !dcb_keyfile_check_keys(path, data, len, error))
    return NULL;

  g_autoptr(GHashTable) overridden = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func(input_free);
  Loader l = {.path = path,
              .dir = sc->dir,
              .kf = sc->effective,
              .overridden = overridden,
              .sc = sc,
              .inputs = inputs};
  if (!apply_overrides(&l, (const char *const *)sc->overrides, error) ||
      !check_structure(&l, error) || !read_scenario_group(&l, error, sc) ||
      !read_demand_group(&l, error, sc) || !read_operation_hardware(&l, error, sc) ||
      !read_grid_group(&l, error, sc) || !read_carbon_capex_investor(&l, error, sc) ||
      !read_named_groups(&l, error, sc))
    return NULL;
  finish_inputs(&l, sc);
  precompute(sc);
  if (!check_compounding(&l, error, sc))
    return NULL;
  return g_steal_pointer(&sc);
}

DcbScenario *dcb_scenario_load(const char *path, const char *const *overrides, GError **error)
{
  g_return_val_if_fail(path != NULL, NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!dcb_infile_read(path, "scenario", 0, &data, &len, error))
    return NULL;
  return dcb_scenario_load_data(path, data, len, overrides, error);
}

void dcb_scenario_free(DcbScenario *sc)
{
  if (sc == NULL)
    return;
  g_free(sc->path);
  g_free(sc->dir);
  g_free(sc->sha256);
  g_strfreev(sc->overrides);
  if (sc->effective != NULL)
    g_key_file_free(sc->effective);
  g_free(sc->name);
  g_free(sc->platform_path);
  g_free(sc->curve_path);
  for (int i = 0; sc->substations != NULL && i < sc->n_substations; i++)
    g_free(sc->substations[i].name);
  g_free(sc->substations);
  for (int i = 0; sc->loads != NULL && i < sc->n_loads; i++) {
    g_free(sc->loads[i].name);
    g_free(sc->loads[i].substation);
  }
  g_free(sc->loads);
  for (int i = 0; sc->projects != NULL && i < sc->n_projects; i++) {
    DcbProject *p = &sc->projects[i];
    g_free(p->name);
    g_free(p->site);
    g_free(p->operator_name);
    g_free(p->phases_mw);
  }
  g_free(sc->projects);
  for (int i = 0; sc->works != NULL && i < sc->n_works; i++) {
    g_free(sc->works[i].name);
    g_free(sc->works[i].substation);
  }
  g_free(sc->works);
  for (int i = 0; sc->corridors != NULL && i < sc->n_corridors; i++) {
    g_free(sc->corridors[i].name);
    g_strfreev(sc->corridors[i].substations);
  }
  g_free(sc->corridors);
  g_free(sc->substation_corridor);
  for (int i = 0; sc->inputs != NULL && i < sc->n_inputs; i++) {
    g_free(sc->inputs[i].name);
    g_free(sc->inputs[i].stream);
    for (int k = 0; k < sc->inputs[i].n_targets; k++)
      g_free(sc->inputs[i].targets[k].element);
    g_free(sc->inputs[i].targets);
  }
  g_free(sc->inputs);
  g_free(sc->demand_by_year_mw);
  g_free(sc);
}

double dcb_scenario_work_ready(const DcbScenario *sc, int w, guint64 seed)
{
  const DcbPlannedWork *pw = &sc->works[w];
  if (pw->ready.kind == DCB_DIST_FIXED)
    return pw->ready.a;
  g_autofree char *ent = g_strdup_printf("reinforcement:%s/ready", pw->name);
  DcbRng rng;
  dcb_rng_init(&rng, seed, ent);
  dcb_dist_sample(&pw->ready, &rng); /* the first draw, unused (see scenario.h) */
  return dcb_dist_sample(&pw->ready, &rng);
}

void dcb_scenario_draw_inputs(const DcbScenario *sc, guint64 seed, double *values)
{
  for (int i = 0; i < sc->n_inputs; i++) {
    const DcbInputTarget *t = &sc->inputs[i].targets[0];
    if (t->array == DCB_INPUT_IN_WORK && t->field == DCB_INPUT_DIST) {
      int w = 0;
      while (strcmp(sc->works[w].name, t->element) != 0)
        w++;
      values[i] = dcb_scenario_work_ready(sc, w, seed);
      continue;
    }
    DcbRng rng;
    dcb_rng_init(&rng, seed, sc->inputs[i].stream);
    values[i] = dcb_dist_sample(&sc->inputs[i].dist, &rng);
  }
}

void dcb_scenario_apply_draws(DcbScenario *sc, guint64 seed)
{
  if (sc->n_inputs == 0)
    return;
  g_autofree double *values = g_new(double, sc->n_inputs);
  dcb_scenario_draw_inputs(sc, seed, values);
  for (int i = 0; i < sc->n_inputs; i++)
    for (int k = 0; k < sc->inputs[i].n_targets; k++) {
      const DcbInputTarget *t = &sc->inputs[i].targets[k];
      void *at = target_address(sc, t);
      switch (t->field) {
        case DCB_INPUT_DOUBLE:
          *(double *)at = values[i];
          break;
        case DCB_INPUT_TRAJ_POINT:
          ((DcbTraj *)at)->value[t->point] = values[i];
          break;
        case DCB_INPUT_DIST:
          *(DcbDist *)at = dcb_dist_fixed(values[i]);
          break;
      }
    }
  g_free(sc->demand_by_year_mw);
  precompute(sc);
}

DcbScenario *dcb_scenario_drawn_copy(const DcbScenario *sc, guint64 seed)
{
  DcbScenario *copy = g_memdup2(sc, sizeof *sc);
  /* The element arrays by value: their elements' strings and lists stay shared. */
  copy->substations =
      g_memdup2(sc->substations, sizeof *sc->substations * (gsize)sc->n_substations);
  copy->loads = g_memdup2(sc->loads, sizeof *sc->loads * (gsize)sc->n_loads);
  copy->projects = g_memdup2(sc->projects, sizeof *sc->projects * (gsize)sc->n_projects);
  copy->works = g_memdup2(sc->works, sizeof *sc->works * (gsize)sc->n_works);
  copy->corridors = g_memdup2(sc->corridors, sizeof *sc->corridors * (gsize)sc->n_corridors);
  copy->demand_by_year_mw =
      g_memdup2(sc->demand_by_year_mw, sizeof(double) * (gsize)sc->demand_n_years);
  dcb_scenario_apply_draws(copy, seed);
  return copy;
}

void dcb_scenario_free_drawn(DcbScenario *copy)
{
  if (copy == NULL)
    return;
  g_free(copy->substations);
  g_free(copy->loads);
  g_free(copy->projects);
  g_free(copy->works);
  g_free(copy->corridors);
  g_free(copy->demand_by_year_mw);
  g_free(copy);
}

double dcb_scenario_demand(const DcbScenario *sc, int year)
{
  int i = year - sc->demand_first_year;
  if (i < 0)
    return dcb_traj_at(&sc->demand_share, sc->start_year) *
           (sc->has_curve ? dcb_traj_at(&sc->curve, year) : sc->it_mw);
  if (i >= sc->demand_n_years)
    return sc->demand_by_year_mw[sc->demand_n_years - 1];
  return sc->demand_by_year_mw[i];
}

int dcb_scenario_substation_index(const DcbScenario *sc, const char *name)
{
  /* Sorted by name: binary search. */
  int lo = 0, hi = sc->n_substations - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    int c = strcmp(sc->substations[mid].name, name);
    if (c == 0)
      return mid;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return -1;
}

int dcb_scenario_first_year(const DcbScenario *sc)
{
  return sc->first_year;
}
