/* inputs.h - the one checked path from a scenario file to the engine.
 *
 * Every command that reads a scenario opens it here: `run`, `check`, a Monte Carlo, the base of
 * a sweep and every sweep point (and later `compare`).  dcb_inputs_open() does, in this order,
 * stopping at the first error:
 *   1. the scenario with its "--set group.key=value" overrides (dcb_scenario_load: keys, types,
 *      ranges, references inside the scenario);
 *   2. the platform the scenario names (dcb_platform_load: the XML without SimGrid), or the base's
 *      platform when a base is given and names the same file (sweep points share the platform
 *      their parent parsed once);
 *   3. the cross-checks of the two (dcb_check_consistency: substations, project sites, halls
 *      enough for every project), collecting its warnings.
 * What comes out is sealed: only this file can make a DcbInputs, and the engine refuses with an
 * error (never an assertion) anything that is not one (dcb_inputs_verify).  So no path can hand
 * the model a project whose site is unknown or whose phases exceed its site's halls.
 *
 * Errors are the loaders' one-line messages, DCB_ERROR_INPUT (exit status 2), the same text
 * whichever command opened the file.  A DcbInputs is immutable once opened; it owns its scenario
 * and, unless borrowed from a base, its platform (a base must outlive the inputs opened on it).
 */
#ifndef DCB_INPUTS_H
#define DCB_INPUTS_H

#include "platform.h"
#include "scenario.h"
#include <glib.h>

typedef struct DcbInputs DcbInputs;

/* Open and check the scenario at 'path' with 'overrides' ("group.key=value", NULL-terminated, may
 * be NULL).  Returns NULL and sets *error on any problem. (transfer full) */
DcbInputs *dcb_inputs_open(const char *path, const char *const *overrides, GError **error);
/* The same from the scenario's bytes already in memory ('path' names it in messages and anchors
 * its relative paths).  When 'base' is not NULL and the scenario names the platform file 'base'
 * uses, that platform is borrowed instead of parsed again. (transfer full) */
DcbInputs *dcb_inputs_open_data(const char *path, const char *data, gsize len,
                                const char *const *overrides, const DcbInputs *base,
                                GError **error);
void dcb_inputs_free(DcbInputs *in);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DcbInputs, dcb_inputs_free)

const DcbScenario *dcb_inputs_scenario(const DcbInputs *in);
const DcbPlatform *dcb_inputs_platform(const DcbInputs *in);
/* The cross-checks' warnings (no "warning:" prefix), NULL-terminated, never NULL. */
const char *const *dcb_inputs_warnings(const DcbInputs *in);
/* Print each warning on stderr as "warning: TEXT". */
void dcb_inputs_print_warnings(const DcbInputs *in);

/* TRUE when 'in' came out of dcb_inputs_open*(); else FALSE with *error (DCB_ERROR_RUNTIME:
 * a program error, not the user's) naming 'who'. */
gboolean dcb_inputs_verify(const DcbInputs *in, const char *who, GError **error);

#endif
