/* model.c - the buildout model on SimGrid: actors, halls as hosts, and the yearly recorder.
 *
 * Time: simulated seconds from 1 January of the first simulated year (the earliest of start_year
 * and every project's announcement or request); one year is 365.25 days.  Every rule of DESIGN
 * §2.1 is played out by one of these SimGrid actors, all on the platform's control host, all
 * ordered by the sequencer (seq.h):
 *   recorder   closes each year on 1 January: MW stocks at that instant, energy read from the
 *              energy plugin for the year, emissions, capex, compute; sites and substations
 *   demand     sets the demand on 1 January and asks the hardware actor to fit halls
 *   projects   every campus's lifecycle, from one queue of dated steps: announced, permitting,
 *              cancelled or permitted, phases built one after another; a built phase is
 *              energized at once when its connection is ready, else it is stranded until it is
 *   grid       the grid operator: scheduled requests (projects, competing loads), grants in queue
 *              order, moratoria, reinforcements limited by crews, connection works,
 *              use-it-or-lose-it releases
 *   hardware   fits energized halls in energization order while fitted capacity is below demand;
 *              one actor per group of halls carries out the fit-outs (host switched on, bounded
 *              execution holding its load), the ramps (steps ending at 1 January) and the
 *              refreshes every refresh_years
 *   investor   on 1 January, announces projects while demand lookahead_years ahead exceeds what
 *              is operating, stranded, under construction or in the pipeline
 * Halls are SimGrid hosts, off until fitted (switched off by dcb_engine_prepare once the platform
 * is sealed, so the energy plugin bills nothing for them); a fitted hall runs one endless execution
 * per core whose bound is load x speed, and the plugin integrates its power epsilon + load x (peak
 * - epsilon).  Its IT energy is read from the plugin, never recomputed.
 *
 * All run state lives in one Model struct handed to the actors (no globals); random draws come
 * from one stream per entity and purpose (dist.h), so adding a project does not change the draws
 * of the others.
 */
#include "model.h"
#include "account.h"
#include "check.h"
#include "error.h"
#include "heap.h"
#include "seq.h"
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/exec.h>
#include <simgrid/host.h>
#include <simgrid/plugins/energy.h>
#include <stdlib.h>
#include <string.h>
#include <xbt/log.h>

XBT_LOG_EXTERNAL_DEFAULT_CATEGORY(dcb);

#define YEAR_S        DCB_SECONDS_PER_YEAR
#define MW_EPS        1e-9
#define ENDLESS_FLOPS 1e300

typedef enum { PH_PIPELINE, PH_CONSTRUCTION, PH_STRANDED, PH_ENERGIZED, PH_CANCELLED } PhaseState;
typedef enum { CONN_NONE, CONN_QUEUED, CONN_GRANTED, CONN_READY } ConnState;

typedef struct Model Model;
typedef struct Project Project;

typedef struct {
  int first_hall; /* index into Project.halls */
  int n_halls;
  double mw; /* sum of its halls' peaks */
  PhaseState state;
} Phase;

typedef struct {
  double t; /* request date (s) */
  guint64 seq;
  double mw; /* grid MW */
  int substation;
  gboolean is_load;
  gboolean fast_track;
  gboolean filed;   /* in its substation's queue (else still scheduled) */
  gboolean dropped; /* withdrawn before it was filed */
  Project *project; /* NULL for a load */
  const char *name; /* project or load name */
} Request;

struct Project {
  Model *m;
  char *name;
  const DcbProject *spec; /* NULL for an investor project */
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
  gboolean reserved; /* its halls are marked used */
  ConnState conn;
  Request *req;      /* while queued */
  guint64 grant_gen; /* bumped at each grant and release: invalidates old connection timers */
  DcbRng rng_permit, rng_cancel, rng_phase, rng_conn;
  int stage; /* next lifecycle step: PS_ANNOUNCE, PS_PERMITTED, or PS_PHASE + k (phase k built) */
};

enum { PS_ANNOUNCE = -2, PS_PERMITTED = -1, PS_PHASE = 0 };

typedef struct {
  double t;
  guint64 seq;
  Project *project;
} ProjectTimer;

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

typedef enum { GT_REQUEST, GT_REINF_DONE, GT_CONN_READY, GT_UIOLI, GT_WAKE } GridTimerKind;

typedef struct {
  double t;
  guint64 seq;
  GridTimerKind kind;
  int substation;
  Project *project;
  guint64 gen;
  Request *req;
} GridTimer;

typedef struct {
  sg_host_t host;
  int site;
  double mw; /* peak W / 1e6 */
  double speed_f;
  int cores;
  gboolean used, energized, fitted, existing;
  Project *owner; /* project that took it, NULL when free */
  double fit_t;
  double load;
  double gflops_per_w;
  double ramp_end_t;        /* end of the ramp (s) */
  double next_refresh_year; /* decimal year */
  sg_exec_t *execs;         /* one per core while fitted */
  double energy_last_j;
} Hall;

typedef enum { HT_FIT, HT_RAMP, HT_REFRESH } HallTimerKind;

typedef struct {
  double t;
  guint64 seq;
  int hall;
  HallTimerKind kind;
} HallTimer;

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

struct Model {
  const DcbScenario *sc;
  const DcbPlatform *pf;
  guint64 seed;
  const DcbEngineOptions *opt;
  DcbSeq *seq;
  sg_host_t ctrl;
  int t0_year;
  double t_start, t_end; /* start of row start_year, end of row end_year (s) */
  DcbTrace *trace;

  Hall *halls;
  int n_halls;
  GArray *energized_order; /* of int: halls in energization order */
  guint fit_next;          /* next index of energized_order to fit */
  GArray *fitted_list;     /* of int: halls ever fitted */

  GPtrArray *projects; /* of Project*, owned */
  int investor_count;
  gboolean investor_out_of_sites;

  GArray *project_timers; /* min-heap of ProjectTimer */

  SubstationState *subs;
  int crews_free;
  GArray *grid_timers; /* min-heap of GridTimer */
  HallGroup *groups;   /* hall i belongs to group i / DCB_HALLS_PER_ACTOR */
  int n_groups;
  guint64 timer_seq;
  guint64 request_seq;

  /* MW stocks (IT) */
  double demand_mw, operating_mw, fitted_mw, construction_mw, stranded_mw, pipeline_mw;
  double *site_operating_mw, *site_stranded_mw;
  int *site_live_projects; /* announced and not cancelled */
  int *site_free_halls;

  /* flows of the current year */
  double year_embodied_t, year_capex_meur;
  double *site_embodied_t;
  double compute_rate; /* GFLOP/s in use now */
  double compute_acc;  /* GFLOP/s x s since the year began */
  double compute_last_t;
  double cumulative_t;

  DcbSlot recorder, demand, projects_slot, grid, hardware, investor;
  GError *error;
};

/* ---------------------------------------------------------------- time and events */

static double year_of(const Model *m, double t)
{
  return m->t0_year + t / YEAR_S;
}

