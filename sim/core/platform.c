/* platform.c - reading and validating a SimGrid v4.1 platform XML without SimGrid (platform.h).
 *
 * The file is parsed with GMarkup into a flat list of zones (each with its parent) and hosts
 * (each with its innermost zone and the line where it starts), then validated as a whole: a
 * site is a zone with a "substation" property, and every host inside a site zone (directly or
 * in a non-site sub-zone) is a hall of that site.  Validation runs in document order (zones,
 * then hosts) and stops at the first problem, reported as one line naming the file, the line
 * and the element:
 *     platforms/x.xml:12: <host id='a-h01'>: wattage_per_state: idle must not exceed epsilon
 * Every error is DCB_ERROR_INPUT.  Hall rules: exactly one pstate (one speed value, one
 * wattage triple), idle <= epsilon <= peak, peak > 0, wattage_off absent or 0 (vacant halls
 * draw nothing), speed > 0 with a SimGrid unit, core >= 1.  Units: wattage in W, capacity_mw
 * in MW, speed in flop/s.
 *
 * The <!DOCTYPE platform ...> line is required: SimGrid's own parser refuses a file without it.
 *
 * Strictness: whatever passes here must also load in SimGrid 3.32, which aborts the process on
 * a platform its DTD refuses.  So the file may hold only the whitelisted elements (platform >
 * one zone > zones > hosts, and props in zones and hosts; see element_specs), each only under
 * its allowed parents and with only its allowed attributes (no duplicates, required ones
 * present); a zone's props come first, then either sub-zones or hosts, never both (SimGrid's
 * DTD); no text other than white space, no CDATA or processing instruction, nothing after the
 * root, nesting at most DCB_PLATFORM_MAX_DEPTH deep (SimGrid's lexer corrupts its heap near
 * 500 nested zones), version exactly "4.1", each prop id at most once per element, and only
 * regular files are read (not /dev/zero, a FIFO or a directory).
 *
 * Ordering (a contract with the model and SimGrid): sites sorted by zone id, halls of a site
 * contiguous and sorted by host id (strcmp, as sg_host_list() lists them); the control host is
 * the first host by id outside every site.
 */
#include "platform.h"
#include "error.h"
#include "infile.h"
#include "number.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *id;
  int parent; /* index of the enclosing zone, -1 at the top */
  int line;
  char *substation; /* NULL when not a site */
  int substation_line;
  char *town;
  char *turnkey, *fast_track, *lat, *lon; /* raw property values, NULL when absent */
  int turnkey_line, fast_track_line, lat_line, lon_line;
  char *heat_network; /* rule 26, raw, NULL when absent */
  int heat_network_line;
} PZone;

typedef struct {
  char *id;
  int zone; /* innermost enclosing zone, -1 when none */
  int line;
  char *speed, *core, *pstate; /* raw attributes */
  char *wattage;               /* wattage_per_state, NULL when absent */
  int wattage_line;
  char *wattage_off;
  int wattage_off_line;
} PHost;

/* Deepest element nesting accepted (platform > zone > ... > host > prop).  SimGrid's lexer
 * corrupts its heap near 500 nested zones; real platforms need fewer than 10. */
#define DCB_PLATFORM_MAX_DEPTH 50

typedef enum { EL_PLATFORM, EL_ZONE, EL_HOST, EL_PROP } ElKind;

/* The whitelist: the SimGrid v4.1 elements dcbuildout supports, with their allowed parents
 * and attributes, a subset of SimGrid 3.32's simgrid.dtd (src/surf/xml/simgrid.dtd at v3.32).
 * Anything else (links, routes, clusters, traces...) is refused here: the model needs none of
 * it, and SimGrid aborts on much of what the DTD refuses. */
typedef struct {
  const char *name;
  ElKind kind;
  const char *parents[3];  /* NULL-terminated; none for the root */
  const char *attrs[5];    /* allowed attributes, NULL-terminated */
  const char *required[3]; /* required attributes (DTD #REQUIRED), NULL-terminated */
} ElementSpec;

static const ElementSpec element_specs[] = {
    {"platform", EL_PLATFORM, {NULL}, {"version", NULL}, {"version", NULL}},
    {"zone", EL_ZONE, {"platform", "zone", NULL}, {"id", "routing", NULL}, {"id", "routing", NULL}},
    {"host",
     EL_HOST,
     {"zone", NULL},
     {"id", "speed", "core", "pstate", NULL},
     {"id", "speed", NULL}},
    {"prop", EL_PROP, {"zone", "host", NULL}, {"id", "value", NULL}, {"id", "value", NULL}},
};

/* What a zone holds so far (SimGrid: props first, then either sub-zones or hosts). */
enum { HOLDS_NOTHING, HOLDS_HOSTS, HOLDS_ZONES };

