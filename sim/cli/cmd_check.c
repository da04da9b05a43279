/* cmd_check.c - `dcbuildout check SCENARIO [--set group.key=value]...`: validate a scenario and
 * its platform completely without simulating, and print what they say.
 *
 * Steps, each stopping at the first error (one line "dcbuildout: FILE: ...", exit 2):
 *   1-3. the checked opener dcb_inputs_open (inputs.h), as run does: the scenario (overrides
 *      applied and validated like the file), the platform it names (GMarkup, no SimGrid), the
 *      cross-checks (substations, project sites, halls enough);
 *   4. the platform loaded by SimGrid itself in a forked child (dcb_engine_check), with the
 *      SimGrid options (--cfg=, --log=) `run` would pass, so that both accept the same ones, to
 *      catch whatever SimGrid would still refuse (its abort cannot hurt this process).
 * Warnings go to stderr as "warning: ..." lines; the summary goes to stdout: scenario and
 * horizon, demand by year, every key of the fixed groups from the key table (schema.h: its value
 * and where it comes from, so a new key shows without a change here), then the named groups as
 * tables: sites, substations, projects, competing loads, planned works and corridors (rules 20,
 * 23), developers' behaviour (rules 16-17: [developer]'s and every project's own), and the
 * uncertain inputs (rule 25: name, distribution, central value, and their count), and the
 * second layer's keys that take their default ("new defaults").  Everything
 * printed is derived from the inputs in a fixed order (sites and halls by name, groups sorted by
 * the loader), numbers in the C locale, so the output is deterministic.
 */
#include "check.h"
#include "cli.h"
#include "engine_loader.h"
#include "error.h"
#include "platform.h"
#include "scenario.h"
#include "schema.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* "%.6g" in the C locale; (transfer full). */
static char *num(double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  return g_strdup(g_ascii_formatd(buf, sizeof buf, "%.6g", v));
}

/* "v@year, v@year" or a plain number; (transfer full). */
static char *traj_str(const DcbTraj *t)
{
  if (t->n == 1)
    return num(t->value[0]);
  GString *s = g_string_new(NULL);
  for (int i = 0; i < t->n; i++) {
    g_autofree char *v = num(t->value[i]);
    g_autofree char *y = num(t->year[i]);
    g_string_append_printf(s, "%s%s@%s", i ? ", " : "", v, y);
  }
  return g_string_free(s, FALSE);
}

/* ------------------------------------------------------------------ aligned tables */

typedef struct {
  GPtrArray *rows; /* of GPtrArray of char* */
  int n_cols;
} Table;

static void table_init(Table *t, int n_cols)
{
  t->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  t->n_cols = n_cols;
}

/* Append a row of n_cols strings, taking ownership of each. */
static void table_row(Table *t, ...)
{
  GPtrArray *row = g_ptr_array_new_with_free_func(g_free);
  va_list ap;
  va_start(ap, t);
  for (int c = 0; c < t->n_cols; c++) {
    char *cell = va_arg(ap, char *);
    g_ptr_array_add(row, cell ? cell : g_strdup(""));
  }
  va_end(ap);
  g_ptr_array_add(t->rows, row);
}

static void table_print(Table *t, const char *indent)
{
  g_autofree int *w = g_new0(int, t->n_cols);
  for (guint r = 0; r < t->rows->len; r++) {
    GPtrArray *row = t->rows->pdata[r];
    for (int c = 0; c < t->n_cols; c++)
      w[c] = MAX(w[c], (int)g_utf8_strlen(row->pdata[c], -1));
  }
  for (guint r = 0; r < t->rows->len; r++) {
    GPtrArray *row = t->rows->pdata[r];
    GString *line = g_string_new(indent);
    for (int c = 0; c < t->n_cols; c++) {
      const char *cell = row->pdata[c];
      g_string_append(line, cell);
      if (c + 1 < t->n_cols)
        for (int pad = (int)g_utf8_strlen(cell, -1); pad < w[c] + 2; pad++)
          g_string_append_c(line, ' ');
    }
    while (line->len > 0 && line->str[line->len - 1] == ' ')
      g_string_truncate(line, line->len - 1);
    printf("%s\n", line->str);
    g_string_free(line, TRUE);
  }
  g_ptr_array_unref(t->rows);
}