static double t_of(const Model *m, double year)
{
  return (year - m->t0_year) * YEAR_S;
}

static double now(const Model *m)
{
  return dcb_seq_now(m->seq);
}

/* A date computed from durations in years lands a few microseconds off 1 January when it should
 * fall on it (2025.1 + 0.9 + 1 is not exactly 2027 in binary); put such dates on the boundary,
 * so that the event belongs to the new year as the rules say. */
static double snap(double t)
{
  double boundary = nearbyint(t / YEAR_S) * YEAR_S;
  return fabs(t - boundary) < 1e-3 ? boundary : t;
}

/* Start an actor on the control host (stack size: see model.h). */
/* Every actor also daemonizes itself: they all end normally when the sequencer winds down, and
 * if one ever did not, SimGrid would kill it at the end instead of reporting a deadlock. */
static void spawn(Model *m, const char *name, void (*fn)(int, char **), void *data)
{
  sg_actor_t a = sg_actor_init(name, m->ctrl);
  sg_actor_set_data(a, data);
  sg_actor_set_stacksize(a, DCB_ACTOR_STACK_KIB);
  sg_actor_start(a, fn, 0, NULL);
}

/* The date 'years' from now. */
static double later(const Model *m, double years)
{
  return snap(now(m) + years * YEAR_S);
}

/* Calendar year of the current date (an event on 1 January belongs to the new year). */
static int calendar_year(const Model *m)
{
  return (int)floor(year_of(m, now(m)) + 1e-9);
}

static void event(Model *m, DcbEventKind kind, const char *project, int site, int substation,
                  double mw)
{
  dcb_trace_add_event(m->trace, year_of(m, now(m)), kind, project,
                      site >= 0 ? m->pf->sites[site].name : "",
                      substation >= 0 ? m->sc->substations[substation].name : "", mw);
}

static void project_event(Project *p, DcbEventKind kind, double mw)
{
  event(p->m, kind, p->name, p->site, p->substation, mw);
}

/* ---------------------------------------------------------------- generic timer heaps */

/* Timer queues: by date, then insertion number. */
DCB_DEFINE_TIMER_HEAP(GridTimer, grid_timer)
DCB_DEFINE_TIMER_HEAP(HallTimer, hall_timer)
DCB_DEFINE_TIMER_HEAP(ProjectTimer, project_timer)

/* The project's next lifecycle step at 't' (pushed by the projects actor itself, or by another
 * actor, which then signals it). */
static void project_at(Project *p, double t)
{
  Model *m = p->m;
  project_timer_push(m->project_timers,
                     (ProjectTimer){.t = MAX(t, now(m)), .seq = m->timer_seq++, .project = p});
}

static void grid_at(Model *m, GridTimer gt)
{
  gt.t = snap(gt.t);
  gt.seq = m->timer_seq++;
  grid_timer_push(m->grid_timers, gt);
  dcb_seq_signal(m->seq, &m->grid);
}

static void hall_at(Model *m, double t, int hall, HallTimerKind kind)
{
  hall_timer_push(m->groups[hall / DCB_HALLS_PER_ACTOR].timers,
                  (HallTimer){.t = snap(t), .seq = m->timer_seq++, .hall = hall, .kind = kind});
}

/* ---------------------------------------------------------------- compute and hall load */

static void compute_advance(Model *m)
{
  double t = now(m);
  m->compute_acc += m->compute_rate * (t - m->compute_last_t);
  m->compute_last_t = t;
}

static double hall_rate(const Hall *h)
{
  return h->load * h->mw * 1e6 * h->gflops_per_w; /* GFLOP/s */
}

/* Hold 'load' (share of peak compute) on a fitted hall with one bounded endless execution per
 * core; the energy plugin sees load = sum of rates / (speed x cores). */
static void hall_set_load(Model *m, int i, double load)
{
  Hall *h = &m->halls[i];
  compute_advance(m);
  m->compute_rate -= hall_rate(h);
  h->load = load;
  m->compute_rate += hall_rate(h);
  for (int c = 0; c < h->cores; c++) {
    if (h->execs[c] != NULL)
      sg_exec_cancel(h->execs[c]);
    h->execs[c] = NULL;
    if (load <= 0)
      continue;
    sg_exec_t e = sg_actor_exec_init(ENDLESS_FLOPS);
    sg_exec_set_host(e, h->host);
    sg_exec_set_bound(e, load * h->speed_f);
    sg_exec_start(e);
    h->execs[c] = e;
  }
}

static void hall_set_generation(Model *m, int i, double gflops_per_w)
{
  Hall *h = &m->halls[i];
  compute_advance(m);
  m->compute_rate -= hall_rate(h);
  h->gflops_per_w = gflops_per_w;
  m->compute_rate += hall_rate(h);
}

/* ---------------------------------------------------------------- energization */

static void energize_phase(Project *p, Phase *ph)
{
  Model *m = p->m;
  if (ph->state == PH_STRANDED) {
    m->stranded_mw -= ph->mw;
    m->site_stranded_mw[p->site] -= ph->mw;
  }
  ph->state = PH_ENERGIZED;
  m->operating_mw += ph->mw;
  m->site_operating_mw[p->site] += ph->mw;
  double t_co2 = dcb_account_building_t(m->sc, ph->mw);
  m->year_embodied_t += t_co2;
  m->site_embodied_t[p->site] += t_co2;
  for (int k = 0; k < ph->n_halls; k++) {
    int hi = p->halls[ph->first_hall + k];
    m->halls[hi].energized = TRUE;
    g_array_append_val(m->energized_order, hi);
  }
  p->any_energized = TRUE;
  project_event(p, DCB_EV_ENERGIZED, ph->mw);
  dcb_seq_signal(m->seq, &m->hardware);
}

/* ---------------------------------------------------------------- grid operator */

