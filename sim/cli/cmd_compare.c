/* cmd_compare.c - the 'compare' command: scenarios and variants of a base scenario, run with
 * common random numbers and compared replication by replication (compare.h, DESIGN §5, §6).
 *
 *   dcbuildout compare BASE [OTHER.ini]... [--variant 'NAME: g.k=v; g.k=v']... [--set g.k=v]...
 *                      [--replications N] [--jobs J] [--seed N] [--out DIR] [--quiet]
 *
 * Every scenario is opened and checked before anything runs: a bad file or a bad variant is exit
 * 2 with one line naming it, and nothing is written.  A scenario is named by its [scenario] name,
 * a variant by NAME; names must differ (they name the scenarios' directories and the differences
 * "NAME-BASE" in compare.csv).  A variant is the base with --set of each override, in order;
 * overrides are separated by ';' (a ';' inside quotes or brackets stays in its value, and a
 * value's outer quotes are removed, as in a sweep spec: 'demand.share="0.02@2025, 0.3@2035"').
 * --set overrides a key in every scenario, the base, the OTHER files and the variants (whose own
 * overrides come after it): a comparison of the same policies on another demand path.
 */
#include "batch.h"
#include "cli.h"
#include "compare.h"
#include "engine_loader.h"
#include "error.h"
#include "infile.h"
#include "runner.h"
#include <stdio.h>
#include <string.h>

/* Default number of replications per scenario: enough for stable medians of a difference. */
#define DCB_COMPARE_DEFAULT_REPLICATIONS 200
#define DCB_COMPARE_MAX_REPLICATIONS     100000
#define DCB_COMPARE_MAX_SCENARIOS        64

/* A scenario name usable as a directory name and inside "NAME-BASE": not one of the names the
 * comparison's directory holds besides the scenarios' (compare.csv, figures/, rep-*). */
static gboolean is_name(const char *s)
{
  if (s == NULL || *s == '\0' || *s == '.' || *s == '-' || strlen(s) > 64 ||
      strcmp(s, "compare.csv") == 0 || strcmp(s, "figures") == 0 || g_str_has_prefix(s, "rep-"))
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isalnum(*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

/* "g.k = 'v'" or "g.k=\"v\"" -> "g.k=v" (the quotes that keep a ';' or a ',' in a value, as in
 * a sweep spec), "g.k = v" -> "g.k=v".  Takes 'one'. (transfer full) */
static char *unquote_value(char *one)
{
  char *eq = strchr(one, '=');
  g_autofree char *key = g_strstrip(g_strndup(one, (gsize)(eq - one)));
  g_autofree char *value = g_strstrip(g_strdup(eq + 1));
  size_t n = strlen(value);
  gboolean quoted = n >= 2 && (value[0] == '"' || value[0] == '\'') && value[n - 1] == value[0];
  if (quoted)
    value[n - 1] = '\0';
  g_free(one);
  return g_strdup_printf("%s=%s", key, quoted ? value + 1 : value);
}

/* Split "g.k=v; g.k=v" at the ';' outside quotes and brackets; each override trimmed, none
 * empty, a value's outer quotes removed.  NULL with *why on a malformed list. (transfer full) */
static GStrv split_overrides(const char *text, char **why)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);
  int depth = 0;
  char quote = 0;
  const char *start = text;
  for (const char *p = text;; p++) {
    if (quote != 0) {
      if (*p == quote)
        quote = 0;
      else if (*p == '\0')
        break;
      continue;
    }
    if (*p == '"' || *p == '\'')
      quote = *p;
    else if (*p == '(' || *p == '[')
      depth++;
    else if ((*p == ')' || *p == ']') && depth > 0)
      depth--;
    else if ((*p == ';' && depth == 0) || *p == '\0') {
      char *one = g_strstrip(g_strndup(start, (gsize)(p - start)));
      if (*one == '\0' && !(*p == '\0' && out->len > 0)) { /* a trailing ';' is allowed */
        g_free(one);
        *why = g_strdup("an empty override (two ';' in a row, or none at all)");
        return NULL;
      }
      if (*one == '\0')
        g_free(one);
      else if (strchr(one, '=') == NULL || one[0] == '=') {
        *why = g_strdup_printf("'%s' is not GROUP.KEY=VALUE", one);
        g_free(one);
        return NULL;
      } else
        g_ptr_array_add(out, unquote_value(one));
      if (*p == '\0')
        break;
      start = p + 1;
    }
  }
  if (quote != 0) {
    *why = g_strdup("an unclosed quote");
    return NULL;
  }
  g_ptr_array_add(out, NULL);
  return (GStrv)g_ptr_array_free(g_steal_pointer(&out), FALSE);
}

