/* cmd_platform.c - `dcbuildout platform SITES.csv [--out FILE] [--control-host NAME]`: generate a
 * platform XML (DESIGN §4.1) from a site table, e.g. large synthetic regions for benchmarks.
 *
 * The table is CSV with a header line naming its columns, in any order: site, substation,
 * halls, hall_mw are required; town, turnkey, fast_track, heat_network (true|false), lat, lon and
 * idle_fraction (idle = epsilon = idle_fraction x peak, default 0.2: DOMAIN "idle power of GPU
 * servers 0.20 x peak") are optional.  Fields may be double-quoted ("Cambrai, Nord"); lines
 * starting with '#' and blank lines are skipped.  Every error names the CSV file and line.
 *
 * Each site becomes a zone (routing None) holding its halls <site>-hNN (zero-padded to the
 * width of the hall count, so host-name order is number order), each a host of speed = peak W
 * in flop/s (1 flop/s per W) with wattage_per_state "idle:idle:peak" and wattage_off 0.  A
 * control zone (routing Full) holds the control host (default "ctrl", wattage 0:0), and the
 * root zone is routing Full (see the SimGrid notes: Full at the top, None for the many halls).
 * Every field is checked first (finite numbers, hall_mw in (0, 1e6], halls in [1, 1e6],
 * idle_fraction in [0, 1)); the generated text is then loaded with dcb_platform_load (from a
 * private temporary file) to prove it valid before it goes anywhere: to --out atomically
 * (temporary file then rename), or to stdout without --out.  An invalid text never replaces an
 * existing --out file.
 */
#include "cli.h"
#include "error.h"
#include "infile.h"
#include "number.h"
#include "platform.h"
#include "trace.h"
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  char *site, *substation, *town;
  int halls;
  double hall_mw;
  int turnkey, fast_track, heat_network; /* -1 absent, else 0/1 */
  double lat, lon;                       /* NAN when absent */
  double idle_fraction;
  int line; /* of the CSV, for messages */
} SiteRow;

static void site_row_clear(gpointer data)
{
  SiteRow *r = data;
  g_free(r->site);
  g_free(r->substation);
  g_free(r->town);
}

/* Split one CSV line into fields (double quotes allowed, "" inside quotes is a quote).
 * Returns NULL with *why set on an unterminated quote. (transfer full) */
static GPtrArray *split_csv(const char *line, const char **why)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func(g_free);
  GString *cur = g_string_new(NULL);
  gboolean quoted = FALSE, was_quoted = FALSE;
  for (const char *c = line;; c++) {
    if (quoted) {
      if (*c == '\0') {
        *why = "unterminated double quote";
        g_string_free(cur, TRUE);
        g_ptr_array_free(fields, TRUE);
        return NULL;
      }
      if (*c == '"' && c[1] == '"') {
        g_string_append_c(cur, '"');
        c++;
      } else if (*c == '"')
        quoted = FALSE;
      else
        g_string_append_c(cur, *c);
      continue;
    }
    if (*c == ',' || *c == '\0') {
      char *f = g_string_free(cur, FALSE);
      if (!was_quoted)
        g_strstrip(f);
      g_ptr_array_add(fields, f);
      if (*c == '\0')
        break;
      cur = g_string_new(NULL);
      was_quoted = FALSE;
    } else if (*c == '"' && cur->len == 0) {
      quoted = was_quoted = TRUE;
    } else if (!(cur->len == 0 && (*c == ' ' || *c == '\t'))) {
      g_string_append_c(cur, *c);
    }
  }
  return fields;
}

/* A strict finite number: the one parser, number.h. */
static gboolean parse_double(const char *text, double *out)
{
  return dcb_number_parse(text, DCB_NUMBER_UNCAPPED, out) == NULL;
}

/* A zone/host id: letters, digits, '-', '_', '.'. */
static gboolean valid_id(const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalnum(*s) && *s != '-' && *s != '_' && *s != '.')
      return FALSE;
  return TRUE;
}

