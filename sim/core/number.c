/* number.c - the one strict number parser of the inputs (number.h).
 *
 * The text is trimmed of ASCII spaces (g_ascii_isspace, the set g_strstrip removes) on both
 * sides and must then be consumed entirely by g_ascii_strtod / g_ascii_strtoll /
 * g_ascii_strtoull; errno tells an integer overflow.  No allocation: the trailing spaces are
 * skipped after the conversion instead of being cut before it.
 */
#include "number.h"
#include <errno.h>
#include <math.h>

static const char *skip_spaces(const char *s)
{
  while (g_ascii_isspace(*s))
    s++;
  return s;
}

const char *dcb_number_parse(const char *text, DcbNumberCap cap, double *out)
{
  text = skip_spaces(text);
  if (*text == '\0')
    return "expected a number";
  char *end = NULL;
  double v = g_ascii_strtod(text, &end);
  if (end == text || *skip_spaces(end) != '\0')
    return "expected a number";
  if (isnan(v) || isinf(v))
    return "expected a finite number";
  if (cap == DCB_NUMBER_CAPPED && fabs(v) > DCB_NUMBER_MAX_MAGNITUDE)
    return "out of range (magnitude above 1e12)";
  *out = v;
  return NULL;
}

const char *dcb_number_parse_int(const char *text, gint64 min, gint64 max, gint64 *out)
{
  text = skip_spaces(text);
  const char *digits = *text == '+' || *text == '-' ? text + 1 : text;
  if (!g_ascii_isdigit(*digits))
    return "expected an integer";
  char *end = NULL;
  errno = 0;
  gint64 v = g_ascii_strtoll(text, &end, 10);
  if (*skip_spaces(end) != '\0')
    return "expected an integer";
  if (errno != 0 || v < min || v > max)
    return "out of range";
  *out = v;
  return NULL;
}

const char *dcb_number_parse_u64(const char *text, guint64 *out)
{
  text = skip_spaces(text);
  if (!g_ascii_isdigit(*text))
    return "expected an integer >= 0";
  char *end = NULL;
  errno = 0;
  guint64 v = g_ascii_strtoull(text, &end, 10);
  if (*skip_spaces(end) != '\0' || errno != 0)
    return "expected an integer >= 0";
  *out = v;
  return NULL;
}