/* ------------------------------------------------------------------ summary */

/* Rules 5 and 25: Y1-Y2 as written (a decimal Y2 is an instant: shown with its '.'). */
static char *moratorium_str(const DcbSubstation *b)
{
  if (!b->has_moratorium)
    return g_strdup("none");
  g_autofree char *from = num(b->moratorium_from), *to = num(b->moratorium_to);
  gboolean instant = b->moratorium_end == b->moratorium_to && strchr(to, '.') == NULL;
  return g_strdup_printf("%s-%s%s", from, to, instant ? ".0" : "");
}

static void print_header(const DcbScenario *sc, const DcbPlatform *pf)
{
  printf("scenario %s (%s)\n", sc->name, sc->path);
  int first = dcb_scenario_first_year(sc);
  printf("  horizon: rows %d..%d (%d years); simulated time starts 1 January %d%s\n",
         sc->start_year, sc->end_year, sc->end_year - sc->start_year + 1, first,
         first < sc->start_year ? " (earliest announcement)" : "");
  printf("  seed: %" G_GUINT64_FORMAT "\n", sc->seed);
  double total_mw = 0;
  for (int s = 0; s < pf->n_sites; s++)
    total_mw += pf->sites[s].capacity_mw;
  g_autofree char *tot = num(total_mw);
  printf("  platform: %s (%d sites, %d halls, %s MW IT; control host '%s')\n", pf->path,
         pf->n_sites, pf->n_halls, tot, pf->control_host);
  if (sc->has_target) {
    g_autofree char *t = traj_str(&sc->target_mw);
    printf("  target: %s MW IT\n", t);
  }

  printf("\ndemand (IT MW)\n");
  if (sc->has_curve)
    printf("  curve: %s\n", sc->curve_path);
  else {
    g_autofree char *it = num(sc->it_mw);
    g_autofree char *g = traj_str(&sc->growth);
    printf("  %s MW in %d, yearly growth %s\n", it, sc->start_year, g);
  }
  if (sc->demand_share.n != 1 || sc->demand_share.value[0] != 1) {
    g_autofree char *sh = traj_str(&sc->demand_share);
    printf("  times a share of %s (rule 24): the region's demand below\n", sh);
  }
  GString *line = g_string_new("  ");
  int span = sc->end_year - sc->start_year;
  int step = span <= 10 ? 1 : span <= 40 ? 5 : 10;
  for (int y = sc->start_year; y <= sc->end_year; y += step) {
    g_autofree char *d = num(round(dcb_scenario_demand(sc, y)));
    g_string_append_printf(line, "%s%d: %s", y == sc->start_year ? "" : ", ", y, d);
  }
  if ((sc->end_year - sc->start_year) % step != 0) {
    g_autofree char *d = num(round(dcb_scenario_demand(sc, sc->end_year)));
    g_string_append_printf(line, ", %d: %s", sc->end_year, d);
  }
  printf("%s\n", line->str);
  g_string_free(line, TRUE);
}

/* Whether 'group.key' was given with --set. */
static gboolean overridden(const DcbScenario *sc, const char *group, const char *key)
{
  g_autofree char *prefix = g_strconcat(group, ".", key, NULL);
  for (char **o = sc->overrides; o != NULL && *o != NULL; o++) {
    g_autofree char *g = NULL, *k = NULL, *v = NULL;
    if (dcb_scenario_split_override(*o, &g, &k, &v, NULL) && strcmp(g, group) == 0 &&
        strcmp(k, key) == 0)
      return TRUE;
  }
  return FALSE;
}

/* Every key of the groups that are not named, from the key table (schema.h): its value as the
 * run will take it and where that comes from, so that a key added to the table shows here
 * without any change to this file.  Values are the scenario's text (or the row's default). */
