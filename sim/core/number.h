/* number.h - the one strict number parser of the inputs (scenarios, distributions, trajectories,
 * demand curves, sweep specs).
 *
 * A number is read with g_ascii_strtod (C locale whatever the user's locale), surrounding ASCII
 * spaces are allowed, the whole text must be consumed, NaN and infinities are refused, and a
 * caller may cap the magnitude (scenarios refuse numbers above DCB_NUMBER_MAX_MAGNITUDE).
 * Integers are decimal digits with an optional sign, read with g_ascii_strtoll /
 * g_ascii_strtoull, and must lie in the caller's range.  Each parser returns NULL on success, or
 * a static description of what is wrong ("expected a number", ...) that the caller places in its
 * own message, with the file, group and key; *out is written only on success.
 */
#ifndef DCB_NUMBER_H
#define DCB_NUMBER_H

#include <glib.h>

/* The magnitude above which a capped number is refused (no scenario quantity comes close). */
#define DCB_NUMBER_MAX_MAGNITUDE 1e12

typedef enum {
  DCB_NUMBER_UNCAPPED, /* any finite number (distribution parameters, trajectories, sweeps) */
  DCB_NUMBER_CAPPED,   /* magnitude <= DCB_NUMBER_MAX_MAGNITUDE (scenario numbers, curves) */
} DcbNumberCap;

/* A finite number.  Messages: "expected a number", "expected a finite number", and when capped
 * "out of range (magnitude above 1e12)". */
const char *dcb_number_parse(const char *text, DcbNumberCap cap, double *out);
/* An integer in [min, max]: "expected an integer" or "out of range". */
const char *dcb_number_parse_int(const char *text, gint64 min, gint64 max, gint64 *out);
/* An unsigned 64-bit integer (digits only, no sign): "expected an integer >= 0". */
const char *dcb_number_parse_u64(const char *text, guint64 *out);

#endif
