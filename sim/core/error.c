/* error.c - the GError domain of dcbuildout (see error.h). */
#include "error.h"

/* Written by hand: clang-format 14 mangles G_DEFINE_QUARK. */
GQuark dcb_error_quark(void)
{
  return g_quark_from_static_string("dcb-error-quark");
}

int dcb_error_exit_status(const GError *error)
{
  if (error != NULL && error->domain == DCB_ERROR && error->code == DCB_ERROR_INPUT)
    return DCB_EXIT_INPUT;
  return DCB_EXIT_RUNTIME;
}
