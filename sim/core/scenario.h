/* scenario.h - a scenario key file turned into an immutable, fully validated DcbScenario.
 *
 * dcb_scenario_load() reads a GLib key file (DESIGN §4.2), applies the "--set group.key=value"
 * overrides on the key file itself (so an override is validated exactly like the file), checks
 * every group, key, type and range, and resolves paths relative to the scenario file.  After a
 * successful load the struct is never modified: the model, the summary of `check` and the
 * provenance of the traces all read it.  Unknown groups and keys are errors with a "did you
 * mean" hint.  Error messages name the file, the group and the key:
 *     workloads/x.ini: [grid] crews: must be an integer >= 1 (got '0')
 *
 * Rule 25: keys given as distributions hold their central value and are listed in sc->inputs;
 * dcb_scenario_apply_draws, called once by the engine before a simulation, writes one run's
 * draws into them (the only write after loading).
 *
 * The struct is public (read-only by convention) rather than opaque: the model reads dozens of
 * fields and accessors would add nothing.  Strings and arrays are owned by the scenario and
 * freed by dcb_scenario_free().  Units are in the field names and comments.
 */
#ifndef DCB_SCENARIO_H
#define DCB_SCENARIO_H

#include "dist.h"
#include <glib.h>

typedef enum { DCB_POLICY_FCFS, DCB_POLICY_FAST_TRACK } DcbPolicy;

/* [grid] grant (DESIGN §2.2 rule 15): one tranche per phase (the default), per phase with
 * partial grants in whole halls, or the project's whole request (rule 2 as written). */
typedef enum { DCB_GRANT_PER_PHASE, DCB_GRANT_PARTIAL, DCB_GRANT_WHOLE } DcbGrant;

/* [investor] siting (rule 18): time to power (the default) or the first version's choice. */
typedef enum { DCB_SITING_TIME_TO_POWER, DCB_SITING_LEGACY } DcbSiting;

/* [hardware] precision (rule 26): the label of compute_eflops. */
typedef enum {
  DCB_PRECISION_FP64,
  DCB_PRECISION_FP32,
  DCB_PRECISION_BF16,
  DCB_PRECISION_FP16,
  DCB_PRECISION_FP8
} DcbPrecision;

/* [developer] on_long_wait (rule 17): the actions tried in order after max_wait_years. */
typedef enum { DCB_WAIT_RELOCATE, DCB_WAIT_BRIDGE, DCB_WAIT_ABANDON } DcbWaitAction;
#define DCB_WAIT_ACTIONS_MAX 3

/* A developer's behaviour (rules 16-17): [developer] for every project, each key overridable
 * per [project:*] (resolved at load: a project's own value, else [developer]'s). */
typedef struct {
  gboolean build_at_risk; /* rule 16: FALSE = a phase starts only against a granted tranche */
  double phase_overlap;   /* rule 16: [0, 1), share of a phase the next one overlaps */
  gboolean has_max_wait;  /* rule 17: FALSE = wait as long as it takes */
  double max_wait_years;  /* > 0 when set */
  DcbWaitAction on_long_wait[DCB_WAIT_ACTIONS_MAX]; /* in order, each at most once */
  int n_on_long_wait;                               /* >= 1 */
  gboolean market_check; /* rule 22: proceed after permitting only if the market wants it */
  double market_years;   /* rule 22: >= 0, how far ahead the check looks at demand */
  double defer_years;    /* rule 22: >= 0, cancelled at the first failed check this long after */
} DcbDeveloper;

/* [reinforcement:NAME] (rule 20): a planned work of the grid operator's programme. */
typedef struct {
  char *name;       /* [reinforcement:NAME] */
  char *substation; /* validated to exist */
  double mw;        /* grid MW added to the substation's headroom at 'ready', > 0 */
  DcbDist ready;    /* decimal year, or a distribution of years drawn once per run */
  gboolean has_start;
  double start; /* decimal year: reinforcement_started event and 'meur' booked then */
  double meur;  /* >= 0, 0 when absent */
} DcbPlannedWork;

