/* gridop.c - the grid operator (DESIGN §2.1 rules 2-6, §2.2 rules 15, 20, 21, 23), one actor for
 * the region.
 *
 * A project's connection request is made of tranches (rule 15): one per phase (grant = per_phase
 * or partial), or one for the whole project (grant = whole, rule 2 as written); each is a
 * request of its own, filed at the project's request date in phase order.  Every substation has
 * a queue of requests (tranches and competing loads'), in queue order (request_cmp): competing
 * loads first, then fast-track projects under the fast_track policy, then request date and
 * insertion.  Everything the operator does at a later date is a record in one timer heap
 * (m->gridop.timers): a request filed at its date, a reinforcement done, a tranche's connection
 * ready, a tranche's use-it-or-lose-it deadline, the end of a moratorium.  Each time the actor
 * runs, it fires the timers due now and then makes one pass over the substations (grid_pass):
 * grants in queue order while the headroom covers the head (unless a moratorium holds; with
 * grant = partial a head covered in part is granted in whole halls), then free crews to the
 * substations whose head cannot be granted, the longest waiting first.  Other actors change the
 * grid through dcb_grid_request and dcb_grid_release and signal the actor, which then makes its
 * pass at the same date; the projects hear of grants, ready connections and releases through
 * dcb_project_granted, dcb_tranche_ready and dcb_tranche_released.  Figures are grid MW (IT MW
 * x grid_mw_per_it_mw); a grant is taken from the headroom at once.
 *
 * Rules 20, 21 and 23 add to the same pass.  Planned works (rule 20) are timers drawn once per
 * run: each adds its MW to its substation's headroom at its ready date, and while one is due
 * soon at a substation, rule 3 starts no reactive reinforcement there.  The fast-track
 * guarantee (rule 21) grants a fast-track project's tranche even when the headroom is short,
 * raising it by the shortfall (dedicated works, no crew).  Corridor caps (rule 23) are a second
 * test at every grant, partial ones included: cap(year) - the grid MW granted and not released
 * at the corridor's members (their granted_mw); the pass runs after every release and on every
 * 1 January (a timer while corridors exist), so a freed or stepped-up corridor is retried then.
 * None of it changes the pass when there are no planned works, no corridors and no guarantee.
 */
#include "heap.h"
#include "model_internal.h"
#include <simgrid/actor.h>

DCB_DEFINE_TIMER_HEAP(GridTimer, grid_timer)

/* A timer at gt.t (snapped to 1 January when that close), and a signal so that the grid actor
 * waits for it. */
static void grid_at(Model *m, GridTimer gt)
{
  gt.t = snap(gt.t);
  gt.seq = m->timer_seq++;
  grid_timer_push(m->gridop.timers, gt);
  dcb_seq_signal(m->seq, &m->grid);
}

void dcb_grid_init(Model *m)
{
  const DcbScenario *sc = m->sc;
  for (int s = 0; s < sc->n_substations; s++) {
    SubstationState *st = &m->gridop.subs[s];
    st->headroom_mw = sc->substations[s].headroom_mw;
    st->queue = g_ptr_array_new();
    st->waiting_since = -1;
    g_autofree char *ent = g_strdup_printf("substation:%s/reinforcement", sc->substations[s].name);
    dcb_rng_init(&st->rng, m->seed, ent);
  }
  m->gridop.crews_free = sc->crews;
  m->gridop.works = g_new0(PlannedWorkState, MAX(1, sc->n_works));
}

/* Frees the queues, the requests still scheduled, the timers and the substations' state. */
void dcb_grid_clear(Model *m)
{
  for (int s = 0; s < m->sc->n_substations; s++)
    if (m->gridop.subs[s].queue != NULL) {
      for (guint k = 0; k < m->gridop.subs[s].queue->len; k++)
        g_free(m->gridop.subs[s].queue->pdata[k]);
      g_ptr_array_free(m->gridop.subs[s].queue, TRUE);
    }
  for (guint k = 0; k < m->gridop.timers->len; k++) {
    GridTimer *gt = &g_array_index(m->gridop.timers, GridTimer, k);
    if (gt->kind == GT_REQUEST)
      g_free(gt->req);
  }
  g_array_free(m->gridop.timers, TRUE);
  g_free(m->gridop.subs);
  g_free(m->gridop.works);
}

