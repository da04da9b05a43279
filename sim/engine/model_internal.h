/* model_internal.h - what the model's role files share: the run state (Model) and its parts, the
 * time helpers, the timer records, and the functions that cross from one role to another.
 *
 * Time: simulated seconds from 1 January of the first simulated year (the earliest of start_year
 * and every project's announcement or request); one year is 365.25 days.  Every rule of DESIGN
 * §2.1 (and of §2.2 as it lands) is played out by SimGrid actors on the platform's control
 * host, ordered by the sequencer (seq.h); each role has its file:
 *   model.c      set-up: run state, the sequencer actor that starts every other one, the
 *                timer-driven actor loop, events, dcb_model_simulate
 *   demand.c     demand: sets the demand on 1 January and asks the hardware actor to fit halls
 *   projects.c   every campus's lifecycle, from one queue of dated steps: announced, permitting,
 *                cancelled or permitted, phases started against their grants (or at risk) and
 *                built, energization hall by hall as their connections are ready
 *   gridop.c     the grid operator: scheduled requests (projects' tranches, competing loads),
 *                grants in queue order (whole, or in part in whole halls), moratoria,
 *                reinforcements limited by crews, connection works, use-it-or-lose-it releases
 *   halls.c      hardware: fits energized halls in energization order while fitted capacity is
 *                below demand; hall-group actors carry out fit-outs (the host's own pstate set,
 *                bounded executions holding its load), ramps and refreshes
 *   investor.c   on 1 January, announces projects while demand lookahead_years ahead exceeds what
 *                is operating, stranded, under construction or in the pipeline
 *   recorder.c   the year's flows (capex, embodied CO2) and the rows closed on each 1 January
 *
 * Rule of DESIGN §2.1 and §2.2 -> the function that plays it (file):
 *    1 demand step function          demand_change (demand.c)
 *    2 connection requests, grants   dcb_grid_request (filing), request_cmp (queue order),
 *                                    grant_in_queue_order, grant (gridop.c)
 *    3 reinforcements, crews, loads  reinforcements_start, reinforcement_wait,
 *                                    reinforcement_done, dcb_grid_request_loads (gridop.c)
 *    4 connection ready              connection_ready (gridop.c), dcb_tranche_ready (projects.c)
 *    5 moratorium (25: decimal)      moratorium_holds (gridop.c)
 *    6 use-it-or-lose-it             use_it_or_lose_it, tranche_release (gridop.c)
 *    7 permitting, phases, halls     project_step -> project_announce, permit_end,
 *                                    project_cancel, phase_start, phase_built;
 *                                    dcb_project_allocate (projects.c)
 *    8 energized or stranded         phase_built, dcb_phase_energize, dcb_tranche_ready
 *                                    (projects.c)
 *    9 fitting                       fit_to_demand, hall_fit (halls.c)
 *   10 ramp                          hall_ramp (halls.c)
 *   11 refresh                       hall_refresh (halls.c)
 *   12 capex at the event            dcb_book_capex_facility, dcb_book_capex_it,
 *                                    dcb_book_capex_reinforcement (recorder.c); embodied CO2:
 *                                    dcb_book_embodied_building, dcb_book_embodied_it
 *   13 year rows                     record_year (recorder.c)
 *   14 investor                      investor_year, pick_site (investor.c)
 *   15 tranches                      dcb_grid_request (one per phase, or whole), tranche_request,
 *                                    tranche_grant, grant_partial (partial grants in whole
 *                                    halls), tranche_release, dcb_grid_release (gridop.c)
 *   16 financial close and grid      phase_earliest (a), financial_close (b), phase_ready_t,
 *                                    dcb_project_granted (projects.c)
 *   17 patience                      patience_from, patience_look -> project_relocate
 *                                    (relocation_site, available_without), project_bridge,
 *                                    project_abandon; dcb_first_tranche_mw (projects.c)
 *   18 where the investor builds     pick_site_time_to_power, site_is_candidate, site_rank,
 *                                    site_rank_cmp, dcb_available_headroom_mw (investor.c);
 *                                    dcb_project_plan (projects.c)
 *   19 on-site bridging              project_bridge, onsite_ready, onsite_to_grid,
 *                                    dcb_phase_energize (projects.c); dcb_hall_power_source,
 *                                    dcb_book_capex_onsite, op_emissions_t (recorder.c)
 *   20 planned works                 dcb_grid_plan (dates drawn), planned_work_start,
 *                                    planned_work_ready, planned_work_due (rule 3's
 *                                    suppression, from reinforcement_wait) (gridop.c);
 *                                    dcb_book_capex_planned_work (recorder.c)
 *   21 fast-track guarantee          fast_track_guaranteed, fast_track_first,
 *                                    fast_track_shortfall, dedicated_works_schedule,
 *                                    dedicated_works_done (gridop.c);
 *                                    dcb_book_capex_dedicated_works (recorder.c)
 *   22 speculation, market check     announce_target_mw (investor.c); permit_end ->
 *                                    market_check (committed_mw), project_defer, market_wait,
 *                                    market_recheck, project_proceed (projects.c)
 *   23 corridor caps                 dcb_corridor_used_mw, corridor_free, grant_room (from
 *                                    grant_in_queue_order and grant_partial),
 *                                    corridors_new_year (gridop.c); corridors.csv rows in
 *                                    record_year (recorder.c)
 *   25 campuses differ               Project.utilization, ramp_years (dcb_project_new, model.c's
 *                                    start_known_projects), hall_fit, hall_ramp (halls.c)
 *   26 outcomes                      jobs limit: jobs_admit (from financial_close), jobs_fit,
 *                                    jobs_wait, jobs_room_freed (from phase_built) (projects.c);
 *                                    rows: outcomes_year, facility_power_mw (recorder.c);
 *                                    dcb_account_water_m3, _heat_reused_gwh,
 *                                    _op_emissions_marginal_t, _jobs, _gflops_per_w (account.c)
 *   existing campuses (§2)           dcb_project_existing (projects.c), hall_fit (halls.c)
 *
 * Halls are SimGrid hosts, vacant until fitted: dcb_engine_prepare hands SimGrid a flattened copy
 * of the platform in which every hall starts in an extra 0 W "vacant" pstate (so the energy
 * plugin bills nothing for it) and is never switched off or on; a fit-out sets the hall's own
 * pstate (engine.c, DESIGN §3); a fitted hall runs one endless execution
 * per core whose bound is load x speed, and the plugin integrates its power epsilon + load x (peak
 * - epsilon).  Its IT energy is read from the plugin, never recomputed.
 *
 * All run state lives in one Model struct handed to the actors (no globals); random draws come
 * from one stream per entity and purpose (dist.h), so adding a project does not change the draws
 * of the others.  Functions declared here are internal to the engine library (G_GNUC_INTERNAL:
 * hidden, called directly, not through the PLT).
 */
