/* check.h - cross-checks between a scenario and its platform (pure, no SimGrid).
 *
 * dcb_scenario_load() validates a scenario on its own and dcb_platform_load() a platform on its
 * own; what neither can see is whether they fit together.  dcb_check_consistency() is run by
 * `check` and at the start of `run`:
 *   errors   every site's substation has a [substation:NAME] group; every project's site is a
 *            site of the platform; the halls of each site are enough for every known project
 *            there, allocated phase by phase with dcb_platform_take_halls() in the order
 *            (operating_since or announced, name) - the order in which the model takes halls.
 *            Projects with cancel_probability = 1 never build and take no halls.
 *   warnings a phase whose halls' capacity differs from its phases_mw; use_it_or_lose_it_years
 *            not longer than a substation's connection lead time; a load or a project that a
 *            substation without reinforcement can never take; a substation nothing uses.
 * The error reports the first problem and how many others there are, on one line:
 *   workloads/x.ini: [project:big] phases_mw: phase 3 needs 300 MW at site 'alpha' ... (and 2
 *   more problems)
 */
#ifndef DCB_CHECK_H
#define DCB_CHECK_H

#include "platform.h"
#include "scenario.h"
#include "schema.h"
#include <glib.h>

/* Cross-check; appends warning strings (no "warning:" prefix; transfer full, the array should
 * own them with g_free) to 'warnings' when it is not NULL.  Returns FALSE and sets *error
 * (DCB_ERROR_INPUT) when the scenario and the platform do not fit. */
gboolean dcb_check_consistency(const DcbScenario *sc, const DcbPlatform *pf, GPtrArray *warnings,
                               GError **error);

/* The rows of the second layer's keys (DESIGN §2.2: a row's rule > 0) of the fixed groups that
 * take their default because the scenario does not set them: what `check` lists as "new
 * defaults", since an old scenario runs with them.  In table order; *n receives the count.
 * (transfer container: free the array, not the rows) */
const DcbKey **dcb_check_new_defaults(const DcbScenario *sc, int *n);

/* The order in which known projects take halls: indices into sc->projects sorted by
 * (operating_since for existing campuses else announced, name).  Writes sc->n_projects indices. */
void dcb_check_project_order(const DcbScenario *sc, int *order);

#endif
