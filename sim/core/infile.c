/* infile.c - reading an input file whole, only when it is a regular file, up to a limit (see
 * infile.h). */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC under -std=c11 */
#include "infile.h"
#include "error.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static gboolean fail(GError **error, const char *path, const char *what, const char *why)
{
  g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: cannot read the %s: %s", path, what, why);
  return FALSE;
}

gboolean dcb_infile_read(const char *path, const char *what, gsize max_bytes, char **data,
                         gsize *len, GError **error)
{
  g_return_val_if_fail(path != NULL && data != NULL, FALSE);
  *data = NULL;
  if (max_bytes == 0)
    max_bytes = DCB_INFILE_MAX_BYTES;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return fail(error, path, what, g_strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return fail(error, path, what, g_strerror(e));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return fail(error, path, what, "not a regular file");
  }
  if ((guint64)st.st_size > max_bytes) {
    close(fd);
    g_autofree char *limit =
        g_strdup_printf("larger than %" G_GSIZE_FORMAT " MiB", max_bytes >> 20);
    return fail(error, path, what, limit);
  }
  /* The size may change while reading: read at most max_bytes + 1 to notice growth. */
  GByteArray *buf = g_byte_array_sized_new((guint)st.st_size + 1);
  guint8 chunk[65536];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int e = errno;
      close(fd);
      g_byte_array_unref(buf);
      return fail(error, path, what, g_strerror(e));
    }
    if (n == 0)
      break;
    if (buf->len + (gsize)n > max_bytes) {
      close(fd);
      g_byte_array_unref(buf);
      g_autofree char *limit =
          g_strdup_printf("larger than %" G_GSIZE_FORMAT " MiB", max_bytes >> 20);
      return fail(error, path, what, limit);
    }
    g_byte_array_append(buf, chunk, (guint)n);
  }
  close(fd);
  if (len != NULL)
    *len = buf->len;
  guint8 nul = 0;
  g_byte_array_append(buf, &nul, 1);
  *data = (char *)g_byte_array_free(buf, FALSE);
  return TRUE;
}