/* ---------------------------------------------------------------- requests and grants */

/* Rule 2's queue order (competing loads first: rule 3). */
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

/* A request's date has come: it joins its substation's queue in queue order. */
static void request_file(Model *m, Request *r)
{
  SubstationState *s = &m->gridop.subs[r->substation];
  guint pos = s->queue->len;
  while (pos > 0 && request_cmp(m, r, s->queue->pdata[pos - 1]) < 0)
    pos--;
  g_ptr_array_insert(s->queue, (gint)pos, r);
  s->queue_mw += r->mw;
  r->filed = TRUE;
  if (r->tranche != NULL) {
    r->tranche->conn = CONN_QUEUED;
    r->tranche->req = r;
    dcb_project_event(r->project, DCB_EV_CONNECTION_REQUESTED, r->mw);
  } else {
    dcb_model_event(m, DCB_EV_CONNECTION_REQUESTED, r->name, -1, r->substation, r->mw);
  }
}

static Request *request_new(Model *m, Tranche *tr, const char *load_name, int substation, double mw)
{
  Request *r = g_new0(Request, 1);
  r->seq = m->gridop.request_seq++;
  r->mw = mw;
  r->substation = substation;
  r->is_load = tr == NULL;
  r->tranche = tr;
  r->project = tr != NULL ? tr->project : NULL;
  r->fast_track = tr != NULL && tr->project->fast_track;
  r->name = tr != NULL ? tr->project->name : load_name;
  return r;
}

/* A new tranche of project p over its halls [first_hall, first_hall + n_halls) (of phase
 * 'phase', or -1: every phase), 'mw' grid MW, owned by the project. */
static Tranche *tranche_new(Project *p, int phase, int first_hall, int n_halls, double mw)
{
  Tranche *tr = g_new0(Tranche, 1);
  tr->project = p;
  tr->phase = phase;
  tr->first_hall = first_hall;
  tr->n_halls = n_halls;
  tr->mw = mw;
  g_ptr_array_add(p->tranches, tr);
  return tr;
}

/* A tranche's request, filed at date t (now or later). */
static void tranche_request(Model *m, Tranche *tr, double t)
{
  Request *r = request_new(m, tr, NULL, tr->project->substation, tr->mw);
  tr->conn = CONN_QUEUED;
  tr->req = r;
  grid_at(m, (GridTimer){.t = t, .kind = GT_REQUEST, .req = r});
}

/* Rules 2 and 15: a project's connection request at date t (now or later).  With grant = whole
 * it is one request for the project's IT MW x grid_mw_per_it_mw (rule 2 as written); otherwise
 * one tranche per phase, phase k's IT MW x grid_mw_per_it_mw, all filed at t in phase order (so
 * that they keep it in the queue: same date, increasing insertion). */
void dcb_grid_request(Project *p, double t)
{
  Model *m = p->m;
  double k = m->sc->grid_mw_per_it_mw;
  if (m->sc->grant == DCB_GRANT_WHOLE) {
    tranche_request(m, tranche_new(p, -1, 0, p->n_halls, p->total_mw * k), t);
    return;
  }
  for (int i = 0; i < p->n_phases; i++) {
    const Phase *ph = &p->phases[i];
    tranche_request(m, tranche_new(p, i, ph->first_hall, ph->n_halls, ph->mw * k), t);
  }
}

/* Rule 3: a competing load asks, at each point of its trajectory, for the increase since the
 * previous point. */
void dcb_grid_request_loads(Model *m)
{
  const DcbScenario *sc = m->sc;
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
}

static void dequeue(Model *m, Request *r)
{
  SubstationState *s = &m->gridop.subs[r->substation];
  if (g_ptr_array_remove(s->queue, r))
    s->queue_mw -= r->mw;
}