typedef struct {
  const ElementSpec *spec;
  char *label;       /* "<host id='a'>" for messages */
  int holds;         /* HOLDS_* (zones and the platform) */
  GHashTable *props; /* prop ids seen in this element -> line, NULL until the first */
} Frame;

typedef struct {
  const char *path;
  GMarkupParseContext *ctx;
  GArray *zones;        /* PZone */
  GArray *hosts;        /* PHost */
  GArray *stack;        /* Frame, one per open element */
  GArray *zone_stack;   /* int, open zones */
  int open_host;        /* index of the open <host>, -1 when none */
  GHashTable *zone_ids; /* id -> line (GINT_TO_POINTER) */
  GHashTable *host_ids;
  gboolean seen_platform;
  gboolean root_closed;  /* </platform> seen: nothing but comments may follow */
  gboolean seen_doctype; /* <!DOCTYPE ...> before the root element (SimGrid's parser needs it) */
  int platform_line;
} Parser;

static void frame_clear(gpointer data)
{
  Frame *f = data;
  g_free(f->label);
  if (f->props != NULL)
    g_hash_table_destroy(f->props);
}

/* Line of the '>' that ends the tag being reported.  GMarkup has already stepped past it: when
 * the next character is a newline it counts that line and resets the column to 1. */
static int current_line(Parser *p)
{
  int line = 0, col = 0;
  g_markup_parse_context_get_position(p->ctx, &line, &col);
  return col == 1 && line > 1 ? line - 1 : line;
}

static void pzone_clear(gpointer data)
{
  PZone *z = data;
  g_free(z->id);
  g_free(z->substation);
  g_free(z->town);
  g_free(z->turnkey);
  g_free(z->fast_track);
  g_free(z->heat_network);
  g_free(z->lat);
  g_free(z->lon);
}

static void phost_clear(gpointer data)
{
  PHost *h = data;
  g_free(h->id);
  g_free(h->speed);
  g_free(h->core);
  g_free(h->pstate);
  g_free(h->wattage);
  g_free(h->wattage_off);
}

static const char *attr(const char **names, const char **values, const char *name)
{
  for (int i = 0; names[i] != NULL; i++)
    if (strcmp(names[i], name) == 0)
      return values[i];
  return NULL;
}

static void set_prop(char **slot, int *line_slot, const char *value, int line)
{
  g_free(*slot);
  *slot = g_strdup(value);
  if (line_slot != NULL)
    *line_slot = line;
}

static Frame *top_frame(Parser *p)
{
  return p->stack->len ? &g_array_index(p->stack, Frame, p->stack->len - 1) : NULL;
}

/* "<host id='a'>", or "<host>" without a usable id (ids are shown as written, at most 64
 * bytes, so that a message stays one short line). (transfer full) */
static char *element_label(const char *element, const char **names, const char **values)
{
  const char *id = attr(names, values, "id");
  if (id == NULL || *id == '\0' || strchr(id, '\n') != NULL)
    return g_strdup_printf("<%.64s>", element);
  return g_strdup_printf("<%.64s id='%.64s'>", element, id);
}

/* Comma-separated list of a NULL-terminated array, for messages. (transfer full) */
static char *join_names(const char *const *names)
{
  return g_strjoinv(", ", (char **)names);
}

/* The whitelist checks: element, parent, nesting depth, attributes, order inside a zone,
 * duplicate properties.  Returns the element's spec, or NULL with 'error' set. */
