/* outdir.c - an output directory replaced as a whole or not at all (see outdir.h).
 *
 * Life of a DcbOutdir: begin (missing parents created, lock taken, target checked, leftovers of
 * killed writers removed, temporary directory created), then the caller writes into
 * dcb_outdir_path(), then commit (swap, previous directory removed) or abort (temporary
 * directory removed); both remove the lock file while still holding it, then close it.
 *
 * The lock is a flock() on PARENT/.NAME.lock, taken without waiting.  Removing a lock file
 * races with a writer that opened it just before: that writer may lock the removed file.  So
 * after flock() succeeds, begin checks that the path still names the file it locked (same
 * device and inode) and starts again when it does not: two writers can never both believe
 * they hold the lock.  flock() locks are released by the kernel when the process dies, so a
 * killed writer leaves at worst a lock file nobody holds, which the next writer takes.
 */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE */
#include "outdir.h"
#include "error.h"
#include "provenance.h"
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct DcbOutdir {
  char *target;    /* as given */
  char *real;      /* the directory replaced: no trailing '/', a symbolic link followed */
  char *parent;    /* its directory */
  char *lock_path; /* PARENT/.NAME.lock */
  char *tmp;       /* PARENT/.NAME.tmp-XXXXXX, NULL until created */
  char *created;   /* the topmost parent directory begin created, NULL when none */
  int lock_fd;     /* -1 when not locked (finished) */
};

void dcb_remove_tree(const char *path)
{
  GStatBuf st;
  if (g_lstat(path, &st) != 0)
    return;
  if (!S_ISDIR(st.st_mode)) {
    g_unlink(path);
    return;
  }
  if ((st.st_mode & 0700) != 0700) /* a directory made read-only: its entries can go anyway */
    g_chmod(path, (int)((st.st_mode & 07777) | 0700));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  GDir *d = g_dir_open(path, 0, NULL);
  if (d != NULL) {
    const char *name;
    while ((name = g_dir_read_name(d)) != NULL)
      g_ptr_array_add(names, g_build_filename(path, name, NULL));
    g_dir_close(d);
  }
  for (guint i = 0; i < names->len; i++)
    dcb_remove_tree(names->pdata[i]);
  g_rmdir(path);
}

/* Files and directories a run (or `plot`) writes into a run directory. */
static gboolean run_dir_entry(const char *name)
{
  if (strcmp(name, "figures") == 0 || g_str_has_prefix(name, "rep-") ||
      g_str_has_prefix(name, ".rep-"))
    return TRUE;
  for (const char *const *o = dcb_run_dir_outputs; *o != NULL; o++) {
    size_t n = strlen(*o);
    /* the file itself, or what an interrupted atomic write of it left (NAME.XXXXXX) */
    if (strncmp(name, *o, n) == 0 && (name[n] == '\0' || name[n] == '.'))
      return TRUE;
  }
  return FALSE;
}

/* May the existing directory 'path' be replaced?  Empty, run.ini in it (a run), compare.csv in
 * it (a comparison: its scenarios' directories beside it), or only entries a run writes.  FALSE
 * with *error otherwise. */
static gboolean replaceable(const char *target, const char *path, GError **error)
{
  GError *local = NULL;
  GDir *d = g_dir_open(path, 0, &local);
  if (d == NULL) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot read the output directory '%s': %s",
                target, local->message);
    g_error_free(local);
    return FALSE;
  }
  g_autofree char *foreign = NULL;
  gboolean run_ini = FALSE;
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL) {
    if (strcmp(name, "run.ini") == 0 || strcmp(name, "compare.csv") == 0)
      run_ini = TRUE;
    else if (foreign == NULL && !run_dir_entry(name))
      foreign = g_strdup(name);
  }
  g_dir_close(d);
  if (run_ini || foreign == NULL)
    return TRUE;
  g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
              "'%s' is not a run directory (no run.ini or compare.csv, and it holds '%s'): "
              "refusing to replace "
              "it; remove it or choose another output directory",
              target, foreign);
  return FALSE;
}

/* Remove the lock file (while holding it) and release the lock. */
static void unlock(DcbOutdir *od)
{
  if (od->lock_fd < 0)
    return;
  g_unlink(od->lock_path);
  close(od->lock_fd);
  od->lock_fd = -1;
}

/* Remove the parent directories begin created (those still empty). */
static void remove_created_parents(DcbOutdir *od)
{
  if (od->created == NULL)
    return;
  g_autofree char *p = g_strdup(od->parent);
  size_t top = strlen(od->created);
  while (strlen(p) >= top) {
    g_rmdir(p);
    if (strlen(p) == top)
      break;
    char *up = g_path_get_dirname(p);
    g_free(p);
    p = up;
  }
  g_clear_pointer(&od->created, g_free);
}

