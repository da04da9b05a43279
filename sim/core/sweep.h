/* sweep.h - parameter sweeps (DESIGN §7): the spec, its plan of numbered points, the chunking of
 * a plan into Slurm array tasks, point result files, and the summary table.
 *
 * A sweep spec is a GLib key file:
 *     [sweep]  scenario (relative to the spec), seed, replications, method = grid | lhs,
 *              samples (lhs), outcomes = metric@year, ...   (metric: a yearly.csv column),
 *              compare_to = base | N   (optional: the reference of the paired differences)
 *     [vary]   group.key = v1, v2, ...   (grid: a list; items may hold commas inside
 *                                          parentheses, or be "double-quoted")
 *              group.key = low:high      (lhs: bounds)
 * The plan numbers its points from 0.  Grid: the Cartesian product of the lists, the first
 * [vary] key varying slowest (nested loops in file order).  LHS: `samples` points; for every
 * parameter the range is cut into `samples` equal strata and a random permutation (its own
 * stream, seeded from (sweep seed, "lhs:" key)) gives each point one stratum, in which the value
 * is drawn uniformly; values are written with 10 significant digits, and that text is what the
 * point simulates.  A point is `replications` simulations of the base scenario with the point's
 * values as "group.key=value" overrides; replication r of EVERY point has the seed
 * dcb_seed_derive(seed, r) (common random numbers, DESIGN §7: identical points give identical
 * rows, and replication r of a point draws what replication r of `run --replications N --seed
 * SEED` draws wherever the scenarios agree), so results depend neither on chunking nor on the
 * executor, and what differs between points is the parameters' effect, not sampling noise.
 *
 * The sweep directory (out/<spec name>/ by default) holds points.csv (the plan), results/ with
 * one file per finished point (written atomically: a killed worker leaves nothing that looks
 * finished), slurm/ (batch script, tasks.txt, logs/) and summary.csv.  Every result file carries
 * the plan's fingerprint (SHA-256 of the plan, seeds, replications, outcomes and base scenario
 * bytes): a result of another plan counts as missing, never as done.
 *
 * With compare_to, every point is compared with a reference, replication by replication: the
 * base scenario itself (compare_to = base: run once more, with no override and the same seeds,
 * as the pseudo-point DCB_SWEEP_BASE, whose result is results/base.ini) or point N of the plan.
 * Replication r of the point and of the reference share their seed, so value(point, r) -
 * value(reference, r) is the parameters' effect in that draw (common random numbers), and
 * summary.csv gives, after each outcome's quantiles, the quantiles of these paired differences
 * (<outcome>_diff_p05, _diff_p50, _diff_p95).  compare_to changes no point's result, so it is
 * not part of the fingerprint: changing it only changes what collect writes (and, to base,
 * adds the base to what run and submit have to do).
 *
 * A key set twice in a group of the spec is an error ("set twice (lines A and B)"), as in
 * scenarios.  LHS bounds must be finite, with a finite width, and every drawn value finite.
 *
 * Pure: no SimGrid.  Running points (fork, engine) lives in exec/sweep_run.c, the Slurm
 * submission in exec/slurm.c.
 */
#ifndef DCB_SWEEP_H
#define DCB_SWEEP_H

#include <glib.h>

typedef enum { DCB_SWEEP_GRID, DCB_SWEEP_LHS } DcbSweepMethod;

typedef struct {
  char *key;        /* "group.key" as written in [vary] */
  char **values;    /* grid: the listed values as text, NULL-terminated (owned); lhs: NULL */
  int n_values;     /* grid: number of values (>= 1) */
  double low_lhs;   /* lhs: lower bound */
  double high_lhs;  /* lhs: upper bound (> low) */
  gboolean integer; /* an integer scenario key (dcb_sweep_key_is_integer): lhs draws integers */
} DcbSweepParam;

typedef struct {
  char *label;  /* "metric@year", as written */
  char *metric; /* yearly.csv column name */
  int column;   /* its index (DcbYearlyCol) */
  int year;     /* calendar year of the row */
} DcbSweepOutcome;

/* The base scenario as a pseudo-point of a sweep with compare_to = base: in lists of points
 * (first, points are sorted), result files (results/base.ini), ranges ("base") and messages. */
#define DCB_SWEEP_BASE (-1)