static void print_settings(const DcbScenario *sc)
{
  printf("\nsettings (every key of the fixed groups: value and where it comes from)\n");
  Table t;
  table_init(&t, 3);
  table_row(&t, g_strdup("key"), g_strdup("value"), g_strdup("from"));
  int n = 0;
  const DcbKey *rows = dcb_schema_keys(&n);
  for (int i = 0; i < n; i++) {
    const DcbKey *r = &rows[i];
    if (strchr(r->group, ':') != NULL)
      continue;
    char *value = g_key_file_has_key(sc->effective, r->group, r->key, NULL)
                      ? g_key_file_get_value(sc->effective, r->group, r->key, NULL)
                      : NULL;
    const char *from;
    if (value != NULL) {
      g_strstrip(value);
      from = overridden(sc, r->group, r->key) ? "--set" : "scenario";
    } else {
      switch (r->need) {
        case DCB_KEY_DEFAULT:
          value = g_strdup(r->def);
          from = "default";
          break;
        case DCB_KEY_INHERITS:
          value = g_strdup_printf("= %s", r->def);
          from = "inherited";
          break;
        case DCB_KEY_DERIVED:
          value = g_strdup("-");
          from = r->def;
          break;
        default: /* optional: the feature is off; required: not used (e.g. it_mw beside a curve) */
          value = g_strdup("-");
          from = r->need == DCB_KEY_OPTIONAL ? "off" : "not used";
          break;
      }
    }
    table_row(&t, g_strdup_printf("%s.%s", r->group, r->key), value, g_strdup(from));
  }
  table_print(&t, "  ");
}

static void print_sites(const DcbPlatform *pf)
{
  printf("\nsites (%d)\n", pf->n_sites);
  Table t;
  table_init(&t, 6);
  table_row(&t, g_strdup("site"), g_strdup("town"), g_strdup("substation"), g_strdup("halls"),
            g_strdup("MW"), g_strdup("flags"));
  for (int s = 0; s < pf->n_sites; s++) {
    const DcbSite *site = &pf->sites[s];
    g_autoptr(GString) flags = g_string_new(NULL);
    if (site->turnkey)
      g_string_append(flags, "turnkey");
    if (site->fast_track)
      g_string_append_printf(flags, "%sfast-track", flags->len ? "," : "");
    if (site->heat_network) /* rule 26 */
      g_string_append_printf(flags, "%sheat-network", flags->len ? "," : "");
    table_row(&t, g_strdup(site->name), g_strdup(site->town ? site->town : "-"),
              g_strdup(site->substation), g_strdup_printf("%d", site->n_halls),
              num(site->capacity_mw), g_strdup(flags->len ? flags->str : "-"));
  }
  table_print(&t, "  ");
}

static void print_substations(const DcbScenario *sc, const DcbPlatform *pf)
{
  printf("\nsubstations (%d; grid MW)\n", sc->n_substations);
  Table t;
  table_init(&t, 7);
  table_row(&t, g_strdup("substation"), g_strdup("headroom"), g_strdup("reinforcement"),
            g_strdup("connection_years"), g_strdup("reinforcement_years"), g_strdup("moratorium"),
            g_strdup("sites"));
  for (int i = 0; i < sc->n_substations; i++) {
    const DcbSubstation *b = &sc->substations[i];
    GString *sites = g_string_new(NULL);
    for (int s = 0; s < pf->n_sites; s++)
      if (strcmp(pf->sites[s].substation, b->name) == 0)
        g_string_append_printf(sites, "%s%s", sites->len ? "," : "", pf->sites[s].name);
    if (sites->len == 0)
      g_string_append(sites, "-");
    g_autofree char *reinf = num(b->reinforcement_mw);
    table_row(&t, g_strdup(b->name), num(b->headroom_mw), g_strdup_printf("+%s", reinf),
              dcb_dist_to_string(&b->connection_years), dcb_dist_to_string(&b->reinforcement_years),
              moratorium_str(b), g_string_free(sites, FALSE));
  }
  table_print(&t, "  ");
}