typedef struct {
  GArray *scenarios;  /* of DcbCompareScenario (the base first), fields owned below */
  GPtrArray *inputs;  /* DcbInputs *, freed last to first */
  GPtrArray *strings; /* names and abouts, freed */
} Opened;

static void opened_clear(Opened *o)
{
  g_clear_pointer(&o->scenarios, g_array_unref);
  /* the last first: the base, opened first, lends its platform to the others */
  for (guint i = o->inputs->len; i-- > 0;)
    dcb_inputs_free(g_ptr_array_index(o->inputs, i));
  g_clear_pointer(&o->inputs, g_ptr_array_unref);
  g_clear_pointer(&o->strings, g_ptr_array_unref);
}

static const char *keep(Opened *o, char *s)
{
  g_ptr_array_add(o->strings, s);
  return s;
}

/* Add a scenario; refuses a name already taken, or one that cannot name its directory and its
 * rows (compare.csv, compare.gp's list of names). */
static gboolean add(Opened *o, const char *name, const char *about, DcbInputs *in, const char *what,
                    GError **error)
{
  if (!is_name(name)) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                "%s: [scenario] name '%s' cannot name a scenario of a comparison: use letters, "
                "digits, '.', '_' or '-' (at most 64, not starting with '.' or '-', not "
                "compare.csv, figures or rep-*)",
                what, name);
    dcb_inputs_free(in);
    return FALSE;
  }
  for (guint i = 0; i < o->scenarios->len; i++) {
    const DcbCompareScenario *c = &g_array_index(o->scenarios, DcbCompareScenario, i);
    if (strcmp(c->name, name) == 0) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s: the name '%s' is taken by another scenario of the comparison (%s); "
                  "give each scenario its own [scenario] name, each variant its own NAME",
                  what, name, c->about);
      dcb_inputs_free(in);
      return FALSE;
    }
  }
  g_ptr_array_add(o->inputs, in);
  DcbCompareScenario c = {
      .name = keep(o, g_strdup(name)), .about = keep(o, g_strdup(about)), .in = in};
  g_array_append_val(o->scenarios, c);
  return TRUE;
}