/* [corridor:NAME] (rule 23): an upstream cap shared by several substations. */
typedef struct {
  char *name;         /* [corridor:NAME] */
  char **substations; /* member substations (each exists, each in at most one corridor) */
  int n_substations;  /* >= 1 */
  DcbTraj cap_mw;     /* grid MW, a step function: its value at Y holds through year Y */
} DcbCorridor;

typedef struct {
  char *name;                  /* [substation:NAME] */
  double headroom_mw;          /* grid MW connectable without works at the start */
  double reinforcement_mw;     /* grid MW added by one reinforcement */
  DcbDist connection_years;    /* resolved: the substation's own or [grid]'s */
  DcbDist reinforcement_years; /* resolved: the substation's own or [grid]'s */
  gboolean has_moratorium;     /* resolved: own or [grid]'s */
  double moratorium_from;      /* Y1 as written: the instant grants stop (an integer: 1 January) */
  double moratorium_to;        /* Y2 as written (an integer: through 31 December Y2) */
  double moratorium_end;       /* the instant grants resume: Y2 + 1 for an integer Y2, else Y2 */
} DcbSubstation;

typedef struct {
  char *name;       /* [load:NAME] */
  char *substation; /* substation it connects to (validated to exist) */
  DcbTraj mw;       /* grid MW wanted, non-decreasing; requests are the increases at each point */
} DcbLoad;

typedef struct {
  char *name;                /* [project:NAME] */
  char *site;                /* site (zone id) in the platform */
  char *operator_name;       /* optional, NULL when absent */
  double *phases_mw;         /* IT MW of each phase, as written (halls decide the real figure) */
  int n_phases;              /* >= 1 */
  gboolean existing;         /* operating_since given and <= start_year */
  double operating_since;    /* decimal year (existing campuses only) */
  double announced;          /* decimal year (not for existing campuses) */
  gboolean has_requested;    /* connection requested at 'requested' instead of 'announced' */
  double requested;          /* decimal year */
  DcbDist permit_years;      /* default: [investor] permit_years */
  DcbDist phase_years;       /* default: [investor] phase_years */
  double cancel_probability; /* at the end of permitting; default: [investor] */
  gboolean fast_track;       /* default FALSE */
  DcbDeveloper developer;    /* resolved: the project's own keys, else [developer]'s */
  double utilization;        /* rule 25: (0, 1], resolved: its own, else [operation]'s */
  double ramp_years;         /* rule 25: >= 0, resolved: its own, else [operation]'s */
} DcbProject;

/* Rule 25: where a drawn input's value goes.  Named groups are found by name (their arrays are
 * sorted by name after reading, so an index would not survive); the field is a byte offset
 * inside the element (or inside DcbScenario itself for the fixed groups). */
typedef enum {
  DCB_INPUT_IN_SCENARIO, /* a field of DcbScenario ([demand], [grid], [developer], ...) */
  DCB_INPUT_IN_SUBSTATION,
  DCB_INPUT_IN_LOAD,
  DCB_INPUT_IN_PROJECT,
  DCB_INPUT_IN_WORK,
  DCB_INPUT_IN_CORRIDOR,
} DcbInputArray;

typedef enum {
  DCB_INPUT_DOUBLE,     /* a double */
  DCB_INPUT_TRAJ_POINT, /* value[point] of a DcbTraj */
  DCB_INPUT_DIST,       /* a DcbDist, replaced by the fixed draw (a planned work's ready) */
} DcbInputField;

typedef struct {
  DcbInputArray array;
  char *element; /* the element's name ("warande" for [substation:warande]), NULL in
                    DCB_INPUT_IN_SCENARIO */
  gsize offset;  /* of the double, DcbTraj or DcbDist inside the element (or DcbScenario) */
  DcbInputField field;
  int point; /* DCB_INPUT_TRAJ_POINT: the point's index; else -1 */
} DcbInputTarget;