/* Largest hall accepted (IT MW): far above any real hall (DOMAIN: 10-120 MW), small enough that
 * W figures (MW x 1e6) stay finite and exact in "%.10g". */
#define DCB_MAX_HALL_MW 1e6

enum {
  C_SITE,
  C_SUBSTATION,
  C_HALLS,
  C_HALL_MW,
  C_TOWN,
  C_TURNKEY,
  C_FAST_TRACK,
  C_HEAT_NETWORK,
  C_LAT,
  C_LON,
  C_IDLE,
  C_N
};
static const char *const column_names[C_N] = {"site", "substation", "halls",        "hall_mw",
                                              "town", "turnkey",    "fast_track",   "heat_network",
                                              "lat",  "lon",        "idle_fraction"};

#define FAIL(...)                                                                                  \
  do {                                                                                             \
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, __VA_ARGS__);                                   \
    return FALSE;                                                                                  \
  } while (0)

static gboolean parse_row(const char *path, int line, GPtrArray *fields, const int *col, SiteRow *r,
                          GError **error)
{
#define FIELD(c)                                                                                   \
  (col[c] >= 0 && col[c] < (int)fields->len ? (const char *)fields->pdata[col[c]] : "")
  r->site = g_strdup(FIELD(C_SITE));
  r->substation = g_strdup(FIELD(C_SUBSTATION));
  r->turnkey = r->fast_track = r->heat_network = -1;
  r->lat = r->lon = NAN;
  r->idle_fraction = 0.2;
  if (!valid_id(r->site))
    FAIL("%s:%d: site: expected a name of letters, digits, '-', '_' or '.' (got '%s')", path, line,
         r->site);
  if (*r->substation == '\0')
    FAIL("%s:%d: substation: must not be empty (site '%s')", path, line, r->site);
  double v = 0;
  const char *t = FIELD(C_HALLS);
  if (!parse_double(t, &v) || v < 1 || v > 1e6 || v != floor(v))
    FAIL("%s:%d: halls: must be an integer between 1 and 1000000 (got '%s')", path, line, t);
  r->halls = (int)v;
  t = FIELD(C_HALL_MW);
  if (!parse_double(t, &r->hall_mw) || !(r->hall_mw > 0) || r->hall_mw > DCB_MAX_HALL_MW)
    FAIL("%s:%d: hall_mw: must be a number > 0 and at most %g (IT MW of one hall; got '%s')", path,
         line, DCB_MAX_HALL_MW, t);
  if (col[C_TOWN] >= 0 && *FIELD(C_TOWN) != '\0')
    r->town = g_strdup(FIELD(C_TOWN));
  int *flags[] = {&r->turnkey, &r->fast_track, &r->heat_network};
  int fcols[] = {C_TURNKEY, C_FAST_TRACK, C_HEAT_NETWORK};
  for (int i = 0; i < 3; i++) {
    t = FIELD(fcols[i]);
    if (*t == '\0')
      continue;
    if (strcmp(t, "true") == 0)
      *flags[i] = 1;
    else if (strcmp(t, "false") == 0)
      *flags[i] = 0;
    else
      FAIL("%s:%d: %s: expected true or false (got '%s')", path, line, column_names[fcols[i]], t);
  }
  double *coords[] = {&r->lat, &r->lon};
  int ccols[] = {C_LAT, C_LON};
  double limits[] = {90, 180};
  for (int i = 0; i < 2; i++) {
    t = FIELD(ccols[i]);
    if (*t == '\0')
      continue;
    if (!parse_double(t, coords[i]) || fabs(*coords[i]) > limits[i])
      FAIL("%s:%d: %s: expected degrees between -%g and %g (got '%s')", path, line,
           column_names[ccols[i]], limits[i], limits[i], t);
  }
  t = FIELD(C_IDLE);
  if (*t != '\0' &&
      (!parse_double(t, &r->idle_fraction) || r->idle_fraction < 0 || r->idle_fraction >= 1))
    FAIL("%s:%d: idle_fraction: must be a number in [0, 1) (got '%s')", path, line, t);
  return TRUE;
#undef FIELD
}

