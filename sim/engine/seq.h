/* seq.h - the sequencer: explicit, deterministic ordering of the model's actors on SimGrid.
 *
 * SimGrid runs actors that wake at the same simulated date in an arbitrary (if deterministic)
 * order, and the model's rules depend on that order (a year is closed before anything that
 * happens on 1 January; a phase built on the day its connection is ready is energized that day).
 * So the model's actors never sleep on their own: each owns a DcbSlot and blocks on its
 * semaphore, and one heap holds the wake-ups ordered by (date, priority class, insertion
 * number).  The actor that blocks (or ends) hands the turn on: it pops the first wake-up, sleeps
 * until its date (sg_actor_sleep_until: SimGrid's clock, and the energy plugin's integration,
 * follow) and releases that wake-up's actor, or simply goes on when the wake-up is its own.  The
 * sequencer actor starts the first one, and winds the run down when the heap is empty or the
 * run stopped.  Exactly one model actor runs at a time.  An actor waits for a date, for a signal
 * from another actor, or for whichever comes first; stale wake-ups are recognised by a
 * generation number.  A wake-up costs at most one semaphore hand-off and scales with real model
 * events.
 */
#ifndef DCB_SEQ_H
#define DCB_SEQ_H

#include <glib.h>
#include <simgrid/semaphore.h>

/* Priority classes of same-date wake-ups, in the order they run. */
typedef enum {
  DCB_PRIO_RECORDER = 0, /* closes the year that ends at this date */
  DCB_PRIO_DEMAND,       /* demand changes on 1 January */
  DCB_PRIO_PROJECT,      /* project lifecycles */
  DCB_PRIO_GRID,         /* grid operator: requests, grants, reinforcements, connections */
  DCB_PRIO_HARDWARE,     /* fit-out, ramps, refreshes */
  DCB_PRIO_INVESTOR,     /* looks at everything else of the day */
} DcbPrio;

typedef struct DcbSeq DcbSeq;

typedef struct {
  sg_sem_t sem;      /* the actor blocks here */
  guint64 gen;       /* generation of the current wait */
  gboolean blocked;  /* waiting (its wake-up may be pending) */
  gboolean signaled; /* a signal arrived while it was running */
  gboolean done;     /* its body returned */
  DcbPrio prio;
} DcbSlot;

DcbSeq *dcb_seq_new(void);
void dcb_seq_free(DcbSeq *seq);
void dcb_slot_init(DcbSlot *slot, DcbPrio prio);
void dcb_slot_clear(DcbSlot *slot);

/* Current model date (seconds since the start of simulated time). */
double dcb_seq_now(const DcbSeq *seq);
/* Schedule a new slot's first wake-up at 't' (before its actor starts). */
void dcb_seq_schedule(DcbSeq *seq, DcbSlot *slot, double t);
/* In an actor: block until 't' (G_MAXDOUBLE: no date) or a signal, whichever comes first.
 * Returns FALSE when the run is over: the actor must then call dcb_seq_leave and return. */
gboolean dcb_seq_wait(DcbSeq *seq, DcbSlot *slot, double t);
/* In an actor: block until the first wake-up (the actor's first statement); FALSE as above. */
gboolean dcb_seq_enter(DcbSeq *seq, DcbSlot *slot);
/* In an actor: its body ends (the last statement). */
void dcb_seq_leave(DcbSeq *seq, DcbSlot *slot);
/* Wake 'slot' now (after the running actor blocks), or at its next wait if it is running. */
void dcb_seq_signal(DcbSeq *seq, DcbSlot *slot);
/* Run by the sequencer actor: start the first wake-up, wait until the heap is empty or
 * dcb_seq_stop() was called, then wake every waiting actor so that it ends. */
void dcb_seq_run(DcbSeq *seq);
void dcb_seq_stop(DcbSeq *seq);
/* Number of wake-ups dispatched (for benchmarks). */
guint64 dcb_seq_dispatched(const DcbSeq *seq);

#endif