static int request_cmp(const Model *m, const Request *a, const Request *b)
{
  if (a->is_load != b->is_load)
    return a->is_load ? -1 : 1; /* competing loads go ahead of data centers */
  if (m->sc->policy == DCB_POLICY_FAST_TRACK && a->fast_track != b->fast_track)
    return a->fast_track ? -1 : 1;
  if (a->t != b->t)
    return a->t < b->t ? -1 : 1;
  return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

static void enqueue(Model *m, Request *r)
{
  SubstationState *s = &m->subs[r->substation];
  guint pos = s->queue->len;
  while (pos > 0 && request_cmp(m, r, s->queue->pdata[pos - 1]) < 0)
    pos--;
  g_ptr_array_insert(s->queue, (gint)pos, r);
  s->queue_mw += r->mw;
  r->filed = TRUE;
  if (r->project != NULL) {
    r->project->conn = CONN_QUEUED;
    r->project->req = r;
    project_event(r->project, DCB_EV_CONNECTION_REQUESTED, r->mw);
  } else {
    event(m, DCB_EV_CONNECTION_REQUESTED, r->name, -1, r->substation, r->mw);
  }
}

static Request *request_new(Model *m, Project *p, const char *load_name, int substation, double mw)
{
  Request *r = g_new0(Request, 1);
  r->seq = m->request_seq++;
  r->mw = mw;
  r->substation = substation;
  r->is_load = p == NULL;
  r->fast_track = p != NULL && p->fast_track;
  r->project = p;
  r->name = p != NULL ? p->name : load_name;
  return r;
}

/* File a project's connection request at date t (now or later). */
static void project_request(Project *p, double t)
{
  Model *m = p->m;
  Request *r = request_new(m, p, NULL, p->substation, p->total_mw * m->sc->grid_mw_per_it_mw);
  p->conn = CONN_QUEUED;
  p->req = r;
  grid_at(m, (GridTimer){.t = t, .kind = GT_REQUEST, .req = r});
}

static void dequeue(Model *m, Request *r)
{
  SubstationState *s = &m->subs[r->substation];
  if (g_ptr_array_remove(s->queue, r))
    s->queue_mw -= r->mw;
}

/* Give a project's grant (or request) back: cancellation or use-it-or-lose-it. */
static void release_connection(Project *p)
{
  Model *m = p->m;
  if (p->conn == CONN_QUEUED && p->req != NULL) {
    /* Queued: out of the queue; scheduled and not yet filed: skipped when its date comes. */
    if (p->req->filed) {
      dequeue(m, p->req);
      g_free(p->req);
    } else {
      p->req->dropped = TRUE;
    }
    p->req = NULL;
  } else if (p->conn == CONN_GRANTED || p->conn == CONN_READY) {
    double mw = p->total_mw * m->sc->grid_mw_per_it_mw;
    m->subs[p->substation].headroom_mw += mw;
    m->subs[p->substation].granted_mw -= mw;
    project_event(p, DCB_EV_RELEASED, mw);
  }
  p->conn = CONN_NONE;
  p->grant_gen++;
  dcb_seq_signal(m->seq, &m->grid);
}

static gboolean in_moratorium(const Model *m, int s, double year)
{
  const DcbSubstation *sub = &m->sc->substations[s];
  return sub->has_moratorium && year >= sub->moratorium_from - 1e-9 &&
         year < sub->moratorium_to + 1 - 1e-9;
}

static void grant(Model *m, int s, Request *r)
{
  SubstationState *st = &m->subs[s];
  dequeue(m, r);
  st->headroom_mw -= r->mw;
  st->granted_mw += r->mw;
  if (r->project == NULL) {
    event(m, DCB_EV_CONNECTION_GRANTED, r->name, -1, s, r->mw);
    g_free(r);
    return;
  }
  Project *p = r->project;
  p->req = NULL;
  p->conn = CONN_GRANTED;
  p->grant_gen++;
  project_event(p, DCB_EV_CONNECTION_GRANTED, r->mw);
  double ready = dcb_dist_sample(&m->sc->substations[s].connection_years, &p->rng_conn);
  grid_at(m, (GridTimer){.t = now(m) + ready * YEAR_S,
                         .kind = GT_CONN_READY,
                         .project = p,
                         .gen = p->grant_gen});
  if (m->sc->has_use_it_or_lose_it)
    grid_at(m, (GridTimer){.t = now(m) + m->sc->use_it_or_lose_it_years * YEAR_S,
                           .kind = GT_UIOLI,
                           .project = p,
                           .gen = p->grant_gen});
  g_free(r);
}

static void grid_timer_fire(Model *m, GridTimer *gt)
{
  switch (gt->kind) {
    case GT_REQUEST:
      if (gt->req->dropped) {
        g_free(gt->req);
        break;
      }
      gt->req->t = now(m);
      enqueue(m, gt->req);
      break;
    case GT_REINF_DONE: {
      SubstationState *s = &m->subs[gt->substation];
      double mw = m->sc->substations[gt->substation].reinforcement_mw;
      s->headroom_mw += mw;
      s->reinforcing = FALSE;
      s->reinforcements_done++;
      m->crews_free++;
      event(m, DCB_EV_REINFORCEMENT_DONE, "", -1, gt->substation, mw);
      break;
    }
    case GT_CONN_READY: {
      Project *p = gt->project;
      if (gt->gen != p->grant_gen || p->conn != CONN_GRANTED)
        break;
      p->conn = CONN_READY;
      project_event(p, DCB_EV_CONNECTION_READY, p->total_mw * m->sc->grid_mw_per_it_mw);
      for (int k = 0; k < p->n_phases; k++)
        if (p->phases[k].state == PH_STRANDED)
          energize_phase(p, &p->phases[k]);
      break;
    }
    case GT_UIOLI: {
      Project *p = gt->project;
      if (gt->gen != p->grant_gen || p->any_energized || p->cancelled ||
          (p->conn != CONN_GRANTED && p->conn != CONN_READY))
        break;
      release_connection(p);
      project_request(p, now(m)); /* back of the queue */
      break;
    }
    case GT_WAKE:
      m->subs[gt->substation].moratorium_wake = FALSE;
      break;
  }
}

/* Grants in queue order, then reinforcements for the substations whose head cannot be granted. */
static void grid_pass(Model *m)
{
  const DcbScenario *sc = m->sc;
  double year = year_of(m, now(m));
  for (int s = 0; s < sc->n_substations; s++) {
    SubstationState *st = &m->subs[s];
    gboolean frozen = in_moratorium(m, s, year);
    while (!frozen && st->queue->len > 0) {
      Request *head = st->queue->pdata[0];
      if (head->mw > st->headroom_mw + MW_EPS)
        break;
      grant(m, s, head);
    }
    gboolean short_of_headroom =
        st->queue->len > 0 && ((Request *)st->queue->pdata[0])->mw > st->headroom_mw + MW_EPS;
    if (short_of_headroom && !st->reinforcing) {
      if (st->waiting_since < 0)
        st->waiting_since = now(m);
    } else {
      st->waiting_since = -1;
    }
    if (frozen && st->queue->len > 0 && !st->moratorium_wake) {
      st->moratorium_wake = TRUE;
      grid_at(m, (GridTimer){.t = t_of(m, sc->substations[s].moratorium_to + 1),
                             .kind = GT_WAKE,
                             .substation = s});
    }
  }
  /* A free crew goes to the substation that has waited longest for one. */
  while (m->crews_free > 0) {
    int best = -1;
    for (int s = 0; s < sc->n_substations; s++)
      if (m->subs[s].waiting_since >= 0 &&
          (best < 0 || m->subs[s].waiting_since < m->subs[best].waiting_since))
        best = s;
    if (best < 0)
      break;
    SubstationState *st = &m->subs[best];
    st->waiting_since = -1;
    st->reinforcing = TRUE;
    m->crews_free--;
    m->year_capex_meur += sc->reinforcement_meur;
    event(m, DCB_EV_REINFORCEMENT_STARTED, "", -1, best, sc->substations[best].reinforcement_mw);
    double d = dcb_dist_sample(&sc->substations[best].reinforcement_years, &st->rng);
    grid_at(m, (GridTimer){.t = now(m) + d * YEAR_S, .kind = GT_REINF_DONE, .substation = best});
  }
}

static void grid_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  Model *m = sg_actor_self_get_data();
  sg_actor_daemonize(sg_actor_self());
  if (!dcb_seq_enter(m->seq, &m->grid)) {
    dcb_seq_leave(m->seq, &m->grid);
    return;
  }
  for (;;) {
    while (m->grid_timers->len > 0 && g_array_index(m->grid_timers, GridTimer, 0).t <= now(m)) {
      GridTimer gt = grid_timer_pop(m->grid_timers);
      grid_timer_fire(m, &gt);
    }
    grid_pass(m);
    double next =
        m->grid_timers->len > 0 ? g_array_index(m->grid_timers, GridTimer, 0).t : G_MAXDOUBLE;
    if (!dcb_seq_wait(m->seq, &m->grid, next))
      break;
  }
  dcb_seq_leave(m->seq, &m->grid);
}

