/* infile.h - reading an input file whole, safely: only regular files, and never more than a limit.
 *
 * Every file the tool reads as input goes through dcb_infile_read: scenarios, platforms, demand
 * curves, sweep specs, site tables.  /dev/zero, a FIFO or a directory would otherwise make a read
 * that never ends, eats memory or gives a confusing message; a regular file larger than the limit
 * is refused before it is read.  The file is opened once (O_NONBLOCK, so opening a FIFO does not
 * wait for a writer), checked with fstat on that descriptor (no window between the check and the
 * read), and read up to the limit.  Errors are one line, DCB_ERROR_INPUT:
 *     PATH: cannot read the WHAT: not a regular file
 *     PATH: cannot read the WHAT: larger than 64 MiB
 *     PATH: cannot read the WHAT: No such file or directory
 */
#ifndef DCB_INFILE_H
#define DCB_INFILE_H

#include <glib.h>

/* The default limit: 64 MiB (a generated platform of 100 000 halls is about 20 MiB). */
#define DCB_INFILE_MAX_BYTES ((gsize)64 << 20)

/* Read 'path' whole into *data (NUL-terminated, transfer full) and *len (may be NULL).  'what'
 * names the file in messages ("scenario", "curve", ...); max_bytes 0 means
 * DCB_INFILE_MAX_BYTES. */
gboolean dcb_infile_read(const char *path, const char *what, gsize max_bytes, char **data,
                         gsize *len, GError **error);

#endif
