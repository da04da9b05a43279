/* dist.h - distributions, trajectories and seeded random streams (pure, no SimGrid).
 *
 * Every uncertain number of a scenario is a DcbDist: a plain number (fixed) or one of tri, uniform,
 * lognormal, normal (truncated at 0).  Every year-dependent number is a DcbTraj: points
 * (year, value), linear between points and flat beyond the ends.  Both are plain value structs
 * that own nothing, so they can be copied freely.
 *
 * Random numbers come from DcbRng, a xoshiro256** stream seeded through splitmix64 from
 * (run seed, entity name): every project, substation and investor has its own stream, so adding
 * one entity never reshuffles the draws of the others, and results never depend on the order in
 * which actors run.  No global RNG state exists anywhere in the program.
 */
#ifndef DCB_DIST_H
#define DCB_DIST_H

#include <glib.h>

typedef enum {
  DCB_DIST_FIXED,     /* a */
  DCB_DIST_TRI,       /* a = min, b = mode, c = max */
  DCB_DIST_UNIFORM,   /* a = low, b = high */
  DCB_DIST_LOGNORMAL, /* a = median, b = sigma (of the log) */
  DCB_DIST_NORMAL,    /* a = mean, b = sd; draws below 0 are redrawn (truncated at 0) */
} DcbDistKind;

typedef struct {
  DcbDistKind kind;
  double a, b, c; /* parameters, meaning by kind (see above); unused ones are 0 */
} DcbDist;

#define DCB_TRAJ_MAX_POINTS 256

typedef struct {
  int n;                             /* number of points, >= 1 */
  double year[DCB_TRAJ_MAX_POINTS];  /* decimal years, strictly increasing */
  double value[DCB_TRAJ_MAX_POINTS]; /* value at each year */
} DcbTraj;

typedef struct {
  guint64 s[4]; /* xoshiro256** state */
} DcbRng;

/* Parse "3", "tri(1,2,4)", "uniform(a,b)", "lognormal(median,sigma)", "normal(mean,sd)".
 * Spaces are allowed.  On failure sets *error (DCB_ERROR_INPUT) with a message that says what
 * was expected (the caller prefixes file/group/key). */
gboolean dcb_dist_parse(const char *text, DcbDist *out, GError **error);
/* A fixed distribution. */
DcbDist dcb_dist_fixed(double value);
/* Draw one value (>= 0 for normal; any value for the others as their parameters allow). */
double dcb_dist_sample(const DcbDist *d, DcbRng *rng);
/* Mean and the largest possible value (G_MAXDOUBLE when unbounded), for checks and summaries. */
double dcb_dist_mean(const DcbDist *d);
double dcb_dist_max(const DcbDist *d);
double dcb_dist_min(const DcbDist *d);
/* The central value that plans are made with (DESIGN §2.2 rule 16): a plain number itself, tri's
 * mode, uniform's midpoint, lognormal's median, normal's mean (its parameter, not the mean of the
 * truncated draw). */
double dcb_dist_central(const DcbDist *d);
/* Human-readable form, e.g. "tri(3,4,7)"; (transfer full). */
char *dcb_dist_to_string(const DcbDist *d);

/* A value that may be uncertain (DESIGN §2.2 rule 25): a plain number (number.h's message when
 * the text is not one, e.g. "expected a number"), or, when the text names a distribution
 * ("tri(", "uniform(", ...), that distribution (dcb_dist_parse's message). */
gboolean dcb_dist_parse_value(const char *text, DcbDist *out, GError **error);
/* Whether 'text' holds a distribution's call: one of the names above followed by '(' (spaces
 * allowed).  Readers of keys that refuse distributions use it to say so. */
gboolean dcb_dist_mentioned(const char *text);
/* Split 'text' at the commas outside parentheses ("tri(1,2,3)@2025, 4@2030" is two items);
 * items are not trimmed.  NULL-terminated (transfer full). */
char **dcb_dist_split_list(const char *text);
/* Shortest C-locale text that reads back as the same double ("2025", "0.15"). (transfer full) */
char *dcb_dist_format_number(double v);

/* Parse "v@year, v@year, ..." or a plain value (one point at year 0, flat everywhere).  Points
 * are split at the commas outside parentheses; each value is a number or a distribution
 * (dcb_dist_parse_value), each year a plain number (a distribution there is refused).  out->value
 * holds each point's central value (dcb_dist_central); when 'dists' is not NULL (room for
 * DCB_TRAJ_MAX_POINTS), dists[i] receives point i's distribution (DCB_DIST_FIXED for a plain
 * number). */
gboolean dcb_traj_parse_uncertain(const char *text, DcbTraj *out, DcbDist *dists, GError **error);
/* dcb_traj_parse_uncertain without the distributions (their central values only). */
gboolean dcb_traj_parse(const char *text, DcbTraj *out, GError **error);
DcbTraj dcb_traj_constant(double value);
/* Value at a decimal year: linear between points, flat beyond the ends. */
double dcb_traj_at(const DcbTraj *t, double year);
double dcb_traj_min(const DcbTraj *t);
double dcb_traj_max(const DcbTraj *t);

/* Seed a stream from (seed, entity name): splitmix64 over seed ^ FNV-1a-64(name). */
void dcb_rng_init(DcbRng *rng, guint64 seed, const char *entity);
guint64 dcb_rng_next(DcbRng *rng);
/* Uniform in [0, 1), 53 random bits. */
double dcb_rng_uniform(DcbRng *rng);
/* Standard normal (Box-Muller, one value per call, deterministic). */
double dcb_rng_normal(DcbRng *rng);
/* Mix a seed with an integer (replication, point): splitmix64 of seed and index. */
guint64 dcb_seed_derive(guint64 seed, guint64 index);

#endif