#ifndef DCB_MODEL_INTERNAL_H
#define DCB_MODEL_INTERNAL_H

#include "account.h"
#include "model.h"
#include "seq.h"
#include <glib.h>
#include <math.h>
#include <simgrid/forward.h>

#define YEAR_S DCB_SECONDS_PER_YEAR
#define MW_EPS 1e-9

typedef enum { PH_PIPELINE, PH_CONSTRUCTION, PH_STRANDED, PH_ENERGIZED, PH_CANCELLED } PhaseState;
typedef enum { CONN_NONE, CONN_QUEUED, CONN_GRANTED, CONN_READY } ConnState;

typedef struct Model Model;
typedef struct Project Project;

typedef struct {
  int first_hall; /* index into Project.halls */
  int n_halls;
  double mw; /* sum of its halls' peaks */
  PhaseState state;
  double on_mw;          /* IT MW of its halls energized (rule 15 partial: a part of mw) */
  gboolean startable;    /* rule 16 (a) reached: permitted, and its predecessor far enough */
  guint64 sched_gen;     /* rule 16: invalidates an earlier scheduled start */
  gboolean jobs_waiting; /* rule 26: ready to start, waiting for room under max_construction_jobs */
} Phase;

/* A connection tranche (DESIGN §2.2 rule 15): the grid MW of a range of a project's halls --
 * all of them (grant = whole), one phase's (per_phase), or a part of one phase's after a
 * partial grant.  Owned by its project (Project.tranches, creation order). */
typedef struct Tranche {
  Project *project;
  int first_hall, n_halls; /* a range of Project.halls */
  int phase;               /* index into Project.phases, or -1: every phase (grant = whole) */
  double mw;               /* grid MW */
  ConnState conn;
  struct Request *req;     /* while queued (or scheduled) */
  guint64 gen;             /* bumped at each grant and release: invalidates old grid timers */
  double grant_t, ready_t; /* (s), while granted */
} Tranche;

