/* error.h - the program's GError domain and exit codes.
 *
 * DCB_ERROR_INPUT is bad input or usage (exit status 2), DCB_ERROR_RUNTIME a failure while
 * running (exit status 1).  Messages follow the git style: lower-case, the subject first:
 * "workloads/x.ini: [demand] growth: expected a number or 'value@year, ...'".
 */
#ifndef DCB_ERROR_H
#define DCB_ERROR_H

#include <glib.h>

#define DCB_ERROR (dcb_error_quark())
GQuark dcb_error_quark(void);

typedef enum {
  DCB_ERROR_INPUT = 2,   /* bad input or usage: exit 2 */
  DCB_ERROR_RUNTIME = 1, /* runtime failure: exit 1 */
} DcbErrorCode;

enum { DCB_EXIT_OK = 0, DCB_EXIT_RUNTIME = 1, DCB_EXIT_INPUT = 2 };

/* Exit status for an error: 2 for DCB_ERROR_INPUT, else 1. */
int dcb_error_exit_status(const GError *error);

#endif