/* Rule 25: a key (or a trajectory point) given as a distribution, drawn once per run. */
typedef struct {
  char *name;   /* "demand.share", "demand.growth@2025", "substation:warande.headroom_mw",
                   "reinforcement:NAME.ready" */
  char *stream; /* entity of its random stream: "input:" + name, except a planned work's ready,
                   "reinforcement:NAME/ready" (the stream the engine has always drawn it from) */
  DcbDist dist; /* not DCB_DIST_FIXED */
  DcbInputTarget *targets; /* the field itself first, then the fields that inherit it (a
                              project's cancel_probability from [investor]'s, ...) */
  int n_targets;
} DcbInput;

typedef struct {
  char *path;          /* scenario file as given */
  char *dir;           /* directory of the scenario file (paths are relative to it) */
  char *sha256;        /* SHA-256 of the scenario file's bytes (hex) */
  char **overrides;    /* NULL-terminated "group.key=value" as given, may be empty */
  GKeyFile *effective; /* the key file after overrides (for run.ini), owned */

  /* [scenario] */
  char *name;
  char *platform_path; /* resolved against dir */
  int start_year;
  int end_year; /* last simulated year, rows start_year..end_year; <= start_year + 200 */
  guint64 seed;
  gboolean has_target;
  DcbTraj target_mw; /* optional regional ambition, IT MW */

  /* [demand] */
  double it_mw;   /* IT MW wanted at start_year */
  DcbTraj growth; /* yearly growth rate */
  gboolean has_curve;
  char *curve_path;     /* resolved; NULL when absent */
  DcbTraj curve;        /* year -> IT MW (replaces it_mw/growth) */
  DcbTraj demand_share; /* rule 24 (revised: a trajectory): >= 0, multiplies the path or the
                           curve in each year (default 1) */

  /* [operation] */
  double utilization;    /* (0, 1]: share of peak compute used by an operating hall */
  double ramp_years;     /* >= 0 */
  DcbTraj pue;           /* >= 1 */
  DcbTraj wue_l_per_kwh; /* rule 26: litres of water per kWh of IT energy, >= 0 (default 0) */

  /* [hardware] */
  double refresh_years;           /* > 0 */
  double gflops_per_w;            /* newest generation at start_year, > 0 */
  double efficiency_growth;       /* its value at start_year (the number, when it is one), >= 0 */
  DcbTraj efficiency_growth_traj; /* rule 26: yearly gain of new hardware, a trajectory, >= 0 */
  DcbPrecision precision;         /* rule 26: the precision of compute_eflops (default fp64) */
  const char *precision_label;    /* its word ("fp64"), static storage */

  /* [grid] */
  DcbPolicy policy;
  double grid_mw_per_it_mw; /* > 0 (>= 1 in practice) */
  DcbDist connection_years;
  DcbDist reinforcement_years;
  int crews; /* >= 1 */
  gboolean has_moratorium;
  double moratorium_from, moratorium_to, moratorium_end; /* as DcbSubstation's (rules 5, 25) */
  gboolean has_use_it_or_lose_it;
  double use_it_or_lose_it_years; /* > 0 when set */
  DcbGrant grant;                 /* rule 15; default per_phase */
  gboolean fast_track_guarantee;  /* rule 21; only with policy = fast_track */

  /* [developer]: every project's defaults (rules 16-17); the investor's projects use them */
  DcbDeveloper developer;

  /* [onsite] (rule 19) */
  gboolean onsite_enabled;
  DcbDist onsite_lead_years; /* drawn once per bridging project */
  DcbTraj onsite_g_per_kwh;  /* gCO2e/kWh of on-site generation, >= 0 */
  double onsite_meur_per_mw; /* capex per IT MW energized on on-site power, >= 0 */

  /* [carbon] */
  DcbTraj grid_g_per_kwh;     /* gCO2e/kWh, >= 0 */
  double building_t_per_mw;   /* tCO2e per MW IT at energization */
  double it_t_per_mw;         /* tCO2e per MW IT at fit-out and each refresh */
  gboolean has_marginal;      /* rule 26: [carbon] marginal_g_per_kwh given */
  DcbTraj marginal_g_per_kwh; /* rule 26: gCO2e/kWh of the grid's energy, consequential view */

  /* [jobs], [heat] (rule 26) */
  double construction_per_mw; /* jobs per IT MW under construction, >= 0 (0: not counted) */
  double operations_per_mw;   /* jobs per operating IT MW, >= 0 (0: not counted) */
  gboolean has_max_construction_jobs;
  double max_construction_jobs; /* > 0 when set: the limit on construction jobs at once */
  DcbTraj heat_reuse_share;     /* [0, 1]: share of heat_network sites' IT energy reused */

  /* [capex] */
  double facility_meur_per_mw; /* when a phase is built */
  double it_meur_per_mw;       /* at fit-out and each refresh */
  double reinforcement_meur;   /* when a reinforcement starts */

  /* [investor] */
  gboolean investor_enabled;
  int investor_start_year; /* first 1 January it acts (default: start_year) */
  double lookahead_years;
  double project_mw; /* IT MW of an endogenous project */
  double phase_mw;
  DcbDist permit_years;
  DcbDist phase_years;
  double cancel_probability;
  DcbSiting siting;            /* rule 18; default time_to_power */
  double announce_factor;      /* rule 22: >= 1, x demand ahead the investor announces up to */
  double investor_utilization; /* rule 25: its projects' halls; default [operation]'s */
  double investor_ramp_years;  /* rule 25: default [operation]'s */

  /* [substation:*], [load:*], [project:*], [reinforcement:*], [corridor:*], each sorted by name */
  DcbSubstation *substations;
  int n_substations;
  DcbLoad *loads;
  int n_loads;
  DcbProject *projects;
  int n_projects;
  DcbPlannedWork *works; /* [reinforcement:*] */
  int n_works;
  DcbCorridor *corridors; /* [corridor:*] */
  int n_corridors;
  int *substation_corridor; /* per substation: index into corridors, or -1 (n_substations) */

  /* Rule 25: the inputs given as distributions, sorted by name; their fields hold the central
   * value (dcb_dist_central) until dcb_scenario_apply_draws writes a run's draws into them. */
  DcbInput *inputs;
  int n_inputs;

  /* Derived at load (read-only), for hot paths; recomputed by dcb_scenario_apply_draws. */
  int first_year;            /* dcb_scenario_first_year() */
  int demand_first_year;     /* year of demand_by_year_mw[0] (= first_year) */
  int demand_n_years;        /* first_year .. end_year + 200 inclusive */
  double *demand_by_year_mw; /* dcb_scenario_demand() for each of those years */
} DcbScenario;