static const ElementSpec *check_element(Parser *p, const char *element, const char **names,
                                        const char **values, int line, const char *label,
                                        GError **error)
{
  Frame *parent = top_frame(p);
  if (parent == NULL && p->root_closed) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                "%s:%d: %s: content after the root element (a platform file holds exactly one "
                "<platform> element)",
                p->path, line, label);
    return NULL;
  }
  if (p->stack->len >= DCB_PLATFORM_MAX_DEPTH) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                "%s:%d: %s: elements nested deeper than %d levels", p->path, line, label,
                DCB_PLATFORM_MAX_DEPTH);
    return NULL;
  }
  const ElementSpec *spec = NULL;
  for (size_t i = 0; i < G_N_ELEMENTS(element_specs); i++)
    if (strcmp(element_specs[i].name, element) == 0)
      spec = &element_specs[i];
  if (parent == NULL) {
    if (spec == NULL || spec->kind != EL_PLATFORM) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: %s: the root element must be <platform version=\"4.1\">", p->path, line,
                  label);
      return NULL;
    }
  } else if (spec == NULL) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                "%s:%d: %s: unknown or unsupported element (dcbuildout platforms hold only "
                "<platform>, <zone>, <host> and <prop>)",
                p->path, line, label);
    return NULL;
  } else {
    gboolean allowed = FALSE;
    for (int i = 0; spec->parents[i] != NULL; i++)
      allowed = allowed || strcmp(spec->parents[i], parent->spec->name) == 0;
    if (!allowed) {
      g_autofree char *where = g_strjoinv(">, <", (char **)spec->parents);
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: %s: not allowed inside <%s> (only inside <%s>)", p->path, line, label,
                  parent->spec->name, where);
      return NULL;
    }
  }
  for (int i = 0; names[i] != NULL; i++) {
    if (!g_strv_contains(spec->attrs, names[i])) {
      g_autofree char *list = join_names(spec->attrs);
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: %s: unknown attribute '%.64s' (allowed: %s)", p->path, line, label,
                  names[i], list);
      return NULL;
    }
    for (int j = 0; j < i; j++)
      if (strcmp(names[j], names[i]) == 0) {
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s:%d: %s: duplicate attribute '%s'",
                    p->path, line, label, names[i]);
        return NULL;
      }
  }
  for (int i = 0; spec->required[i] != NULL; i++) {
    const char *value = attr(names, values, spec->required[i]);
    if (value == NULL || (*value == '\0' && strcmp(spec->required[i], "value") != 0)) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s:%d: %s: missing '%s'", p->path, line,
                  label, spec->required[i]);
      return NULL;
    }
  }
  if (parent == NULL)
    return spec;
  /* Order inside a zone (DTD): props, then either sub-zones or hosts; the platform holds one
   * zone (SimGrid 3.32 cannot build hosts in a second top-level zone). */
  const char *problem = NULL;
  if (parent->spec->kind == EL_PLATFORM && parent->holds != HOLDS_NOTHING)
    problem = "a platform holds exactly one top-level <zone>";
  else if (parent->spec->kind == EL_ZONE && spec->kind == EL_PROP && parent->holds != HOLDS_NOTHING)
    problem = "a zone's <prop>s must come before its hosts and sub-zones";
  else if (parent->spec->kind == EL_ZONE && spec->kind == EL_HOST && parent->holds == HOLDS_ZONES)
    problem = "a zone holds either hosts or sub-zones, not both (this one already has sub-zones)";
  else if (parent->spec->kind == EL_ZONE && spec->kind == EL_ZONE && parent->holds == HOLDS_HOSTS)
    problem = "a zone holds either hosts or sub-zones, not both (this one already has hosts)";
  if (problem != NULL) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s:%d: %s: %s", p->path, line, label, problem);
    return NULL;
  }
  if (spec->kind == EL_ZONE)
    parent->holds = HOLDS_ZONES;
  else if (spec->kind == EL_HOST)
    parent->holds = HOLDS_HOSTS;
  else if (spec->kind == EL_PROP) {
    const char *id = attr(names, values, "id");
    if (parent->props == NULL)
      parent->props = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    gpointer first = g_hash_table_lookup(parent->props, id);
    if (first != NULL) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: %s: duplicate property '%.64s' (first on line %d)", p->path, line,
                  parent->label, id, GPOINTER_TO_INT(first));
      return NULL;
    }
    g_hash_table_insert(parent->props, g_strdup(id), GINT_TO_POINTER(line));
  }
  return spec;
}