static void print_projects(const DcbScenario *sc)
{
  printf("\nprojects (%d; IT MW, years; in the order they take halls)\n", sc->n_projects);
  if (sc->n_projects == 0)
    return;
  g_autofree int *order = g_new(int, sc->n_projects);
  dcb_check_project_order(sc, order);
  Table t;
  table_init(&t, 10);
  table_row(&t, g_strdup("project"), g_strdup("site"), g_strdup("phases_mw"), g_strdup("total"),
            g_strdup("announced"), g_strdup("permit"), g_strdup("phase"), g_strdup("cancel"),
            g_strdup("fast-track"), g_strdup("status"));
  for (int k = 0; k < sc->n_projects; k++) {
    const DcbProject *p = &sc->projects[order[k]];
    GString *phases = g_string_new(NULL);
    double total = 0;
    for (int i = 0; i < p->n_phases; i++) {
      g_autofree char *m = num(p->phases_mw[i]);
      g_string_append_printf(phases, "%s%s", i ? "," : "", m);
      total += p->phases_mw[i];
    }
    char *when;
    if (p->existing) {
      g_autofree char *y = num(p->operating_since);
      when = g_strdup_printf("since %s", y);
    } else {
      when = num(p->announced);
      if (p->has_requested) {
        g_autofree char *r = num(p->requested);
        char *both = g_strdup_printf("%s (grid %s)", when, r);
        g_free(when);
        when = both;
      }
    }
    const char *status = p->existing                    ? "existing"
                         : p->cancel_probability >= 1.0 ? "cancelled"
                                                        : "planned";
    table_row(&t, g_strdup(p->name), g_strdup(p->site), g_string_free(phases, FALSE), num(total),
              when, p->existing ? g_strdup("-") : dcb_dist_to_string(&p->permit_years),
              p->existing ? g_strdup("-") : dcb_dist_to_string(&p->phase_years),
              p->existing ? g_strdup("-") : num(p->cancel_probability),
              g_strdup(p->fast_track ? "yes" : "no"), g_strdup(status));
  }
  table_print(&t, "  ");
}

/* Rule 20's planned works and rule 23's corridors (grid MW). */
static void print_works_corridors(const DcbScenario *sc)
{
  printf("\nplanned works (%d; grid MW, MEUR)\n", sc->n_works);
  if (sc->n_works > 0) {
    Table t;
    table_init(&t, 6);
    table_row(&t, g_strdup("work"), g_strdup("substation"), g_strdup("MW"), g_strdup("ready"),
              g_strdup("start"), g_strdup("MEUR"));
    for (int i = 0; i < sc->n_works; i++) {
      const DcbPlannedWork *w = &sc->works[i];
      table_row(&t, g_strdup(w->name), g_strdup(w->substation), num(w->mw),
                dcb_dist_to_string(&w->ready), w->has_start ? num(w->start) : g_strdup("-"),
                num(w->meur));
    }
    table_print(&t, "  ");
  }
  printf("\ncorridors (%d; grid MW)\n", sc->n_corridors);
  if (sc->n_corridors > 0) {
    Table t;
    table_init(&t, 3);
    table_row(&t, g_strdup("corridor"), g_strdup("substations"), g_strdup("cap_mw"));
    for (int i = 0; i < sc->n_corridors; i++) {
      const DcbCorridor *c = &sc->corridors[i];
      table_row(&t, g_strdup(c->name), g_strjoinv(",", c->substations), traj_str(&c->cap_mw));
    }
    table_print(&t, "  ");
  }
}

/* The developer keys in the order of the key table (rules 16-17). */
static const char *const developer_keys[] = {"build_at_risk", "phase_overlap", "max_wait_years",
                                             "on_long_wait", NULL};