/* Load and validate 'path' with the overrides ("group.key=value", NULL-terminated, may be NULL).
 * Returns NULL and sets *error (DCB_ERROR_INPUT) on any problem. (transfer full) */
DcbScenario *dcb_scenario_load(const char *path, const char *const *overrides, GError **error);
/* Same from text already in memory ('path' names it in messages and anchors relative paths). */
DcbScenario *dcb_scenario_load_data(const char *path, const char *data, gsize len,
                                    const char *const *overrides, GError **error);
void dcb_scenario_free(DcbScenario *sc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DcbScenario, dcb_scenario_free)

/* Rule 25: the value of every input for the run seed 'seed': values[i] for sc->inputs[i] (room
 * for sc->n_inputs), each the first draw (dcb_dist_sample) of its own stream dcb_rng_init(&rng,
 * seed, inputs[i].stream), except a planned work's ready (dcb_scenario_work_ready).  Pure: the
 * same (scenario, seed) gives the same values in any process. */
void dcb_scenario_draw_inputs(const DcbScenario *sc, guint64 seed, double *values);
/* Rule 25: write the draws of dcb_scenario_draw_inputs(sc, seed) into the inputs' fields and
 * recompute what the load derived from them (demand by year).  The one place a scenario changes
 * after loading: the engine's simulate entry calls it once, before the model reads the scenario
 * (one simulation per process).  Without inputs it changes nothing. */
