/* cmd_run.c - the 'run' command: one simulation, or a Monte Carlo with --replications.
 *
 * The scenario and its platform are read and cross-checked before the engine is loaded, so bad
 * input never reaches SimGrid.  A single run simulates in this process (one simulation per
 * process: the engine cannot be re-initialised) and writes yearly.csv, sites.csv,
 * substations.csv, events.csv, corridors.csv and run.ini into the output directory, default
 * out/<name>/, which is replaced as a whole or not at all (outdir.h: the files are written into a
 * temporary directory beside it, swapped in at the end; a failure, a concurrent run or an
 * interruption leaves the previous directory as it was); then prints where they are and a short
 * summary. run.ini is the effective scenario (overrides applied, the run's seed) with provenance
 * comments, written with copies of the platform and the demand curve beside it (provenance.h):
 * running it again reproduces the run's data rows, wherever the directory has been moved.
 */
#include "batch.h"
#include "cli.h"
#include "engine_loader.h"
#include "error.h"
#include "interrupt.h"
#include "outdir.h"
#include "replicate.h"
#include "runner.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The progress line of a single run, on stderr when it is a terminal: nothing during the first
 * PROGRESS_AFTER_US (a short run stays silent), then "run: year Y of L (P %)" redrawn in place at
 * most every PROGRESS_EVERY_US, and wiped when the run ends.  Wall-clock time decides only when
 * to draw, never what the traces hold. */
#define PROGRESS_AFTER_US (2 * G_USEC_PER_SEC)
#define PROGRESS_EVERY_US (G_USEC_PER_SEC / 4)
typedef struct {
  gint64 start_us, last_us;
  int width; /* of the line drawn, 0 when none is */
} Progress;

static void progress_year(int year, int first_year, int last_year, void *user)
{
  Progress *pr = user;
  gint64 t = g_get_monotonic_time();
  if (t - pr->start_us < PROGRESS_AFTER_US ||
      (pr->width > 0 && t - pr->last_us < PROGRESS_EVERY_US))
    return;
  pr->last_us = t;
  int pct = (int)(100.0 * (year - first_year + 1) / (last_year - first_year + 1));
  int n = fprintf(stderr, "\rrun: year %d of %d (%d %%)", year, last_year, pct);
  if (n > 0 && n - 1 < pr->width) /* "\r" draws nothing */
    fprintf(stderr, "%*s", pr->width - (n - 1), "");
  pr->width = MAX(pr->width, n - 1);
  fflush(stderr);
}

static void progress_clear(Progress *pr)
{
  if (pr->width > 0)
    fprintf(stderr, "\r%*s\r", pr->width, "");
  pr->width = 0;
}

static double row_value(const DcbTrace *tr, int year, int col)
{
  if (year < tr->first_year || year >= tr->first_year + tr->n_years)
    return NAN;
  return tr->yearly[(gsize)(year - tr->first_year) * DCB_Y_N + col];
}

