/* dist.c - distributions, trajectories and seeded random streams (see dist.h).
 *
 * Parsing is strict: numbers go through the inputs' one parser (number.h: g_ascii_strtod, C
 * locale whatever the user's locale, consumed entirely, NaN and infinities refused); every
 * distribution's parameters are checked (tri min <= mode <= max, uniform a <= b, lognormal
 * median > 0 and sigma >= 0, normal sd >= 0).  Error messages say only what is wrong with the
 * text: the scenario loader prefixes the file, group and key and appends the value.
 *
 * Trajectories (and [vary]-like lists) split at the commas outside parentheses, so that a point
 * may hold a distribution ("tri(0.2,0.3,0.4)@2025, 0.15@2035", DESIGN §2.2 rule 25); a point's
 * value is a plain number or, when its text names a distribution, that distribution (its central
 * value in the DcbTraj, the distribution beside it for dcb_traj_parse_uncertain); a year never is.
 *
 * Sampling: tri by its inverse CDF, uniform by scaling, lognormal = median * exp(sigma * N),
 * normal truncated at 0 by redrawing (at most DCB_DIST_NORMAL_TRIES draws, then 0).  N is a
 * standard normal from Box-Muller, one value per call (the second value is not cached, so a
 * stream's state is its four words and nothing else).
 *
 * Random streams: xoshiro256** (Blackman & Vigna), its 256-bit state filled by four outputs
 * of splitmix64 started at seed ^ FNV-1a-64(entity name).  dcb_rng_uniform takes the top 53
 * bits of an output, so it is exactly k / 2^53 for an integer k in [0, 2^53).
 *
 * dcb_seed_derive(seed, index) is the (index + 1)-th output of a splitmix64 generator whose
 * state starts at 'seed': z = seed + (index + 1) * 0x9E3779B97F4A7C15, then the splitmix64
 * finalizer (xor-shift 30, multiply 0xBF58476D1CE4E5B9, xor-shift 27, multiply
 * 0x94D049BB133111EB, xor-shift 31).  Distinct indices give well-mixed, distinct seeds.
 */
#include "dist.h"
#include "error.h"
#include "number.h"
#include <math.h>
#include <string.h>

#define DCB_DIST_NORMAL_TRIES 1000
#define SPLITMIX_GAMMA        G_GUINT64_CONSTANT(0x9E3779B97F4A7C15)

/* ---------------------------------------------------------------- numbers */

/* A whole finite number of magnitude at most 1e12 (number.h), like every scenario number: a
 * duration of tri(1,2,1e300) years or a trajectory point of 1e300 would overflow dates, energy
 * or costs. */
static const char *parse_number(const char *text, double *out)
{
  return dcb_number_parse(text, DCB_NUMBER_CAPPED, out);
}

/* Shortest C-locale text that reads back as the same double. (transfer full) */
static char *format_number(double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  /* Start with as many digits as the integer part has, so that 10 reads "10", not "1e+01". */
  int first = 1;
  if (fabs(v) >= 1 && fabs(v) < 1e15)
    first = (int)floor(log10(fabs(v))) + 1;
  /* The fewest digits that read back as v, by bisection: if d digits read back, so do d + 1
   * (the correctly rounded text with more digits is at least as close to v), so the answer is
   * the one the digit-by-digit search gave, in four tries instead of up to seventeen (a Monte
   * Carlo of 1 000 replications writes 20 000 drawn values). */
  int lo = first, hi = 18; /* the answer is in [lo, hi); 18: none up to 17 */
  /* A drawn value needs 15 digits or more: ask 15 first, which splits the range where it pays. */
  if (lo < 15) {
    g_ascii_formatd(buf, sizeof buf, "%.15g", v);
    if (g_ascii_strtod(buf, NULL) == v)
      hi = 15;
    else
      lo = 16;
  }
  while (lo < hi) {
    int digits = lo + (hi - lo) / 2;
    char fmt[8];
    g_snprintf(fmt, sizeof fmt, "%%.%dg", digits);
    g_ascii_formatd(buf, sizeof buf, fmt, v);
    if (g_ascii_strtod(buf, NULL) == v)
      hi = digits;
    else
      lo = digits + 1;
  }
  if (lo <= 17) {
    char fmt[8];
    g_snprintf(fmt, sizeof fmt, "%%.%dg", lo);
    return g_strdup(g_ascii_formatd(buf, sizeof buf, fmt, v));
  }
  return g_strdup(g_ascii_dtostr(buf, sizeof buf, v));
}