/* Rules 6, 7 and 15: a tranche given back.  Queued, it leaves the queue (scheduled and not yet
 * filed, it is skipped when its date comes) without an event; granted, its MW goes back to the
 * headroom (event released with its grid MW) and its halls lose their connection. */
static void tranche_release(Model *m, Tranche *tr)
{
  Project *p = tr->project;
  if (tr->conn == CONN_QUEUED && tr->req != NULL) {
    if (tr->req->filed) {
      dequeue(m, tr->req);
      g_free(tr->req);
    } else {
      tr->req->dropped = TRUE;
    }
    tr->req = NULL;
  } else if (tr->conn == CONN_GRANTED || tr->conn == CONN_READY) {
    m->gridop.subs[p->substation].headroom_mw += tr->mw;
    m->gridop.subs[p->substation].granted_mw -= tr->mw;
    dcb_project_event(p, DCB_EV_RELEASED, tr->mw);
    dcb_tranche_released(p, tr);
  }
  tr->conn = CONN_NONE;
  tr->gen++;
}

/* ---------------------------------------------------------------- corridors (rule 23) */

/* Grid MW granted and not released at the corridor's members since the start, competing loads
 * included: the sum of their granted_mw (which every grant adds to and every release takes
 * from). */
double dcb_corridor_used_mw(const Model *m, int c)
{
  double used = 0;
  for (int s = 0; s < m->sc->n_substations; s++)
    if (m->sc->substation_corridor[s] == c)
      used += m->gridop.subs[s].granted_mw;
  return used;
}

/* Rule 23: the free capacity of substation s's corridor now, cap(Y) - used, with cap read as a
 * step function (its value at the calendar year Y holds through year Y); G_MAXDOUBLE when s
 * belongs to no corridor. */
static double corridor_free(const Model *m, int s)
{
  if (m->sc->n_corridors == 0 || m->sc->substation_corridor[s] < 0)
    return G_MAXDOUBLE;
  int c = m->sc->substation_corridor[s];
  return dcb_traj_at(&m->sc->corridors[c].cap_mw, calendar_year(m)) - dcb_corridor_used_mw(m, c);
}

/* Rule 23: caps step on 1 January; the pass that follows this timer tries every queue again.
 * One timer a year while corridors exist, up to the end of the rows. */
static void corridors_new_year(Model *m)
{
  int next = calendar_year(m) + 1;
  if (next <= m->sc->end_year + 1)
    grid_at(m, (GridTimer){.t = t_of(m, next), .kind = GT_NEW_YEAR});
}

/* ---------------------------------------------------------------- fast track (rule 21) */

/* Rule 21: whether the guarantee covers request r: a fast-track project's request (tranche)
 * with fast_track_guarantee on. */
static gboolean fast_track_guaranteed(const Model *m, const Request *r)
{
  return m->sc->fast_track_guarantee && r->fast_track;
}

/* Rule 21: the request that the guarantee may grant at substation s now, or NULL: the first
 * request in the queue that is not a competing load's, when the guarantee covers it.  Under the
 * fast_track policy only competing loads can be ahead of it, and one that waits for headroom
 * does not hold it back ("granted at their request"); queue order among the fast-track
 * requests, the corridor (rule 23, in grant_room) and the moratorium (rule 5, which keeps the
 * pass from granting at all) still hold. */
static Request *fast_track_first(const Model *m, int s)
{
  const SubstationState *st = &m->gridop.subs[s];
  for (guint k = 0; k < st->queue->len; k++) {
    Request *r = st->queue->pdata[k];
    if (!r->is_load)
      return fast_track_guaranteed(m, r) ? r : NULL;
  }
  return NULL;
}

/* Rule 21: where a guaranteed grant of 'mw' exceeds the headroom, the operator raises the
 * headroom by the shortfall now (dedicated works: reinforcement_started with the shortfall,
 * capex shortfall / reinforcement_mw x reinforcement_meur, no crew).  Returns the shortfall (0
 * when the headroom covers it); dedicated_works_schedule then dates their completion. */