static void print_summary(const DcbScenario *sc, const DcbTrace *tr, const char *dir)
{
  printf("traces written to %s/ (yearly.csv, sites.csv, substations.csv, events.csv, "
         "corridors.csv, run.ini)\n",
         dir);
  printf("%s, %d-%d:\n", sc->name, sc->start_year, sc->end_year);
  const int years[] = {2030, 2035, 2050};
  for (size_t i = 0; i < G_N_ELEMENTS(years); i++) {
    double op = row_value(tr, years[i], DCB_Y_OPERATING_MW);
    if (!isnan(op))
      printf("  operating %d: %7.0f MW IT (demand %.0f MW, stranded %.0f MW, waiting for the grid "
             "%.0f MW)\n",
             years[i], op, row_value(tr, years[i], DCB_Y_DEMAND_MW),
             row_value(tr, years[i], DCB_Y_STRANDED_MW),
             row_value(tr, years[i], DCB_Y_WAITING_GRID_MW));
  }
  double e = row_value(tr, 2035, DCB_Y_FACILITY_ENERGY_GWH);
  if (!isnan(e))
    printf("  2035: %.2f TWh facility energy, %.0f kt CO2e operational, %.0f kt embodied\n",
           e / 1000, row_value(tr, 2035, DCB_Y_OP_EMISSIONS_T) / 1000,
           row_value(tr, 2035, DCB_Y_EMBODIED_EMISSIONS_T) / 1000);
  double cj = row_value(tr, 2035, DCB_Y_CONSTRUCTION_JOBS);
  if (!isnan(cj)) /* rule 26 */
    printf("  2035: %.0f construction jobs, %.0f operations jobs, %.0f m3 of water\n", cj,
           row_value(tr, 2035, DCB_Y_OPERATIONS_JOBS), row_value(tr, 2035, DCB_Y_WATER_M3));
  printf("  cumulative %d-%d: %.2f Mt CO2e\n", sc->start_year, sc->end_year,
         row_value(tr, sc->end_year, DCB_Y_CUMULATIVE_EMISSIONS_T) / 1e6);
  printf("  leaked by %d (projects abandoned for want of power): %.0f MW IT\n", sc->end_year,
         row_value(tr, sc->end_year, DCB_Y_LEAKED_MW));
}

/* More would not fit in memory for the quantiles (each keeps its yearly rows). */
#define DCB_RUN_MAX_REPLICATIONS 1000000

