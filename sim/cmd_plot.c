/* cmd_plot.c - the 'plot' command.  Work in progress: replaced by its issue. */
#include "cli.h"

int dcb_cmd_plot(int argc, char **argv, const DcbCli *cli)
{
  (void)argc, (void)argv, (void)cli;
  return dcb_cli_usage("plot", "this command is not available in this build yet");
}