typedef struct {
  char *path;          /* spec file as given */
  char *name;          /* file name without directory and ".ini": the default output folder */
  char *scenario_path; /* base scenario, resolved against the spec's directory */
  guint64 seed;
  int replications; /* >= 1 */
  DcbSweepMethod method;
  int samples; /* lhs: points (>= 1); grid: 0 */
  DcbSweepOutcome *outcomes;
  int n_outcomes;
  DcbSweepParam *params;
  int n_params;
  gboolean has_reference; /* compare_to given */
  int reference;          /* compare_to: DCB_SWEEP_BASE, or a point (0..n_points-1: plan_new) */
} DcbSweepSpec;

/* Whether "group.key" is an integer scenario key (type integer or seed in the key table,
 * schema.h: grid.crews, scenario.start_year, scenario.end_year, scenario.seed,
 * investor.start_year).  LHS over such a key takes integer bounds low:high, both included: the
 * strata cut [low, high + 1) and each point's value is an integer inside its stratum when strata
 * are at least 1 wide (samples <= high - low + 1), else the integer part of a value drawn in the
 * stratum (every integer then gets samples / (high - low + 1) points, give or take one). */
gboolean dcb_sweep_key_is_integer(const char *key);

/* Read and check a spec (not the base scenario).  Errors (DCB_ERROR_INPUT) read
 * "SPEC: [group] key: what is wrong". (transfer full) */
DcbSweepSpec *dcb_sweep_spec_load(const char *path, GError **error);
void dcb_sweep_spec_free(DcbSweepSpec *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DcbSweepSpec, dcb_sweep_spec_free)

typedef struct DcbSweepPlan DcbSweepPlan;

/* Expand the spec into points (borrows the spec, which must outlive the plan).  Fails
 * (DCB_ERROR_INPUT) when a grid has more than DCB_SWEEP_MAX_POINTS points, or when compare_to
 * names a point the plan does not have. (transfer full) */
#define DCB_SWEEP_MAX_POINTS 10000000
DcbSweepPlan *dcb_sweep_plan_new(const DcbSweepSpec *spec, GError **error);
void dcb_sweep_plan_free(DcbSweepPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DcbSweepPlan, dcb_sweep_plan_free)
int dcb_sweep_plan_n_points(const DcbSweepPlan *plan);
/* Text of parameter 'param' at 'point' (what the override sets); valid while the plan lives or
 * until the next call with the same buf (lhs values are formatted into buf, >= 32 bytes). */
const char *dcb_sweep_plan_value(const DcbSweepPlan *plan, int point, int param, char *buf,
                                 gsize len);
/* The overrides of a point, "group.key=value", NULL-terminated; none for DCB_SWEEP_BASE.
 * (transfer full) */
char **dcb_sweep_plan_overrides(const DcbSweepPlan *plan, int point);
/* points.csv: header "point,<key>,..." then one row per point (CSV-quoted where needed). */
GString *dcb_sweep_plan_to_csv(const DcbSweepPlan *plan);
/* The plan's fingerprint (hex SHA-256): points.csv, seed, replications, outcomes and the bytes
 * of the base scenario ('scenario_bytes' may be NULL when it cannot be read). */
char *dcb_sweep_plan_fingerprint(const DcbSweepPlan *plan, const char *scenario_bytes,
                                 gsize scenario_len);
/* Seed of replication r of point p: dcb_seed_derive(sweep seed, r), the same for every p. */
guint64 dcb_sweep_seed(guint64 sweep_seed, int point, int replication);

/* Array chunking: 'n' points to run, 'requested' points per task (<= 0: as few per task as the
 * array allows), arrays of at most 'max_array' tasks (Slurm's MaxArraySize: indices
 * 0..MaxArraySize-1).  Sets points per task (raised when 'requested' would need more than
 * max_array tasks) and the number of tasks; n = 0 gives 0 tasks. */
void dcb_sweep_chunking(int n, int requested, int max_array, int *per_task, int *n_tasks);
/* Parse MaxArraySize out of `scontrol show config` text; -1 when absent (running scontrol is
 * the execution layer's: exec/slurm.h). */
int dcb_sweep_parse_max_array_size(const char *text);

/* Compact text of a sorted list of point numbers: "0-9,12,15-16"; DCB_SWEEP_BASE (first, when
 * there) is written "base": "base,0-9". (transfer full) */
char *dcb_sweep_ranges_format(const int *points, int n);
/* Parse such a text ("base" reads DCB_SWEEP_BASE); returns the points in an array of int, NULL
 * on bad text. (transfer full) */