int dcb_cmd_run(int argc, char **argv, const DcbCli *cli)
{
  g_autofree char *out_dir = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *replications_text = NULL, *jobs_text = NULL, *batch_text = NULL;
  gboolean keep_traces = FALSE, quiet = FALSE;
  g_auto(GStrv) sets = NULL;
  GOptionEntry entries[] = {
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "output directory (default out/NAME)",
       "DIR"},
      {"seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "seed, 0..2^64-1 (default: the scenario's)",
       "N"},
      {"replications", 'n', 0, G_OPTION_ARG_STRING, &replications_text,
       "Monte Carlo: N replications, quantiles.csv", "N"},
      {"jobs", 'j', 0, G_OPTION_ARG_STRING, &jobs_text, "replications at once (default: cores)",
       "J"},
      {"batch", 0, 0, G_OPTION_ARG_STRING, &batch_text,
       "replications per child process, 1.." G_STRINGIFY(DCB_BATCH_MAX) " (default: chosen)", "K"},
      {"keep-traces", 0, 0, G_OPTION_ARG_NONE, &keep_traces,
       "keep each replication's traces in rep-NNNN/", NULL},
      {"set", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &sets,
       "override a scenario key (repeatable), e.g. grid.crews=3", "GROUP.KEY=VALUE"},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "print nothing on success", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("SCENARIO - simulate a scenario");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_option_context_set_description(
      ctx, "Writes yearly.csv, sites.csv, substations.csv, events.csv, corridors.csv and run.ini\n"
           "into DIR;\n"
           "with --replications, replications.csv and quantiles.csv.\n"
           "SimGrid options (--cfg=..., --log=...) are passed to the engine.\n");
  GError *error = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
    int st = dcb_cli_usage("run", "%s", error->message);
    g_error_free(error);
    return st;
  }
  if (argc != 2)
    return dcb_cli_usage("run", "expected one SCENARIO file");
  guint64 seed = 0;
  if (seed_text != NULL && !g_ascii_string_to_unsigned(seed_text, 10, 0, G_MAXUINT64, &seed, NULL))
    return dcb_cli_usage("run", "--seed must be an integer in 0..18446744073709551615 (got '%s')",
                         seed_text);
  int replications = 0, jobs = 0, batch = 0, st = 0;
  gboolean has_replications = FALSE, has_jobs = FALSE, has_batch = FALSE;
  if ((st = dcb_cli_int_option("run", "replications", replications_text, 1,
                               DCB_RUN_MAX_REPLICATIONS, &has_replications, &replications)) != 0 ||
      (st = dcb_cli_int_option("run", "jobs", jobs_text, 1, DCB_CLI_MAX_JOBS, &has_jobs, &jobs)) !=
          0 ||
      (st = dcb_cli_int_option("run", "batch", batch_text, 1, DCB_BATCH_MAX, &has_batch, &batch)) !=
          0)
    return st;
  if (!has_replications && (has_jobs || keep_traces || has_batch))
    return dcb_cli_usage("run", "--jobs, --batch and --keep-traces apply to --replications");

  g_autoptr(DcbInputs) in = dcb_inputs_open(argv[1], (const char *const *)sets, &error);
  if (in == NULL)
    return dcb_cli_report(error);
  dcb_inputs_print_warnings(in);
  const DcbScenario *sc = dcb_inputs_scenario(in);

  const DcbEngine *eng = dcb_engine_load(&error);
  if (eng == NULL)
    return dcb_cli_report(error);
  if (out_dir == NULL)
    out_dir = g_build_filename("out", sc->name, NULL);
  guint64 run_seed = seed_text != NULL ? seed : sc->seed;

  if (has_replications) {
    DcbReplicateOptions ro = {.in = in,
                              .eng = eng,
                              .sg_args = cli->sg_args,
                              .out_dir = out_dir,
                              .seed = run_seed,
                              .replications = replications,
                              .jobs = has_jobs ? jobs : dcb_runner_default_jobs(),
                              .batch = batch,
                              .keep_traces = keep_traces,
                              .quiet = quiet};
    int status = dcb_replicate_run(&ro, &error);
    if (error != NULL)
      return dcb_cli_report(error);
    return status;
  }

  /* SimGrid aborts on an option it does not know: when the user passed some, let a throw-away
   * child try them first (without options there is nothing SimGrid could refuse that the
   * platform reader has not checked already). */
  if (cli->sg_args[0] != NULL && !dcb_engine_check(eng, sc->platform_path, cli->sg_args, &error))
    return dcb_cli_report(error);
  /* The output directory is locked and its temporary directory created before simulating, so
   * that a directory that cannot be written, or that another run is writing, fails at once.
   * The guard is declared first so that it is freed last, once the directory is finished. */
  g_autoptr(DcbInterrupt) guard = NULL;
  g_autoptr(DcbOutdir) od = dcb_outdir_begin(out_dir, &error);
  if (od == NULL)
    return dcb_cli_report(error);
  guard = dcb_interrupt_new(od); /* held while SimGrid initialises: it resets SIGINT */
  if (eng->prepare != NULL && !eng->prepare(in, cli->sg_args, 1, &error))
    return dcb_cli_report(error);
  dcb_interrupt_arm(guard); /* a signal now removes the (empty) temporary directory and stops */
  DcbEngineOptions eo = {.seed = run_seed, .sg_args = cli->sg_args};
  Progress progress = {.start_us = g_get_monotonic_time()};
  if (!quiet && isatty(STDERR_FILENO)) {
    eo.on_year = progress_year;
    eo.on_year_user = &progress;
  }
  g_autoptr(DcbTrace) tr = eng->simulate(in, &eo, &error);
  progress_clear(&progress);
  if (tr == NULL)
    return dcb_cli_report(error);
  dcb_interrupt_hold(guard); /* from here a signal waits: the writes and the swap are whole */
  const char *dir = dcb_outdir_path(od);
  DcbProvenance prov = dcb_provenance_of_run(sc, eng->simgrid_version(), run_seed, NULL);
  if (!dcb_trace_write(tr, &prov, dir, &error) || !dcb_run_ini_write(dir, sc, &prov, "run", &error))
    return dcb_cli_report(error);
  int sig = dcb_interrupt_pending(guard);
  if (sig != 0) {
    dcb_outdir_abort(od);
    fprintf(stderr, "dcbuildout: interrupted by %s; nothing written\n", g_strsignal(sig));
    return 128 + sig;
  }
  if (!dcb_outdir_commit(od, &error))
    return dcb_cli_report(error);
  if (!quiet)
    print_summary(sc, tr, out_dir);
  return DCB_EXIT_OK;
}