typedef struct Request {
  double t; /* request date (s) */
  guint64 seq;
  double mw; /* grid MW */
  int substation;
  gboolean is_load;
  gboolean fast_track;
  gboolean filed;   /* in its substation's queue (else still scheduled) */
  gboolean dropped; /* withdrawn before it was filed */
  Project *project; /* NULL for a load */
  Tranche *tranche; /* NULL for a load */
  const char *name; /* project or load name */
} Request;

/* Per-hall flags of a project (Project.hall_flags): its tranche's connection is ready; energized;
 * energized on on-site power (rule 19). */
enum { HALL_READY = 1, HALL_ON = 2, HALL_ONSITE = 4 };

struct Project {
  Model *m;
  char *name;
  int site, substation;
  gboolean fast_track, existing;
  double start_t;         /* announcement (s) */
  double operating_since; /* existing campuses, decimal year */
  DcbDist permit, phase_dist;
  double cancel_p;
  int *halls; /* platform hall indices, phase after phase */
  int n_halls;
  Phase *phases;
  int n_phases;
  double total_mw; /* IT MW */
  gboolean cancelled, any_energized;
  gboolean reserved;       /* its halls are marked used */
  const DcbDeveloper *dev; /* rule 16: its own ([project:*]) or [developer]'s (investor) */
  guint8 *hall_flags;      /* HALL_READY | HALL_ON, one per entry of halls */
  GPtrArray *tranches;     /* of Tranche*, owned (rule 15) */
  DcbRng rng_permit, rng_cancel, rng_phase, rng_conn;
  int stage; /* next step of a PT_STEP timer: PS_ANNOUNCE or PS_PERMITTED */
  /* Rule 17, patience */
  gboolean investor;  /* an investor's project: fast-track when its site is (rule 18) */
  double request_t;   /* its first connection request at its site (s) */
  double *asked_mw;   /* IT MW of each phase as asked (no more than it got): a relocation's */
  gboolean relocated; /* at most once */
  guint32 life;       /* bumped when its lifecycle restarts or ends early: its timers expire */
  /* Rule 19, on-site generation */
  gboolean bridged;      /* it chose to bridge (rule 17) */
  gboolean onsite_live;  /* its on-site ready date has come */
  double onsite_ready_t; /* bridge date + lead_years (s), while bridged */
  /* Rule 22, the market check */
  gboolean proceeded;    /* its permit ended and it went on to its phases (passed, or no check) */
  gboolean deferred;     /* it failed the check and waits for the market */
  double deferred_t;     /* date of its deferral (s) */
  gboolean patience_due; /* rule 17's look came while it was deferred: taken when it passes */
  /* Rule 25: its halls' utilization and ramp (its own, the investor's, else [operation]'s) */
  double utilization, ramp_years;
};

enum { PS_ANNOUNCE = -2, PS_PERMITTED = -1 };

typedef struct {
  double headroom_mw;
  GPtrArray *queue; /* of Request*, sorted by queue order */
  double queue_mw;
  double granted_mw;       /* cumulative */
  int reinforcements_done; /* cumulative */
  gboolean reinforcing;
  double waiting_since;     /* waiting for a crew since (s), or -1 */
  gboolean moratorium_wake; /* a wake-up at the moratorium's end is scheduled */
  DcbRng rng;
} SubstationState;

typedef struct {
  sg_host_t host;
  int site;
  double mw; /* peak W / 1e6 */
  double speed_f;
  int cores;
  gboolean used, existing;
  Project *owner; /* project that took it, NULL when free */
  double fit_t;
  double load;
  double gflops_per_w;
  double ramp_end_t;        /* end of the ramp (s) */
  double next_refresh_year; /* decimal year */
  sg_exec_t *execs;         /* one per core while fitted */
  double energy_last_j;
  gboolean onsite;       /* rule 19: energized on on-site power (its project's tranche not ready) */
  double onsite_carry_j; /* rule 19: on-site energy read this year at its move to the grid */
  double utilization;    /* rule 25: its project's, set at fit-out */
} Hall;

/* The timer records of the three timer-driven actors (grid, hall groups, projects), each kept in
 * a heap.h timer heap by (date, insertion number).  Their first field is the date: the shared
 * actor loop (dcb_model_timer_actor) reads it without knowing the record's type. */
