/* cli.c - shared command-line helpers (see cli.h). */
#include "cli.h"
#include "error.h"
#include <stdarg.h>
#include <stdio.h>

int dcb_cli_report(GError *error)
{
  int status = dcb_error_exit_status(error);
  fprintf(stderr, "dcbuildout: %s\n", error != NULL ? error->message : "unknown error");
  g_clear_error(&error);
  return status;
}

int dcb_cli_int_option(const char *command, const char *name, const char *text, int min, int max,
                       gboolean *given, int *out)
{
  *given = text != NULL;
  if (text == NULL)
    return 0;
  gint64 v = 0;
  if (!g_ascii_string_to_signed(text, 10, min, max, &v, NULL)) {
    if (max == G_MAXINT)
      return dcb_cli_usage(command, "--%s must be an integer >= %d (got '%s')", name, min, text);
    return dcb_cli_usage(command, "--%s must be an integer in %d..%d (got '%s')", name, min, max,
                         text);
  }
  *out = (int)v;
  return 0;
}

int dcb_cli_usage(const char *command, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  fprintf(stderr, "dcbuildout %s: %s (try 'dcbuildout %s --help')\n", command, msg, command);
  return DCB_EXIT_INPUT;
}