static double fast_track_shortfall(Model *m, int s, const Project *p, double mw)
{
  SubstationState *st = &m->gridop.subs[s];
  double shortfall = mw - st->headroom_mw;
  if (shortfall <= MW_EPS)
    return 0;
  st->headroom_mw += shortfall;
  dcb_book_capex_dedicated_works(m, s, shortfall);
  dcb_model_event(m, DCB_EV_REINFORCEMENT_STARTED, p->name, p->site, s, shortfall);
  return shortfall;
}

/* Rule 21: the dedicated works of tranche tr's guaranteed grant are done at its connection's
 * ready date (the headroom was raised at the grant already). */
static void dedicated_works_schedule(Model *m, int s, Tranche *tr, double works_mw)
{
  if (works_mw > 0)
    grid_at(m, (GridTimer){.t = tr->ready_t,
                           .kind = GT_WORKS_DONE,
                           .substation = s,
                           .tranche = tr,
                           .mw = works_mw});
}

static void dedicated_works_done(Model *m, int s, const Tranche *tr, double mw)
{
  dcb_model_event(m, DCB_EV_REINFORCEMENT_DONE, tr->project->name, tr->project->site, s, mw);
}

/* Rules 2, 21 and 23: the grid MW a grant of request r can take at substation s now: the
 * headroom (not for a request the fast-track guarantee covers), and the corridor's free
 * capacity. */
static double grant_room(const Model *m, int s, const Request *r)
{
  double room = fast_track_guaranteed(m, r) ? G_MAXDOUBLE : m->gridop.subs[s].headroom_mw;
  return MIN(room, corridor_free(m, s));
}

/* Rules 7 and 15: a cancelled project gives back all its tranches, in phase order. */
void dcb_grid_release(Project *p)
{
  for (guint i = 0; i < p->tranches->len; i++)
    tranche_release(p->m, p->tranches->pdata[i]);
  dcb_seq_signal(p->m->seq, &p->m->grid);
}

/* Rules 2, 4, 6 and 15: a tranche is granted, from the headroom at once; its connection is ready
 * connection_years later (drawn now, from the project's stream: one draw per tranche, in grant
 * order), and use-it-or-lose-it counts from now.  Rule 16 then schedules its phases. */
static void tranche_grant(Model *m, int s, Tranche *tr)
{
  SubstationState *st = &m->gridop.subs[s];
  Project *p = tr->project;
  st->headroom_mw -= tr->mw;
  st->granted_mw += tr->mw;
  tr->req = NULL;
  tr->conn = CONN_GRANTED;
  tr->gen++;
  tr->grant_t = now(m);
  dcb_project_event(p, DCB_EV_CONNECTION_GRANTED, tr->mw);
  double ready = dcb_dist_sample(&m->sc->substations[s].connection_years, &p->rng_conn);
  tr->ready_t = snap(now(m) + ready * YEAR_S);
  grid_at(m, (GridTimer){.t = tr->ready_t, .kind = GT_CONN_READY, .tranche = tr, .gen = tr->gen});
  if (m->sc->has_use_it_or_lose_it)
    grid_at(m, (GridTimer){.t = now(m) + m->sc->use_it_or_lose_it_years * YEAR_S,
                           .kind = GT_UIOLI,
                           .tranche = tr,
                           .gen = tr->gen});
  dcb_project_granted(p, tr);
}

/* Rule 2: the head request is granted whole (a competing load's, or a tranche). */
static void grant(Model *m, int s, Request *r)
{
  SubstationState *st = &m->gridop.subs[s];
  dequeue(m, r);
  if (r->tranche == NULL) {
    st->headroom_mw -= r->mw;
    st->granted_mw += r->mw;
    dcb_model_event(m, DCB_EV_CONNECTION_GRANTED, r->name, -1, s, r->mw);
  } else {
    tranche_grant(m, s, r->tranche);
  }
  g_free(r);
}

/* Rule 15, grant = partial: the head tranche, which the headroom covers only in part, is granted
 * for the largest number of its halls, in host-name order, whose grid MW fits (none: nothing is
 * granted); the rest stays at the head of the queue as a smaller tranche (same request date and
 * insertion). */
