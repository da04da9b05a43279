/* seq.c - the sequencer (see seq.h for why and how). */
#include "seq.h"
#include "heap.h"
#include <simgrid/actor.h>

typedef struct {
  double t;
  int prio;
  guint64 seq;
  guint64 gen;
  DcbSlot *slot;
} Wake;

struct DcbSeq {
  GArray *heap; /* of Wake, binary min-heap on (t, prio, seq) */
  guint64 next_seq;
  double now;
  sg_sem_t turn; /* the sequencer actor waits here: for the end of the run, then for each actor
                    it wakes to wind down */
  gboolean stopped;
  gboolean winding_down; /* the run is over: waits return FALSE */
  GPtrArray *slots;      /* every slot ever scheduled, in order */
  guint64 dispatched;
};

static gboolean wake_before(const Wake *a, const Wake *b)
{
  if (a->t != b->t)
    return a->t < b->t;
  if (a->prio != b->prio)
    return a->prio < b->prio;
  return a->seq < b->seq;
}

DCB_DEFINE_HEAP(Wake, wake, wake_before)

DcbSeq *dcb_seq_new(void)
{
  DcbSeq *seq = g_new0(DcbSeq, 1);
  seq->heap = g_array_sized_new(FALSE, FALSE, sizeof(Wake), 256);
  seq->turn = sg_sem_init(0);
  seq->slots = g_ptr_array_new();
  return seq;
}

void dcb_seq_free(DcbSeq *seq)
{
  if (seq == NULL)
    return;
  g_array_free(seq->heap, TRUE);
  g_ptr_array_free(seq->slots, TRUE);
  sg_sem_destroy(seq->turn);
  g_free(seq);
}

void dcb_slot_init(DcbSlot *slot, DcbPrio prio)
{
  *slot = (DcbSlot){.sem = sg_sem_init(0), .prio = prio};
}

void dcb_slot_clear(DcbSlot *slot)
{
  if (slot->sem != NULL)
    sg_sem_destroy(slot->sem);
  slot->sem = NULL;
}

double dcb_seq_now(const DcbSeq *seq)
{
  return seq->now;
}

static void push(DcbSeq *seq, DcbSlot *slot, double t)
{
  wake_push(seq->heap, (Wake){.t = t < seq->now ? seq->now : t,
                              .prio = slot->prio,
                              .seq = seq->next_seq++,
                              .gen = slot->gen,
                              .slot = slot});
}

void dcb_seq_schedule(DcbSeq *seq, DcbSlot *slot, double t)
{
  g_ptr_array_add(seq->slots, slot);
  slot->gen++;
  slot->blocked = TRUE;
  push(seq, slot, t);
}

/* The next live wake-up (stale ones dropped); FALSE when none is left or the run is stopped. */
static gboolean next_wake(DcbSeq *seq, Wake *out)
{
  while (!seq->stopped && seq->heap->len > 0) {
    Wake w = wake_pop(seq->heap);
    if (w.gen != w.slot->gen || w.slot->done)
      continue; /* superseded by a later wait or signal */
    *out = w;
    return TRUE;
  }
  return FALSE;
}

/* Hand the turn to the next wake-up, from the actor that stops running ('self'; NULL when it
 * ends, or from the sequencer actor): sleep until its date if it is later (SimGrid's clock and
 * the energy plugin follow), then release its actor.  Returns TRUE when that wake-up is self's
 * own: it goes on at once, without a round trip through another actor.  When no wake-up is
 * left, or the run is stopped, releases the sequencer actor, which winds the run down. */
static gboolean hand_over(DcbSeq *seq, DcbSlot *self)
{
  Wake w;
  if (!next_wake(seq, &w)) {
    sg_sem_release(seq->turn);
    return FALSE;
  }
  if (w.t > seq->now) {
    sg_actor_sleep_until(w.t);
    seq->now = w.t;
  }
  seq->dispatched++;
  if (w.slot == self)
    return TRUE;
  sg_sem_release(w.slot->sem);
  return FALSE;
}

static void block(DcbSeq *seq, DcbSlot *slot)
{
  slot->blocked = TRUE;
  if (!hand_over(seq, slot))
    sg_sem_acquire(slot->sem);
  slot->blocked = FALSE;
}

gboolean dcb_seq_enter(DcbSeq *seq, DcbSlot *slot)
{
  sg_sem_acquire(slot->sem);
  slot->blocked = FALSE;
  return !seq->winding_down;
}

gboolean dcb_seq_wait(DcbSeq *seq, DcbSlot *slot, double t)
{
  slot->gen++;
  if (slot->signaled) {
    slot->signaled = FALSE;
    push(seq, slot, seq->now);
  } else if (t < G_MAXDOUBLE) {
    push(seq, slot, t);
  }
  block(seq, slot);
  return !seq->winding_down;
}

void dcb_seq_leave(DcbSeq *seq, DcbSlot *slot)
{
  slot->done = TRUE;
  if (seq->winding_down)
    sg_sem_release(seq->turn);
  else
    hand_over(seq, NULL);
}

void dcb_seq_signal(DcbSeq *seq, DcbSlot *slot)
{
  if (slot->done)
    return;
  if (!slot->blocked) {
    slot->signaled = TRUE;
    return;
  }
  slot->gen++;
  push(seq, slot, seq->now);
}

void dcb_seq_stop(DcbSeq *seq)
{
  seq->stopped = TRUE;
}

guint64 dcb_seq_dispatched(const DcbSeq *seq)
{
  return seq->dispatched;
}

void dcb_seq_run(DcbSeq *seq)
{
  /* The first wake-up; from then on each actor hands the turn on when it blocks or ends, and the
   * last one hands it back here. */
  hand_over(seq, NULL);
  sg_sem_acquire(seq->turn);
  /* Wind down: wake every actor still waiting, one at a time; its wait returns FALSE and it
   * ends normally (killing daemons instead costs an exception unwinding through each). */
  seq->winding_down = TRUE;
  for (guint i = 0; i < seq->slots->len; i++) {
    DcbSlot *slot = seq->slots->pdata[i];
    if (slot->done)
      continue;
    sg_sem_release(slot->sem);
    sg_sem_acquire(seq->turn);
  }
}