static void on_start(GMarkupParseContext *ctx, const char *element, const char **names,
                     const char **values, gpointer user_data, GError **error)
{
  (void)ctx;
  Parser *p = user_data;
  int line = current_line(p);
  g_autofree char *label = element_label(element, names, values);
  const ElementSpec *spec = check_element(p, element, names, values, line, label, error);
  if (spec == NULL)
    return;
  Frame *parent = top_frame(p);

  if (spec->kind == EL_PLATFORM) {
    if (!p->seen_doctype) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: <platform>: missing <!DOCTYPE platform SYSTEM "
                  "\"https://simgrid.org/simgrid.dtd\"> before it (SimGrid cannot read the file "
                  "without it)",
                  p->path, line);
      return;
    }
    const char *version = attr(names, values, "version");
    if (strcmp(version, "4.1") != 0) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: <platform>: version must be 4.1 (got '%.64s')", p->path, line, version);
      return;
    }
    p->seen_platform = TRUE;
    p->platform_line = line;
  } else if (spec->kind == EL_ZONE) {
    const char *id = attr(names, values, "id");
    gpointer prev = g_hash_table_lookup(p->zone_ids, id);
    if (prev != NULL) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: %s: duplicate zone id (first on line %d)", p->path, line, label,
                  GPOINTER_TO_INT(prev));
      return;
    }
    static const char *const routings[] = {"Full",          "None",    "Floyd",   "Dijkstra",
                                           "DijkstraCache", "Vivaldi", "Cluster", NULL};
    const char *routing = attr(names, values, "routing");
    if (!g_strv_contains(routings, routing)) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: %s: routing: expected Full, None, Floyd, Dijkstra, "
                  "DijkstraCache, Vivaldi or Cluster (got '%.64s')",
                  p->path, line, label, routing);
      return;
    }
    g_hash_table_insert(p->zone_ids, g_strdup(id), GINT_TO_POINTER(line));
    PZone z = {0};
    z.id = g_strdup(id);
    z.parent = p->zone_stack->len ? g_array_index(p->zone_stack, int, p->zone_stack->len - 1) : -1;
    z.line = line;
    g_array_append_val(p->zones, z);
    int index = (int)p->zones->len - 1;
    g_array_append_val(p->zone_stack, index);
  } else if (spec->kind == EL_HOST) {
    const char *id = attr(names, values, "id");
    gpointer prev = g_hash_table_lookup(p->host_ids, id);
    if (prev != NULL) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: %s: duplicate host id (first on line %d)", p->path, line, label,
                  GPOINTER_TO_INT(prev));
      return;
    }
    g_hash_table_insert(p->host_ids, g_strdup(id), GINT_TO_POINTER(line));
    PHost h = {0};
    h.id = g_strdup(id);
    h.zone = g_array_index(p->zone_stack, int, p->zone_stack->len - 1);
    h.line = line;
    h.speed = g_strdup(attr(names, values, "speed"));
    h.core = g_strdup(attr(names, values, "core"));
    h.pstate = g_strdup(attr(names, values, "pstate"));
    g_array_append_val(p->hosts, h);
    p->open_host = (int)p->hosts->len - 1;
  } else if (spec->kind == EL_PROP) {
    const char *id = attr(names, values, "id");
    const char *value = attr(names, values, "value");
    if (parent->spec->kind == EL_HOST) {
      PHost *h = &g_array_index(p->hosts, PHost, p->open_host);
      if (strcmp(id, "wattage_per_state") == 0)
        set_prop(&h->wattage, &h->wattage_line, value, line);
      else if (strcmp(id, "wattage_off") == 0)
        set_prop(&h->wattage_off, &h->wattage_off_line, value, line);
    } else {
      int zi = g_array_index(p->zone_stack, int, p->zone_stack->len - 1);
      PZone *z = &g_array_index(p->zones, PZone, zi);
      if (strcmp(id, "substation") == 0)
        set_prop(&z->substation, &z->substation_line, value, line);
      else if (strcmp(id, "town") == 0)
        set_prop(&z->town, NULL, value, line);
      else if (strcmp(id, "turnkey") == 0)
        set_prop(&z->turnkey, &z->turnkey_line, value, line);
      else if (strcmp(id, "fast_track") == 0)
        set_prop(&z->fast_track, &z->fast_track_line, value, line);
      else if (strcmp(id, "heat_network") == 0)
        set_prop(&z->heat_network, &z->heat_network_line, value, line);
      else if (strcmp(id, "lat") == 0)
        set_prop(&z->lat, &z->lat_line, value, line);
      else if (strcmp(id, "lon") == 0)
        set_prop(&z->lon, &z->lon_line, value, line);
    }
  }
  Frame frame = {spec, g_steal_pointer(&label), HOLDS_NOTHING, NULL};
  g_array_append_val(p->stack, frame);
}

static void on_end(GMarkupParseContext *ctx, const char *element, gpointer user_data,
                   GError **error)
{
  (void)ctx, (void)element, (void)error;
  Parser *p = user_data;
  if (p->stack->len == 0)
    return;
  ElKind kind = top_frame(p)->spec->kind;
  g_array_set_size(p->stack, p->stack->len - 1); /* clears the frame */
  if (kind == EL_ZONE)
    g_array_set_size(p->zone_stack, p->zone_stack->len - 1);
  else if (kind == EL_HOST)
    p->open_host = -1;
  else if (kind == EL_PLATFORM)
    p->root_closed = TRUE;
}

/* Text between tags: only white space (SimGrid's parser refuses any other character data). */
static void on_text(GMarkupParseContext *ctx, const char *text, gsize len, gpointer user_data,
                    GError **error)
{
  (void)ctx;
  Parser *p = user_data;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace(text[i])) {
      const Frame *f = top_frame(p);
      if (f != NULL)
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                    "%s:%d: %s: text content is not allowed (only elements and comments)", p->path,
                    current_line(p), f->label);
      else
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                    "%s:%d: text outside the <platform> element is not allowed", p->path,
                    current_line(p));
      return;
    }
}

/* Comments anywhere; the XML declaration and the DOCTYPE before the root; nothing else
 * (CDATA sections, processing instructions: SimGrid's parser refuses them). */
