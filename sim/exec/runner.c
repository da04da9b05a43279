/* runner.c - a pool of forked children, at most J at a time (see runner.h).
 *
 * Every task runs in its own child process, forked from the caller (which has opened its inputs,
 * loaded the engine module and, for simulations, prepared the engine once: SimGrid initialised
 * and the platform loaded, so that each child only runs its one simulation).  The
 * child gets two pipes: its result pipe, on which it writes one framed message
 * [magic u32][n u32][length u64][bytes][n PageRanges] after child_fn returned 0 (n > 0 only from
 * the first children: their working set, below), and its stderr, of which
 * the parent keeps the tail so that a failure can be reported with the last line the child
 * wrote.  A task is finished when both pipes reached end of file; the parent then reaps the child
 * with waitpid() on its own pid (never waitpid(-1): the caller may have other children).
 *
 * The parent never busy-waits: one poll() covers the pipes of the running children and a
 * signalfd that receives SIGINT and SIGTERM (blocked while the pool runs, restored in children
 * and on return).  On such a signal, every running child is killed (SIGKILL: a child may be deep
 * inside SimGrid) and reaped, and dcb_runner_run returns FALSE with a DCB_RUNNER_ERROR whose
 * code is the signal; the caller removes what it had started to write.  When asked and stderr
 * is a terminal, a progress line (done/total, rate, time left) is redrawn at most five times a
 * second; the wall clock only feeds that line, never an output.
 *
 * Cost of a child (the default scenario's Monte Carlo): most of it was the kernel's, page faults
 * above all, at 15-75 us each on the virtual machines this runs on.  Hence the working set (the
 * pages the first children touched, mapped by every later child in one system call per range),
 * room left at the top of the heap so that the children's new objects are part of it, and the
 * parent's per-child buffers in parent-only memory (a fork write-protects every page both share,
 * and the parent's next write to each one is a fault too): 267 page faults per replication
 * became 16, and its CPU time 18.6 ms -> 11.8 ms.
 *
 * Invariants: slots[i].pid == 0 means the slot is free; a busy slot's data_fd/err_fd are -1 once
 * at end of file.  All the parent's state lives in one Pool on the stack (its buffers in
 * parent-only memory); a child keeps its result pipe, and whether it reports its working set, in
 * statics (dcb_runner_child_exit).
 */
#define _GNU_SOURCE /* pipe2 */
#include "runner.h"
#include "error.h"
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define DCB_RUNNER_MAGIC      0x44434252u /* "DCBR" */
#define DCB_RUNNER_HEADER     16          /* magic, reserved, length */
#define DCB_RUNNER_TAIL_BYTES 4096        /* stderr kept per child */
#define DCB_RUNNER_TICK_MS    200         /* progress refresh */
#define DCB_RUNNER_READ_BYTES 16384       /* one read from a child's pipe */
#define DCB_RUNNER_LEARNERS   3           /* children that report their working set */
#define DCB_RUNNER_PAGE       4096u       /* bytes; pagemap entries are per 4 KiB page */
#define DCB_RUNNER_LEARN_MAX  (1ul << 30) /* bytes: larger mappings are not scanned */
#define DCB_RUNNER_READ_GAP   16          /* pages: read ranges closer than this are joined */
#define DCB_RUNNER_HEADROOM   (16 << 20)  /* bytes of heap kept free for the children */
#define DCB_RUNNER_MMAP_MAX   (32 << 20)  /* glibc's largest M_MMAP_THRESHOLD on 64 bits */
#define DCB_RUNNER_TRIM       (64 << 20)  /* M_TRIM_THRESHOLD, > the headroom */
#ifndef MADV_POPULATE_READ                /* Linux >= 5.14; older glibc headers lack them */
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* A range of pages of the children's working set (see "The children's working set" below). */
typedef struct {
  guint64 start;  /* address, page-aligned */
  guint64 pages;  /* number of 4 KiB pages */
  guint32 write;  /* 1: written (MADV_POPULATE_WRITE), 0: read (MADV_POPULATE_READ) */
  guint32 unused; /* 0: the record is sent as it is */
} PageRange;

/* A growable byte buffer in parent-only memory (dcb_runner_parent_alloc). */
typedef struct {
  guint8 *bytes; /* cap bytes, NULL until the first append */
  gsize len;     /* bytes held */
  gsize cap;     /* bytes mapped */
} ParentBuf;