/* The value of one developer key of 'd' (transfer full). */
static char *developer_value(const DcbDeveloper *d, int k)
{
  switch (k) {
    case 0:
      return g_strdup(d->build_at_risk ? "true" : "false");
    case 1:
      return num(d->phase_overlap);
    case 2:
      return d->has_max_wait ? num(d->max_wait_years) : g_strdup("none");
    default: {
      GString *s = g_string_new(NULL);
      for (int i = 0; i < d->n_on_long_wait; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "",
                               dcb_words_name(dcb_wait_words, (int)d->on_long_wait[i]));
      return g_string_free(s, FALSE);
    }
  }
}

/* Rule 22's market check of 'd' (transfer full). */
static char *market_str(const DcbDeveloper *d)
{
  if (!d->market_check)
    return g_strdup("off");
  g_autofree char *ahead = num(d->market_years), *wait = num(d->defer_years);
  return g_strdup_printf("on (demand %s years ahead against the committed capacity; a deferred "
                         "project is cancelled at its first failed check %s years after)",
                         ahead, wait);
}

/* Rule 22: [developer]'s market check, then every project that sets one of its keys. */
static void print_market(const DcbScenario *sc)
{
  static const char *const keys[] = {"market_check", "market_years", "defer_years"};
  g_autofree char *all = market_str(&sc->developer);
  printf("  market check (rule 22), every project: %s\n", all);
  for (int i = 0; i < sc->n_projects; i++) {
    const DcbProject *p = &sc->projects[i];
    g_autofree char *group = g_strconcat("project:", p->name, NULL);
    gboolean own = FALSE;
    for (size_t k = 0; k < G_N_ELEMENTS(keys); k++)
      own = own || g_key_file_has_key(sc->effective, group, keys[k], NULL);
    if (own) {
      g_autofree char *v = market_str(&p->developer);
      printf("    %s: %s\n", p->name, v);
    }
  }
}

/* Developers' behaviour (rules 16-17): [developer]'s, then every project that sets its own
 * (resolved values; '*' marks a project's own). */
static void print_developers(const DcbScenario *sc)
{
  printf("\ndevelopers (rules 16-17)\n");
  GString *line = g_string_new("  every project:");
  for (int k = 0; developer_keys[k] != NULL; k++) {
    g_autofree char *v = developer_value(&sc->developer, k);
    g_string_append_printf(line, "%s %s = %s", k ? ";" : "", developer_keys[k], v);
  }
  printf("%s\n", line->str);
  g_string_free(line, TRUE);
  Table t;
  table_init(&t, 5);
  table_row(&t, g_strdup("project"), g_strdup(developer_keys[0]), g_strdup(developer_keys[1]),
            g_strdup(developer_keys[2]), g_strdup(developer_keys[3]));
  int n_own = 0;
  for (int i = 0; i < sc->n_projects; i++) {
    const DcbProject *p = &sc->projects[i];
    g_autofree char *group = g_strconcat("project:", p->name, NULL);
    char *cells[4];
    gboolean any = FALSE;
    for (int k = 0; k < 4; k++) {
      gboolean own = g_key_file_has_key(sc->effective, group, developer_keys[k], NULL);
      g_autofree char *v = developer_value(&p->developer, k);
      cells[k] = g_strdup_printf("%s%s", v, own ? "*" : "");
      any = any || own;
    }
    if (any) {
      table_row(&t, g_strdup(p->name), cells[0], cells[1], cells[2], cells[3]);
      n_own++;
    } else {
      for (int k = 0; k < 4; k++)
        g_free(cells[k]);
    }
  }
  if (n_own > 0) {
    printf("  projects with their own (* set by the project, the rest from [developer]):\n");
    table_print(&t, "    ");
  } else {
    g_ptr_array_unref(t.rows);
    printf("  no project sets its own\n");
  }
  print_market(sc);
}

/* The second layer's keys that take their default (DESIGN §2.2): an old scenario runs with
 * them, so they are listed, with the overrides that give the first layer's reading. */