/* ---------------------------------------------------------------- distributions */

typedef struct {
  const char *name;
  DcbDistKind kind;
  int n_params;
  const char *usage;
} DistSyntax;

static const DistSyntax dist_syntax[] = {
    {"tri", DCB_DIST_TRI, 3, "tri(min,mode,max)"},
    {"uniform", DCB_DIST_UNIFORM, 2, "uniform(a,b)"},
    {"lognormal", DCB_DIST_LOGNORMAL, 2, "lognormal(median,sigma)"},
    {"normal", DCB_DIST_NORMAL, 2, "normal(mean,sd)"},
};

#define DIST_EXPECTED                                                                              \
  "expected a number, tri(min,mode,max), uniform(a,b), lognormal(median,sigma) or normal(mean,sd)"

static gboolean check_dist_params(const DistSyntax *syn, const DcbDist *d, GError **error)
{
  switch (syn->kind) {
    case DCB_DIST_TRI:
      if (!(d->a <= d->b && d->b <= d->c)) {
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s needs min <= mode <= max", syn->usage);
        return FALSE;
      }
      break;
    case DCB_DIST_UNIFORM:
      if (!(d->a <= d->b)) {
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s needs a <= b", syn->usage);
        return FALSE;
      }
      break;
    case DCB_DIST_LOGNORMAL:
      if (!(d->a > 0) || !(d->b >= 0)) {
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s needs median > 0 and sigma >= 0",
                    syn->usage);
        return FALSE;
      }
      break;
    case DCB_DIST_NORMAL:
      if (!(d->b >= 0)) {
        g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s needs sd >= 0", syn->usage);
        return FALSE;
      }
      break;
    case DCB_DIST_FIXED:
      break;
  }
  return TRUE;
}

gboolean dcb_dist_parse(const char *text, DcbDist *out, GError **error)
{
  g_return_val_if_fail(out != NULL, FALSE);
  if (text == NULL)
    text = "";
  while (g_ascii_isspace(*text))
    text++;

  if (!g_ascii_isalpha(*text)) {
    double v = 0;
    const char *why = parse_number(text, &v);
    if (why != NULL) {
      /* Say "finite" when that is the problem, else list every accepted form. */
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s",
                  strstr(why, "finite") != NULL ? why : DIST_EXPECTED);
      return FALSE;
    }
    *out = dcb_dist_fixed(v);
    return TRUE;
  }

  const char *p = text;
  while (g_ascii_isalnum(*p) || *p == '_')
    p++;
  g_autofree char *name = g_strndup(text, (gsize)(p - text));
  const DistSyntax *syn = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS(dist_syntax); i++)
    if (strcmp(dist_syntax[i].name, name) == 0)
      syn = &dist_syntax[i];
  if (syn == NULL) {
    if (g_ascii_strcasecmp(name, "nan") == 0 || g_ascii_strncasecmp(name, "inf", 3) == 0)
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "expected a finite number");
    else
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "unknown distribution '%s' (%s)", name,
                  DIST_EXPECTED);
    return FALSE;
  }

  while (g_ascii_isspace(*p))
    p++;
  const char *close = strrchr(p, ')');
  if (*p != '(' || close == NULL) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "expected %s", syn->usage);
    return FALSE;
  }
  for (const char *q = close + 1; *q != '\0'; q++)
    if (!g_ascii_isspace(*q)) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "unexpected text after ')' (expected %s)",
                  syn->usage);
      return FALSE;
    }

  g_autofree char *inner = g_strndup(p + 1, (gsize)(close - p - 1));
  g_auto(GStrv) parts = g_strsplit(inner, ",", -1);
  if ((int)g_strv_length(parts) != syn->n_params) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "expected %s (%d numbers)", syn->usage,
                syn->n_params);
    return FALSE;
  }
  double v[3] = {0, 0, 0};
  for (int i = 0; i < syn->n_params; i++) {
    const char *why = parse_number(parts[i], &v[i]);
    if (why != NULL) {
      g_autofree char *arg = g_strstrip(g_strdup(parts[i]));
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: parameter %d ('%s'): %s", syn->usage,
                  i + 1, arg, why);
      return FALSE;
    }
  }
  DcbDist d = {.kind = syn->kind, .a = v[0], .b = v[1], .c = v[2]};
  if (!check_dist_params(syn, &d, error))
    return FALSE;
  *out = d;
  return TRUE;
}