/* Take the lock on od->lock_path without waiting. */
static gboolean lock(DcbOutdir *od, GError **error)
{
  for (int attempt = 0; attempt < 100; attempt++) {
    int fd = open(od->lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME,
                  "cannot write into '%s' (for the output directory '%s'): %s", od->parent,
                  od->target, g_strerror(errno));
      return FALSE;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int e = errno;
      char buf[32] = "";
      ssize_t n = e == EWOULDBLOCK ? pread(fd, buf, sizeof buf - 1, 0) : -1;
      close(fd);
      if (e != EWOULDBLOCK)
        g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot lock '%s': %s", od->lock_path,
                    g_strerror(e));
      else {
        buf[n > 0 ? n : 0] = '\0';
        g_strstrip(buf);
        gboolean pid = buf[0] != '\0' && strspn(buf, "0123456789") == strlen(buf);
        g_autofree char *who =
            pid ? g_strdup_printf("pid %s", buf) : g_strdup_printf("lock '%s'", od->lock_path);
        g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME,
                    "'%s' is being written by another run (%s): wait for it to end, or choose "
                    "another output directory",
                    od->target, who);
      }
      return FALSE;
    }
    /* The path must still name the file locked (see the head of the file). */
    struct stat held, named;
    if (fstat(fd, &held) == 0 && stat(od->lock_path, &named) == 0 && held.st_dev == named.st_dev &&
        held.st_ino == named.st_ino) {
      od->lock_fd = fd;
      char pid[32];
      int len = g_snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
      /* For the message of a refused writer only: a full disk may refuse it, and that is fine. */
      if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
      }
      return TRUE;
    }
    close(fd);
  }
  g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot lock '%s': it keeps being replaced",
              od->lock_path);
  return FALSE;
}

/* Remove what killed writers left beside the target (under the lock: nobody else's). */
static void remove_leftovers(const DcbOutdir *od, const char *base)
{
  g_autofree char *prefix = g_strdup_printf(".%s.tmp-", base);
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func(g_free);
  GDir *d = g_dir_open(od->parent, 0, NULL);
  if (d == NULL)
    return;
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL)
    if (g_str_has_prefix(name, prefix) && strlen(name) == strlen(prefix) + 6)
      g_ptr_array_add(doomed, g_build_filename(od->parent, name, NULL));
  g_dir_close(d);
  for (guint i = 0; i < doomed->len; i++)
    dcb_remove_tree(doomed->pdata[i]);
}

/* The directory 'target' names: without trailing slashes, a symbolic link followed. */
static char *resolve(const char *target, GError **error)
{
  g_autofree char *t = g_strdup(target);
  size_t n = strlen(t);
  while (n > 1 && t[n - 1] == '/')
    t[--n] = '\0';
  GStatBuf st;
  if (g_lstat(t, &st) == 0 && S_ISLNK(st.st_mode)) {
    char *real = realpath(t, NULL);
    if (real == NULL) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "the output directory '%s' is a symbolic link that cannot be followed: %s",
                  target, g_strerror(errno));
      return NULL;
    }
    char *r = g_strdup(real);
    free(real);
    return r;
  }
  return g_steal_pointer(&t);
}

/* Check the target and prepare its parent: missing parents created, lock taken. */
static gboolean prepare(DcbOutdir *od, GError **error)
{
  od->real = resolve(od->target, error);
  if (od->real == NULL)
    return FALSE;
  g_autofree char *base = g_path_get_basename(od->real);
  if (*od->target == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
      strcmp(base, "/") == 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                "cannot replace '%s' as an output directory: name it by its own path", od->target);
    return FALSE;
  }
  od->parent = g_path_get_dirname(od->real);
  /* The topmost missing parent, removed again by an abort. */
  g_autofree char *top = NULL;
  for (char *p = g_strdup(od->parent); p != NULL;) {
    char *up = NULL;
    if (!g_file_test(p, G_FILE_TEST_EXISTS) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK)) {
      g_free(top);
      top = g_strdup(p);
      up = g_path_get_dirname(p);
      if (strcmp(up, p) == 0)
        g_clear_pointer(&up, g_free);
    }
    g_free(p);
    p = up;
  }
  if (g_mkdir_with_parents(od->parent, 0755) != 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME,
                "cannot create directory '%s' (for the output directory '%s'): %s", od->parent,
                od->target, g_strerror(errno));
    return FALSE;
  }
  od->created = g_steal_pointer(&top);
  g_autofree char *lock_name = g_strdup_printf(".%s.lock", base);
  od->lock_path = g_build_filename(od->parent, lock_name, NULL);
  if (!lock(od, error))
    return FALSE;

  GStatBuf st, pst;
  if (g_lstat(od->real, &st) == 0) {
    if (!S_ISDIR(st.st_mode)) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "'%s' exists and is not a directory: refusing to replace it", od->target);
      return FALSE;
    }
    if (g_stat(od->parent, &pst) == 0 && pst.st_dev != st.st_dev) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                  "'%s' is a mount point and cannot be replaced: write into a directory inside it",
                  od->target);
      return FALSE;
    }
    if (!replaceable(od->target, od->real, error))
      return FALSE;
  } else if (errno != ENOENT) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot read the output directory '%s': %s",
                od->target, g_strerror(errno));
    return FALSE;
  }
  remove_leftovers(od, base);
  g_autofree char *tmp_name = g_strdup_printf(".%s.tmp-XXXXXX", base);
  char *tmp = g_build_filename(od->parent, tmp_name, NULL);
  if (g_mkdtemp_full(tmp, 0755) == NULL) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME,
                "cannot write into '%s' (for the output directory '%s'): %s", od->parent,
                od->target, g_strerror(errno));
    g_free(tmp);
    return FALSE;
  }
  od->tmp = tmp;
  return TRUE;
}

