/* cmd_platform.c - the 'platform' command.  Work in progress: replaced by its issue. */
#include "cli.h"

int dcb_cmd_platform(int argc, char **argv, const DcbCli *cli)
{
  (void)argc, (void)argv, (void)cli;
  return dcb_cli_usage("platform", "this command is not available in this build yet");
}