static void on_passthrough(GMarkupParseContext *ctx, const char *text, gsize len,
                           gpointer user_data, GError **error)
{
  (void)ctx;
  Parser *p = user_data;
  if (len >= 4 && strncmp(text, "<!--", 4) == 0)
    return;
  gboolean before_root = p->stack->len == 0 && !p->seen_platform && !p->root_closed;
  if (before_root && len >= 9 && strncmp(text, "<!DOCTYPE", 9) == 0) {
    p->seen_doctype = TRUE;
    return;
  }
  if (before_root && !p->seen_doctype && len >= 6 && strncmp(text, "<?xml", 5) == 0 &&
      g_ascii_isspace(text[5]))
    return;
  const Frame *f = top_frame(p);
  const char *what = len >= 9 && strncmp(text, "<![CDATA[", 9) == 0 ? "a CDATA section"
                     : len >= 2 && strncmp(text, "<?", 2) == 0      ? "a processing instruction"
                                                                    : "a markup declaration";
  g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s:%d: %s: %s is not allowed here", p->path,
              current_line(p), f != NULL ? f->label : "<platform>", what);
}

/* A strict finite number (the whole string, spaces around allowed): the one parser, number.h. */
static gboolean parse_number(const char *text, double *out)
{
  return text != NULL && dcb_number_parse(text, DCB_NUMBER_UNCAPPED, out) == NULL;
}

/* "50e6f", "1Gf": a number followed by a SimGrid speed unit. */
static gboolean parse_speed(const char *text, double *out_f, const char **why)
{
  static const struct {
    const char *unit;
    double factor;
  } units[] = {{"f", 1},         {"kf", 1e3},     {"Mf", 1e6},     {"Gf", 1e9},
               {"Tf", 1e12},     {"Pf", 1e15},    {"Ef", 1e18},    {"flops", 1},
               {"kflops", 1e3},  {"Mflops", 1e6}, {"Gflops", 1e9}, {"Tflops", 1e12},
               {"Pflops", 1e15}, {"Eflops", 1e18}};
  if (strchr(text, ',') != NULL) {
    *why = "a hall must have exactly one pstate (one speed value)";
    return FALSE;
  }
  g_autofree char *s = g_strstrip(g_strdup(text));
  char *end = NULL;
  errno = 0;
  double v = g_ascii_strtod(s, &end);
  if (end == s || errno != 0 || !isfinite(v)) {
    *why = "expected a number with a unit (f, kf, Mf, Gf, Tf, Pf, Ef)";
    return FALSE;
  }
  for (size_t i = 0; i < G_N_ELEMENTS(units); i++)
    if (strcmp(end, units[i].unit) == 0) {
      if (!(v > 0)) {
        *why = "must be > 0";
        return FALSE;
      }
      *out_f = v * units[i].factor;
      return TRUE;
    }
  *why = *end == '\0' ? "missing unit (f, kf, Mf, Gf, Tf, Pf, Ef)"
                      : "unknown unit (expected f, kf, Mf, Gf, Tf, Pf or Ef)";
  return FALSE;
}

/* Innermost site zone enclosing zone 'zi' (itself included), or -1. */
static int site_of_zone(GArray *zones, int zi)
{
  while (zi >= 0) {
    const PZone *z = &g_array_index(zones, PZone, zi);
    if (z->substation != NULL)
      return zi;
    zi = z->parent;
  }
  return -1;
}

static gboolean parse_bool_prop(const Parser *p, const PZone *z, const char *name,
                                const char *value, int line, gboolean *out, GError **error)
{
  if (value == NULL) {
    *out = FALSE;
    return TRUE;
  }
  if (strcmp(value, "true") == 0)
    *out = TRUE;
  else if (strcmp(value, "false") == 0)
    *out = FALSE;
  else {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                "%s:%d: <zone id='%s'>: %s: expected true or false (got '%s')", p->path, line,
                z->id, name, value);
    return FALSE;
  }
  return TRUE;
}

static gboolean parse_coord_prop(const Parser *p, const PZone *z, const char *name,
                                 const char *value, int line, double limit, double *out,
                                 GError **error)
{
  if (value == NULL) {
    *out = NAN;
    return TRUE;
  }
  if (!parse_number(value, out) || fabs(*out) > limit) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                "%s:%d: <zone id='%s'>: %s: expected degrees between -%g and %g (got '%s')",
                p->path, line, z->id, name, limit, limit, value);
    return FALSE;
  }
  return TRUE;
}