/* ---------------------------------------------------------------- hardware */

/* The ramp (DESIGN §2.1 rule 10, event-driven): a fitted hall's load follows the line from 0
 * at fit-out to `utilization` at h->ramp_end_t in segments, each held at the mean of the line
 * over it.  A segment ends at the first of: the ramp's end, the next 1 January, the hall's
 * next refresh.  The energy plugin integrates power = epsilon + load x (peak - epsilon), which
 * is affine in load, and compute is linear in load, so every year's IT energy and compute are
 * exactly those of the continuous line (the next refresh bounds a segment because it changes
 * the hall's GFLOP/s per W).  Monthly steps only approximated that, at 12 load changes a year;
 * this is at most ceil(ramp_years) + 1 per hall, plus one per refresh during the ramp. */
#define RAMP_EPS_S 1e-3 /* as snap(): closer dates are the same date */

static void hall_ramp(Model *m, int i)
{
  Hall *h = &m->halls[i];
  const DcbScenario *sc = m->sc;
  double t = now(m);
  if (t >= h->ramp_end_t - RAMP_EPS_S) {
    hall_set_load(m, i, sc->utilization);
    return;
  }
  double end = MIN(h->ramp_end_t, t_of(m, floor(year_of(m, t + RAMP_EPS_S)) + 1));
  double refresh_t = t_of(m, h->next_refresh_year);
  if (refresh_t > t + RAMP_EPS_S && refresh_t < end)
    end = refresh_t;
  double mid = 0.5 * (t + end);
  hall_set_load(m, i, sc->utilization * (mid - h->fit_t) / (h->ramp_end_t - h->fit_t));
  hall_at(m, end, i, HT_RAMP);
}

static void hall_fit(Model *m, int i)
{
  Hall *h = &m->halls[i];
  const DcbScenario *sc = m->sc;
  h->fit_t = now(m);
  g_array_append_val(m->fitted_list, i);
  sg_host_turn_on(h->host);
  double year = year_of(m, now(m));
  gboolean long_ago = h->existing && now(m) <= 0;
  if (long_ago) {
    /* An existing campus at the start: fitted long ago, at full utilization at once, with the
     * hardware of its last refresh; its refreshes fall at operating_since + k x refresh_years
     * (k >= 1), the next one possibly today (and counted when it falls inside the rows). */
    double since = h->owner->operating_since, r = sc->refresh_years;
    double k = MAX(1.0, ceil((year - since) / r - 1e-9));
    h->next_refresh_year = since + k * r;
    hall_set_generation(m, i, dcb_account_gflops_per_w(sc, (int)floor(since + (k - 1) * r + 1e-9)));
    hall_set_load(m, i, sc->utilization);
  } else {
    /* A fit-out (of a new hall, or of a vacant hall of an existing campus). */
    hall_set_generation(m, i, dcb_account_gflops_per_w(sc, calendar_year(m)));
    m->year_embodied_t += dcb_account_it_t(sc, h->mw);
    m->site_embodied_t[h->site] += dcb_account_it_t(sc, h->mw);
    m->year_capex_meur += dcb_account_it_meur(sc, h->mw);
    h->next_refresh_year = year + sc->refresh_years;
  }
  /* The refresh first: a ramp step due at the same date then sees the next one. */
  hall_at(m, t_of(m, h->next_refresh_year), i, HT_REFRESH);
  if (!long_ago) {
    h->ramp_end_t = h->fit_t + sc->ramp_years * YEAR_S;
    hall_ramp(m, i);
  }
  project_event(h->owner, DCB_EV_FITTED, h->mw);
}

static void hall_timer_fire(Model *m, const HallTimer *ht)
{
  Hall *h = &m->halls[ht->hall];
  const DcbScenario *sc = m->sc;
  if (ht->kind == HT_FIT) {
    hall_fit(m, ht->hall);
    return;
  }
  if (ht->kind == HT_RAMP) {
    hall_ramp(m, ht->hall);
    return;
  }
  hall_set_generation(m, ht->hall, dcb_account_gflops_per_w(sc, calendar_year(m)));
  m->year_embodied_t += dcb_account_it_t(sc, h->mw);
  m->site_embodied_t[h->site] += dcb_account_it_t(sc, h->mw);
  m->year_capex_meur += dcb_account_it_meur(sc, h->mw);
  project_event(h->owner, DCB_EV_REFRESHED, h->mw);
  h->next_refresh_year += sc->refresh_years;
  hall_at(m, t_of(m, h->next_refresh_year), ht->hall, HT_REFRESH);
}

static void hall_group_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  HallGroup *hw = sg_actor_self_get_data();
  Model *m = hw->model;
  sg_actor_daemonize(sg_actor_self());
  if (!dcb_seq_enter(m->seq, &hw->slot)) {
    dcb_seq_leave(m->seq, &hw->slot);
    return;
  }
  for (;;) {
    while (hw->timers->len > 0 && g_array_index(hw->timers, HallTimer, 0).t <= now(m)) {
      HallTimer ht = hall_timer_pop(hw->timers);
      hall_timer_fire(m, &ht);
    }
    double next = hw->timers->len > 0 ? g_array_index(hw->timers, HallTimer, 0).t : G_MAXDOUBLE;
    if (!dcb_seq_wait(m->seq, &hw->slot, next))
      break;
  }
  dcb_seq_leave(m->seq, &hw->slot);
}

/* The region's hardware actor decides fit-outs: energized halls, in energization order, while
 * fitted capacity is below demand; the hall's group actor carries each fit-out out. */
static void hardware_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  Model *m = sg_actor_self_get_data();
  sg_actor_daemonize(sg_actor_self());
  if (!dcb_seq_enter(m->seq, &m->hardware)) {
    dcb_seq_leave(m->seq, &m->hardware);
    return;
  }
  for (;;) {
    while (m->fitted_mw < m->demand_mw - MW_EPS && m->fit_next < m->energized_order->len) {
      int i = g_array_index(m->energized_order, int, m->fit_next++);
      Hall *h = &m->halls[i];
      h->fitted = TRUE;
      m->fitted_mw += h->mw;
      hall_at(m, now(m), i, HT_FIT);
      dcb_seq_signal(m->seq, &m->groups[i / DCB_HALLS_PER_ACTOR].slot);
    }
    if (!dcb_seq_wait(m->seq, &m->hardware, G_MAXDOUBLE))
      break;
  }
  dcb_seq_leave(m->seq, &m->hardware);
}

