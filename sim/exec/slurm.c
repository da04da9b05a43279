/* slurm.c - queries of the local Slurm installation (see slurm.h). */
#include "slurm.h"
#include "sweep.h"
#include <glib.h>

int dcb_slurm_max_array_size(void)
{
  const char *argv[] = {"scontrol", "show", "config", NULL};
  g_autofree char *out = NULL;
  int status = 0;
  if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &out, NULL, &status, NULL))
    return DCB_SLURM_DEFAULT_MAX_ARRAY;
  int v = dcb_sweep_parse_max_array_size(out);
  return v > 0 ? v : DCB_SLURM_DEFAULT_MAX_ARRAY;
}
