/* replicate.c - Monte Carlo replications (see replicate.h).  Work in progress: replaced by the
 * Monte Carlo issue. */
#include "replicate.h"
#include "error.h"

int dcb_replicate_run(const DcbReplicateOptions *opt, GError **error)
{
  (void)opt;
  g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "--replications is not available yet");
  return 1;
}
