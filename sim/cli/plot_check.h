/* plot_check.h - what 'plot' checks in a directory before any gnuplot runs: that it is a
 * complete run (or Monte Carlo, or sweep) directory whose files all come from one run, and
 * that every table the figures read is whole and holds numbers where the figures expect them.
 *
 * Every refusal is one GError (DCB_ERROR_INPUT, so exit 2) naming the file and, where it
 * applies, the line and the column.
 */
#ifndef DCB_PLOT_CHECK_H
#define DCB_PLOT_CHECK_H

#include <glib.h>

/* What a directory holds, as far as 'plot' is concerned. */
typedef enum {
  DCB_PLOT_DIR_RUN,     /* a single run: run.ini and the four trace files */
  DCB_PLOT_DIR_MC,      /* a Monte Carlo run: run.ini, quantiles.csv, replications.csv */
  DCB_PLOT_DIR_SWEEP,   /* a sweep directory: summary.csv (and sweep.id) */
  DCB_PLOT_DIR_COMPARE, /* a comparison (dcbuildout compare): compare.csv */
} DcbPlotDirKind;

/* Check that 'dir' is a complete run, Monte Carlo or sweep directory (its kind in *kind): the
 * files its kind needs are there, the trace tables are whole (every row with the header's
 * number of fields, the last line ended by a newline) with the columns the figures read, those
 * numeric where they must be, and every file's provenance ("# key: value" head lines: program,
 * simgrid, scenario, scenario_sha256, seed, the overrides; replications for the Monte Carlo
 * tables) agrees with run.ini's and with the others'. */
gboolean dcb_plot_check_dir(const char *dir, DcbPlotDirKind *kind, GError **error);

/* Whether the run in 'dir' (of 'kind', checked by dcb_plot_check_dir first) has the series
 * 'name': a column of yearly.csv's header (a single run), a metric of quantiles.csv (a Monte
 * Carlo) or of compare.csv (a comparison); FALSE for a sweep.  Which figures have something to draw
 * is decided by this (the resources figure needs one of rule 26's columns; `plot --fan METRIC` a
 * metric). */
gboolean dcb_plot_dir_has_series(const char *dir, DcbPlotDirKind kind, const char *name);

#endif