void dcb_scenario_apply_draws(DcbScenario *sc, guint64 seed);
/* Rule 25 for several runs in one process (batched replications, DESIGN §3): a copy of 'sc'
 * with the draws of run seed 'seed' applied, as dcb_scenario_apply_draws would write them into
 * 'sc' itself (the same values, to the bit).  The arrays that hold drawn fields (substations,
 * loads, projects, planned works, corridors) and the demand by year are the copy's own; every
 * string and every other array is shared with 'sc', which must outlive the copy and is never
 * changed.  Free it with dcb_scenario_free_drawn (not dcb_scenario_free). (transfer full) */
DcbScenario *dcb_scenario_drawn_copy(const DcbScenario *sc, guint64 seed);
void dcb_scenario_free_drawn(DcbScenario *copy);
/* Rule 20: planned work w's ready date (decimal year) in the run of seed 'seed': 'ready' itself
 * when it is a year, else drawn from the work's stream dcb_rng_init(&rng, seed,
 * "reinforcement:NAME/ready").  The value is that stream's second draw: the engine drew it so
 * before rule 25 (a MAX macro evaluated its argument twice), and keeping it keeps every earlier
 * trace.  dcb_scenario_draw_inputs gives the same value for the input "reinforcement:NAME.ready",
 * and the engine (gridop.c) plays it. */
double dcb_scenario_work_ready(const DcbScenario *sc, int w, guint64 seed);
/* The input one of whose targets is the double at 'field' (a field of 'sc'), or NULL: for checks
 * that must hold at every draw (e.g. a project's cancel_probability). */
const DcbInput *dcb_scenario_input_of(const DcbScenario *sc, const double *field);

/* Demand (IT MW) in calendar year 'year' (integer part of a decimal year): the step function of
 * DESIGN §2.1 rule 1, or the curve; before start_year it is it_mw (or the curve's value). */
double dcb_scenario_demand(const DcbScenario *sc, int year);
/* Index of a substation by name, or -1. */
int dcb_scenario_substation_index(const DcbScenario *sc, const char *name);
/* The earliest year of the simulated time: floor(min(start_year, announced, requested)). */
int dcb_scenario_first_year(const DcbScenario *sc);

/* The candidate closest to 'word' for a "did you mean" hint (case-insensitive edit distance of
 * at most 2, or a third of the length), or NULL; n < 0: 'candidates' is NULL-terminated. */
const char *dcb_did_you_mean(const char *word, const char *const *candidates, int n);

/* Raw checks of a key file's text that GLib does not make (it keeps the last of a key written
 * twice, and takes "key[fr]" as a translation): a key set twice in a group, or a localized key,
 * is an error "PATH: [group] key: set twice (lines A and B)".  Scenarios and sweep specs. */
gboolean dcb_keyfile_check_keys(const char *path, const char *data, gsize len, GError **error);

/* Split an override "group.key=value" at the first '=' and, before it, at the last '.' (group
 * names may contain ':' and '.'); spaces around the parts are removed.  Sets *error
 * (DCB_ERROR_INPUT, "--set TEXT: expected group.key=value") when malformed.  Outputs are
 * (transfer full). */
gboolean dcb_scenario_split_override(const char *text, char **group, char **key, char **value,
                                     GError **error);
/* Whether 'key' may appear in 'group' ("grid", "project:cambrai", ...).  On FALSE sets *error
 * (DCB_ERROR_INPUT) to "[group] key: unknown key (did you mean 'x'?)" or "[group]: unknown
 * group ..." without a file prefix (sweep specs use it to check their [vary] keys). */
gboolean dcb_scenario_check_key(const char *group, const char *key, GError **error);

#endif