/* ---------------------------------------------------------------- projects */

static void project_free_halls(Project *p)
{
  p->m->site_live_projects[p->site]--;
  if (!p->reserved)
    return;
  for (int k = 0; k < p->n_halls; k++) {
    p->m->halls[p->halls[k]].used = FALSE;
    p->m->halls[p->halls[k]].owner = NULL;
  }
  p->m->site_free_halls[p->site] += p->n_halls;
}

/* Phase k starts: it leaves the pipeline for construction, and is built one phase_years draw
 * later. */
static void phase_start(Project *p, int k)
{
  Model *m = p->m;
  Phase *ph = &p->phases[k];
  ph->state = PH_CONSTRUCTION;
  m->pipeline_mw -= ph->mw;
  m->construction_mw += ph->mw;
  project_event(p, DCB_EV_PHASE_STARTED, ph->mw);
  p->stage = PS_PHASE + k;
  project_at(p, later(m, dcb_dist_sample(&p->phase_dist, &p->rng_phase)));
}

/* One step of a project's lifecycle (DESIGN §2.1 rule 7): announced, then permitted or
 * cancelled permit_years later, then phases built one after another; a built phase is energized
 * at once when its connection is ready, else it is stranded until it is. */
static void project_step(Project *p)
{
  Model *m = p->m;
  if (p->stage == PS_ANNOUNCE) {
    m->pipeline_mw += p->total_mw;
    project_event(p, DCB_EV_ANNOUNCED, p->total_mw);
    p->stage = PS_PERMITTED;
    project_at(p, later(m, dcb_dist_sample(&p->permit, &p->rng_permit)));
    return;
  }
  if (p->stage == PS_PERMITTED) {
    if (dcb_rng_uniform(&p->rng_cancel) < p->cancel_p) {
      p->cancelled = TRUE;
      m->pipeline_mw -= p->total_mw;
      for (int k = 0; k < p->n_phases; k++)
        p->phases[k].state = PH_CANCELLED;
      project_event(p, DCB_EV_CANCELLED, p->total_mw);
      release_connection(p);
      project_free_halls(p);
      return;
    }
    project_event(p, DCB_EV_PERMITTED, p->total_mw);
    if (p->n_phases > 0)
      phase_start(p, 0);
    return;
  }
  int k = p->stage - PS_PHASE;
  Phase *ph = &p->phases[k];
  m->construction_mw -= ph->mw;
  m->year_capex_meur += dcb_account_facility_meur(m->sc, ph->mw);
  project_event(p, DCB_EV_PHASE_BUILT, ph->mw);
  if (p->conn == CONN_READY) {
    energize_phase(p, ph);
  } else {
    ph->state = PH_STRANDED;
    m->stranded_mw += ph->mw;
    m->site_stranded_mw[p->site] += ph->mw;
  }
  if (k + 1 < p->n_phases)
    phase_start(p, k + 1);
}

/* The projects actor runs every campus's lifecycle from one queue of dated steps (one actor per
 * project cost its creation, its stack and its own wake-ups; the order is the same: by date, then
 * by when the step was scheduled). */
static void projects_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  Model *m = sg_actor_self_get_data();
  sg_actor_daemonize(sg_actor_self());
  if (!dcb_seq_enter(m->seq, &m->projects_slot)) {
    dcb_seq_leave(m->seq, &m->projects_slot);
    return;
  }
  for (;;) {
    GArray *q = m->project_timers;
    while (q->len > 0 && g_array_index(q, ProjectTimer, 0).t <= now(m))
      project_step(project_timer_pop(q).project);
    double next = q->len > 0 ? g_array_index(q, ProjectTimer, 0).t : G_MAXDOUBLE;
    if (!dcb_seq_wait(m->seq, &m->projects_slot, next))
      break;
  }
  dcb_seq_leave(m->seq, &m->projects_slot);
}

/* Allocate halls phase by phase (DESIGN §2.1 rule 7).  Returns the project's IT MW.  A project
 * that is sure to be cancelled (probability 1) does not reserve its halls (as `check` assumes). */
static double project_allocate(Project *p, const double *phases_mw, int n_phases, gboolean reserve)
{
  Model *m = p->m;
  const DcbSite *site = &m->pf->sites[p->site];
  gboolean *used = g_new0(gboolean, m->n_halls);
  for (int i = 0; i < m->n_halls; i++)
    used[i] = m->halls[i].used;
  p->halls = g_new0(int, site->n_halls);
  p->phases = g_new0(Phase, n_phases);
  p->n_phases = 0;
  p->total_mw = 0;
  p->reserved = reserve;
  for (int k = 0; k < n_phases; k++) {
    gboolean covered = FALSE;
    int n = dcb_platform_take_halls(m->pf, p->site, used, phases_mw[k], p->halls + p->n_halls,
                                    &covered);
    if (n == 0)
      break;
    Phase *ph = &p->phases[p->n_phases++];
    ph->first_hall = p->n_halls;
    ph->n_halls = n;
    ph->state = PH_PIPELINE;
    for (int j = 0; j < n; j++) {
      Hall *h = &m->halls[p->halls[p->n_halls + j]];
      ph->mw += h->mw;
      if (!reserve)
        continue;
      h->used = TRUE;
      h->owner = p;
      m->site_free_halls[p->site]--;
    }
    p->n_halls += n;
    p->total_mw += ph->mw;
  }
  g_free(used);
  return p->total_mw;
}

static Project *project_new(Model *m, const char *name, int site)
{
  Project *p = g_new0(Project, 1);
  p->m = m;
  p->name = g_strdup(name);
  p->site = site;
  p->substation = dcb_scenario_substation_index(m->sc, m->pf->sites[site].substation);
  m->site_live_projects[site]++;
  g_autofree char *e1 = g_strdup_printf("project:%s/permit", name);
  g_autofree char *e2 = g_strdup_printf("project:%s/cancel", name);
  g_autofree char *e3 = g_strdup_printf("project:%s/phase", name);
  g_autofree char *e4 = g_strdup_printf("project:%s/connection", name);
  dcb_rng_init(&p->rng_permit, m->seed, e1);
  dcb_rng_init(&p->rng_cancel, m->seed, e2);
  dcb_rng_init(&p->rng_phase, m->seed, e3);
  dcb_rng_init(&p->rng_conn, m->seed, e4);
  g_ptr_array_add(m->projects, p);
  return p;
}

static void project_start(Project *p)
{
  p->stage = PS_ANNOUNCE;
  project_at(p, p->start_t);
  dcb_seq_signal(p->m->seq, &p->m->projects_slot);
}