static GArray *read_sites(const char *path, GError **error)
{
  g_autofree char *text = NULL;
  /* Only a regular file, of bounded size (infile.h): /dev/zero or a FIFO would never end. */
  if (!dcb_infile_read(path, "site table", 0, &text, NULL, error))
    return NULL;
  g_autoptr(GArray) rows = g_array_new(FALSE, TRUE, sizeof(SiteRow));
  g_array_set_clear_func(rows, site_row_clear);
  g_autoptr(GHashTable) names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  int col[C_N];
  gboolean have_header = FALSE;
  for (int i = 0; lines[i] != NULL; i++) {
    int line = i + 1;
    char *l = lines[i];
    gsize len = strlen(l);
    if (len > 0 && l[len - 1] == '\r')
      l[len - 1] = '\0';
    if (*g_strstrip(l) == '\0' || *l == '#')
      continue;
    const char *why = NULL;
    g_autoptr(GPtrArray) fields = split_csv(l, &why);
    if (fields == NULL) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s:%d: %s", path, line, why);
      return NULL;
    }
    if (!have_header) {
      for (int c = 0; c < C_N; c++)
        col[c] = -1;
      for (guint f = 0; f < fields->len; f++) {
        int c = 0;
        while (c < C_N && strcmp(column_names[c], fields->pdata[f]) != 0)
          c++;
        if (c == C_N || col[c] >= 0) {
          g_set_error(
              error, DCB_ERROR, DCB_ERROR_INPUT,
              "%s:%d: %s column '%s' (columns: site, substation, halls, hall_mw, and "
              "optionally town, turnkey, fast_track, heat_network, lat, lon, idle_fraction)",
              path, line, c == C_N ? "unknown" : "duplicate", (const char *)fields->pdata[f]);
          return NULL;
        }
        col[c] = (int)f;
      }
      for (int c = 0; c < C_HALL_MW + 1; c++)
        if (col[c] < 0) {
          g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                      "%s:%d: header: missing column '%s' (a header line "
                      "'site,substation,halls,hall_mw[,...]' is required)",
                      path, line, column_names[c]);
          return NULL;
        }
      have_header = TRUE;
      continue;
    }
    int n_cols = 0;
    for (int c = 0; c < C_N; c++)
      if (col[c] >= 0)
        n_cols++;
    if ((int)fields->len != n_cols) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s:%d: expected %d fields, got %u", path,
                  line, n_cols, fields->len);
      return NULL;
    }
    SiteRow r = {0};
    if (!parse_row(path, line, fields, col, &r, error)) {
      site_row_clear(&r);
      return NULL;
    }
    r.line = line;
    if (g_hash_table_contains(names, r.site)) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s:%d: site: duplicate site '%s'", path, line,
                  r.site);
      site_row_clear(&r);
      return NULL;
    }
    g_hash_table_add(names, g_strdup(r.site));
    g_array_append_val(rows, r);
  }
  if (!have_header || rows->len == 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: no %s", path,
                have_header ? "site rows after the header" : "header line (site,substation,...)");
    return NULL;
  }
  return g_steal_pointer(&rows);
}

/* W figure in the C locale, shortest exact-enough form. */
static void append_w(GString *s, double w)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append(s, g_ascii_formatd(buf, sizeof buf, "%.10g", w));
}