/* Validate one host; fills the power and speed figures.  Halls follow the strict rules. */
static gboolean check_host(const Parser *p, const PHost *h, gboolean is_hall, DcbHall *out,
                           GError **error)
{
  const char *why = NULL;
  if (h->speed == NULL) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s:%d: <host id='%s'>: missing 'speed'",
                p->path, h->line, h->id);
    return FALSE;
  }
  if (!parse_speed(h->speed, &out->speed_f, &why)) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s:%d: <host id='%s'>: speed: %s (got '%s')",
                p->path, h->line, h->id, why, h->speed);
    return FALSE;
  }
  out->cores = 1;
  if (h->core != NULL) {
    double c = 0;
    if (!parse_number(h->core, &c) || c < 1 || c != floor(c) || c > G_MAXINT) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: <host id='%s'>: core: must be an integer >= 1 (got '%s')", p->path,
                  h->line, h->id, h->core);
      return FALSE;
    }
    out->cores = (int)c;
  }
  if (h->pstate != NULL) {
    double ps = 0;
    if (!parse_number(h->pstate, &ps) || ps != 0) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: <host id='%s'>: pstate: must be 0 (one pstate per host; got '%s')",
                  p->path, h->line, h->id, h->pstate);
      return FALSE;
    }
  }
  if (h->wattage == NULL) {
    if (is_hall) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: <host id='%s'>: missing property wattage_per_state "
                  "(idle:epsilon:peak W; the peak is the hall's IT capacity)",
                  p->path, h->line, h->id);
      return FALSE;
    }
    out->idle_w = out->epsilon_w = out->peak_w = 0;
  } else {
    int line = h->wattage_line;
    if (strchr(h->wattage, ',') != NULL) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: <host id='%s'>: wattage_per_state: exactly one pstate is allowed "
                  "(got '%s')",
                  p->path, line, h->id, h->wattage);
      return FALSE;
    }
    g_auto(GStrv) parts = g_strsplit(h->wattage, ":", -1);
    guint n = g_strv_length(parts);
    double w[3] = {0, 0, 0};
    gboolean ok = n == 2 || n == 3;
    for (guint i = 0; ok && i < n; i++)
      ok = parse_number(parts[i], &w[i]);
    if (!ok) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: <host id='%s'>: wattage_per_state: expected 'idle:epsilon:peak' or "
                  "'idle:peak' in W (got '%s')",
                  p->path, line, h->id, h->wattage);
      return FALSE;
    }
    if (n == 2) {
      w[2] = w[1];
      w[1] = w[0];
    }
    const char *problem = NULL;
    if (w[0] < 0)
      problem = "idle must be >= 0";
    else if (w[0] > w[1])
      problem = "idle must not exceed epsilon";
    else if (w[1] > w[2])
      problem = "epsilon must not exceed peak";
    else if (is_hall && !(w[2] > 0))
      problem = "peak must be > 0 (it is the hall's IT capacity)";
    if (problem != NULL) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: <host id='%s'>: wattage_per_state: %s (got '%s')", p->path, line, h->id,
                  problem, h->wattage);
      return FALSE;
    }
    out->idle_w = w[0];
    out->epsilon_w = w[1];
    out->peak_w = w[2];
  }
  if (h->wattage_off != NULL) {
    double off = 0;
    if (!parse_number(h->wattage_off, &off) || off < 0 || (is_hall && off != 0)) {
      g_set_error(
          error, DCB_ERROR, DCB_ERROR_INPUT, "%s:%d: <host id='%s'>: wattage_off: %s (got '%s')",
          p->path, h->wattage_off_line, h->id,
          is_hall ? "must be 0 or absent (a vacant hall draws nothing)" : "expected a number >= 0",
          h->wattage_off);
      return FALSE;
    }
  }
  return TRUE;
}

typedef struct {
  int zone;
  const char *name;
} SiteRef;

static int cmp_site_ref(const void *a, const void *b)
{
  return strcmp(((const SiteRef *)a)->name, ((const SiteRef *)b)->name);
}

typedef struct {
  int host;
  const char *name;
} HostRef;

static int cmp_host_ref(const void *a, const void *b)
{
  return strcmp(((const HostRef *)a)->name, ((const HostRef *)b)->name);
}