static void print_new_defaults(const DcbScenario *sc)
{
  int n = 0;
  g_autofree const DcbKey **rows = dcb_check_new_defaults(sc, &n);
  printf("\nnew defaults (keys of the second layer, DESIGN §2.2, not set by the scenario: %d)\n",
         n);
  if (n > 0) {
    Table t;
    table_init(&t, 2);
    for (int i = 0; i < n; i++)
      table_row(&t, g_strdup_printf("%s.%s = %s", rows[i]->group, rows[i]->key, rows[i]->def),
                g_strdup_printf("rule %d", rows[i]->rule));
    table_print(&t, "  ");
  }
  printf("  the first layer's reading: --set grid.grant=whole --set developer.build_at_risk=true "
         "--set investor.siting=legacy (and every new feature off)\n");
}

/* Rule 25: the inputs given as distributions, drawn once per run (per replication), with their
 * central value (what the figures above show). */
static void print_uncertain(const DcbScenario *sc)
{
  printf("\nuncertain inputs (rule 25: drawn once per run, per replication in a Monte Carlo; the "
         "values above are central: %d)\n",
         sc->n_inputs);
  if (sc->n_inputs == 0)
    return;
  Table t;
  table_init(&t, 3);
  for (int i = 0; i < sc->n_inputs; i++) {
    const DcbInput *in = &sc->inputs[i];
    g_autofree char *c = num(dcb_dist_central(&in->dist));
    table_row(&t, g_strdup(in->name), dcb_dist_to_string(&in->dist),
              g_strdup_printf("central %s", c));
  }
  table_print(&t, "  ");
}

static void print_loads_investor(const DcbScenario *sc)
{
  printf("\ncompeting loads (%d; grid MW)\n", sc->n_loads);
  for (int i = 0; i < sc->n_loads; i++) {
    g_autofree char *mw = traj_str(&sc->loads[i].mw);
    printf("  %s at %s: %s\n", sc->loads[i].name, sc->loads[i].substation, mw);
  }
  printf("\ninvestor: %s\n", sc->investor_enabled ? "enabled (see settings)" : "disabled");
}

int dcb_cmd_check(int argc, char **argv, const DcbCli *cli)
{
  g_auto(GStrv) sets = NULL;
  GOptionEntry entries[] = {{"set", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &sets,
                             "override a scenario key (repeatable)", "GROUP.KEY=VALUE"},
                            {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("SCENARIO");
  g_option_context_set_summary(
      ctx, "Validate a scenario and its platform completely (keys, ranges, references, halls\n"
           "enough for every project, and the platform as SimGrid reads it) without\n"
           "simulating; print a summary on stdout and warnings on stderr.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  GError *error = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
    int status = dcb_cli_usage("check", "%s", error->message);
    g_error_free(error);
    return status;
  }
  if (argc < 2)
    return dcb_cli_usage("check", "missing SCENARIO");
  if (argc > 2)
    return dcb_cli_usage("check", "unexpected argument '%s'", argv[2]);

  g_autoptr(DcbInputs) in = dcb_inputs_open(argv[1], (const char *const *)sets, &error);
  if (in == NULL)
    return dcb_cli_report(error);
  dcb_inputs_print_warnings(in);
  const DcbScenario *sc = dcb_inputs_scenario(in);
  const DcbPlatform *pf = dcb_inputs_platform(in);
  guint n_warnings = g_strv_length((char **)dcb_inputs_warnings(in));
  const DcbEngine *eng = dcb_engine_load(&error);
  if (eng == NULL)
    return dcb_cli_report(error);
  if (!dcb_engine_check(eng, sc->platform_path, cli->sg_args, &error))
    return dcb_cli_report(error);

  print_header(sc, pf);
  print_settings(sc);
  print_sites(pf);
  print_substations(sc, pf);
  print_projects(sc);
  print_loads_investor(sc);
  print_works_corridors(sc);
  print_developers(sc);
  print_uncertain(sc);
  print_new_defaults(sc);
  printf("\nok: %s and %s are consistent (%u warning%s)\n", sc->path, pf->path, n_warnings,
         n_warnings == 1 ? "" : "s");
  return DCB_EXIT_OK;
}