DcbDist dcb_dist_fixed(double value)
{
  return (DcbDist){.kind = DCB_DIST_FIXED, .a = value};
}

double dcb_dist_sample(const DcbDist *d, DcbRng *rng)
{
  switch (d->kind) {
    case DCB_DIST_FIXED:
      return d->a;
    case DCB_DIST_TRI: {
      double lo = d->a, mode = d->b, hi = d->c;
      double u = dcb_rng_uniform(rng);
      if (hi <= lo)
        return lo;
      double f_mode = (mode - lo) / (hi - lo); /* CDF at the mode */
      if (u < f_mode)
        return lo + sqrt(u * (hi - lo) * (mode - lo));
      return hi - sqrt((1.0 - u) * (hi - lo) * (hi - mode));
    }
    case DCB_DIST_UNIFORM:
      return d->a + dcb_rng_uniform(rng) * (d->b - d->a);
    case DCB_DIST_LOGNORMAL:
      return d->a * exp(d->b * dcb_rng_normal(rng));
    case DCB_DIST_NORMAL:
      if (d->b == 0)
        return d->a >= 0 ? d->a : 0.0;
      for (int i = 0; i < DCB_DIST_NORMAL_TRIES; i++) {
        double x = d->a + d->b * dcb_rng_normal(rng);
        if (x >= 0)
          return x;
      }
      return 0.0;
  }
  g_assert_not_reached();
}

double dcb_dist_central(const DcbDist *d)
{
  switch (d->kind) {
    case DCB_DIST_FIXED:
    case DCB_DIST_LOGNORMAL:
    case DCB_DIST_NORMAL:
      return d->a;
    case DCB_DIST_TRI:
      return d->b;
    case DCB_DIST_UNIFORM:
      return (d->a + d->b) / 2.0;
  }
  g_assert_not_reached();
}

double dcb_dist_mean(const DcbDist *d)
{
  switch (d->kind) {
    case DCB_DIST_FIXED:
      return d->a;
    case DCB_DIST_TRI:
      return (d->a + d->b + d->c) / 3.0;
    case DCB_DIST_UNIFORM:
      return (d->a + d->b) / 2.0;
    case DCB_DIST_LOGNORMAL:
      return d->a * exp(d->b * d->b / 2.0);
    case DCB_DIST_NORMAL: {
      /* Mean of the normal truncated to [0, inf): mu + sd * phi(alpha) / (1 - Phi(alpha)). */
      double mu = d->a, sd = d->b;
      if (sd == 0)
        return mu >= 0 ? mu : 0.0;
      double alpha = -mu / sd;
      double tail = 0.5 * erfc(alpha / G_SQRT2);
      if (tail < 1e-300)
        return 0.0;
      double pdf = exp(-0.5 * alpha * alpha) / sqrt(2.0 * G_PI);
      return mu + sd * pdf / tail;
    }
  }
  g_assert_not_reached();
}

double dcb_dist_max(const DcbDist *d)
{
  switch (d->kind) {
    case DCB_DIST_FIXED:
      return d->a;
    case DCB_DIST_TRI:
      return d->c;
    case DCB_DIST_UNIFORM:
      return d->b;
    case DCB_DIST_LOGNORMAL:
      return d->b == 0 ? d->a : G_MAXDOUBLE;
    case DCB_DIST_NORMAL:
      if (d->b == 0)
        return d->a >= 0 ? d->a : 0.0;
      return G_MAXDOUBLE;
  }
  g_assert_not_reached();
}

double dcb_dist_min(const DcbDist *d)
{
  switch (d->kind) {
    case DCB_DIST_FIXED:
      return d->a;
    case DCB_DIST_TRI:
    case DCB_DIST_UNIFORM:
      return d->a;
    case DCB_DIST_LOGNORMAL:
      return d->b == 0 ? d->a : 0.0; /* infimum; every draw is > 0 */
    case DCB_DIST_NORMAL:
      if (d->b == 0)
        return d->a >= 0 ? d->a : 0.0;
      return 0.0;
  }
  g_assert_not_reached();
}