static char *build_xml(const char *csv_path, GArray *rows, const char *control, GError **error)
{
  /* Names the generated file uses itself: the root and control zones, the control host. */
  g_autoptr(GHashTable) ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add(ids, g_strdup("region"));
  g_hash_table_add(ids, g_strdup("control"));
  g_hash_table_add(ids, g_strdup(control));
  GString *s = g_string_sized_new(4096);
  g_autofree char *base = g_path_get_basename(csv_path);
  g_autofree char *base_esc = g_markup_escape_text(base, -1);
  g_string_append_printf(s,
                         "<?xml version='1.0'?>\n"
                         "<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
                         "<!-- Generated by 'dcbuildout platform' from %s: one zone per site "
                         "(its hosts are halls, peak W = IT capacity), a control host. -->\n"
                         "<platform version=\"4.1\">\n"
                         "  <zone id=\"region\" routing=\"Full\">\n"
                         "    <zone id=\"control\" routing=\"Full\">\n"
                         "      <host id=\"%s\" speed=\"1f\"><prop id=\"wattage_per_state\" "
                         "value=\"0:0\"/></host>\n"
                         "    </zone>\n",
                         base_esc, control);
  for (guint i = 0; i < rows->len; i++) {
    const SiteRow *r = &g_array_index(rows, SiteRow, i);
    if (g_hash_table_contains(ids, r->site)) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: site: '%s' is already the name of a zone or host of the platform "
                  "(reserved: 'region', 'control', the control host '%s'; or a hall of an "
                  "earlier site)",
                  csv_path, r->line, r->site, control);
      g_string_free(s, TRUE);
      return NULL;
    }
    g_hash_table_add(ids, g_strdup(r->site));
    g_autofree char *sub = g_markup_escape_text(r->substation, -1);
    g_string_append_printf(s, "    <zone id=\"%s\" routing=\"None\">\n", r->site);
    g_string_append_printf(s, "      <prop id=\"substation\" value=\"%s\"/>\n", sub);
    if (r->town != NULL) {
      g_autofree char *town = g_markup_escape_text(r->town, -1);
      g_string_append_printf(s, "      <prop id=\"town\" value=\"%s\"/>\n", town);
    }
    if (r->turnkey >= 0)
      g_string_append_printf(s, "      <prop id=\"turnkey\" value=\"%s\"/>\n",
                             r->turnkey ? "true" : "false");
    if (r->fast_track >= 0)
      g_string_append_printf(s, "      <prop id=\"fast_track\" value=\"%s\"/>\n",
                             r->fast_track ? "true" : "false");
    if (r->heat_network >= 0) /* rule 26 */
      g_string_append_printf(s, "      <prop id=\"heat_network\" value=\"%s\"/>\n",
                             r->heat_network ? "true" : "false");
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    if (!isnan(r->lat))
      g_string_append_printf(s, "      <prop id=\"lat\" value=\"%s\"/>\n",
                             g_ascii_formatd(buf, sizeof buf, "%.10g", r->lat));
    if (!isnan(r->lon))
      g_string_append_printf(s, "      <prop id=\"lon\" value=\"%s\"/>\n",
                             g_ascii_formatd(buf, sizeof buf, "%.10g", r->lon));
    int width = 2;
    for (int n = r->halls; n >= 100; n /= 10)
      width++;
    double peak_w = r->hall_mw * 1e6, idle_w = r->idle_fraction * peak_w;
    for (int h = 1; h <= r->halls; h++) {
      g_autofree char *id = g_strdup_printf("%s-h%0*d", r->site, width, h);
      if (!g_hash_table_add(ids, g_strdup(id))) {
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                    "%s:%d: site: the hall name '%s' of site '%s' is already used", csv_path,
                    r->line, id, r->site);
        g_string_free(s, TRUE);
        return NULL;
      }
      g_string_append_printf(s, "      <host id=\"%s\" speed=\"", id);
      append_w(s, peak_w);
      g_string_append(s, "f\"><prop id=\"wattage_per_state\" value=\"");
      append_w(s, idle_w);
      g_string_append_c(s, ':');
      append_w(s, idle_w);
      g_string_append_c(s, ':');
      append_w(s, peak_w);
      g_string_append(s, "\"/><prop id=\"wattage_off\" value=\"0\"/></host>\n");
    }
    g_string_append(s, "    </zone>\n");
  }
  g_string_append(s, "  </zone>\n</platform>\n");
  return g_string_free(s, FALSE);
}