/* Build the DcbPlatform from the parsed lists, validating as it goes. */
static DcbPlatform *build(Parser *p, GError **error)
{
  GArray *zones = p->zones, *hosts = p->hosts;
  g_autoptr(DcbPlatform) pf = g_new0(DcbPlatform, 1);
  pf->path = g_strdup(p->path);

  /* Zones: nesting and site properties, in document order. */
  g_autoptr(GArray) sites = g_array_new(FALSE, FALSE, sizeof(SiteRef));
  for (guint i = 0; i < zones->len; i++) {
    const PZone *z = &g_array_index(zones, PZone, i);
    if (z->substation == NULL)
      continue;
    int outer = site_of_zone(zones, z->parent);
    if (outer >= 0) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: <zone id='%s'>: a site zone cannot be nested in another site ('%s')",
                  p->path, z->line, z->id, g_array_index(zones, PZone, outer).id);
      return NULL;
    }
    if (*g_strstrip(z->substation) == '\0') {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: <zone id='%s'>: substation: must not be empty", p->path,
                  z->substation_line, z->id);
      return NULL;
    }
    SiteRef ref = {(int)i, z->id};
    g_array_append_val(sites, ref);
  }
  g_array_sort(sites, cmp_site_ref);
  pf->n_sites = (int)sites->len;
  pf->sites = g_new0(DcbSite, pf->n_sites ? pf->n_sites : 1);
  g_autofree int *zone_to_site = g_new(int, zones->len ? zones->len : 1);
  for (guint i = 0; i < zones->len; i++)
    zone_to_site[i] = -1;
  for (int s = 0; s < pf->n_sites; s++) {
    const SiteRef *ref = &g_array_index(sites, SiteRef, s);
    const PZone *z = &g_array_index(zones, PZone, ref->zone);
    DcbSite *site = &pf->sites[s];
    zone_to_site[ref->zone] = s;
    site->name = g_strdup(z->id);
    site->substation = g_strdup(z->substation);
    site->town = g_strdup(z->town);
    if (!parse_bool_prop(p, z, "turnkey", z->turnkey, z->turnkey_line, &site->turnkey, error) ||
        !parse_bool_prop(p, z, "fast_track", z->fast_track, z->fast_track_line, &site->fast_track,
                         error) ||
        !parse_bool_prop(p, z, "heat_network", z->heat_network, z->heat_network_line,
                         &site->heat_network, error) ||
        !parse_coord_prop(p, z, "lat", z->lat, z->lat_line, 90, &site->lat, error) ||
        !parse_coord_prop(p, z, "lon", z->lon, z->lon_line, 180, &site->lon, error))
      return NULL;
  }

  /* Hosts: validate in document order, split into halls (by site) and the others. */
  g_autofree DcbHall *parsed = g_new0(DcbHall, hosts->len ? hosts->len : 1);
  g_autofree int *host_site = g_new(int, hosts->len ? hosts->len : 1);
  for (guint i = 0; i < hosts->len; i++) {
    const PHost *h = &g_array_index(hosts, PHost, i);
    int sz = h->zone >= 0 ? site_of_zone(zones, h->zone) : -1;
    host_site[i] = sz >= 0 ? zone_to_site[sz] : -1;
    if (!check_host(p, h, host_site[i] >= 0, &parsed[i], error))
      return NULL;
  }

  /* Halls grouped by site (site order), by host id within a site: the hosts are put in their
   * sites' buckets in one pass (a pass over every host per site cost sites x hosts). */
  g_autofree int *first = g_new0(int, pf->n_sites + 1);
  for (guint i = 0; i < hosts->len; i++)
    if (host_site[i] >= 0)
      first[host_site[i] + 1]++;
  for (int s = 0; s < pf->n_sites; s++)
    first[s + 1] += first[s];
  g_autofree HostRef *bucketed = g_new(HostRef, first[pf->n_sites] ? first[pf->n_sites] : 1);
  g_autofree int *fill = g_memdup2(first, sizeof(int) * (pf->n_sites + 1));
  for (guint i = 0; i < hosts->len; i++)
    if (host_site[i] >= 0)
      bucketed[fill[host_site[i]]++] = (HostRef){(int)i, g_array_index(hosts, PHost, i).id};
  pf->halls = g_new0(DcbHall, hosts->len ? hosts->len : 1);
  for (int s = 0; s < pf->n_sites; s++) {
    HostRef *refs = bucketed + first[s];
    guint n_refs = (guint)(first[s + 1] - first[s]);
    DcbSite *site = &pf->sites[s];
    if (n_refs == 0) {
      const PZone *z = &g_array_index(zones, PZone, g_array_index(sites, SiteRef, s).zone);
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: <zone id='%s'>: a site must hold at least one hall (<host>)", p->path,
                  z->line, z->id);
      return NULL;
    }
    qsort(refs, n_refs, sizeof(HostRef), cmp_host_ref);
    site->first_hall = pf->n_halls;
    site->n_halls = (int)n_refs;
    site->capacity_mw = 0;
    for (guint k = 0; k < n_refs; k++) {
      HostRef *r = &refs[k];
      DcbHall *hall = &pf->halls[pf->n_halls++];
      *hall = parsed[r->host];
      hall->name = g_strdup(r->name);
      hall->site = s;
      site->capacity_mw += hall->peak_w / 1e6;
    }
  }

  /* Control host: the first host by id outside every site. */
  for (guint i = 0; i < hosts->len; i++) {
    if (host_site[i] >= 0)
      continue;
    const char *id = g_array_index(hosts, PHost, i).id;
    if (pf->control_host == NULL || strcmp(id, pf->control_host) < 0) {
      g_free(pf->control_host);
      pf->control_host = g_strdup(id);
    }
  }
  if (pf->control_host == NULL) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                "%s:%d: <platform>: no host outside the sites: a control host (e.g. <host "
                "id='ctrl' speed='1f'> in a zone without a substation) is required",
                p->path, p->platform_line);
    return NULL;
  }
  return g_steal_pointer(&pf);
}