typedef enum {
  PT_STEP,     /* announced or permitted (Project.stage) */
  PT_BUILT,    /* phase 'phase' built (rule 7) */
  PT_EARLIEST, /* phase 'phase' reaches rule 16's earliest start (a) (phase_overlap > 0) */
  PT_START,    /* phase 'phase' reaches ready - planned (rule 16 (b)), if 'gen' still holds */
  PT_PATIENCE, /* first request + max_wait_years: the one look of rule 17 */
  PT_ONSITE,   /* the on-site ready date of a bridging project (rule 19) */
  PT_MARKET,   /* 1 January: a deferred project's market check again (rule 22) */
} ProjectTimerKind;

typedef struct {
  double t;
  guint64 seq;
  Project *project;
  ProjectTimerKind kind;
  int phase;
  guint64 gen;
  guint32 life; /* Project.life when it was set: expired once that changes (rule 17) */
} ProjectTimer;

typedef enum {
  GT_REQUEST,
  GT_REINF_DONE,
  GT_CONN_READY,
  GT_UIOLI,
  GT_WAKE,
  GT_WORK_START, /* rule 20: a planned work starts (work) */
  GT_WORK_READY, /* rule 20: a planned work is done (work) */
  GT_WORKS_DONE, /* rule 21: dedicated works done (substation, tranche, mw) */
  GT_NEW_YEAR,   /* rule 23: corridors' caps step on 1 January */
} GridTimerKind;

typedef struct {
  double t;
  guint64 seq;
  GridTimerKind kind;
  int substation;
  Tranche *tranche; /* GT_CONN_READY, GT_UIOLI, GT_WORKS_DONE */
  guint64 gen;
  Request *req;
  int work;  /* GT_WORK_*: index into sc->works */
  double mw; /* GT_WORKS_DONE: the dedicated works' grid MW */
} GridTimer;

typedef enum { HT_FIT, HT_RAMP, HT_REFRESH } HallTimerKind;

typedef struct {
  double t;
  guint64 seq;
  int hall;
  HallTimerKind kind;
} HallTimer;

G_STATIC_ASSERT(G_STRUCT_OFFSET(ProjectTimer, t) == 0);
G_STATIC_ASSERT(G_STRUCT_OFFSET(GridTimer, t) == 0);
G_STATIC_ASSERT(G_STRUCT_OFFSET(HallTimer, t) == 0);

/* A hall group's actor: fit-out, ramps and refreshes of up to DCB_HALLS_PER_ACTOR consecutive
 * halls.  Not one actor for the whole region: SimGrid 3.32 keeps an actor's executions in a
 * std::list that it searches linearly when one ends, so 10 000 executions owned by one actor
 * made every load change cost ~50 us.  Not one per site either: every actor costs its creation,
 * its stack's pages and its wake-ups (45 actors were a fifth of a Monte Carlo replication). */
#define DCB_HALLS_PER_ACTOR 256
typedef struct {
  DcbSlot slot;
  GArray *timers; /* min-heap of HallTimer */
  Model *model;
} HallGroup;

/* A planned work of the grid operator's programme (rule 20). */
typedef struct {
  double ready_t; /* drawn once per run (s, >= 0) */
  int substation; /* index into sc->substations */
  gboolean done;
} PlannedWorkState;

/* The grid operator's own state (gridop.c; rules 2-6, 15, 20, 21, 23). */
typedef struct {
  SubstationState *subs;   /* one per [substation:*], scenario order */
  PlannedWorkState *works; /* one per [reinforcement:*], scenario order */
  int crews_free;          /* reinforcement crews not at work */
  GArray *timers;          /* min-heap of GridTimer */
  guint64 request_seq;     /* queue order of requests (request time ties) */
} GridOpState;

/* The halls and hardware (halls.c; rules 9-11). */
typedef struct {
  Hall *halls; /* one per platform hall, platform order */
  int n_halls;
  GArray *energized_order; /* of int: halls in energization order */
  guint fit_next;          /* next index of energized_order to fit */
  GArray *fitted_list;     /* of int: halls ever fitted */
  HallGroup *groups;       /* hall i belongs to group i / DCB_HALLS_PER_ACTOR */
  int n_groups;
  int unsolved_loads; /* load changes at unsolved_t not yet solved by SimGrid (halls.c) */
  double unsolved_t;
} HallsState;