/* An existing campus: energized and connected from the start, no events but its energization. */
static void project_existing(Project *p)
{
  Model *m = p->m;
  p->conn = CONN_READY;
  for (int k = 0; k < p->n_phases; k++) {
    Phase *ph = &p->phases[k];
    ph->state = PH_ENERGIZED;
    m->operating_mw += ph->mw;
    m->site_operating_mw[p->site] += ph->mw;
    for (int j = 0; j < ph->n_halls; j++) {
      int hi = p->halls[ph->first_hall + j];
      m->halls[hi].energized = TRUE;
      m->halls[hi].existing = TRUE;
      g_array_append_val(m->energized_order, hi);
    }
  }
  p->any_energized = TRUE;
  dcb_trace_add_event(m->trace, p->operating_since, DCB_EV_ENERGIZED, p->name,
                      m->pf->sites[p->site].name, m->sc->substations[p->substation].name,
                      p->total_mw);
}

/* ---------------------------------------------------------------- investor */

/* An actor whose work is done waits for the end of the run instead of ending now: an actor's end
 * costs SimGrid an exception unwound through its stack (the first one in a process looks up the
 * unwind tables of every loaded library), and a forked replication exits from inside the
 * simulation (DcbEngineOptions.on_complete) without ending its actors at all. */
static void idle_until_over(Model *m, DcbSlot *slot, gboolean go)
{
  while (go)
    go = dcb_seq_wait(m->seq, slot, G_MAXDOUBLE);
  dcb_seq_leave(m->seq, slot);
}

/* A free site has no live (announced, not cancelled) project and at least one free hall. */
static gboolean site_is_free(const Model *m, int site)
{
  return m->site_live_projects[site] == 0 && m->site_free_halls[site] > 0;
}

/* Fast-track sites first, then turnkey sites, then by free substation headroom, then name. */
static int pick_site(const Model *m)
{
  int best = -1;
  for (int i = 0; i < m->pf->n_sites; i++) {
    if (!site_is_free(m, i))
      continue;
    if (best < 0) {
      best = i;
      continue;
    }
    const DcbSite *a = &m->pf->sites[i], *b = &m->pf->sites[best];
    if (a->fast_track != b->fast_track) {
      if (a->fast_track)
        best = i;
      continue;
    }
    if (a->turnkey != b->turnkey) {
      if (a->turnkey)
        best = i;
      continue;
    }
    double ha = m->subs[dcb_scenario_substation_index(m->sc, a->substation)].headroom_mw;
    double hb = m->subs[dcb_scenario_substation_index(m->sc, b->substation)].headroom_mw;
    if (ha > hb + MW_EPS)
      best = i;
  }
  return best;
}

static void investor_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  Model *m = sg_actor_self_get_data();
  const DcbScenario *sc = m->sc;
  sg_actor_daemonize(sg_actor_self());
  gboolean go = dcb_seq_enter(m->seq, &m->investor);
  for (int y = sc->investor_start_year; go && y <= sc->end_year; y++) {
    go = dcb_seq_wait(m->seq, &m->investor, t_of(m, y));
    if (!go)
      break;
    double target = dcb_scenario_demand(sc, (int)floor(y + sc->lookahead_years + 1e-9));
    double have = m->operating_mw + m->stranded_mw + m->construction_mw + m->pipeline_mw;
    while (target > have + MW_EPS) {
      int site = pick_site(m);
      if (site < 0) {
        if (!m->investor_out_of_sites)
          XBT_INFO("investor: no free site left in %d (demand ahead %.0f MW, planned %.0f MW)", y,
                   target, have);
        m->investor_out_of_sites = TRUE;
        break;
      }
      g_autofree char *name = g_strdup_printf("investor-%03d", ++m->investor_count);
      Project *p = project_new(m, name, site);
      p->permit = sc->permit_years;
      p->phase_dist = sc->phase_years;
      p->cancel_p = sc->cancel_probability;
      p->fast_track = m->pf->sites[site].fast_track;
      p->start_t = now(m);
      int n = (int)ceil(sc->project_mw / sc->phase_mw - 1e-9);
      double *phases = g_new(double, n);
      for (int k = 0; k < n; k++)
        phases[k] = MIN(sc->phase_mw, sc->project_mw - k * sc->phase_mw);
      project_allocate(p, phases, n, TRUE);
      g_free(phases);
      project_request(p, now(m));
      project_start(p);
      have += p->total_mw;
    }
  }
  idle_until_over(m, &m->investor, go);
}

/* ---------------------------------------------------------------- demand */

static void demand_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  Model *m = sg_actor_self_get_data();
  sg_actor_daemonize(sg_actor_self());
  gboolean go = dcb_seq_enter(m->seq, &m->demand);
  for (int y = m->t0_year; go && y <= m->sc->end_year; y++) {
    go = dcb_seq_wait(m->seq, &m->demand, t_of(m, y));
    if (!go)
      break;
    m->demand_mw = dcb_scenario_demand(m->sc, y);
    dcb_seq_signal(m->seq, &m->hardware);
  }
  idle_until_over(m, &m->demand, go);
}

/* ---------------------------------------------------------------- recorder */

/* Before reading the fitted halls' energy: reading a host whose energy is stale costs a simcall
 * (~2 300 instructions), and sg_host_energy_update_all() brings every host up to date in one
 * that walks all of them (~85 000 instructions for the default region's 125 hosts).  The second
 * pays once more than half the halls are fitted. */
static void energy_update(const Model *m)
{
  if (2 * m->fitted_list->len > (guint)m->n_halls)
    sg_host_energy_update_all();
}