GArray *dcb_sweep_ranges_parse(const char *text);

/* State of one point in the sweep directory. */
typedef enum { DCB_POINT_MISSING, DCB_POINT_DONE, DCB_POINT_FAILED } DcbPointState;

/* "point 12", or "the base" for DCB_SWEEP_BASE, into buf (>= 32 bytes); returns buf. */
const char *dcb_sweep_point_label(int point, char *buf, gsize len);
/* results/pNNNNNN.ini of a point, results/base.ini of DCB_SWEEP_BASE (transfer full). */
char *dcb_sweep_result_path(const char *dir, int point);
/* Text of a result file: done with values[outcome * replications + r], or failed with a reason
 * (values NULL). (transfer full) */
char *dcb_sweep_result_format(const DcbSweepSpec *spec, const char *fingerprint, int point,
                              const double *values, const char *reason);
/* Read a point's result file.  Missing, unreadable, of another plan or incomplete: MISSING.
 * DONE fills values (n_outcomes x replications doubles, caller's) when non-NULL; FAILED
 * sets *reason (transfer full) when reason is non-NULL. */
DcbPointState dcb_sweep_result_read(const DcbSweepSpec *spec, const char *fingerprint,
                                    const char *dir, int point, double *values, char **reason);

/* p05, p50, p95 (type 7, see quantile.h) of one outcome's n replication values; 'scratch' holds
 * n doubles (caller's). */
void dcb_sweep_quantiles(const double *values, int n, double *scratch, double out[3]);
/* p05, p50, p95 (type 7) of the paired differences values[r] - reference[r] over the r < n
 * where both are finite (a replication that did not give a number on either side is left
 * out); NaN when no pair is left.  'scratch' holds 2 n doubles (caller's).  Returns the number
 * of pairs. */
int dcb_sweep_paired_quantiles(const double *values, const double *reference, int n,
                               double *scratch, double out[3]);
/* summary.csv: header "point,<keys>,<outcome>_p05,_p50,_p95,..." then one row per done point
 * (point order).  'q' holds n_points x n_outcomes x 3 quantiles (p05, p50, p95); 'done' one flag
 * per point.  With a reference (spec->has_reference), 'dq' holds the paired differences' p05,
 * p50, p95 laid out like 'q', written after each outcome's quantiles as
 * <outcome>_diff_p05,_diff_p50,_diff_p95 (an empty field where a value is NaN: the reference is
 * not done, or no replication pair gave numbers); without one 'dq' is ignored (may be NULL).
 * Provenance lines (# ...) name no path, so the table is byte-identical wherever it was run; a
 * reference is named in a "# compare_to:" line. */
GString *dcb_sweep_summary_csv(const DcbSweepSpec *spec, const DcbSweepPlan *plan,
                               const gboolean *done, const double *q, const double *dq);

/* An opened sweep: what every subcommand knows about one sweep (the command line's and the
 * execution layer's common ground).  A value struct owning its fields; dcb_sweep_open fills it,
 * dcb_sweep_clear releases it (also after a failed open, which leaves the rest NULL). */
typedef struct {
  DcbSweepSpec *spec;
  DcbSweepPlan *plan;
  char *dir;          /* the sweep directory: --out DIR, or out/<spec name> */
  GString *points;    /* points.csv text */
  char *scenario;     /* base scenario bytes (NULL when unreadable) */
  gsize scenario_len; /* bytes */
  char *fingerprint;  /* dcb_sweep_plan_fingerprint of the plan and the base scenario */
} DcbSweep;

/* Load the spec at 'spec_path', plan it, read the base scenario's bytes; 'out' is the sweep
 * directory (NULL: out/<spec name>).  Nothing is written. */
gboolean dcb_sweep_open(DcbSweep *sw, const char *spec_path, const char *out, GError **error);
void dcb_sweep_clear(DcbSweep *sw);
/* Every point of the sweep, in order: DCB_SWEEP_BASE first when compare_to = base, then
 * 0..n_points-1. (transfer full) */
GArray *dcb_sweep_all_points(const DcbSweep *sw);
/* The points among points[0..n_points-1] (points NULL: dcb_sweep_all_points) whose result is
 * not done (failed or missing), in order, as an array of int. (transfer full) */
GArray *dcb_sweep_todo(const DcbSweep *sw, const int *points, int n_points);

#endif