/* The projects (projects.c; rules 7-8, 16 and 26's jobs limit). */
/* Rule 26: a phase ready to start that waits for room under [jobs] max_construction_jobs. */
typedef struct {
  double t; /* when it became ready to start (s) */
  Project *project;
  int phase;
  guint32 life; /* Project.life then: a restarted or ended lifecycle drops it */
} JobsWait;

typedef struct {
  GPtrArray *list;      /* of Project*, owned: known projects, then the investor's */
  GArray *timers;       /* min-heap of ProjectTimer */
  GArray *jobs_waiting; /* rule 26: of JobsWait, in (t, project name, phase) order */
} ProjectsState;

/* The investor (investor.c; rules 14 and 18). */
typedef struct {
  int count;             /* projects announced so far (names investor-NNN) */
  gboolean out_of_sites; /* no candidate site is left */
} InvestorState;

/* One simulation's run state: the inputs and the engine's handles, each role's own state, and
 * what the roles share on purpose: the MW stocks (written by the rule that changes them, read by
 * the recorder, the investor and the hardware actor) and the current year's flows (booked by the
 * rules, closed by the recorder). */
struct Model {
  const DcbScenario *sc;
  const DcbPlatform *pf;
  guint64 seed;
  const DcbEngineOptions *opt;
  DcbSeq *seq;
  sg_host_t ctrl;
  int t0_year;
  double t_start; /* start of row start_year (s) */
  DcbTrace *trace;
  guint64 timer_seq;    /* insertion numbers of all three timer heaps */
  int *site_substation; /* platform site -> index into sc->substations, looked up once */

  GridOpState gridop;
  HallsState hw;
  ProjectsState proj;
  InvestorState inv;

  /* MW stocks (IT), shared */
  double demand_mw, operating_mw, fitted_mw, construction_mw, stranded_mw, pipeline_mw;
  double leaked_mw; /* rule 17: IT MW of projects abandoned for want of power, cumulative */
  double onsite_mw; /* rule 19: IT MW energized on on-site power now */
  double *site_operating_mw, *site_stranded_mw;
  int *site_live_projects; /* announced and not cancelled */
  int *site_free_halls;

  /* flows of the current year, shared */
  double year_embodied_t, year_capex_meur;
  double *site_embodied_t;
  double compute_rate; /* GFLOP/s in use now */
  double compute_acc;  /* GFLOP/s x s since the year began */
  double compute_last_t;
  double cumulative_t;

  /* the actors' sequencer slots, one per role */
  DcbSlot recorder, demand, projects_slot, grid, hardware, investor;
};

/* ---------------------------------------------------------------- time */

static inline double year_of(const Model *m, double t)
{
  return m->t0_year + t / YEAR_S;
}

static inline double t_of(const Model *m, double year)
{
  return (year - m->t0_year) * YEAR_S;
}

static inline double now(const Model *m)
{
  return dcb_seq_now(m->seq);
}

/* A date computed from durations in years lands a few microseconds off 1 January when it should
 * fall on it (2025.1 + 0.9 + 1 is not exactly 2027 in binary); put such dates on the boundary,
 * so that the event belongs to the new year as the rules say. */
static inline double snap(double t)
{
  double boundary = nearbyint(t / YEAR_S) * YEAR_S;
  return fabs(t - boundary) < 1e-3 ? boundary : t;
}

/* The date 'years' from now. */
static inline double later(const Model *m, double years)
{
  return snap(now(m) + years * YEAR_S);
}

/* Calendar year of the current date (an event on 1 January belongs to the new year). */
static inline int calendar_year(const Model *m)
{
  return (int)floor(year_of(m, now(m)) + 1e-9);
}

/* Compute in use is integrated piecewise: bring the year's integral up to now (before a rate
 * changes, and before it is read). */
static inline void compute_advance(Model *m)
{
  double t = now(m);
  m->compute_acc += m->compute_rate * (t - m->compute_last_t);
  m->compute_last_t = t;
}

/* ---------------------------------------------------------------- set-up (model.c) */

/* An event of the trace at the current date (site, substation: -1 for none). */
G_GNUC_INTERNAL void dcb_model_event(Model *m, DcbEventKind kind, const char *project, int site,
                                     int substation, double mw);
G_GNUC_INTERNAL void dcb_project_event(Project *p, DcbEventKind kind, double mw);

