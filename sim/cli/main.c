/* main.c - the dcbuildout command line: dispatch to a command, --help, --version.
 *
 * SimGrid's "--cfg=" and "--log=" arguments are taken out of argv wherever they stand and passed
 * to the engine (see cli.h); everything else belongs to the command.
 */
#include "cli.h"
#include "engine_loader.h"
#include "error.h"
#include <locale.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  const char *name;
  int (*fn)(int argc, char **argv, const DcbCli *cli);
  const char *summary;
} Command;

static const Command commands[] = {
    {"run", dcb_cmd_run, "simulate a scenario (one run or a Monte Carlo) and write its traces"},
    {"check", dcb_cmd_check, "validate a scenario and its platform without simulating"},
    {"plot", dcb_cmd_plot, "render the figures of a run or sweep directory with gnuplot"},
    {"compare", dcb_cmd_compare,
     "compare scenarios and variants with common random numbers (paired differences)"},
    {"sweep", dcb_cmd_sweep, "plan|run|submit|status|collect a parameter sweep"},
    {"platform", dcb_cmd_platform, "generate a platform XML from a site table"},
    {"keys", dcb_cmd_keys, "print the scenario key reference (Markdown table or fuzz dictionary)"},
};

static void print_help(FILE *f)
{
  fprintf(f, "Usage: dcbuildout COMMAND [OPTIONS] ...\n\n"
             "Simulates how a region's data-center capacity gets built, connected and used,\n"
             "and what it costs in energy, CO2 and capex (SimGrid discrete-event engine).\n\n"
             "Commands:\n");
  for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
    fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
  fprintf(f, "\n  dcbuildout COMMAND --help   options of one command\n"
             "  dcbuildout --version        program and SimGrid versions\n\n"
             "SimGrid options (--cfg=NAME:VALUE, --log=...) are passed to the engine.\n"
             "Exit status: 0 success, 1 runtime failure, 2 bad input or usage.\n");
}

static int print_version(void)
{
  printf("dcbuildout %s\n", DCB_VERSION);
  g_autoptr(GError) error = NULL;
  const DcbEngine *eng = dcb_engine_load(&error);
  if (eng != NULL)
    printf("SimGrid %s\n", eng->simgrid_version());
  else
    printf("SimGrid: engine not loadable (%s)\n", error->message);
  printf("GLib %u.%u.%u\n", glib_major_version, glib_minor_version, glib_micro_version);
  return DCB_EXIT_OK;
}

int main(int argc, char **argv)
{
  /* The user's locale for text (GOption converts its string options from the locale's charset,
   * messages may hold UTF-8 names), but numbers always in the C locale: every number the program
   * reads or writes, and SimGrid's platform parser, use '.' whatever the user's language. */
  setlocale(LC_ALL, "");
  setlocale(LC_NUMERIC, "C");
  /* Split SimGrid's arguments from ours; argv keeps the command's own ones. */
  g_autoptr(GPtrArray) sg_args = g_ptr_array_new();
  int kept = 0;
  for (int i = 0; i < argc; i++) {
    if (i > 0 && (g_str_has_prefix(argv[i], "--cfg=") || g_str_has_prefix(argv[i], "--log=")))
      g_ptr_array_add(sg_args, argv[i]);
    else
      argv[kept++] = argv[i];
  }
  argv[kept] = NULL;
  argc = kept;
  g_ptr_array_add(sg_args, NULL);
  DcbCli cli = {.sg_args = (const char *const *)sg_args->pdata};

  if (argc < 2) {
    print_help(stderr);
    return DCB_EXIT_INPUT;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    print_help(stdout);
    return DCB_EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0)
    return print_version();
  for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
    if (strcmp(argv[1], commands[i].name) == 0) {
      /* Every command's --help then starts "Usage: dcbuildout NAME [OPTION…] ...". */
      g_autofree char *prog = g_strconcat("dcbuildout ", commands[i].name, NULL);
      argv[1] = prog;
      return commands[i].fn(argc - 1, argv + 1, &cli);
    }
  fprintf(stderr, "dcbuildout: unknown command '%s' (try 'dcbuildout --help')\n", argv[1]);
  return DCB_EXIT_INPUT;
}