static void record_year(Model *m, int year)
{
  const DcbScenario *sc = m->sc;
  int yi = year - sc->start_year;
  double *row = dcb_trace_yearly_row(m->trace, yi);
  double it_j = 0;
  double *site_j = g_new0(double, m->pf->n_sites);
  energy_update(m);
  for (guint k = 0; k < m->fitted_list->len; k++) {
    Hall *h = &m->halls[g_array_index(m->fitted_list, int, k)];
    double e = sg_host_get_consumed_energy(h->host);
    double d = e - h->energy_last_j;
    h->energy_last_j = e;
    it_j += d;
    site_j[h->site] += d;
  }
  compute_advance(m);
  double demand = dcb_scenario_demand(sc, year);
  double it_gwh = dcb_account_gwh(it_j);
  double fac_gwh = dcb_account_facility_gwh(sc, year, it_gwh);
  double op_t = dcb_account_op_emissions_t(sc, year, fac_gwh);
  m->cumulative_t += op_t + m->year_embodied_t;
  double headroom = 0, queue = 0;
  for (int s = 0; s < sc->n_substations; s++) {
    headroom += m->subs[s].headroom_mw;
    queue += m->subs[s].queue_mw;
    double *b = dcb_trace_substation_row(m->trace, yi, s);
    b[DCB_B_HEADROOM_MW] = m->subs[s].headroom_mw;
    b[DCB_B_QUEUE_MW] = m->subs[s].queue_mw;
    b[DCB_B_GRANTED_MW] = m->subs[s].granted_mw;
    b[DCB_B_REINFORCEMENTS_DONE] = m->subs[s].reinforcements_done;
    b[DCB_B_REINFORCING] = m->subs[s].reinforcing ? 1 : 0;
  }
  row[DCB_Y_YEAR] = year;
  row[DCB_Y_DEMAND_MW] = demand;
  row[DCB_Y_OPERATING_MW] = m->operating_mw;
  row[DCB_Y_SERVED_MW] = MIN(demand, m->operating_mw);
  row[DCB_Y_UNMET_MW] = demand - row[DCB_Y_SERVED_MW];
  row[DCB_Y_UNDER_CONSTRUCTION_MW] = m->construction_mw;
  row[DCB_Y_STRANDED_MW] = m->stranded_mw;
  row[DCB_Y_PIPELINE_MW] = m->pipeline_mw;
  row[DCB_Y_GRID_QUEUE_MW] = queue;
  row[DCB_Y_HEADROOM_MW] = headroom;
  row[DCB_Y_FITTED_MW] = m->fitted_mw;
  row[DCB_Y_IT_ENERGY_GWH] = it_gwh;
  row[DCB_Y_FACILITY_ENERGY_GWH] = fac_gwh;
  row[DCB_Y_OP_EMISSIONS_T] = op_t;
  row[DCB_Y_EMBODIED_EMISSIONS_T] = m->year_embodied_t;
  row[DCB_Y_CUMULATIVE_EMISSIONS_T] = m->cumulative_t;
  row[DCB_Y_COMPUTE_EFLOPS] = m->compute_acc / YEAR_S / 1e9;
  row[DCB_Y_CAPEX_MEUR] = m->year_capex_meur;
  row[DCB_Y_PUE] = dcb_traj_at(&sc->pue, year);
  row[DCB_Y_GRID_G_PER_KWH] = dcb_traj_at(&sc->grid_g_per_kwh, year);
  row[DCB_Y_TARGET_MW] = sc->has_target ? dcb_traj_at(&sc->target_mw, year) : 0;
  for (int i = 0; i < m->pf->n_sites; i++) {
    double *srow = dcb_trace_site_row(m->trace, yi, i);
    double s_it = dcb_account_gwh(site_j[i]);
    double s_fac = dcb_account_facility_gwh(sc, year, s_it);
    srow[DCB_S_OPERATING_MW] = m->site_operating_mw[i];
    srow[DCB_S_STRANDED_MW] = m->site_stranded_mw[i];
    srow[DCB_S_IT_ENERGY_GWH] = s_it;
    srow[DCB_S_FACILITY_ENERGY_GWH] = s_fac;
    srow[DCB_S_OP_EMISSIONS_T] = dcb_account_op_emissions_t(sc, year, s_fac);
    srow[DCB_S_EMBODIED_EMISSIONS_T] = m->site_embodied_t[i];
  }
  g_free(site_j);
}

/* Start of the rows: flows before start_year are history, not reported. */
static void reset_flows(Model *m)
{
  m->year_embodied_t = 0;
  m->year_capex_meur = 0;
  memset(m->site_embodied_t, 0, sizeof(double) * m->pf->n_sites);
  compute_advance(m);
  m->compute_acc = 0;
}

static void recorder_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  Model *m = sg_actor_self_get_data();
  const DcbScenario *sc = m->sc;
  sg_actor_daemonize(sg_actor_self());
  gboolean go = dcb_seq_enter(m->seq, &m->recorder);
  for (int y = sc->start_year; go && y <= sc->end_year + 1; y++) {
    if (!dcb_seq_wait(m->seq, &m->recorder, t_of(m, y)))
      break;
    if (y == sc->start_year) {
      energy_update(m);
      for (guint k = 0; k < m->fitted_list->len; k++) {
        Hall *h = &m->halls[g_array_index(m->fitted_list, int, k)];
        h->energy_last_j = sg_host_get_consumed_energy(h->host);
      }
    } else {
      record_year(m, y - 1);
    }
    reset_flows(m);
    if (y == sc->end_year + 1 && m->opt->on_complete != NULL)
      m->opt->on_complete(m->trace, m->opt->on_complete_user); /* may not return */
  }
  dcb_seq_stop(m->seq);
  dcb_seq_leave(m->seq, &m->recorder);
}

/* ---------------------------------------------------------------- set-up */

static void start_actor(Model *m, const char *name, DcbSlot *slot, DcbPrio prio,
                        void (*fn)(int, char **), double t)
{
  dcb_slot_init(slot, prio);
  dcb_seq_schedule(m->seq, slot, t);
  spawn(m, name, fn, m);
}

/* The sequencer actor: halls off at t = 0, known projects and competing loads set up, every
 * actor started, then dispatch until the recorder closes the last year. */
static void sequencer_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  Model *m = sg_actor_self_get_data();
  const DcbScenario *sc = m->sc;
  /* The halls are off already: dcb_engine_prepare switched them off. */

  for (int s = 0; s < sc->n_substations; s++) {
    SubstationState *st = &m->subs[s];
    st->headroom_mw = sc->substations[s].headroom_mw;
    st->queue = g_ptr_array_new();
    st->waiting_since = -1;
    g_autofree char *ent = g_strdup_printf("substation:%s/reinforcement", sc->substations[s].name);
    dcb_rng_init(&st->rng, m->seed, ent);
  }
  m->crews_free = sc->crews;

  start_actor(m, "recorder", &m->recorder, DCB_PRIO_RECORDER, recorder_actor, m->t_start);
  start_actor(m, "demand", &m->demand, DCB_PRIO_DEMAND, demand_actor, 0);
  start_actor(m, "projects", &m->projects_slot, DCB_PRIO_PROJECT, projects_actor, 0);
  start_actor(m, "grid", &m->grid, DCB_PRIO_GRID, grid_actor, 0);
  start_actor(m, "hardware", &m->hardware, DCB_PRIO_HARDWARE, hardware_actor, 0);
  for (int g = 0; g < m->n_groups; g++) {
    HallGroup *hw = &m->groups[g];
    dcb_slot_init(&hw->slot, DCB_PRIO_HARDWARE);
    dcb_seq_schedule(m->seq, &hw->slot, 0);
    g_autofree char *name = g_strdup_printf("halls-%d", g);
    spawn(m, name, hall_group_actor, hw);
  }
  if (sc->investor_enabled)
    start_actor(m, "investor", &m->investor, DCB_PRIO_INVESTOR, investor_actor,
                t_of(m, sc->investor_start_year));

  /* Competing loads: the increase at each point of their trajectory, as a request. */
  for (int l = 0; l < sc->n_loads; l++) {
    const DcbLoad *ld = &sc->loads[l];
    int s = dcb_scenario_substation_index(sc, ld->substation);
    double prev = 0;
    for (int k = 0; k < ld->mw.n; k++) {
      double inc = ld->mw.value[k] - prev;
      prev = ld->mw.value[k];
      if (inc <= MW_EPS)
        continue;
      Request *r = request_new(m, NULL, ld->name, s, inc);
      grid_at(m, (GridTimer){.t = MAX(0, t_of(m, ld->mw.year[k])), .kind = GT_REQUEST, .req = r});
    }
  }

  /* Known projects, halls allocated in (announced or operating_since, name) order. */
  int *order = g_new(int, MAX(1, sc->n_projects));
  dcb_check_project_order(sc, order);
  for (int k = 0; k < sc->n_projects; k++) {
    const DcbProject *spec = &sc->projects[order[k]];
    int site = dcb_platform_site_index(m->pf, spec->site);
    Project *p = project_new(m, spec->name, site);
    p->spec = spec;
    p->existing = spec->existing;
    p->operating_since = spec->operating_since;
    p->permit = spec->permit_years;
    p->phase_dist = spec->phase_years;
    p->cancel_p = spec->cancel_probability;
    p->fast_track = spec->fast_track;
    project_allocate(p, spec->phases_mw, spec->n_phases,
                     spec->existing || spec->cancel_probability < 1);
    if (p->existing) {
      project_existing(p);
      continue;
    }
    p->start_t = t_of(m, spec->announced);
    project_request(p, t_of(m, spec->has_requested ? spec->requested : spec->announced));
    project_start(p);
  }
  g_free(order);
  dcb_seq_run(m->seq);

  /* The last year is closed and every actor has ended: stop the halls' executions (the engine
   * would otherwise run on until their endless flops are done). */
  for (int i = 0; i < m->n_halls; i++)
    for (int c = 0; c < m->halls[i].cores; c++)
      if (m->halls[i].execs[c] != NULL) {
        sg_exec_cancel(m->halls[i].execs[c]);
        m->halls[i].execs[c] = NULL;
      }
}