DcbOutdir *dcb_outdir_begin(const char *target, GError **error)
{
  g_return_val_if_fail(target != NULL, NULL);
  DcbOutdir *od = g_new0(DcbOutdir, 1);
  od->target = g_strdup(target);
  od->lock_fd = -1;
  if (!prepare(od, error)) {
    dcb_outdir_free(od);
    return NULL;
  }
  return od;
}

const char *dcb_outdir_path(const DcbOutdir *od)
{
  return od->tmp;
}

const char *dcb_outdir_target(const DcbOutdir *od)
{
  return od->target;
}

const char *dcb_outdir_lock_path(const DcbOutdir *od)
{
  return od->lock_path;
}

/* The target exists: swap it with the temporary directory, which then holds the previous one.
 * Where the filesystem cannot exchange, rename the previous one aside, then the new one in. */
static gboolean swap(DcbOutdir *od, const GStatBuf *old, GError **error)
{
  g_chmod(od->tmp, (int)(old->st_mode & 07777)); /* the target keeps its permissions */
  if (renameat2(AT_FDCWD, od->tmp, AT_FDCWD, od->real, RENAME_EXCHANGE) == 0)
    return TRUE;
  int e = errno;
  if (e != EINVAL && e != ENOSYS && e != EOPNOTSUPP) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot replace '%s' with '%s': %s",
                od->target, od->tmp, g_strerror(e));
    return FALSE;
  }
  g_autofree char *aside_name = NULL;
  {
    g_autofree char *base = g_path_get_basename(od->real);
    aside_name = g_strdup_printf(".%s.tmp-XXXXXX", base);
  }
  g_autofree char *aside = g_build_filename(od->parent, aside_name, NULL);
  /* An empty directory, which rename() replaces with the previous target. */
  if (g_mkdtemp_full(aside, 0700) == NULL || g_rename(od->real, aside) != 0) {
    e = errno;
    g_rmdir(aside);
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot move '%s' aside: %s", od->target,
                g_strerror(e));
    return FALSE;
  }
  if (g_rename(od->tmp, od->real) != 0) {
    e = errno;
    g_rename(aside, od->real);
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot rename '%s' to '%s': %s", od->tmp,
                od->target, g_strerror(e));
    return FALSE;
  }
  g_free(od->tmp);
  od->tmp = g_steal_pointer(&aside);
  return TRUE;
}

gboolean dcb_outdir_commit(DcbOutdir *od, GError **error)
{
  g_return_val_if_fail(od != NULL, FALSE);
  if (od->lock_fd < 0 || od->tmp == NULL) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "'%s': nothing to commit", od->target);
    return FALSE;
  }
  GStatBuf st;
  gboolean ok;
  if (g_lstat(od->real, &st) == 0) {
    ok = S_ISDIR(st.st_mode) && swap(od, &st, error);
    if (!S_ISDIR(st.st_mode))
      g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME,
                  "'%s' was replaced by something that is not a directory while it was written",
                  od->target);
  } else {
    ok = g_rename(od->tmp, od->real) == 0;
    if (!ok)
      g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot rename '%s' to '%s': %s", od->tmp,
                  od->target, g_strerror(errno));
  }
  if (!ok) {
    dcb_outdir_abort(od);
    return FALSE;
  }
  /* od->tmp now names the previous directory (or nothing, for a new target). */
  dcb_remove_tree(od->tmp);
  g_clear_pointer(&od->tmp, g_free);
  g_clear_pointer(&od->created, g_free); /* they hold the target now */
  unlock(od);
  return TRUE;
}

void dcb_outdir_abort(DcbOutdir *od)
{
  if (od == NULL || od->lock_fd < 0)
    return;
  if (od->tmp != NULL)
    dcb_remove_tree(od->tmp);
  g_clear_pointer(&od->tmp, g_free);
  unlock(od);
  remove_created_parents(od);
}

void dcb_outdir_free(DcbOutdir *od)
{
  if (od == NULL)
    return;
  if (od->lock_fd >= 0)
    dcb_outdir_abort(od);
  else
    remove_created_parents(od); /* a begin that failed before the lock */
  g_free(od->target);
  g_free(od->real);
  g_free(od->parent);
  g_free(od->lock_path);
  g_free(od->tmp);
  g_free(od->created);
  g_free(od);
}