/* GMarkup messages start with "Error on line N char M: "; keep what follows. */
static const char *markup_reason(const char *message)
{
  if (g_str_has_prefix(message, "Error on line ")) {
    const char *colon = strstr(message, ": ");
    if (colon != NULL)
      return colon + 2;
  }
  return message;
}

DcbPlatform *dcb_platform_load(const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  /* Only a regular file, of bounded size (infile.h): /dev/zero or a FIFO would never end. */
  if (!dcb_infile_read(path, "platform", 0, &text, &len, error))
    return NULL;
  GError *local = NULL;
  Parser p = {0};
  p.path = path;
  p.zones = g_array_new(FALSE, TRUE, sizeof(PZone));
  g_array_set_clear_func(p.zones, pzone_clear);
  p.hosts = g_array_new(FALSE, TRUE, sizeof(PHost));
  g_array_set_clear_func(p.hosts, phost_clear);
  p.stack = g_array_new(FALSE, TRUE, sizeof(Frame));
  g_array_set_clear_func(p.stack, frame_clear);
  p.zone_stack = g_array_new(FALSE, FALSE, sizeof(int));
  p.open_host = -1;
  p.zone_ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  p.host_ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  static const GMarkupParser parser = {on_start, on_end, on_text, on_passthrough, NULL};
  p.ctx = g_markup_parse_context_new(&parser, G_MARKUP_DEFAULT_FLAGS, &p, NULL);

  DcbPlatform *pf = NULL;
  gboolean ok = g_markup_parse_context_parse(p.ctx, text, (gssize)len, &local) &&
                g_markup_parse_context_end_parse(p.ctx, &local);
  if (!ok) {
    if (local->domain == G_MARKUP_ERROR && p.root_closed)
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "%s:%d: content after the root element </platform> (%s)", path, current_line(&p),
                  markup_reason(local->message));
    else if (local->domain == G_MARKUP_ERROR)
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s:%d: malformed XML: %s", path,
                  current_line(&p), markup_reason(local->message));
    else
      g_propagate_error(error, g_steal_pointer(&local));
    g_clear_error(&local);
  } else if (!p.seen_platform) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: no <platform> element", path);
  } else {
    pf = build(&p, error);
  }
  g_markup_parse_context_free(p.ctx);
  g_array_free(p.zones, TRUE);
  g_array_free(p.hosts, TRUE);
  g_array_free(p.stack, TRUE);
  g_array_free(p.zone_stack, TRUE);
  g_hash_table_destroy(p.zone_ids);
  g_hash_table_destroy(p.host_ids);
  return pf;
}

void dcb_platform_free(DcbPlatform *pf)
{
  if (pf == NULL)
    return;
  for (int s = 0; s < pf->n_sites; s++) {
    g_free(pf->sites[s].name);
    g_free(pf->sites[s].substation);
    g_free(pf->sites[s].town);
  }
  for (int h = 0; h < pf->n_halls; h++)
    g_free(pf->halls[h].name);
  g_free(pf->sites);
  g_free(pf->halls);
  g_free(pf->control_host);
  g_free(pf->path);
  g_free(pf);
}

int dcb_platform_site_index(const DcbPlatform *pf, const char *name)
{
  /* Sites are sorted by name: binary search. */
  int lo = 0, hi = pf->n_sites - 1;
  while (lo <= hi) {
    int mid = lo + (hi - lo) / 2;
    int c = strcmp(pf->sites[mid].name, name);
    if (c == 0)
      return mid;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return -1;
}

int dcb_platform_take_halls(const DcbPlatform *pf, int site, gboolean *used, double mw, int *out,
                            gboolean *covered)
{
  g_assert(site >= 0 && site < pf->n_sites);
  const DcbSite *s = &pf->sites[site];
  /* Tolerance: MW figures written in decimal (e.g. 0.1 + 0.2) must not miss a hall. */
  double need = mw - 1e-9 * fmax(1.0, fabs(mw));
  double got = 0;
  int n = 0;
  for (int h = s->first_hall; h < s->first_hall + s->n_halls && got < need; h++) {
    if (used[h])
      continue;
    used[h] = TRUE;
    out[n++] = h;
    got += pf->halls[h].peak_w / 1e6;
  }
  if (covered != NULL)
    *covered = got >= need;
  return n;
}
