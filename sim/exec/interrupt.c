/* interrupt.c - SIGINT and SIGTERM while an output directory is written (see interrupt.h).
 *
 * The handler needs the paths it removes, and a handler receives no user data: they live in
 * the file's statics, the one mutable state of the program outside SimGrid (CONVENTIONS 6),
 * set before the handler is installed and cleared after it is removed.  The handler calls only
 * async-signal-safe functions: getpid, rmdir, unlink, sigaction, raise.
 */
#define _GNU_SOURCE /* sigtimedwait, struct sigaction under -std=c11 */
#include "interrupt.h"
#include <signal.h>
#include <string.h>
#include <unistd.h>

struct DcbInterrupt {
  char *dir;                          /* the temporary directory, empty while armed */
  char *lock;                         /* the lock file */
  struct sigaction old_int, old_term; /* dispositions before the guard */
  gboolean saved_int, saved_term;     /* old_* filled */
  gboolean held;
  sigset_t old_mask; /* the mask before the guard */
};

static const char *volatile armed_dir;
static const char *volatile armed_lock;
static volatile pid_t armed_pid;

static void on_signal(int sig)
{
  if (getpid() == armed_pid) {
    if (armed_dir != NULL)
      rmdir(armed_dir);
    if (armed_lock != NULL)
      unlink(armed_lock);
  }
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, NULL);
  raise(sig); /* delivered when the handler returns: the process ends as by the signal */
}

static void signal_set(sigset_t *set)
{
  sigemptyset(set);
  sigaddset(set, SIGINT);
  sigaddset(set, SIGTERM);
}

/* Install the handler for 'sig' unless the signal is ignored; the first time, save the
 * disposition it replaces. */
static void install(int sig, struct sigaction *old, gboolean *saved)
{
  struct sigaction now;
  if (sigaction(sig, NULL, &now) != 0 || now.sa_handler == SIG_IGN)
    return;
  if (!*saved) {
    *old = now;
    *saved = TRUE;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  signal_set(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
}

DcbInterrupt *dcb_interrupt_new(const DcbOutdir *od)
{
  g_return_val_if_fail(od != NULL, NULL);
  g_assert(armed_pid == 0);
  DcbInterrupt *it = g_new0(DcbInterrupt, 1);
  it->dir = g_strdup(dcb_outdir_path(od));
  it->lock = g_strdup(dcb_outdir_lock_path(od));
  sigset_t set;
  signal_set(&set);
  sigprocmask(SIG_BLOCK, &set, &it->old_mask);
  it->held = TRUE;
  armed_dir = it->dir;
  armed_lock = it->lock;
  armed_pid = getpid();
  return it;
}

void dcb_interrupt_arm(DcbInterrupt *it)
{
  install(SIGINT, &it->old_int, &it->saved_int);
  install(SIGTERM, &it->old_term, &it->saved_term);
  if (it->held) {
    sigset_t set;
    signal_set(&set);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    it->held = FALSE;
  }
}

void dcb_interrupt_hold(DcbInterrupt *it)
{
  if (it->held)
    return;
  sigset_t set;
  signal_set(&set);
  sigprocmask(SIG_BLOCK, &set, NULL);
  it->held = TRUE;
}

int dcb_interrupt_pending(DcbInterrupt *it)
{
  g_return_val_if_fail(it->held, 0);
  sigset_t set;
  signal_set(&set);
  const struct timespec now = {0, 0};
  int sig = sigtimedwait(&set, NULL, &now);
  return sig > 0 ? sig : 0;
}

void dcb_interrupt_free(DcbInterrupt *it)
{
  if (it == NULL)
    return;
  if (it->saved_int)
    sigaction(SIGINT, &it->old_int, NULL);
  if (it->saved_term)
    sigaction(SIGTERM, &it->old_term, NULL);
  armed_dir = NULL;
  armed_lock = NULL;
  armed_pid = 0;
  sigprocmask(SIG_SETMASK, &it->old_mask, NULL);
  g_free(it->dir);
  g_free(it->lock);
  g_free(it);
}