static void grant_partial(Model *m, int s, Request *r)
{
  SubstationState *st = &m->gridop.subs[s];
  Tranche *tr = r->tranche;
  Project *p = tr->project;
  double k = m->sc->grid_mw_per_it_mw, it = 0, room = grant_room(m, s, r); /* rules 21, 23 */
  int n = 0;
  while (n < tr->n_halls) {
    double h = m->hw.halls[p->halls[tr->first_hall + n]].mw;
    if ((it + h) * k > room + MW_EPS)
      break;
    it += h;
    n++;
  }
  if (n == 0 || n == tr->n_halls)
    return;
  Tranche *part = tranche_new(p, tr->phase, tr->first_hall, n, it * k);
  tr->first_hall += n;
  tr->n_halls -= n;
  double rest = 0;
  for (int j = 0; j < tr->n_halls; j++)
    rest += m->hw.halls[p->halls[tr->first_hall + j]].mw;
  st->queue_mw -= r->mw - rest * k;
  r->mw = tr->mw = rest * k;
  double works = fast_track_guaranteed(m, r) ? fast_track_shortfall(m, s, p, part->mw) : 0;
  tranche_grant(m, s, part);
  dedicated_works_schedule(m, s, part, works);
}

/* Rules 2, 15, 21 and 23: grants in queue order while the headroom and the corridor cover the
 * head of the queue (grant_room); when they do not, a fast-track request behind competing loads
 * may still be granted (rule 21), else with grant = partial a head covered in part is granted
 * that part. */
static void grant_in_queue_order(Model *m, int s)
{
  SubstationState *st = &m->gridop.subs[s];
  while (st->queue->len > 0) {
    Request *head = st->queue->pdata[0];
    if (head->mw > grant_room(m, s, head) + MW_EPS) {
      Request *g = fast_track_first(m, s);
      if (g == NULL || g == head || g->mw > grant_room(m, s, g) + MW_EPS) {
        if (m->sc->grant == DCB_GRANT_PARTIAL && head->tranche != NULL)
          grant_partial(m, s, head);
        break;
      }
      head = g; /* rule 21: granted although competing loads ahead of it wait */
    }
    double works =
        fast_track_guaranteed(m, head) ? fast_track_shortfall(m, s, head->project, head->mw) : 0;
    Tranche *tr = head->tranche;
    grant(m, s, head);
    dedicated_works_schedule(m, s, tr, works);
  }
}

/* Rule 4: a tranche's connection works are done; its built halls are energized now (rule 8). */
static void connection_ready(Model *m, Tranche *tr, guint64 gen)
{
  (void)m;
  if (gen != tr->gen || tr->conn != CONN_GRANTED)
    return;
  tr->conn = CONN_READY;
  dcb_project_event(tr->project, DCB_EV_CONNECTION_READY, tr->mw);
  dcb_tranche_ready(tr->project, tr);
}

/* Rules 6 and 15: a tranche whose phase (with grant = whole, the project) has energized nothing
 * since the grant is released; it is requested again at the back of the queue.  A phase under
 * construction goes on. */
static void use_it_or_lose_it(Model *m, Tranche *tr, guint64 gen)
{
  Project *p = tr->project;
  if (gen != tr->gen || p->cancelled || (tr->conn != CONN_GRANTED && tr->conn != CONN_READY))
    return;
  if (tr->phase < 0 ? p->any_energized : p->phases[tr->phase].on_mw > 0)
    return;
  tranche_release(m, tr);
  dcb_seq_signal(m->seq, &m->grid);
  tranche_request(m, tr, now(m)); /* back of the queue */
}

/* Rules 5 and 25: whether a moratorium holds at substation s now: from its first bound (1
 * January of an integer year, or a decimal year's instant) until its end (moratorium_end: after
 * 31 December of an integer last year, or a decimal last year's instant), which the loader
 * worked out.  While it holds and requests wait, a wake-up at its end is scheduled, so that they
 * are served then (the wake-up's grid pass grants at that instant). */