/* Load the generated text with dcb_platform_load (through a private temporary file, removed
 * after).  An invalid text is a bug of ours, not of the input: DCB_ERROR_RUNTIME. (transfer full)
 */
static DcbPlatform *validate_xml(const char *xml, GError **error)
{
  g_autofree char *tmp = NULL;
  GError *local = NULL;
  int fd = g_file_open_tmp("dcb-platform-XXXXXX.xml", &tmp, &local);
  if (fd < 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot create a temporary file: %s",
                local->message);
    g_error_free(local);
    return NULL;
  }
  close(fd);
  DcbPlatform *pf = NULL;
  if (!g_file_set_contents(tmp, xml, -1, &local)) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "%s: cannot write: %s", tmp, local->message);
    g_error_free(local);
  } else {
    pf = dcb_platform_load(tmp, &local);
    if (pf == NULL) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "generated platform is invalid: %s",
                  local->message);
      g_error_free(local);
    }
  }
  g_unlink(tmp);
  return pf;
}

int dcb_cmd_platform(int argc, char **argv, const DcbCli *cli)
{
  (void)cli;
  g_autofree char *out = NULL;
  g_autofree char *control = NULL;
  GOptionEntry entries[] = {{"out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
                             "write the platform XML to FILE (atomically)", "FILE"},
                            {"control-host", 0, 0, G_OPTION_ARG_STRING, &control,
                             "name of the control host (default: ctrl)", "NAME"},
                            {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("SITES.csv");
  g_option_context_set_summary(
      ctx, "Generate a platform XML from a site table (CSV with a header line): required columns\n"
           "site,substation,halls,hall_mw; optional town,turnkey,fast_track,heat_network,lat,\n"
           "lon,idle_fraction (default 0.2). Halls are named <site>-hNN.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_option_context_set_help_enabled(ctx, TRUE);
  GError *error = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
    int status = dcb_cli_usage("platform", "%s", error->message);
    g_error_free(error);
    return status;
  }
  if (argc < 2)
    return dcb_cli_usage("platform", "missing SITES.csv");
  if (argc > 2)
    return dcb_cli_usage("platform", "unexpected argument '%s'", argv[2]);
  if (control == NULL)
    control = g_strdup("ctrl");
  if (!valid_id(control))
    return dcb_cli_usage("platform", "--control-host: expected letters, digits, '-', '_' or '.'");

  g_autoptr(GArray) rows = read_sites(argv[1], &error);
  if (rows == NULL)
    return dcb_cli_report(error);
  g_autofree char *xml = build_xml(argv[1], rows, control, &error);
  if (xml == NULL)
    return dcb_cli_report(error);
  /* Prove the text valid before it goes anywhere: never replace a good --out file (or print)
   * an invalid platform. */
  g_autoptr(DcbPlatform) pf = validate_xml(xml, &error);
  if (pf == NULL)
    return dcb_cli_report(error);
  if (out == NULL) {
    fputs(xml, stdout);
    return fflush(stdout) == 0 ? DCB_EXIT_OK : DCB_EXIT_RUNTIME;
  }
  if (!dcb_write_file_atomic(out, xml, -1, &error))
    return dcb_cli_report(error);
  int halls = pf->n_halls;
  double mw = 0;
  for (int s = 0; s < pf->n_sites; s++)
    mw += pf->sites[s].capacity_mw;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  printf("%s: %d sites, %d halls, %s MW IT, control host %s\n", out, pf->n_sites, halls,
         g_ascii_formatd(buf, sizeof buf, "%.10g", mw), pf->control_host);
  return DCB_EXIT_OK;
}