static void model_free(Model *m)
{
  for (guint k = 0; k < m->projects->len; k++) {
    Project *p = m->projects->pdata[k];
    g_free(p->name);
    g_free(p->halls);
    g_free(p->phases);
    g_free(p);
  }
  g_ptr_array_free(m->projects, TRUE);
  for (int s = 0; s < m->sc->n_substations; s++)
    if (m->subs[s].queue != NULL) {
      for (guint k = 0; k < m->subs[s].queue->len; k++)
        g_free(m->subs[s].queue->pdata[k]);
      g_ptr_array_free(m->subs[s].queue, TRUE);
    }
  for (guint k = 0; k < m->grid_timers->len; k++) {
    GridTimer *gt = &g_array_index(m->grid_timers, GridTimer, k);
    if (gt->kind == GT_REQUEST)
      g_free(gt->req);
  }
  DcbSlot *slots[] = {&m->recorder, &m->demand,   &m->projects_slot,
                      &m->grid,     &m->hardware, &m->investor};
  for (size_t k = 0; k < G_N_ELEMENTS(slots); k++)
    dcb_slot_clear(slots[k]);
  for (int i = 0; i < m->n_halls; i++)
    g_free(m->halls[i].execs);
  g_free(m->halls);
  g_free(m->subs);
  g_free(m->site_operating_mw);
  g_free(m->site_stranded_mw);
  g_free(m->site_embodied_t);
  g_free(m->site_live_projects);
  g_free(m->site_free_halls);
  g_array_free(m->energized_order, TRUE);
  g_array_free(m->fitted_list, TRUE);
  g_array_free(m->grid_timers, TRUE);
  g_array_free(m->project_timers, TRUE);
  for (int g = 0; g < m->n_groups; g++) {
    dcb_slot_clear(&m->groups[g].slot);
    g_array_free(m->groups[g].timers, TRUE);
  }
  g_free(m->groups);
  dcb_seq_free(m->seq);
  g_free(m);
}

DcbTrace *dcb_model_simulate(const DcbScenario *sc, const DcbPlatform *pf,
                             const DcbEngineOptions *opt, GError **error)
{
  if (!dcb_engine_prepare(pf, opt->sg_args, error))
    return NULL;

  Model *m = g_new0(Model, 1);
  m->sc = sc;
  m->pf = pf;
  m->seed = opt->seed;
  m->opt = opt;
  m->seq = dcb_seq_new();
  m->t0_year = dcb_scenario_first_year(sc);
  m->t_start = t_of(m, sc->start_year);
  m->t_end = t_of(m, sc->end_year + 1);
  m->ctrl = dcb_engine_control_host();
  m->n_halls = pf->n_halls;
  m->halls = g_new0(Hall, pf->n_halls);
  for (int i = 0; i < pf->n_halls; i++) {
    const DcbHall *ph = &pf->halls[i];
    Hall *h = &m->halls[i];
    h->host = dcb_engine_hall_host(i);
    h->site = ph->site;
    h->mw = ph->peak_w / 1e6;
    h->speed_f = dcb_engine_hall_speed(i);
    h->cores = dcb_engine_hall_cores(i);
    h->execs = g_new0(sg_exec_t, h->cores);
  }
  m->subs = g_new0(SubstationState, MAX(1, sc->n_substations));
  m->site_operating_mw = g_new0(double, pf->n_sites);
  m->site_stranded_mw = g_new0(double, pf->n_sites);
  m->site_embodied_t = g_new0(double, pf->n_sites);
  m->site_live_projects = g_new0(int, pf->n_sites);
  m->site_free_halls = g_new0(int, pf->n_sites);
  for (int i = 0; i < pf->n_sites; i++)
    m->site_free_halls[i] = pf->sites[i].n_halls;
  m->energized_order = g_array_new(FALSE, FALSE, sizeof(int));
  m->fitted_list = g_array_new(FALSE, FALSE, sizeof(int));
  m->grid_timers = g_array_new(FALSE, FALSE, sizeof(GridTimer));
  m->project_timers = g_array_new(FALSE, FALSE, sizeof(ProjectTimer));
  m->n_groups = (pf->n_halls + DCB_HALLS_PER_ACTOR - 1) / DCB_HALLS_PER_ACTOR;
  m->groups = g_new0(HallGroup, m->n_groups);
  for (int g = 0; g < m->n_groups; g++) {
    m->groups[g].timers = g_array_new(FALSE, FALSE, sizeof(HallTimer));
    m->groups[g].model = m;
  }
  m->projects = g_ptr_array_new();
  m->demand_mw = dcb_scenario_demand(sc, m->t0_year);

  m->trace = dcb_trace_new(sc->start_year, sc->end_year - sc->start_year + 1, pf->n_sites,
                           sc->n_substations);
  for (int i = 0; i < pf->n_sites; i++) {
    m->trace->site_names[i] = g_strdup(pf->sites[i].name);
    m->trace->site_substations[i] = g_strdup(pf->sites[i].substation);
  }
  for (int s = 0; s < sc->n_substations; s++)
    m->trace->substation_names[s] = g_strdup(sc->substations[s].name);

  spawn(m, "sequencer", sequencer_actor, m);
  simgrid_run();

  DcbTrace *tr = m->trace;
  m->trace = NULL;
  XBT_DEBUG("%" G_GUINT64_FORMAT " wake-ups dispatched", dcb_seq_dispatched(m->seq));
  model_free(m);
  return tr;
}