static gboolean moratorium_holds(Model *m, int s)
{
  const DcbSubstation *sub = &m->sc->substations[s];
  double year = year_of(m, now(m));
  gboolean holds = sub->has_moratorium && year >= sub->moratorium_from - 1e-9 &&
                   year < sub->moratorium_end - 1e-9;
  SubstationState *st = &m->gridop.subs[s];
  if (holds && st->queue->len > 0 && !st->moratorium_wake) {
    st->moratorium_wake = TRUE;
    grid_at(m, (GridTimer){.t = t_of(m, sub->moratorium_end), .kind = GT_WAKE, .substation = s});
  }
  return holds;
}

/* ---------------------------------------------------------------- reinforcements */

/* Rule 20's suppression of rule 3: whether one of substation s's planned works is not done and
 * is due earlier than now + the central value of its reinforcement_years. */
static gboolean planned_work_due(const Model *m, int s)
{
  const DcbScenario *sc = m->sc;
  if (sc->n_works == 0)
    return FALSE;
  double horizon = now(m) + dcb_dist_central(&sc->substations[s].reinforcement_years) * YEAR_S;
  for (int w = 0; w < sc->n_works; w++)
    if (m->gridop.works[w].substation == s && !m->gridop.works[w].done &&
        m->gridop.works[w].ready_t < horizon)
      return TRUE;
  return FALSE;
}

/* Rule 3: a substation whose head cannot be granted for want of headroom, and that is not
 * reinforcing, waits for a crew from now on (or since it began to).  A head blocked only by its
 * corridor (rule 23) waits for no crew; nor does one that is short while a planned work is due
 * soon there (rule 20); a head that the fast-track guarantee grants is never short (rule 21). */
static void reinforcement_wait(Model *m, int s)
{
  SubstationState *st = &m->gridop.subs[s];
  const Request *head = st->queue->len > 0 ? st->queue->pdata[0] : NULL;
  gboolean short_of_headroom =
      head != NULL && head->mw > st->headroom_mw + MW_EPS && !fast_track_guaranteed(m, head);
  if (short_of_headroom && !st->reinforcing && !planned_work_due(m, s)) {
    if (st->waiting_since < 0)
      st->waiting_since = now(m);
  } else {
    st->waiting_since = -1;
  }
}

/* Rule 3: each free crew goes to the substation that has waited longest for one; the
 * reinforcement's cost is counted when it starts (rule 12). */
static void reinforcements_start(Model *m)
{
  const DcbScenario *sc = m->sc;
  while (m->gridop.crews_free > 0) {
    int best = -1;
    for (int s = 0; s < sc->n_substations; s++)
      if (m->gridop.subs[s].waiting_since >= 0 &&
          (best < 0 || m->gridop.subs[s].waiting_since < m->gridop.subs[best].waiting_since))
        best = s;
    if (best < 0)
      break;
    SubstationState *st = &m->gridop.subs[best];
    st->waiting_since = -1;
    st->reinforcing = TRUE;
    m->gridop.crews_free--;
    dcb_book_capex_reinforcement(m);
    dcb_model_event(m, DCB_EV_REINFORCEMENT_STARTED, "", -1, best,
                    sc->substations[best].reinforcement_mw);
    double d = dcb_dist_sample(&sc->substations[best].reinforcement_years, &st->rng);
    grid_at(m, (GridTimer){.t = now(m) + d * YEAR_S, .kind = GT_REINF_DONE, .substation = best});
  }
}

/* Rule 3: the reinforcement adds reinforcement_mw to the headroom and frees its crew. */
static void reinforcement_done(Model *m, int s)
{
  SubstationState *st = &m->gridop.subs[s];
  double mw = m->sc->substations[s].reinforcement_mw;
  st->headroom_mw += mw;
  st->reinforcing = FALSE;
  st->reinforcements_done++;
  m->gridop.crews_free++;
  dcb_model_event(m, DCB_EV_REINFORCEMENT_DONE, "", -1, s, mw);
}

/* ---------------------------------------------------------------- planned works (rule 20) */

