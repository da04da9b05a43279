/* cmd_check.c - the 'check' command.  Work in progress: replaced by its issue. */
#include "cli.h"

int dcb_cmd_check(int argc, char **argv, const DcbCli *cli)
{
  (void)argc, (void)argv, (void)cli;
  return dcb_cli_usage("check", "this command is not available in this build yet");
}
