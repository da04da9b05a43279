/* interrupt.h - SIGINT and SIGTERM while an output directory is written (outdir.h).
 *
 * A command that writes a run directory works (prepares the engine, simulates) while the
 * temporary directory is still empty, then writes into it, then commits or aborts.  A guard
 * covers the three.  Armed, SIGINT/SIGTERM remove the empty temporary directory and the lock
 * file, then end the process as the signal would have (status 130/143 seen by the shell).
 * Held, the signals wait: the writes and the commit are never cut in half, and
 * dcb_interrupt_pending tells the command that one arrived, so that it aborts instead of
 * committing.  The fork pool (runner.h) reads held signals through its signalfd, so a Monte
 * Carlo holds them from before the pool starts and a Ctrl-C stops the pool at once.  A signal
 * the caller ignores (nohup) stays ignored.
 *
 * Arm only while the temporary directory is empty, and arm again after anything that sets its
 * own SIGINT disposition (SimGrid's initialisation does: the engine resets it to the default).
 * The guard must be freed after the DcbOutdir is finished (committed or aborted): freeing it
 * delivers a signal still pending.  One guard at a time per process; children forked while it
 * is armed do not act on it (the handler checks the pid).
 */
#ifndef DCB_INTERRUPT_H
#define DCB_INTERRUPT_H

#include "outdir.h"
#include <glib.h>

typedef struct DcbInterrupt DcbInterrupt;

/* A guard for 'od', held: SIGINT/SIGTERM wait from now on.  (transfer full) */
DcbInterrupt *dcb_interrupt_new(const DcbOutdir *od);
/* Arm: install the handler (again) and stop holding; a signal that was waiting is acted on
 * now.  Only while the temporary directory is empty. */
void dcb_interrupt_arm(DcbInterrupt *it);
/* Hold SIGINT/SIGTERM: they stay pending, the handler no longer runs. */
void dcb_interrupt_hold(DcbInterrupt *it);
/* While held: the SIGINT or SIGTERM that arrived (taken, so not delivered later), or 0. */
int dcb_interrupt_pending(DcbInterrupt *it);
/* Restore the dispositions and the signal mask of before the guard.  NULL is a no-op. */
void dcb_interrupt_free(DcbInterrupt *it);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DcbInterrupt, dcb_interrupt_free)

#endif