char *dcb_dist_to_string(const DcbDist *d)
{
  g_autofree char *a = format_number(d->a);
  g_autofree char *b = format_number(d->b);
  g_autofree char *c = format_number(d->c);
  switch (d->kind) {
    case DCB_DIST_FIXED:
      return g_strdup(a);
    case DCB_DIST_TRI:
      return g_strdup_printf("tri(%s,%s,%s)", a, b, c);
    case DCB_DIST_UNIFORM:
      return g_strdup_printf("uniform(%s,%s)", a, b);
    case DCB_DIST_LOGNORMAL:
      return g_strdup_printf("lognormal(%s,%s)", a, b);
    case DCB_DIST_NORMAL:
      return g_strdup_printf("normal(%s,%s)", a, b);
  }
  g_assert_not_reached();
}

/* ---------------------------------------------------------------- trajectories */

#define TRAJ_EXPECTED "expected a number or 'value@year, value@year, ...'"

gboolean dcb_dist_mentioned(const char *text)
{
  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++) {
    if (!g_ascii_isalpha(*p) || (p > text && (g_ascii_isalnum(p[-1]) || p[-1] == '_')))
      continue;
    for (gsize i = 0; i < G_N_ELEMENTS(dist_syntax); i++) {
      gsize n = strlen(dist_syntax[i].name);
      if (strncmp(p, dist_syntax[i].name, n) != 0)
        continue;
      const char *q = p + n;
      while (g_ascii_isspace(*q))
        q++;
      if (*q == '(')
        return TRUE;
    }
  }
  return FALSE;
}

/* A value of a trajectory point or of a scalar key: a plain number (number.h's message when it
 * is not one), or a distribution when the text names one (dist_parse's message). */
static gboolean parse_value(const char *text, DcbDist *out, GError **error)
{
  double v = 0;
  const char *why = parse_number(text, &v);
  if (why == NULL) {
    *out = dcb_dist_fixed(v);
    return TRUE;
  }
  if (dcb_dist_mentioned(text))
    return dcb_dist_parse(text, out, error);
  g_set_error_literal(error, DCB_ERROR, DCB_ERROR_INPUT, why);
  return FALSE;
}

gboolean dcb_dist_parse_value(const char *text, DcbDist *out, GError **error)
{
  g_return_val_if_fail(out != NULL, FALSE);
  return parse_value(text ? text : "", out, error);
}

char **dcb_dist_split_list(const char *text)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new();
  int depth = 0;
  const char *start = text;
  for (const char *p = text;; p++) {
    if (*p == '\0' || (*p == ',' && depth == 0)) {
      g_ptr_array_add(parts, g_strndup(start, (gsize)(p - start)));
      if (*p == '\0')
        break;
      start = p + 1;
    } else if (*p == '(')
      depth++;
    else if (*p == ')' && depth > 0)
      depth--;
  }
  g_ptr_array_add(parts, NULL);
  return (char **)g_ptr_array_free(g_steal_pointer(&parts), FALSE);
}