typedef struct {
  pid_t pid;          /* 0 = free */
  int task;           /* task index */
  int group;          /* its working-set group (DcbRunnerOptions.group_of) */
  gboolean learns;    /* one of the first DCB_RUNNER_LEARNERS children of its group */
  int data_fd;        /* result pipe (read end), -1 at EOF */
  int err_fd;         /* child's stderr (read end), -1 at EOF */
  ParentBuf data;     /* framed result received so far (reused across tasks) */
  ParentBuf err_tail; /* at least the last DCB_RUNNER_TAIL_BYTES of stderr (reused) */
} Slot;

typedef struct {
  Slot *slots;
  int n_slots;
  int sig_fd;        /* signalfd for SIGINT/SIGTERM, -1 when none is watched */
  sigset_t old_mask; /* the caller's mask, restored in children and on return */
  gboolean show_progress;
  const char *label;
  gint64 start_us;  /* monotonic, for the progress line only */
  guint8 *read_buf; /* DCB_RUNNER_READ_BYTES of parent-only memory (dcb_runner_parent_alloc):
                       on the stack, each fork made its next read copy the stack pages */
  gint64 last_draw_us;
  GArray **working_sets; /* per group, of PageRange, sorted, disjoint: mapped by each child of
                            the group first */
  int *learners;         /* per group: learning children forked so far */
  int n_groups;
  int (*group_of)(int task, void *user);
  void *group_user;
  gboolean populate;  /* the kernel has MADV_POPULATE_READ/WRITE */
  const int *weights; /* DcbRunnerOptions.weights */
  int done_weight;    /* for the progress line */
  int total_weight;
  long peak_rss_kib; /* the largest ru_maxrss of a child */
  int children;
} Pool;

/* Written by hand: clang-format 14 mangles G_DEFINE_QUARK. */
GQuark dcb_runner_error_quark(void)
{
  return g_quark_from_static_string("dcb-runner-error-quark");
}

int dcb_runner_exit_status(const GError *error)
{
  if (error != NULL && error->domain == DCB_RUNNER_ERROR)
    return 128 + error->code;
  return dcb_error_exit_status(error);
}

int dcb_runner_default_jobs(void)
{
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)n : 1;
}

static void close_fd(int *fd)
{
  if (*fd >= 0) {
    close(*fd);
    *fd = -1;
  }
}

/* writev() all of iov (modified), retrying on EINTR and short writes. */
static gboolean writev_all(int fd, struct iovec *iov, int n)
{
  while (n > 0) {
    if (iov->iov_len == 0) {
      iov++, n--;
      continue;
    }
    ssize_t done = writev(fd, iov, n);
    if (done < 0 && errno == EINTR)
      continue;
    if (done <= 0)
      return FALSE;
    for (; n > 0 && (gsize)done >= iov->iov_len; iov++, n--)
      done -= (ssize_t)iov->iov_len;
    if (n > 0) {
      iov->iov_base = (guint8 *)iov->iov_base + done;
      iov->iov_len -= (gsize)done;
    }
  }
  return TRUE;
}

void *dcb_runner_parent_alloc(gsize bytes)
{
  gsize len = MAX(bytes, 1);
  void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    g_error("cannot map %" G_GSIZE_FORMAT " bytes: %s", len, g_strerror(errno));
  /* Only optimisations, whose failure changes nothing else: not inherited, and mapped now in
   * one call rather than by one page fault per page as it fills up. */
  madvise(p, len, MADV_DONTFORK);
  madvise(p, len, MADV_POPULATE_WRITE);
  return p;
}

void dcb_runner_parent_free(void *p, gsize bytes)
{
  if (p != NULL)
    munmap(p, MAX(bytes, 1));
}

/* ---------------------------------------------------------------- the children's working set
 *
 * A child starts with the parent's memory, shared copy-on-write, and writes to a few hundred of
 * its pages (malloc's free lists, SimGrid's hosts and solver, the model's new objects); it also
 * maps again the code it runs, since fork() does not copy the page table entries of file pages.
 * Each first touch is a page fault, and on the virtual machine this was measured on (Linux 6.18,
 * paravirtualised, 2 cores, loaded; 256 pages per child, 30 children, median) a fault cost 95 us
 * copy-on-write, 75 us on a fresh page, 13 us read on a shared page, whereas one
 * madvise(MADV_POPULATE_WRITE) mapped the same pages at 24 us and 2 us each: an exception goes
 * through the hypervisor, a system call (1.6 us) far less so.  So the
 * first DCB_RUNNER_LEARNERS children also report, after their result, the pages they touched
 * (from /proc/self/pagemap: an anonymous page present and mapped by this process alone in a
 * writable private mapping was written since the fork; a present file page was mapped since the
 * fork), and every child maps the union known when it is forked, first thing, one madvise per
 * range.  Only residency changes: what memory holds, and so every result, is the same with or
 * without it; a range that is not mapped in a child (its heap ends lower) makes madvise fail, and
 * the child goes on. */