int dcb_cmd_compare(int argc, char **argv, const DcbCli *cli)
{
  g_autofree char *out_dir = NULL, *seed_text = NULL;
  g_autofree char *replications_text = NULL, *jobs_text = NULL, *batch_text = NULL;
  g_auto(GStrv) variants = NULL, sets = NULL;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
      {"variant", 'v', 0, G_OPTION_ARG_STRING_ARRAY, &variants,
       "a variant of BASE: its name, then overrides separated by ';' (repeatable)",
       "'NAME: GROUP.KEY=VALUE; ...'"},
      {"set", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &sets,
       "override a key in every scenario (before a variant's own overrides; repeatable)",
       "GROUP.KEY=VALUE"},
      {"replications", 'n', 0, G_OPTION_ARG_STRING, &replications_text,
       "replications of every scenario (default 200)", "N"},
      {"jobs", 'j', 0, G_OPTION_ARG_STRING, &jobs_text, "simulations at once (default: cores)",
       "J"},
      {"batch", 0, 0, G_OPTION_ARG_STRING, &batch_text,
       "replications per child process, 1.." G_STRINGIFY(DCB_BATCH_MAX) " (default: chosen)", "K"},
      {"seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
       "base seed of every scenario (default: BASE's)", "N"},
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
       "output directory (default out/NAME-compare)", "DIR"},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "print nothing on success", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx =
      g_option_context_new("BASE [OTHER.ini]... - compare scenarios with common random numbers");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_option_context_set_description(
      ctx, "Runs BASE, every OTHER scenario and every variant with the same replication seeds\n"
           "and writes compare.csv (year, metric, scenario, p05, p50, p95 of each scenario and\n"
           "of each paired difference NAME-BASE) and one Monte Carlo directory per scenario.\n"
           "Example:\n"
           "  dcbuildout compare workloads/hauts-de-france.ini \\\n"
           "    --variant 'no-guarantee: grid.fast_track_guarantee=false' \\\n"
           "    --variant 'crews-5: grid.crews=5' --replications 200\n");
  GError *error = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
    int st = dcb_cli_usage("compare", "%s", error->message);
    g_error_free(error);
    return st;
  }
  int n_variants = variants != NULL ? (int)g_strv_length(variants) : 0;
  if (argc < 2)
    return dcb_cli_usage("compare", "expected the BASE scenario file");
  if (argc - 1 + n_variants < 2)
    return dcb_cli_usage("compare", "nothing to compare: give OTHER scenario files or --variant");
  if (argc - 1 + n_variants > DCB_COMPARE_MAX_SCENARIOS)
    return dcb_cli_usage("compare", "at most %d scenarios at once (got %d)",
                         DCB_COMPARE_MAX_SCENARIOS, argc - 1 + n_variants);
  guint64 seed = 0;
  if (seed_text != NULL && !g_ascii_string_to_unsigned(seed_text, 10, 0, G_MAXUINT64, &seed, NULL))
    return dcb_cli_usage(
        "compare", "--seed must be an integer in 0..18446744073709551615 (got '%s')", seed_text);
  int replications = DCB_COMPARE_DEFAULT_REPLICATIONS, jobs = 0, batch = 0, st = 0;
  gboolean has_replications = FALSE, has_jobs = FALSE, has_batch = FALSE;
  if ((st = dcb_cli_int_option("compare", "replications", replications_text, 1,
                               DCB_COMPARE_MAX_REPLICATIONS, &has_replications, &replications)) !=
          0 ||
      (st = dcb_cli_int_option("compare", "jobs", jobs_text, 1, DCB_CLI_MAX_JOBS, &has_jobs,
                               &jobs)) != 0 ||
      (st = dcb_cli_int_option("compare", "batch", batch_text, 1, DCB_BATCH_MAX, &has_batch,
                               &batch)) != 0)
    return st;
  if (!has_replications)
    replications = DCB_COMPARE_DEFAULT_REPLICATIONS;

  /* Every scenario opened and checked before anything runs or is written. */
  Opened o = {.scenarios = g_array_new(FALSE, FALSE, sizeof(DcbCompareScenario)),
              .inputs = g_ptr_array_new(),
              .strings = g_ptr_array_new_with_free_func(g_free)};
  int status = DCB_EXIT_OK;
  const char *base_path = argv[1];
  g_autofree char *base_data = NULL;
  gsize base_len = 0;
  DcbInputs *base = NULL;
  if (!dcb_infile_read(base_path, "scenario", 0, &base_data, &base_len, &error) ||
      (base = dcb_inputs_open_data(base_path, base_data, base_len, (const char *const *)sets, NULL,
                                   &error)) == NULL) {
    status = dcb_cli_report(error);
    goto out;
  }
  dcb_inputs_print_warnings(base);
  {
    g_autofree char *file = g_path_get_basename(base_path);
    g_autofree char *about = g_strdup_printf("base, %s", file);
    if (!add(&o, dcb_inputs_scenario(base)->name, about, base, base_path, &error)) {
      status = dcb_cli_report(error);
      goto out;
    }
  }
  for (int i = 2; i < argc; i++) {
    g_autofree char *data = NULL;
    gsize len = 0;
    DcbInputs *in = NULL;
    if (!dcb_infile_read(argv[i], "scenario", 0, &data, &len, &error) ||
        (in = dcb_inputs_open_data(argv[i], data, len, (const char *const *)sets, base, &error)) ==
            NULL) {
      status = dcb_cli_report(error);
      goto out;
    }
    dcb_inputs_print_warnings(in);
    g_autofree char *file = g_path_get_basename(argv[i]);
    g_autofree char *about =
        g_strdup_printf("scenario %s (sha256 %s)", file, dcb_inputs_scenario(in)->sha256);
    if (!add(&o, dcb_inputs_scenario(in)->name, about, in, argv[i], &error)) {
      status = dcb_cli_report(error);
      goto out;
    }
  }
  for (int v = 0; v < n_variants; v++) {
    const char *spec = variants[v];
    const char *colon = strchr(spec, ':');
    g_autofree char *name = colon ? g_strstrip(g_strndup(spec, (gsize)(colon - spec))) : NULL;
    if (colon == NULL || !is_name(name)) {
      status = dcb_cli_usage("compare",
                             "--variant '%s': expected 'NAME: GROUP.KEY=VALUE; ...' with NAME of "
                             "letters, digits, '.', '_' or '-' (at most 64, not starting with "
                             "'.' or '-', not compare.csv, figures or rep-*)",
                             spec);
      goto out;
    }
    g_autofree char *why = NULL;
    g_auto(GStrv) own = split_overrides(colon + 1, &why);
    if (own == NULL) {
      status = dcb_cli_usage("compare", "--variant '%s': %s", name, why);
      goto out;
    }
    g_autoptr(GStrvBuilder) b = g_strv_builder_new();
    if (sets != NULL)
      g_strv_builder_addv(b, (const char **)sets);
    g_strv_builder_addv(b, (const char **)own);
    g_auto(GStrv) overrides = g_strv_builder_end(b);
    DcbInputs *in = dcb_inputs_open_data(base_path, base_data, base_len,
                                         (const char *const *)overrides, base, &error);
    if (in == NULL) {
      g_prefix_error(&error, "variant '%s': ", name);
      status = dcb_cli_report(error);
      goto out;
    }
    dcb_inputs_print_warnings(in);
    g_autofree char *joined = g_strjoinv("; ", own);
    g_autofree char *about = g_strdup_printf("variant of the base: %s", joined);
    g_autofree char *what = g_strdup_printf("variant '%s'", name);
    if (!add(&o, name, about, in, what, &error)) {
      status = dcb_cli_report(error);
      goto out;
    }
  }
  const DcbCompareScenario *scenarios = (const DcbCompareScenario *)o.scenarios->data;
  int S = (int)o.scenarios->len;
  /* A name may not be that of a difference row ("x-planned" beside x and the base planned). */
  for (int i = 1; i < S; i++) {
    g_autofree char *diff = g_strdup_printf("%s-%s", scenarios[i].name, scenarios[0].name);
    for (int j = 0; j < S; j++)
      if (strcmp(scenarios[j].name, diff) == 0) {
        status = dcb_cli_usage("compare",
                               "the scenario name '%s' (%s) is also the name of the difference of "
                               "'%s' from the base in compare.csv: rename one of them",
                               scenarios[j].name, scenarios[j].about, scenarios[i].name);
        goto out;
      }
  }
  int first = 0, last = 0;
  if (!dcb_compare_common_years(scenarios, S, &first, &last)) {
    status =
        dcb_cli_usage("compare", "the scenarios share no year (each runs start_year..end_year): "
                                 "compare scenarios whose rows overlap");
    goto out;
  }
  {
    const DcbEngine *eng = dcb_engine_load(&error);
    if (eng == NULL) {
      status = dcb_cli_report(error);
      goto out;
    }
    gboolean shared = TRUE;
    const char *base_platform = dcb_inputs_platform(base)->path;
    for (int s = 0; s < S; s++)
      shared = shared && strcmp(dcb_inputs_platform(scenarios[s].in)->path, base_platform) == 0;
    if (out_dir == NULL) {
      g_autofree char *leaf = g_strdup_printf("%s-compare", scenarios[0].name);
      out_dir = g_build_filename("out", leaf, NULL);
    }
    DcbCompareOptions co = {.scenarios = scenarios,
                            .n_scenarios = S,
                            .shared_platform = shared,
                            .eng = eng,
                            .sg_args = cli->sg_args,
                            .out_dir = out_dir,
                            .seed = seed_text != NULL ? seed : dcb_inputs_scenario(base)->seed,
                            .replications = replications,
                            .jobs = has_jobs ? jobs : dcb_runner_default_jobs(),
                            .batch = batch,
                            .quiet = quiet};
    status = dcb_compare_run(&co, &error);
    if (error != NULL)
      status = dcb_cli_report(error);
  }
out:
  opened_clear(&o);
  return status;
}