/* Rule 20: each planned work's ready date, drawn once per run from its own stream
 * (dcb_scenario_work_ready, core/scenario.c), and the
 * timers of its start (when given, from start_year on) and of its completion; and rule 23's
 * first 1 January.  Called once the grid actor exists. */
void dcb_grid_plan(Model *m)
{
  const DcbScenario *sc = m->sc;
  for (int w = 0; w < sc->n_works; w++) {
    const DcbPlannedWork *pw = &sc->works[w];
    /* The draw is the scenario's (rule 25 lists it among the drawn inputs, the same value). */
    double ready_t = t_of(m, dcb_scenario_work_ready(sc, w, m->seed));
    m->gridop.works[w].substation = dcb_scenario_substation_index(sc, pw->substation);
    m->gridop.works[w].ready_t = snap(MAX(0, ready_t));
    grid_at(m, (GridTimer){.t = m->gridop.works[w].ready_t, .kind = GT_WORK_READY, .work = w});
    if (pw->has_start && pw->start >= sc->start_year)
      grid_at(m, (GridTimer){.t = t_of(m, pw->start), .kind = GT_WORK_START, .work = w});
  }
  if (sc->n_corridors > 0)
    grid_at(m, (GridTimer){.t = t_of(m, m->t0_year + 1), .kind = GT_NEW_YEAR});
}

/* Rule 20: a planned work starts: its event (the work's MW) and its cost, in this year. */
static void planned_work_start(Model *m, int w)
{
  const DcbPlannedWork *pw = &m->sc->works[w];
  dcb_book_capex_planned_work(m, pw);
  dcb_model_event(m, DCB_EV_REINFORCEMENT_STARTED, pw->name, -1, m->gridop.works[w].substation,
                  pw->mw);
}

/* Rule 20: a planned work is done: its MW joins its substation's headroom (no crew involved);
 * the pass that follows grants from it. */
static void planned_work_ready(Model *m, int w)
{
  const DcbPlannedWork *pw = &m->sc->works[w];
  int s = m->gridop.works[w].substation;
  m->gridop.subs[s].headroom_mw += pw->mw;
  m->gridop.works[w].done = TRUE;
  dcb_model_event(m, DCB_EV_REINFORCEMENT_DONE, pw->name, -1, s, pw->mw);
}

/* ---------------------------------------------------------------- the actor */

static void grid_fire(void *role)
{
  Model *m = role;
  GridTimer gt = grid_timer_pop(m->gridop.timers);
  switch (gt.kind) {
    case GT_REQUEST:
      if (gt.req->dropped) {
        g_free(gt.req);
        break;
      }
      gt.req->t = now(m);
      request_file(m, gt.req);
      break;
    case GT_REINF_DONE:
      reinforcement_done(m, gt.substation);
      break;
    case GT_CONN_READY:
      connection_ready(m, gt.tranche, gt.gen);
      break;
    case GT_UIOLI:
      use_it_or_lose_it(m, gt.tranche, gt.gen);
      break;
    case GT_WAKE:
      m->gridop.subs[gt.substation].moratorium_wake = FALSE;
      break;
    case GT_WORK_START:
      planned_work_start(m, gt.work);
      break;
    case GT_WORK_READY:
      planned_work_ready(m, gt.work);
      break;
    case GT_WORKS_DONE:
      dedicated_works_done(m, gt.substation, gt.tranche, gt.mw);
      break;
    case GT_NEW_YEAR:
      corridors_new_year(m);
      break;
  }
}

/* Grants in queue order, then reinforcements for the substations whose head cannot be granted. */
static void grid_pass(void *role)
{
  Model *m = role;
  for (int s = 0; s < m->sc->n_substations; s++) {
    if (!moratorium_holds(m, s))
      grant_in_queue_order(m, s);
    reinforcement_wait(m, s);
  }
  reinforcements_start(m);
}

void dcb_grid_actor(int argc, char **argv)
{
  (void)argc, (void)argv;
  Model *m = sg_actor_self_get_data();
  dcb_model_timer_actor(m->seq, &m->grid, m->gridop.timers, grid_fire, grid_pass, m);
}