gboolean dcb_traj_parse_uncertain(const char *text, DcbTraj *out, DcbDist *dists, GError **error)
{
  g_return_val_if_fail(out != NULL, FALSE);
  if (text == NULL)
    text = "";
  if (strchr(text, '@') == NULL) {
    DcbDist d;
    g_autoptr(GError) err = NULL;
    if (!parse_value(text, &d, &err)) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s (%s)", err->message, TRAJ_EXPECTED);
      return FALSE;
    }
    *out = dcb_traj_constant(dcb_dist_central(&d));
    if (dists != NULL)
      dists[0] = d;
    return TRUE;
  }

  g_auto(GStrv) parts = dcb_dist_split_list(text);
  int n = (int)g_strv_length(parts);
  if (n > DCB_TRAJ_MAX_POINTS) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "too many points (at most %d)",
                DCB_TRAJ_MAX_POINTS);
    return FALSE;
  }
  DcbTraj t = {.n = n};
  g_autofree DcbDist *d = g_new0(DcbDist, n);
  for (int i = 0; i < n; i++) {
    g_autofree char *part = g_strstrip(g_strdup(parts[i]));
    /* The year follows the last '@'; a value holds none (a distribution's text has no '@'). */
    char *at = strrchr(part, '@');
    if (at == NULL || strchr(part, '@') != at) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "point %d ('%s'): %s", i + 1, part,
                  "expected 'value@year'");
      return FALSE;
    }
    *at = '\0';
    g_autoptr(GError) err = NULL;
    const char *why = NULL;
    if (!parse_value(part, &d[i], &err))
      why = err->message;
    else if (dcb_dist_mentioned(at + 1))
      why = "a year cannot be a distribution (only the value can)";
    else
      why = parse_number(at + 1, &t.year[i]);
    if (why != NULL) {
      *at = '@';
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "point %d ('%s'): %s (expected 'value@year')",
                  i + 1, part, why);
      return FALSE;
    }
    t.value[i] = dcb_dist_central(&d[i]);
    if (i > 0 && !(t.year[i] > t.year[i - 1])) {
      char y0[G_ASCII_DTOSTR_BUF_SIZE], y1[G_ASCII_DTOSTR_BUF_SIZE];
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "years must be strictly increasing (%s comes after %s)",
                  g_ascii_formatd(y1, sizeof y1, "%g", t.year[i]),
                  g_ascii_formatd(y0, sizeof y0, "%g", t.year[i - 1]));
      return FALSE;
    }
  }
  *out = t;
  if (dists != NULL)
    memcpy(dists, d, (gsize)n * sizeof *d);
  return TRUE;
}

gboolean dcb_traj_parse(const char *text, DcbTraj *out, GError **error)
{
  return dcb_traj_parse_uncertain(text, out, NULL, error);
}

char *dcb_dist_format_number(double v)
{
  return format_number(v);
}

DcbTraj dcb_traj_constant(double value)
{
  DcbTraj t = {.n = 1};
  t.value[0] = value;
  t.year[0] = 0;
  return t;
}

double dcb_traj_at(const DcbTraj *t, double year)
{
  g_assert(t->n >= 1);
  if (year <= t->year[0])
    return t->value[0];
  if (year >= t->year[t->n - 1])
    return t->value[t->n - 1];
  /* Binary search for the segment [lo, lo + 1] holding 'year'. */
  int lo = 0, hi = t->n - 1;
  while (hi - lo > 1) {
    int mid = (lo + hi) / 2;
    if (t->year[mid] <= year)
      lo = mid;
    else
      hi = mid;
  }
  double f = (year - t->year[lo]) / (t->year[hi] - t->year[lo]);
  return t->value[lo] + f * (t->value[hi] - t->value[lo]);
}

double dcb_traj_min(const DcbTraj *t)
{
  double m = t->value[0];
  for (int i = 1; i < t->n; i++)
    m = MIN(m, t->value[i]);
  return m;
}

double dcb_traj_max(const DcbTraj *t)
{
  double m = t->value[0];
  for (int i = 1; i < t->n; i++)
    m = MAX(m, t->value[i]);
  return m;
}

/* ---------------------------------------------------------------- random streams */

static guint64 splitmix64_mix(guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static guint64 splitmix64_next(guint64 *state)
{
  *state += SPLITMIX_GAMMA;
  return splitmix64_mix(*state);
}

static guint64 fnv1a64(const char *s)
{
  guint64 h = G_GUINT64_CONSTANT(0xcbf29ce484222325);
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p != '\0'; p++) {
    h ^= *p;
    h *= G_GUINT64_CONSTANT(0x100000001b3);
  }
  return h;
}

void dcb_rng_init(DcbRng *rng, guint64 seed, const char *entity)
{
  guint64 state = seed ^ fnv1a64(entity);
  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64_next(&state);
}

static inline guint64 rotl64(guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

guint64 dcb_rng_next(DcbRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl64(s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl64(s[3], 45);
  return result;
}

double dcb_rng_uniform(DcbRng *rng)
{
  return (double)(dcb_rng_next(rng) >> 11) * 0x1.0p-53;
}

double dcb_rng_normal(DcbRng *rng)
{
  double u1 = 1.0 - dcb_rng_uniform(rng); /* (0, 1]: log is finite */
  double u2 = dcb_rng_uniform(rng);
  return sqrt(-2.0 * log(u1)) * cos(2.0 * G_PI * u2);
}

guint64 dcb_seed_derive(guint64 seed, guint64 index)
{
  return splitmix64_mix(seed + (index + 1) * SPLITMIX_GAMMA);
}
