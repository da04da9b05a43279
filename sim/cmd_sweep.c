/* cmd_sweep.c - the 'sweep' command.  Work in progress: replaced by its issue. */
#include "cli.h"

int dcb_cmd_sweep(int argc, char **argv, const DcbCli *cli)
{
  (void)argc, (void)argv, (void)cli;
  return dcb_cli_usage("sweep", "this command is not available in this build yet");
}