/* The body of a timer-driven actor (grid, hall groups, projects): enter, then over and over fire
 * every timer of 'timers' due now ('fire' pops the first one and plays it), run 'pass' (may be
 * NULL) and wait until the first timer's date or a signal; leave when the run is over. */
typedef void (*DcbTimerFireFn)(void *role);
G_GNUC_INTERNAL void dcb_model_timer_actor(DcbSeq *seq, DcbSlot *slot, GArray *timers,
                                           DcbTimerFireFn fire, DcbTimerFireFn pass, void *role);
/* An actor whose work is done (go = FALSE when the run is already over) waits for the end. */
G_GNUC_INTERNAL void dcb_model_idle_until_over(Model *m, DcbSlot *slot, gboolean go);

/* ---------------------------------------------------------------- roles */

/* demand.c */
G_GNUC_INTERNAL void dcb_demand_actor(int argc, char **argv);

/* projects.c */
G_GNUC_INTERNAL Project *dcb_project_new(Model *m, const char *name, int site);
G_GNUC_INTERNAL double dcb_first_tranche_mw(const Model *m, const double *phase_mw, int n_phases);
G_GNUC_INTERNAL double dcb_project_allocate(Project *p, const double *phases_mw, int n_phases,
                                            gboolean reserve);
G_GNUC_INTERNAL int dcb_project_plan(const Model *m, int site, const double *phases_mw,
                                     int n_phases, double *phase_got_mw, gboolean *all_covered);
G_GNUC_INTERNAL void dcb_project_start(Project *p);
G_GNUC_INTERNAL void dcb_project_existing(Project *p);
G_GNUC_INTERNAL void dcb_project_free(Project *p);
G_GNUC_INTERNAL void dcb_phase_energize(Project *p, Phase *ph);
/* The grid operator's news of a tranche: granted (rule 16 schedules the phases waiting for it),
 * connection ready (rule 8: built halls energized), released (its halls no longer ready). */
G_GNUC_INTERNAL void dcb_project_granted(Project *p, Tranche *tr);
G_GNUC_INTERNAL void dcb_tranche_ready(Project *p, Tranche *tr);
G_GNUC_INTERNAL void dcb_tranche_released(Project *p, Tranche *tr);
G_GNUC_INTERNAL void dcb_projects_actor(int argc, char **argv);

/* gridop.c */
G_GNUC_INTERNAL void dcb_grid_init(Model *m);
G_GNUC_INTERNAL void dcb_grid_clear(Model *m);
G_GNUC_INTERNAL void dcb_grid_request(Project *p, double t);
G_GNUC_INTERNAL void dcb_grid_request_loads(Model *m);
G_GNUC_INTERNAL void dcb_grid_plan(Model *m);
G_GNUC_INTERNAL double dcb_corridor_used_mw(const Model *m, int corridor);
G_GNUC_INTERNAL void dcb_grid_release(Project *p);
G_GNUC_INTERNAL void dcb_grid_actor(int argc, char **argv);

/* halls.c */
G_GNUC_INTERNAL void dcb_hardware_actor(int argc, char **argv);
G_GNUC_INTERNAL void dcb_hall_group_actor(int argc, char **argv);
G_GNUC_INTERNAL void dcb_halls_stop(Model *m);

/* investor.c */
G_GNUC_INTERNAL double dcb_available_headroom_mw(const Model *m, int substation);
G_GNUC_INTERNAL void dcb_investor_actor(int argc, char **argv);

/* recorder.c */
G_GNUC_INTERNAL void dcb_book_capex_facility(Model *m, double it_mw);
G_GNUC_INTERNAL void dcb_book_capex_onsite(Model *m, double it_mw);
G_GNUC_INTERNAL void dcb_hall_power_source(Model *m, int hall, gboolean onsite);
G_GNUC_INTERNAL void dcb_book_capex_it(Model *m, double it_mw);
G_GNUC_INTERNAL void dcb_book_capex_reinforcement(Model *m);
G_GNUC_INTERNAL void dcb_book_capex_planned_work(Model *m, const DcbPlannedWork *w);
G_GNUC_INTERNAL void dcb_book_capex_dedicated_works(Model *m, int substation, double mw);
G_GNUC_INTERNAL void dcb_book_embodied_building(Model *m, int site, double it_mw);
G_GNUC_INTERNAL void dcb_book_embodied_it(Model *m, int site, double it_mw);
G_GNUC_INTERNAL void dcb_recorder_actor(int argc, char **argv);

#endif
