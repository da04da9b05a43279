/* provenance.h - where an output comes from: the "# key: value" lines at the head of every CSV
 * the program writes, and the run.ini of a run directory (pure, no SimGrid).
 *
 * Both are written here and nowhere else, so that every file names its origin the same way:
 * program and SimGrid versions, the scenario by its file name and SHA-256, the seed, the
 * overrides, then lines particular to the file (replications, quantile type, sweep).  No line
 * holds a path of the machine or depends on the current directory: the same scenario copied to
 * another folder and run from anywhere gives the same bytes (DESIGN §5).
 *
 * run.ini is the effective scenario (overrides applied, the run's seed) and stays runnable: the
 * platform file and the demand curve (when [demand] curve is set) are copied beside it and
 * named by file name, and scenario paths are relative to the scenario file, so
 * `dcbuildout run DIR/run.ini` reproduces the run's data rows wherever DIR is.  Uncertain inputs
 * (DESIGN §2.2 rule 25) keep their distribution's text in run.ini; the values a single run drew
 * follow the provenance lines as comments, "# drawn NAME = VALUE", in the inputs' (name) order.
 */
#ifndef DCB_PROVENANCE_H
#define DCB_PROVENANCE_H

#include "scenario.h"
#include <glib.h>

/* Provenance of one output file.  Every field is borrowed. */
typedef struct {
  const char *program_version; /* written "dcbuildout <version>"; NULL: "?" */
  const char *simgrid_version; /* NULL: no line (files written without the engine) */
  const char *scenario_path;   /* written by its file name only; NULL: no line */
  const char *scenario_sha256; /* NULL: no line */
  guint64 seed;
  const char *const *overrides; /* "group.key=value", NULL-terminated, may be NULL */
  const char *const *extra;     /* key, value, key, value, ..., NULL: lines after the others */
  /* run.ini only (rule 25): TRUE lists the values of the scenario's uncertain inputs drawn with
   * 'seed' ("# drawn demand.share = 0.27"); FALSE (a Monte Carlo) says that replications.csv
   * holds each replication's.  dcb_provenance_of_run sets it. */
  gboolean list_draws;
} DcbProvenance;

/* The provenance of a run of 'sc' with 'seed' (the engine's SimGrid version, 'extra' as above),
 * filled from the scenario. */
DcbProvenance dcb_provenance_of_run(const DcbScenario *sc, const char *simgrid_version,
                                    guint64 seed, const char *const *extra);

/* Append the "# key: value" lines of 'prov' to 's', in this order: program, simgrid, scenario,
 * scenario_sha256, seed, one override line per override, the extra lines.  Line breaks inside
 * a value become spaces, so that every line stays a comment.  prov == NULL appends nothing. */
void dcb_provenance_append(GString *s, const DcbProvenance *prov);

/* Names of the files a run directory may hold (traces, Monte Carlo tables, run.ini): the
 * copies of the inputs never take one of them.  NULL-terminated. */
extern const char *const dcb_run_dir_outputs[];

/* The file names under which the platform and the demand curve are copied beside run.ini: their
 * own file names, prefixed with "platform-" / "curve-" when that name is one of
 * dcb_run_dir_outputs or (for the curve) the platform's copy.  *curve_name is NULL without a
 * curve.  (transfer full) */
void dcb_run_ini_input_names(const DcbScenario *sc, char **platform_name, char **curve_name);

/* The text of run.ini: a head line, the provenance lines of 'prov', then the effective
 * scenario with [scenario] seed = prov->seed and the platform and curve named by the names of
 * dcb_run_ini_input_names.  'what' says whose scenario it is ("run", "Monte Carlo run").
 * (transfer full) */
char *dcb_run_ini_format(const DcbScenario *sc, const DcbProvenance *prov, const char *what);

/* The observations of a hindcast case (DESIGN §8: year, metric, value, source), looked for beside
 * the scenario file and copied under this name into its run directories. */
#define DCB_OBSERVED_FILE "observed.csv"

/* Write run.ini into 'dir' (created if needed) and, beside it, copies of the platform file, of
 * the demand curve and, when the scenario's directory holds DCB_OBSERVED_FILE, of that file,
 * each atomically (dcb_write_file_atomic).  A copy whose bytes are already there is not
 * rewritten. */
gboolean dcb_run_ini_write(const char *dir, const DcbScenario *sc, const DcbProvenance *prov,
                           const char *what, GError **error);

#endif