static int compare_ranges(gconstpointer a, gconstpointer b)
{
  const PageRange *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return (int)y->write - (int)x->write; /* written first: it is the one kept when both overlap */
}

/* Add a child's ranges to the set, keeping it sorted and disjoint: where a written range and a
 * read one overlap, the pages are written. */
static void working_set_add(GArray *set, const guint8 *records, gsize n)
{
  for (gsize k = 0; k < n; k++) {
    PageRange r;
    memcpy(&r, records + k * sizeof r, sizeof r);
    if (r.pages > 0 && r.start % DCB_RUNNER_PAGE == 0 && r.write <= 1)
      g_array_append_val(set, r);
  }
  g_array_sort(set, compare_ranges);
  guint kept = 0;
  for (guint k = 0; k < set->len; k++) {
    PageRange r = g_array_index(set, PageRange, k);
    PageRange *last = kept > 0 ? &g_array_index(set, PageRange, kept - 1) : NULL;
    guint64 last_end = last != NULL ? last->start + last->pages * DCB_RUNNER_PAGE : 0;
    guint64 end = r.start + r.pages * DCB_RUNNER_PAGE;
    if (last != NULL && r.start <= last_end && r.write == last->write) {
      last->pages = (MAX(last_end, end) - last->start) / DCB_RUNNER_PAGE; /* join */
      continue;
    }
    if (last != NULL && r.start < last_end) { /* overlaps a range of the other kind */
      if (end <= last_end)
        continue;
      if (last->write) { /* keep the written pages, read only what follows them */
        r.start = last_end;
        r.pages = (end - r.start) / DCB_RUNNER_PAGE;
      } else /* a written range inside or across a read one: the read one stops short */
        last->pages = (r.start - last->start) / DCB_RUNNER_PAGE;
      if (last->pages == 0)
        kept--;
    }
    g_array_index(set, PageRange, kept++) = r;
  }
  g_array_set_size(set, kept);
}

/* In the parent, before the first fork: room at the top of the heap for what every child
 * allocates (2.5 MB for the default scenario, mostly its actors' stacks; K times that for a batch
 * of K, DcbRunnerOptions.child_heap_bytes), mapped but untouched.
 * A child's new objects then land in memory that exists at the fork, at the same addresses in
 * every child, so that they are part of the working set; without it each child extended the
 * heap itself, and its ~40 first touches of those pages stayed page faults.  The heap keeps its
 * top (no trimming below DCB_RUNNER_TRIM) and allocations up to DCB_RUNNER_MMAP_MAX come from it,
 * the actors' stacks included (glibc would otherwise map large blocks one by one). */
static void reserve_heap(gsize extra)
{
  gsize room = DCB_RUNNER_HEADROOM + extra;
  mallopt(M_MMAP_THRESHOLD, DCB_RUNNER_MMAP_MAX);
  mallopt(M_TRIM_THRESHOLD, (int)MIN(MAX((gsize)DCB_RUNNER_TRIM, 2 * room), (gsize)G_MAXINT));
  /* In blocks below the mmap threshold, so that they come from the heap, freed together: the
   * top of the heap keeps them. */
  gsize n = (room + DCB_RUNNER_HEADROOM - 1) / DCB_RUNNER_HEADROOM;
  void **blocks = g_new(void *, n);
  for (gsize k = 0; k < n; k++)
    blocks[k] = malloc(DCB_RUNNER_HEADROOM);
  for (gsize k = n; k-- > 0;) {
    void *volatile b = blocks[k]; /* volatile: not optimised away */
    free(b);
  }
  g_free(blocks);
}

