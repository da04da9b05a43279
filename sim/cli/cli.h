/* cli.h - what every command shares: the command table entry points, SimGrid's pass-through
 * arguments, and the one-line error report.
 *
 * main() strips SimGrid's own "--cfg=..." and "--log=..." arguments from the command line (the
 * engine is only loaded by commands that simulate, so simgrid_init cannot parse them first) and
 * hands them to the engine through DcbCli.sg_args.  Each command parses the rest with
 * GOptionContext and returns an exit status (0 ok, 1 runtime failure, 2 bad input or usage).
 */
#ifndef DCB_CLI_H
#define DCB_CLI_H

#include <glib.h>

/* The most --jobs any command takes (run and sweep alike). */
#define DCB_CLI_MAX_JOBS 1024

typedef struct {
  const char *const *sg_args; /* NULL-terminated SimGrid arguments, never NULL */
} DcbCli;

/* An integer option given as text (GOption has no "given" flag for integers, and any sentinel
 * value would also be a value a user can type): *given tells whether it was on the command line;
 * not an integer in [min, max] is a usage error of 'command' naming --'name' (returns 2, else 0).
 */
int dcb_cli_int_option(const char *command, const char *name, const char *text, int min, int max,
                       gboolean *given, int *out);

/* Print "dcbuildout: MESSAGE" on stderr and return the exit status for the error (1 or 2);
 * frees the error. */
int dcb_cli_report(GError *error);
/* Report a usage problem of 'command' (exit status 2). */
int dcb_cli_usage(const char *command, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

int dcb_cmd_run(int argc, char **argv, const DcbCli *cli);
int dcb_cmd_check(int argc, char **argv, const DcbCli *cli);
int dcb_cmd_plot(int argc, char **argv, const DcbCli *cli);
int dcb_cmd_compare(int argc, char **argv, const DcbCli *cli);
int dcb_cmd_sweep(int argc, char **argv, const DcbCli *cli);
int dcb_cmd_platform(int argc, char **argv, const DcbCli *cli);
int dcb_cmd_keys(int argc, char **argv, const DcbCli *cli);

#endif
