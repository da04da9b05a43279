/* outdir.h - an output directory replaced as a whole or not at all (pure: no SimGrid, no
 * processes).
 *
 * Each file the program writes is atomic (dcb_write_file_atomic); a run directory is a set of
 * files that belong together, so it is written the same way one level up.  dcb_outdir_begin
 * takes the target's lock and creates an empty temporary directory beside the target (same
 * parent, hence the same filesystem), named .NAME.tmp-XXXXXX; the writers write there;
 * dcb_outdir_commit swaps it in place of the target in one step and removes the previous
 * directory; dcb_outdir_abort (or dcb_outdir_free without a commit) removes the temporary
 * directory.  So a failed, interrupted or concurrent writer never leaves the target half
 * replaced or mixed: a reader sees the previous directory whole, or the new one whole.
 *
 *   PARENT/NAME              the target (absent, empty, or a run directory)
 *   PARENT/.NAME.lock        lock file: flock()ed from begin to commit or abort, then removed;
 *                            holds the writer's pid.  A second writer is refused at once.
 *   PARENT/.NAME.tmp-XXXXXX  the temporary directory (also the name under which the previous
 *                            directory waits for its removal during a commit).  Under the lock,
 *                            any .NAME.tmp-* is a leftover of a killed writer: begin removes it.
 *
 * What begin accepts as a target: a missing path (created at commit, its missing parents at
 * begin), an empty directory, or a run directory: one that holds run.ini, or only files and
 * directories a run or `plot` writes (dcb_run_dir_outputs, rep-NNNN/, figures/).  Anything else
 * (a file, a directory of other files such as $HOME, a mount point, ".") is refused with
 * DCB_ERROR_INPUT before anything is written.  A commit replaces the whole directory: the
 * figures `plot` drew from the previous run go with it.  A symbolic link to a directory is
 * followed: the directory it names is replaced, the link stays.
 *
 * The swap is renameat2(RENAME_EXCHANGE) when the target exists (atomic on Linux's local
 * filesystems); where the filesystem does not support it, the previous directory is renamed
 * aside then the new one into place, and renamed back if the second rename fails, so the
 * target is never left missing by a failed commit.  Nothing is fsync'ed (as
 * dcb_write_file_atomic: consistent, not durable).
 */
#ifndef DCB_OUTDIR_H
#define DCB_OUTDIR_H

#include <glib.h>

typedef struct DcbOutdir DcbOutdir;

/* Lock 'target' and create its temporary directory: the probe that the target can be written,
 * made before any simulation.  NULL with *error when the target is refused (DCB_ERROR_INPUT:
 * not a directory, not a run directory, a mount point), when another writer holds the lock or
 * when the parent cannot be written (DCB_ERROR_RUNTIME); the message names the target.
 * (transfer full) */
DcbOutdir *dcb_outdir_begin(const char *target, GError **error);

/* The temporary directory the writers write into (exists, empty after begin). */
const char *dcb_outdir_path(const DcbOutdir *od);
/* The target as given to begin (for messages). */
const char *dcb_outdir_target(const DcbOutdir *od);
/* The lock file (for a signal handler that removes it with the empty temporary directory). */
const char *dcb_outdir_lock_path(const DcbOutdir *od);

/* Swap the temporary directory in place of the target, remove the previous directory and
 * release the lock.  On failure (*error set) the target is as it was before begin and the
 * temporary directory is removed.  Either way 'od' is finished: only dcb_outdir_free remains. */
gboolean dcb_outdir_commit(DcbOutdir *od, GError **error);

/* Remove the temporary directory and what was written into it, and the parent directories
 * begin created, and release the lock; the target is untouched.  No-op once finished. */
void dcb_outdir_abort(DcbOutdir *od);

/* Abort when neither committed nor aborted, then free.  NULL is a no-op. */
void dcb_outdir_free(DcbOutdir *od);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DcbOutdir, dcb_outdir_free)

/* Remove 'path' and everything under it, without following symbolic links (best effort). */
void dcb_remove_tree(const char *path);

#endif