/* In a child, first thing: map the working set. */
static void working_set_populate(const GArray *set)
{
  for (guint k = 0; k < set->len; k++) {
    const PageRange *r = &g_array_index(set, PageRange, k);
    /* A failure (range not mapped in this child) only leaves those pages to fault in later. */
    (void)madvise((void *)(guintptr)r->start, r->pages * DCB_RUNNER_PAGE,
                  r->write ? MADV_POPULATE_WRITE : MADV_POPULATE_READ);
  }
}

/* End the range being built in *cur (if any) into 'out'. */
static void flush_range(GArray *out, PageRange *cur)
{
  if (cur->pages > 0)
    g_array_append_val(out, *cur);
  cur->pages = 0;
}

/* In a learning child, at its end: the pages it touched since the fork, as PageRanges into
 * 'out'.  Read ranges of one mapping closer than DCB_RUNNER_READ_GAP pages are joined (mapping a
 * file page already cached costs less than a system call); written ranges only when adjacent.
 * Nothing is reported when /proc cannot be read. */
static void working_set_learn(GArray *out)
{
  g_autofree char *maps = NULL;
  if (!g_file_get_contents("/proc/self/maps", &maps, NULL, NULL))
    return;
  int pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  if (pm < 0)
    return;
  guint64 *entries = g_new(guint64, 512);
  for (char *line = maps; line != NULL && *line != '\0';) {
    char *next = strchr(line, '\n');
    if (next != NULL)
      *next++ = '\0';
    unsigned long lo = 0, hi = 0;
    char perms[5] = "";
    /* Private readable mappings, not the kernel's own ([vvar], [vdso], [vsyscall]). */
    gboolean usable = sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && perms[0] == 'r' &&
                      perms[3] == 'p' && strstr(line, " [v") == NULL;
    line = next;
    /* Mappings of DCB_RUNNER_LEARN_MAX or more are address space reserved, not a working set
     * (a sanitizer's terabytes of shadow memory): reading their pagemap would take minutes. */
    if (!usable || hi - lo >= DCB_RUNNER_LEARN_MAX)
      continue;
    gboolean writable = perms[1] == 'w';
    PageRange cur = {0};
    for (guint64 a = lo; a < hi;) {
      gsize want = MIN((hi - a) / DCB_RUNNER_PAGE, 512);
      ssize_t got = pread(pm, entries, want * sizeof *entries,
                          (off_t)(a / DCB_RUNNER_PAGE * sizeof *entries));
      if (got <= 0)
        break;
      for (gsize j = 0; j < (gsize)got / sizeof *entries; j++, a += DCB_RUNNER_PAGE) {
        guint64 e = entries[j];
        gboolean present = (e >> 63) & 1, file = (e >> 61) & 1, exclusive = (e >> 56) & 1;
        int kind = -1; /* -1: untouched, 1: written, 0: read */
        if (present && writable && !file && exclusive)
          kind = 1;
        else if (present && (file || !writable))
          kind = 0;
        if (kind < 0)
          continue;
        guint64 end = cur.start + cur.pages * DCB_RUNNER_PAGE;
        guint64 gap = kind == 0 ? (guint64)DCB_RUNNER_READ_GAP * DCB_RUNNER_PAGE : 0;
        if (cur.pages > 0 && (int)cur.write == kind && a <= end + gap) {
          cur.pages = (a - cur.start) / DCB_RUNNER_PAGE + 1;
          continue;
        }
        flush_range(out, &cur);
        cur = (PageRange){.start = a, .pages = 1, .write = (guint32)kind};
      }
    }
    flush_range(out, &cur);
  }
  g_free(entries);
  close(pm);
}

/* Append n bytes to b, growing it by doubling (at least 64 KiB). */
static void parent_buf_append(ParentBuf *b, const guint8 *bytes, gsize n)
{
  if (b->len + n > b->cap) {
    gsize cap = MAX(MAX(2 * b->cap, b->len + n), (gsize)65536);
    guint8 *p = dcb_runner_parent_alloc(cap);
    if (b->len > 0)
      memcpy(p, b->bytes, b->len);
    dcb_runner_parent_free(b->bytes, b->cap);
    b->bytes = p;
    b->cap = cap;
  }
  memcpy(b->bytes + b->len, bytes, n);
  b->len += n;
}

static void parent_buf_clear(ParentBuf *b)
{
  dcb_runner_parent_free(b->bytes, b->cap);
  *b = (ParentBuf){0};
}

/* In a child only: its result pipe, and whether it reports its working set (the process-wide
 * state here: a child runs one task, and dcb_runner_child_exit may be called from deep inside
 * it). */
static int child_result_fd = -1;
static gboolean child_learns = FALSE;

void dcb_runner_child_exit(int status, GByteArray *out)
{
  g_assert(child_result_fd >= 0);
  if (status == 0) {
    GArray *ranges = g_array_new(FALSE, FALSE, sizeof(PageRange));
    if (child_learns)
      working_set_learn(ranges);
    guint32 head32[2] = {DCB_RUNNER_MAGIC, ranges->len};
    guint64 len = out->len;
    guint8 header[DCB_RUNNER_HEADER];
    memcpy(header, head32, sizeof head32);
    memcpy(header + sizeof head32, &len, sizeof len);
    /* One system call for the header, the result and the working set. */
    struct iovec iov[3] = {{header, sizeof header},
                           {out->data, out->len},
                           {ranges->data, ranges->len * sizeof(PageRange)}};
    if (!writev_all(child_result_fd, iov, G_N_ELEMENTS(iov))) {
      fprintf(stderr, "cannot send the result to the parent: %s\n", g_strerror(errno));
      status = 124;
    }
  }
  fflush(NULL);
  _exit(status);
}

/* In the child: never returns. */
G_GNUC_NORETURN static void child_main(Pool *pool, Slot *self, int data_w, int err_w,
                                       DcbChildFn child_fn, void *user)
{
  if (pool->populate) {
    working_set_populate(pool->working_sets[self->group]);
    child_learns = self->learns;
  }
  sigprocmask(SIG_SETMASK, &pool->old_mask, NULL);
  close_fd(&pool->sig_fd);
  for (int i = 0; i < pool->n_slots; i++)
    if (&pool->slots[i] != self) {
      close_fd(&pool->slots[i].data_fd);
      close_fd(&pool->slots[i].err_fd);
    }
  close_fd(&self->data_fd);
  close_fd(&self->err_fd);
  if (dup2(err_w, STDERR_FILENO) < 0)
    _exit(125);
  close(err_w);

  child_result_fd = data_w;
  GByteArray *out = g_byte_array_new();
  dcb_runner_child_exit(child_fn(self->task, out, user), out);
}

static gboolean spawn(Pool *pool, Slot *slot, int task, DcbChildFn child_fn, void *user,
                      GError **error)
{
  int dfd[2], efd[2];
  if (pipe2(dfd, O_CLOEXEC) != 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "pipe: %s", g_strerror(errno));
    return FALSE;
  }
  if (pipe2(efd, O_CLOEXEC) != 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "pipe: %s", g_strerror(errno));
    close(dfd[0]);
    close(dfd[1]);
    return FALSE;
  }
  slot->task = task;
  slot->group = pool->group_of != NULL ? pool->group_of(task, pool->group_user) : 0;
  g_assert(slot->group >= 0 && slot->group < pool->n_groups);
  slot->learns = pool->learners[slot->group] < DCB_RUNNER_LEARNERS;
  if (slot->learns)
    pool->learners[slot->group]++;
  slot->data_fd = dfd[0];
  slot->err_fd = efd[0];
  slot->data.len = 0;
  slot->err_tail.len = 0;
  /* Nothing buffered may be written twice; flushing only when there is something to flush
   * leaves the FILE objects (and their pages) untouched. */
  if (__fpending(stdout) > 0)
    fflush(stdout);
  if (__fpending(stderr) > 0)
    fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "fork: %s", g_strerror(errno));
    close(dfd[1]);
    close(efd[1]);
    close_fd(&slot->data_fd);
    close_fd(&slot->err_fd);
    return FALSE;
  }
  if (pid == 0)
    child_main(pool, slot, dfd[1], efd[1], child_fn, user);
  close(dfd[1]);
  close(efd[1]);
  fcntl(slot->data_fd, F_SETFL, fcntl(slot->data_fd, F_GETFL) | O_NONBLOCK);
  fcntl(slot->err_fd, F_SETFL, fcntl(slot->err_fd, F_GETFL) | O_NONBLOCK);
  slot->pid = pid;
  return TRUE;
}

/* Read what is available on *fd; at EOF (or a read error) close it. */
static void drain(Pool *pool, int *fd, ParentBuf *into, gboolean tail)
{
  guint8 *buf = pool->read_buf;
  for (;;) {
    ssize_t n = read(*fd, buf, DCB_RUNNER_READ_BYTES);
    if (n > 0) {
      parent_buf_append(into, buf, (gsize)n);
      if (tail && into->len > 2 * DCB_RUNNER_TAIL_BYTES) {
        memmove(into->bytes, into->bytes + into->len - DCB_RUNNER_TAIL_BYTES,
                DCB_RUNNER_TAIL_BYTES);
        into->len = DCB_RUNNER_TAIL_BYTES;
      }
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return;
    close_fd(fd); /* EOF or error */
    return;
  }
}

/* Last non-empty line of the child's stderr, trimmed; (transfer full), "" when none. */
static char *last_line(const ParentBuf *tail)
{
  if (tail->len == 0) /* nothing written (its buffer may not even exist) */
    return g_strdup("");
  g_autofree char *text = g_strndup((const char *)tail->bytes, tail->len);
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (int i = (int)g_strv_length(lines) - 1; i >= 0; i--) {
    g_strstrip(lines[i]);
    if (*lines[i] != '\0')
      return g_strdup(lines[i]);
  }
  return g_strdup("");
}

/* The child's result bytes when the frame is complete, else NULL. */
static const guint8 *complete_result(const ParentBuf *data, gsize *len)
{
  if (data->len < DCB_RUNNER_HEADER)
    return NULL;
  guint32 magic, n_ranges;
  guint64 n;
  memcpy(&magic, data->bytes, sizeof magic);
  memcpy(&n_ranges, data->bytes + 4, sizeof n_ranges);
  memcpy(&n, data->bytes + 8, sizeof n);
  if (magic != DCB_RUNNER_MAGIC ||
      n + (guint64)n_ranges * sizeof(PageRange) != data->len - DCB_RUNNER_HEADER)
    return NULL;
  *len = (gsize)n;
  return data->bytes + DCB_RUNNER_HEADER;
}

static void clear_progress(Pool *pool)
{
  if (pool->show_progress && pool->last_draw_us != 0)
    fputs("\r\033[K", stderr);
}

static void draw_progress(Pool *pool, gboolean force)
{
  if (!pool->show_progress)
    return;
  int done = pool->done_weight, total = pool->total_weight;
  gint64 now = g_get_monotonic_time();
  if (!force && now - pool->last_draw_us < DCB_RUNNER_TICK_MS * 1000)
    return;
  pool->last_draw_us = now;
  double elapsed_s = (double)(now - pool->start_us) / 1e6;
  double rate = elapsed_s > 0 ? done / elapsed_s : 0.0;
  char left[32] = "?";
  if (rate > 0) {
    long s = (long)((total - done) / rate + 0.5);
    g_snprintf(left, sizeof left, "%ld:%02ld", s / 60, s % 60);
  }
  fprintf(stderr, "\r\033[K%s %d/%d  %.1f/s  %s left", pool->label, done, total, rate, left);
  fflush(stderr);
}

/* Reap a finished child and tell the caller. */
static void finish(Pool *pool, Slot *slot, DcbDoneFn done_fn, void *user)
{
  int status = 0;
  struct rusage ru = {0};
  while (wait4(slot->pid, &status, 0, &ru) < 0 && errno == EINTR)
    ;
  pool->peak_rss_kib = MAX(pool->peak_rss_kib, ru.ru_maxrss);
  pool->children++;
  pool->done_weight += pool->weights != NULL ? pool->weights[slot->task] : 1;
  DcbChildStatus st = {0};
  gsize len = 0;
  const guint8 *bytes = complete_result(&slot->data, &len);
  if (bytes != NULL && pool->populate && slot->data.len > DCB_RUNNER_HEADER + len)
    working_set_add(pool->working_sets[slot->group], bytes + len,
                    (slot->data.len - DCB_RUNNER_HEADER - len) / sizeof(PageRange));
  if (WIFEXITED(status)) {
    st.exit_code = WEXITSTATUS(status);
    if (st.exit_code == 0 && bytes != NULL)
      st.ok = TRUE;
    else if (st.exit_code == 0)
      st.cause = g_strdup("exited without sending a complete result");
    else
      st.cause = g_strdup_printf("exit status %d", st.exit_code);
  } else if (WIFSIGNALED(status)) {
    st.signal = WTERMSIG(status);
    st.exit_code = 128 + st.signal;
    st.cause = g_strdup_printf("signal %d (%s)", st.signal, g_strsignal(st.signal));
  } else {
    st.exit_code = -1;
    st.cause = g_strdup("unknown exit status");
  }
  g_autofree char *line = st.cause != NULL ? last_line(&slot->err_tail) : NULL;
  if (line != NULL && *line != '\0') {
    char *c = g_strdup_printf("%s: %s", st.cause, line);
    g_free(st.cause);
    st.cause = c;
  }
  slot->pid = 0;
  if (!st.ok)
    clear_progress(pool);
  done_fn(slot->task, &st, st.ok ? bytes : NULL, st.ok ? len : 0, user);
  g_free(st.cause);
}

/* Kill and reap every running child (on interrupt or runner failure). */
static void kill_all(Pool *pool)
{
  for (int i = 0; i < pool->n_slots; i++) {
    Slot *s = &pool->slots[i];
    if (s->pid == 0)
      continue;
    kill(s->pid, SIGKILL);
    while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
      ;
    s->pid = 0;
    close_fd(&s->data_fd);
    close_fd(&s->err_fd);
  }
}

/* Watch SIGINT/SIGTERM through a signalfd, unless the caller ignores them (nohup). */
static void watch_signals(Pool *pool)
{
  sigset_t set;
  sigemptyset(&set);
  const int sigs[] = {SIGINT, SIGTERM};
  for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++) {
    struct sigaction sa;
    if (sigaction(sigs[i], NULL, &sa) == 0 && sa.sa_handler != SIG_IGN)
      sigaddset(&set, sigs[i]);
  }
  sigprocmask(SIG_BLOCK, &set, &pool->old_mask);
  pool->sig_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

/* A pending SIGINT/SIGTERM from the signalfd, or 0. */
static int pending_signal(Pool *pool)
{
  struct signalfd_siginfo si;
  ssize_t n;
  while ((n = read(pool->sig_fd, &si, sizeof si)) < 0 && errno == EINTR)
    ;
  return n == (ssize_t)sizeof si ? (int)si.ssi_signo : 0;
}

gboolean dcb_runner_run(int n_tasks, DcbChildFn child_fn, DcbDoneFn done_fn, void *user,
                        const DcbRunnerOptions *opt, GError **error)
{
  g_return_val_if_fail(n_tasks >= 0 && child_fn != NULL && done_fn != NULL, FALSE);
  int jobs = opt != NULL && opt->jobs >= 1 ? opt->jobs : dcb_runner_default_jobs();
  if (jobs > n_tasks)
    jobs = n_tasks > 0 ? n_tasks : 1;

  Pool pool = {.n_slots = jobs, .sig_fd = -1};
  pool.slots = g_new0(Slot, jobs);
  for (int i = 0; i < jobs; i++) {
    pool.slots[i].data_fd = pool.slots[i].err_fd = -1;
  }
  pool.show_progress = opt != NULL && opt->progress && isatty(STDERR_FILENO);
  pool.label = opt != NULL && opt->label != NULL ? opt->label : "tasks";
  pool.start_us = g_get_monotonic_time();
  pool.read_buf = dcb_runner_parent_alloc(DCB_RUNNER_READ_BYTES);
  pool.n_groups = opt != NULL && opt->group_of != NULL && opt->n_groups > 1 ? opt->n_groups : 1;
  pool.group_of = pool.n_groups > 1 ? opt->group_of : NULL;
  pool.group_user = opt != NULL ? opt->group_user : NULL;
  pool.weights = opt != NULL ? opt->weights : NULL;
  for (int t = 0; t < n_tasks; t++)
    pool.total_weight += pool.weights != NULL ? pool.weights[t] : 1;
  pool.working_sets = g_new(GArray *, pool.n_groups);
  pool.learners = g_new0(int, pool.n_groups);
  for (int g = 0; g < pool.n_groups; g++)
    pool.working_sets[g] = g_array_new(FALSE, FALSE, sizeof(PageRange));
  /* The kernel maps pages on request since Linux 5.14 (else EINVAL: no working set);
   * DCB_RUNNER_POPULATE=0 turns it off, to measure what it brings. */
  pool.populate = madvise(pool.read_buf, DCB_RUNNER_PAGE, MADV_POPULATE_WRITE) == 0 &&
                  g_strcmp0(g_getenv("DCB_RUNNER_POPULATE"), "0") != 0;
  if (pool.populate)
    reserve_heap(opt != NULL ? opt->child_heap_bytes : 0);
  watch_signals(&pool);

  gboolean ok = TRUE;
  int next = 0, done = 0, running = 0;
  gsize pfd_bytes = (gsize)(2 * jobs + 1) * sizeof(struct pollfd);
  struct pollfd *pfd = dcb_runner_parent_alloc(pfd_bytes);
  while (done < n_tasks) {
    while (running < jobs && next < n_tasks) {
      Slot *free_slot = NULL;
      for (int i = 0; i < jobs && free_slot == NULL; i++)
        if (pool.slots[i].pid == 0)
          free_slot = &pool.slots[i];
      g_assert(free_slot != NULL);
      if (!spawn(&pool, free_slot, next, child_fn, user, error)) {
        ok = FALSE;
        goto out;
      }
      next++;
      running++;
    }
    draw_progress(&pool, FALSE);

    int n = 0;
    if (pool.sig_fd >= 0)
      pfd[n++] = (struct pollfd){.fd = pool.sig_fd, .events = POLLIN};
    for (int i = 0; i < jobs; i++) {
      Slot *s = &pool.slots[i];
      if (s->pid == 0)
        continue;
      if (s->data_fd >= 0)
        pfd[n++] = (struct pollfd){.fd = s->data_fd, .events = POLLIN};
      if (s->err_fd >= 0)
        pfd[n++] = (struct pollfd){.fd = s->err_fd, .events = POLLIN};
    }
    int r = poll(pfd, (nfds_t)n, pool.show_progress ? DCB_RUNNER_TICK_MS : -1);
    if (r < 0 && errno != EINTR) {
      g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "poll: %s", g_strerror(errno));
      ok = FALSE;
      goto out;
    }
    if (pool.sig_fd >= 0) {
      int sig = pending_signal(&pool);
      if (sig != 0) {
        clear_progress(&pool);
        g_set_error(error, DCB_RUNNER_ERROR, sig, "interrupted by %s", g_strsignal(sig));
        ok = FALSE;
        goto out;
      }
    }
    /* Read only the pipes poll() reported (data, hang-up or error). */
    for (int k = 0; k < n && r > 0; k++) {
      if (pfd[k].revents == 0 || pfd[k].fd == pool.sig_fd)
        continue;
      for (int i = 0; i < jobs; i++) {
        Slot *s = &pool.slots[i];
        if (s->pid != 0 && s->data_fd == pfd[k].fd)
          drain(&pool, &s->data_fd, &s->data, FALSE);
        else if (s->pid != 0 && s->err_fd == pfd[k].fd)
          drain(&pool, &s->err_fd, &s->err_tail, TRUE);
      }
    }
    for (int i = 0; i < jobs; i++) {
      Slot *s = &pool.slots[i];
      if (s->pid != 0 && s->data_fd < 0 && s->err_fd < 0) {
        finish(&pool, s, done_fn, user);
        running--;
        done++;
      }
    }
  }
  if (pool.show_progress && n_tasks > 0) {
    draw_progress(&pool, TRUE);
    fputc('\n', stderr);
  }

  if (g_strcmp0(g_getenv("DCB_RUNNER_STATS"), "1") == 0) {
    struct rusage self = {0};
    getrusage(RUSAGE_SELF, &self);
    fprintf(stderr,
            "runner: %d children for %d %s; peak resident memory %.1f MiB per child at most, "
            "%.1f MiB in the parent\n",
            pool.children, pool.total_weight, pool.label, pool.peak_rss_kib / 1024.0,
            self.ru_maxrss / 1024.0);
  }

out:
  kill_all(&pool);
  dcb_runner_parent_free(pfd, pfd_bytes);
  close_fd(&pool.sig_fd);
  /* A signal that arrived after the last poll is delivered when the mask is restored. */
  sigprocmask(SIG_SETMASK, &pool.old_mask, NULL);
  for (int i = 0; i < jobs; i++) {
    parent_buf_clear(&pool.slots[i].data);
    parent_buf_clear(&pool.slots[i].err_tail);
  }
  g_free(pool.slots);
  dcb_runner_parent_free(pool.read_buf, DCB_RUNNER_READ_BYTES);
  for (int g = 0; g < pool.n_groups; g++)
    g_array_free(pool.working_sets[g], TRUE);
  g_free(pool.working_sets);
  g_free(pool.learners);
  return ok;
}
