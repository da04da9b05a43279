/* schema.c - the scenario key table and its renderings (schema.h).
 *
 * The table below is the one place where a scenario key is declared: scenario.c reads it for the
 * structure check, the defaults and the generic ranges, and `dcbuildout keys` prints it.  A
 * default is scenario text ("tri(3,4,7)", "40@2025, 25@2035, 15@2050"), parsed by the loader
 * with the same parsers as a value in a file, so a default can never mean something a user could
 * not write.  Ranges that involve another key (end_year > start_year) or a message of their own
 * (refresh_years >= 0.5) are checked by the readers; the row then says so in range_text.
 *
 * The renderers are deterministic: rows in table order, numbers through g_ascii_formatd.  The
 * Markdown table escapes '|' in cells; the dictionary quotes tokens as libFuzzer expects
 * ("token", with '"' and '\' escaped) and lists each token once.
 */
#include "schema.h"
#include "scenario.h"
#include <string.h>

const DcbWord dcb_policy_words[] = {
    {"fcfs", DCB_POLICY_FCFS},
    {"fast_track", DCB_POLICY_FAST_TRACK},
    {NULL, 0},
};

const DcbWord dcb_grant_words[] = {
    {"per_phase", DCB_GRANT_PER_PHASE},
    {"partial", DCB_GRANT_PARTIAL},
    {"whole", DCB_GRANT_WHOLE},
    {NULL, 0},
};

const DcbWord dcb_siting_words[] = {
    {"time_to_power", DCB_SITING_TIME_TO_POWER},
    {"legacy", DCB_SITING_LEGACY},
    {NULL, 0},
};

/* [hardware] precision (rule 26): the label of compute_eflops (others read it through the row:
 * dcb_schema_find("hardware", "precision")->words). */
static const DcbWord dcb_precision_words[] = {
    {"fp64", DCB_PRECISION_FP64}, {"fp32", DCB_PRECISION_FP32}, {"bf16", DCB_PRECISION_BF16},
    {"fp16", DCB_PRECISION_FP16}, {"fp8", DCB_PRECISION_FP8},   {NULL, 0},
};

const DcbWord dcb_wait_words[] = {
    {"relocate", DCB_WAIT_RELOCATE},
    {"bridge", DCB_WAIT_BRIDGE},
    {"abandon", DCB_WAIT_ABANDON},
    {NULL, 0},
};

#define R_MIN     DCB_RANGE_MIN
#define R_MINOPEN DCB_RANGE_MIN_OPEN
#define R_MAX     DCB_RANGE_MAX
#define R_MAXOPEN DCB_RANGE_MAX_OPEN

/* clang-format off */
static const DcbKey keys[] = {
    /* group, key, type, need, def, range, lo, hi, range_text, words, doc, rule */
    {"scenario", "name", DCB_KEY_STRING, DCB_KEY_DERIVED, "file name without .ini", 0, 0, 0,
     "no `/` or `\\`, not starting with `.`", NULL,
     "label of the run and of the default output directory", 0},
    {"scenario", "platform", DCB_KEY_PATH, DCB_KEY_REQUIRED, NULL, 0, 0, 0, NULL, NULL,
     "platform XML, relative to the scenario", 0},
    {"scenario", "start_year", DCB_KEY_INTEGER, DCB_KEY_REQUIRED, NULL, R_MIN | R_MAX,
     DCB_SCHEMA_YEAR_MIN, DCB_SCHEMA_YEAR_MAX, NULL, NULL, "first row of the traces", 0},
    {"scenario", "end_year", DCB_KEY_INTEGER, DCB_KEY_REQUIRED, NULL, 0, 0, 0,
     "> start_year, <= start_year + 200", NULL, "last row of the traces", 0},
    {"scenario", "seed", DCB_KEY_SEED, DCB_KEY_DEFAULT, "1", 0, 0, 0, NULL, NULL,
     "run seed (every entity draws from its own stream of it)", 0},
    {"scenario", "target_mw", DCB_KEY_TRAJECTORY, DCB_KEY_OPTIONAL, NULL, R_MIN, 0, 0, NULL, NULL,
     "regional ambition, IT MW, drawn on figures", 0},

    {"demand", "it_mw", DCB_KEY_NUMBER, DCB_KEY_REQUIRED, "unless curve", R_MIN, 0, 0, NULL, NULL,
     "IT MW wanted in the region in start_year", 0},
    {"demand", "growth", DCB_KEY_TRAJECTORY, DCB_KEY_REQUIRED, "unless curve", R_MINOPEN, -1, 0,
     NULL, NULL, "yearly growth rate: demand(Y+1) = demand(Y) * (1 + growth(Y))", 0},
    {"demand", "curve", DCB_KEY_PATH, DCB_KEY_OPTIONAL, NULL, 0, 0, 0, NULL, NULL,
     "CSV year,it_mw (optional header, # comments, strictly increasing years, IT MW >= 0), "
     "linear between rows, flat outside; replaces it_mw and growth (giving both is an error)", 0},
    {"demand", "share", DCB_KEY_TRAJECTORY, DCB_KEY_DEFAULT, "1", R_MIN, 0, 0, NULL, NULL,
     "multiplies the demand of it_mw/growth or of the curve in each year (rule 24, revised: a "
     "trajectory): a region's share of a national or European trajectory",
     24},

    {"operation", "utilization", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "0.55", R_MINOPEN | R_MAX, 0, 1,
     NULL, NULL, "mean share of peak compute used by a fitted hall", 0},
    {"operation", "ramp_years", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "2", R_MIN, 0, 0, NULL, NULL,
     "linear ramp from 0 to utilization after fit-out, years", 0},
    {"operation", "pue", DCB_KEY_TRAJECTORY, DCB_KEY_DEFAULT, "1.2", R_MIN, 1, 0, NULL, NULL,
     "facility energy / IT energy", 0},
    {"operation", "wue_l_per_kwh", DCB_KEY_TRAJECTORY, DCB_KEY_DEFAULT, "0", R_MIN, 0, 0, NULL, NULL,
     "rule 26: water usage effectiveness, litres per kWh of IT energy (The Green Grid's WUE; "
     "water_m3)", 26},

    {"hardware", "refresh_years", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "5", R_MINOPEN, 0, 0, ">= 0.5",
     NULL, "IT refresh period, years", 0},
    {"hardware", "gflops_per_w", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "50", R_MINOPEN, 0, 0, NULL, NULL,
     "efficiency of the newest generation at start_year, GFLOP/s per W", 0},
    {"hardware", "efficiency_growth", DCB_KEY_TRAJECTORY, DCB_KEY_DEFAULT, "0.4", R_MIN, 0, 0, NULL,
     NULL, "yearly efficiency gain of new hardware (0.4 = +40 %/year); a trajectory since rule 26: "
     "the newest generation in Y has gflops_per_w x the product over y = start_year..Y-1 of "
     "(1 + growth(y))", 0},
    {"hardware", "precision", DCB_KEY_WORD, DCB_KEY_DEFAULT, "fp64", 0, 0, 0, NULL,
     dcb_precision_words, "rule 26: the precision compute_eflops is counted in (a label)", 26},

    {"grid", "policy", DCB_KEY_WORD, DCB_KEY_DEFAULT, "fcfs", 0, 0, 0, NULL, dcb_policy_words,
     "connection queue order (fast_track: projects with fast_track = true first)", 0},
    {"grid", "grid_mw_per_it_mw", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "1.3", R_MINOPEN, 0, 0, NULL,
     NULL, "grid MW requested per IT MW (cooling, losses)", 0},
    {"grid", "connection_years", DCB_KEY_DURATION, DCB_KEY_DEFAULT, "tri(3,4,7)", 0, 0, 0, NULL,
     NULL, "connection works after a grant, years", 0},
    {"grid", "reinforcement_years", DCB_KEY_DURATION, DCB_KEY_DEFAULT, "tri(5,7,10)", 0, 0, 0,
     NULL, NULL, "duration of a substation reinforcement, years", 0},
    {"grid", "crews", DCB_KEY_INTEGER, DCB_KEY_DEFAULT, "2", R_MIN, 1, 0, NULL, NULL,
     "reinforcements under way at once, region-wide", 0},
    {"grid", "moratorium", DCB_KEY_YEAR_SPAN, DCB_KEY_OPTIONAL, NULL, 0, 0, 0, NULL, NULL,
     "no grant from 1 January Y1 to 31 December Y2, every substation (decimal bounds, rule 25: "
     "from that instant to that instant)", 0},
    {"grid", "use_it_or_lose_it_years", DCB_KEY_NUMBER, DCB_KEY_OPTIONAL, NULL, R_MINOPEN, 0, 0,
     NULL, NULL, "grant released if no hall is energized this long after it, years", 0},
    /* The second layer (DESIGN §2.2); defaults as DESIGN §4.2 "Keys of the second layer". */
    {"grid", "grant", DCB_KEY_WORD, DCB_KEY_DEFAULT, "per_phase", 0, 0, 0, NULL, dcb_grant_words,
     "rule 15: one tranche per phase (partial: granted in whole halls as headroom allows; whole: "
     "the project's one request, rule 2)", 15},
    {"grid", "fast_track_guarantee", DCB_KEY_BOOL, DCB_KEY_DEFAULT, "false", 0, 0, 0,
     "`true` only with policy = fast_track", NULL,
     "rule 21: fast-track projects' tranches granted at request, the shortfall built as "
     "dedicated works", 21},

    {"substation:NAME", "headroom_mw", DCB_KEY_NUMBER, DCB_KEY_REQUIRED, NULL, R_MIN, 0, 0, NULL,
     NULL, "grid MW connectable without works at the start", 0},
    {"substation:NAME", "reinforcement_mw", DCB_KEY_NUMBER, DCB_KEY_REQUIRED, NULL, R_MINOPEN, 0, 0,
     NULL, NULL, "grid MW added by one reinforcement", 0},
    {"substation:NAME", "connection_years", DCB_KEY_DURATION, DCB_KEY_INHERITS,
     "grid.connection_years", 0, 0, 0, NULL, NULL, "this substation's connection works, years", 0},
    {"substation:NAME", "reinforcement_years", DCB_KEY_DURATION, DCB_KEY_INHERITS,
     "grid.reinforcement_years", 0, 0, 0, NULL, NULL, "this substation's reinforcements, years", 0},
    {"substation:NAME", "moratorium", DCB_KEY_YEAR_SPAN, DCB_KEY_INHERITS, "grid.moratorium", 0, 0,
     0, NULL, NULL, "this substation's moratorium", 0},

    {"load:NAME", "substation", DCB_KEY_STRING, DCB_KEY_REQUIRED, NULL, 0, 0, 0,
     "an existing [substation:NAME]", NULL, "substation of a competing (non-data-center) load", 0},
    {"load:NAME", "mw", DCB_KEY_TRAJECTORY, DCB_KEY_REQUIRED, NULL, R_MIN, 0, 0,
     "every value >= 0, non-decreasing", NULL,
     "grid MW the load wants; each point asks for the increase (a number: one request at "
     "start_year)", 0},


    /* [reinforcement:NAME] (rule 20) and [corridor:NAME] (rule 23): no defaults but meur's 0
     * (DESIGN §4.2 "Keys of the second layer": absent groups, features off). */
    {"reinforcement:NAME", "substation", DCB_KEY_STRING, DCB_KEY_REQUIRED, NULL, 0, 0, 0,
     "an existing [substation:NAME]", NULL, "rule 20: substation a planned work reinforces", 20},
    {"reinforcement:NAME", "mw", DCB_KEY_NUMBER, DCB_KEY_REQUIRED, NULL, R_MINOPEN, 0, 0, NULL,
     NULL, "rule 20: grid MW added to the substation's headroom at ready", 20},
    {"reinforcement:NAME", "ready", DCB_KEY_YEAR_DIST, DCB_KEY_REQUIRED, NULL, 0, 0, 0,
     "years 1900..end_year + 200 at every draw (a year, tri or uniform)", NULL,
     "rule 20: date the work is done, drawn once per run", 20},
    {"reinforcement:NAME", "start", DCB_KEY_YEAR, DCB_KEY_OPTIONAL, NULL, 0, 0, 0,
     "<= the earliest ready", NULL,
     "rule 20: date the work starts (reinforcement_started, meur booked then)", 20},
    {"reinforcement:NAME", "meur", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "0", R_MIN, 0, 0, NULL, NULL,
     "rule 20: capex of the work, MEUR, at start", 20},

    {"corridor:NAME", "substations", DCB_KEY_NAME_LIST, DCB_KEY_REQUIRED, NULL, 0, 0, 0,
     "existing [substation:NAME]s, each in at most one corridor", NULL,
     "rule 23: member substations sharing the corridor's cap", 23},
    {"corridor:NAME", "cap_mw", DCB_KEY_TRAJECTORY, DCB_KEY_REQUIRED, NULL, R_MIN, 0, 0, NULL, NULL,
     "rule 23: grid MW the members may hold granted in all (its value at Y holds through Y)", 23},

    {"carbon", "grid_g_per_kwh", DCB_KEY_TRAJECTORY, DCB_KEY_DEFAULT, "40@2025, 25@2035, 15@2050",
     R_MIN, 0, 0, NULL, NULL, "grid carbon intensity, gCO2e/kWh", 0},
    {"carbon", "building_t_per_mw", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "1000", R_MIN, 0, 0, NULL,
     NULL, "embodied tCO2e per IT MW, at energization", 0},
    {"carbon", "it_t_per_mw", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "500", R_MIN, 0, 0, NULL, NULL,
     "embodied tCO2e per IT MW, at fit-out and each refresh", 0},
    {"carbon", "marginal_g_per_kwh", DCB_KEY_TRAJECTORY, DCB_KEY_OPTIONAL, NULL, R_MIN, 0, 0, NULL,
     NULL, "rule 26: marginal grid intensity, gCO2e/kWh (op_emissions_marginal_t; none: the grid's "
     "grid_g_per_kwh)", 26},

    {"capex", "facility_meur_per_mw", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "10", R_MIN, 0, 0, NULL,
     NULL, "MEUR per IT MW when a phase is built", 0},
    {"capex", "it_meur_per_mw", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "25", R_MIN, 0, 0, NULL, NULL,
     "MEUR per IT MW at fit-out and each refresh", 0},
    {"capex", "reinforcement_meur", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "200", R_MIN, 0, 0, NULL, NULL,
     "MEUR per reinforcement, when it starts", 0},

    {"investor", "enabled", DCB_KEY_BOOL, DCB_KEY_DEFAULT, "false", 0, 0, 0, NULL, NULL,
     "announce endogenous projects when demand outgrows capacity", 0},
    {"investor", "start_year", DCB_KEY_INTEGER, DCB_KEY_INHERITS, "scenario.start_year", 0, 0, 0,
     "start_year..end_year", NULL, "first 1 January on which the investor acts", 0},
    {"investor", "lookahead_years", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "5", R_MIN, 0, 0, NULL, NULL,
     "how far ahead the investor looks at demand, years", 0},
    {"investor", "project_mw", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "300", R_MINOPEN, 0, 0, NULL, NULL,
     "IT MW of an endogenous project", 0},
    {"investor", "phase_mw", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "100", R_MINOPEN, 0, 0, NULL, NULL,
     "IT MW of the phases of an endogenous project", 0},
    {"investor", "permit_years", DCB_KEY_DURATION, DCB_KEY_DEFAULT, "tri(1,1.5,3)", 0, 0, 0, NULL,
     NULL, "permitting duration, years (also the projects' default)", 0},
    {"investor", "phase_years", DCB_KEY_DURATION, DCB_KEY_DEFAULT, "tri(1,1.5,2.5)", 0, 0, 0, NULL,
     NULL, "construction of one phase, years (also the projects' default)", 0},
    {"investor", "cancel_probability", DCB_KEY_PROBABILITY, DCB_KEY_DEFAULT, "0.3", 0, 0, 0, NULL,
     NULL, "chance a project is cancelled at the end of permitting (also the projects' default)", 0},
    /* DESIGN §4.2 "Keys of the second layer". */
    {"investor", "siting", DCB_KEY_WORD, DCB_KEY_DEFAULT, "time_to_power", 0, 0, 0, NULL,
     dcb_siting_words,
     "rule 18: where the investor builds (legacy: the first version's choice, untouched sites "
     "only)", 18},
    /* Rule 22; 1 (no speculation: announce up to demand) is the first layer's reading.  DOMAIN
     * "Oversubscribed queues (rule 22)": announcements run at several times what gets built. */
    {"investor", "announce_factor", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "1", R_MIN, 1, 0, NULL, NULL,
     "rule 22: the investor announces while announce_factor x demand lookahead_years ahead "
     "exceeds what is operating, stranded, under construction or in the pipeline", 22},
    /* Rule 25, campuses differ: the investor's projects' own utilization and ramp, else
     * [operation]'s (a known project's: [project:NAME]). */
    {"investor", "utilization", DCB_KEY_NUMBER, DCB_KEY_INHERITS, "operation.utilization",
     R_MINOPEN | R_MAX, 0, 1, NULL, NULL, "rule 25: utilization of the investor's projects' halls",
     25},
    {"investor", "ramp_years", DCB_KEY_NUMBER, DCB_KEY_INHERITS, "operation.ramp_years", R_MIN, 0,
     0, NULL, NULL, "rule 25: ramp of the investor's projects' halls, years", 25},

    /* [developer]: every project's behaviour (rules 16-17); defaults as DESIGN §4.2 "Keys of the
     * second layer"; each key may be set per [project:NAME] too. */
    {"developer", "build_at_risk", DCB_KEY_BOOL, DCB_KEY_DEFAULT, "false", 0, 0, 0, NULL, NULL,
     "rule 16: false = a phase starts only against its granted tranche (financial close)", 16},
    {"developer", "phase_overlap", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "0", R_MIN | R_MAXOPEN, 0, 1,
     NULL, NULL, "rule 16: share of a phase's drawn duration that the next phase overlaps", 16},
    {"developer", "max_wait_years", DCB_KEY_NUMBER, DCB_KEY_OPTIONAL, NULL, R_MINOPEN, 0, 0, NULL,
     NULL, "rule 17: years after the first request before on_long_wait (none: wait as long as it "
     "takes)", 17},
    {"developer", "on_long_wait", DCB_KEY_WORD_LIST, DCB_KEY_DEFAULT, "relocate, abandon", 0, 0, 0,
     NULL, dcb_wait_words,
     "rule 17: actions tried in order after max_wait_years (the first that applies is taken)", 17},
    /* Rule 22: market_check off is the first layer's reading; market_years and defer_years are
     * est. (a developer's market horizon of about a campus's permit-to-operation time, and a
     * few years' wait before the land and the permit are let go). */
    {"developer", "market_check", DCB_KEY_BOOL, DCB_KEY_DEFAULT, "false", 0, 0, 0, NULL, NULL,
     "rule 22: at the end of permitting a project proceeds only if demand market_years ahead "
     "exceeds the committed capacity, else it is deferred", 22},
    {"developer", "market_years", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "5", R_MIN, 0, 0, NULL, NULL,
     "rule 22: how far ahead the market check looks at demand, years (est.)", 22},
    {"developer", "defer_years", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "3", R_MIN, 0, 0, NULL, NULL,
     "rule 22: a deferred project is cancelled at its first failed check this long after its "
     "deferral, years (est.)", 22},


    /* [onsite] (rule 19): DESIGN §4.2 "Keys of the second layer"; lead_years, g_per_kwh and
     * meur_per_mw are est. (DESIGN gives them as syntax; no source yet: a gas-engine plant's lead
     * time, intensity and capex of the order of magnitude). */
    {"onsite", "enabled", DCB_KEY_BOOL, DCB_KEY_DEFAULT, "false", 0, 0, 0, NULL, NULL,
     "rule 19: projects may bridge with on-site generation (on_long_wait = bridge)", 19},
    {"onsite", "lead_years", DCB_KEY_DURATION, DCB_KEY_DEFAULT, "tri(1,1.5,2)", 0, 0, 0, NULL, NULL,
     "rule 19: from bridging to on-site power, drawn once per bridging project, years (est.)", 19},
    {"onsite", "g_per_kwh", DCB_KEY_TRAJECTORY, DCB_KEY_DEFAULT, "450", R_MIN, 0, 0, NULL, NULL,
     "rule 19: carbon intensity of on-site generation, gCO2e/kWh (est.)", 19},
    {"onsite", "meur_per_mw", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "1.5", R_MIN, 0, 0, NULL, NULL,
     "rule 19: on-site capex per IT MW energized on it, MEUR (est.)", 19},

    /* Rule 26, the outcomes the region asks about: defaults as DESIGN §4.2 "Keys of the second
     * layer" (0 = not counted; a key's absence = the feature is off).  max_construction_jobs is
     * a number, not an integer: construction jobs are IT MW x construction_per_mw, a real number
     * (DESIGN left the type open). */
    {"jobs", "construction_per_mw", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "0", R_MIN, 0, 0, NULL, NULL,
     "rule 26: jobs per IT MW under construction (construction_jobs; 0 = not counted)", 26},
    {"jobs", "operations_per_mw", DCB_KEY_NUMBER, DCB_KEY_DEFAULT, "0", R_MIN, 0, 0, NULL, NULL,
     "rule 26: jobs per operating IT MW (operations_jobs; 0 = not counted)", 26},
    {"jobs", "max_construction_jobs", DCB_KEY_NUMBER, DCB_KEY_OPTIONAL, NULL, R_MINOPEN, 0, 0, NULL,
     NULL, "rule 26: a phase does not start while construction jobs plus its own would exceed this "
     "(none: no limit)", 26},
    {"heat", "reuse_share", DCB_KEY_TRAJECTORY, DCB_KEY_DEFAULT, "0", R_MIN | R_MAX, 0, 1, NULL,
     NULL, "rule 26: share of the IT energy of halls at heat_network sites delivered to a heat "
     "network (heat_reused_gwh)", 26},


    {"project:NAME", "site", DCB_KEY_STRING, DCB_KEY_REQUIRED, NULL, 0, 0, 0, NULL, NULL,
     "site (zone id) in the platform", 0},
    {"project:NAME", "operator", DCB_KEY_STRING, DCB_KEY_OPTIONAL, NULL, 0, 0, 0, NULL, NULL,
     "operator's name, for reports", 0},
    {"project:NAME", "announced", DCB_KEY_YEAR, DCB_KEY_REQUIRED, "unless operating_since", 0, 0,
     0, NULL, NULL, "announcement date", 0},
    {"project:NAME", "requested", DCB_KEY_YEAR, DCB_KEY_DERIVED, "announced", 0, 0, 0, NULL, NULL,
     "grid connection request date, when not the announcement", 0},
    {"project:NAME", "operating_since", DCB_KEY_YEAR, DCB_KEY_OPTIONAL, NULL, 0, 0, 0,
     "year <= start_year", NULL,
     "existing campus, fully operating from the start (then only site, phases_mw and operator "
     "matter)", 0},
    {"project:NAME", "phases_mw", DCB_KEY_LIST, DCB_KEY_REQUIRED, NULL, R_MINOPEN, 0, 0, "each > 0",
     NULL, "IT MW of each phase, built one after another", 0},
    {"project:NAME", "permit_years", DCB_KEY_DURATION, DCB_KEY_INHERITS, "investor.permit_years",
     0, 0, 0, NULL, NULL, "this project's permitting duration, years", 0},
    {"project:NAME", "phase_years", DCB_KEY_DURATION, DCB_KEY_INHERITS, "investor.phase_years", 0,
     0, 0, NULL, NULL, "this project's construction of one phase, years", 0},
    {"project:NAME", "cancel_probability", DCB_KEY_PROBABILITY, DCB_KEY_INHERITS,
     "investor.cancel_probability", 0, 0, 0, NULL, NULL, "this project's cancellation chance", 0},
    {"project:NAME", "fast_track", DCB_KEY_BOOL, DCB_KEY_DEFAULT, "false", 0, 0, 0, NULL, NULL,
     "served first under policy = fast_track", 0},
    {"project:NAME", "build_at_risk", DCB_KEY_BOOL, DCB_KEY_INHERITS, "developer.build_at_risk", 0,
     0, 0, NULL, NULL, "this project's financial close (rule 16)", 16},
    {"project:NAME", "phase_overlap", DCB_KEY_NUMBER, DCB_KEY_INHERITS, "developer.phase_overlap",
     R_MIN | R_MAXOPEN, 0, 1, NULL, NULL, "this project's phase overlap (rule 16)", 16},
    {"project:NAME", "max_wait_years", DCB_KEY_NUMBER, DCB_KEY_INHERITS,
     "developer.max_wait_years", R_MINOPEN, 0, 0, NULL, NULL, "this project's patience (rule 17)", 17},
    {"project:NAME", "on_long_wait", DCB_KEY_WORD_LIST, DCB_KEY_INHERITS, "developer.on_long_wait",
     0, 0, 0, NULL, dcb_wait_words, "this project's actions after a long wait (rule 17)", 17},
    {"project:NAME", "market_check", DCB_KEY_BOOL, DCB_KEY_INHERITS, "developer.market_check", 0,
     0, 0, NULL, NULL, "this project's market check (rule 22)", 22},
    {"project:NAME", "market_years", DCB_KEY_NUMBER, DCB_KEY_INHERITS, "developer.market_years",
     R_MIN, 0, 0, NULL, NULL, "this project's market horizon, years (rule 22)", 22},
    {"project:NAME", "defer_years", DCB_KEY_NUMBER, DCB_KEY_INHERITS, "developer.defer_years",
     R_MIN, 0, 0, NULL, NULL, "this project's wait for the market, years (rule 22)", 22},
    {"project:NAME", "utilization", DCB_KEY_NUMBER, DCB_KEY_INHERITS, "operation.utilization",
     R_MINOPEN | R_MAX, 0, 1, NULL, NULL, "this project's halls' utilization (rule 25)", 25},
    {"project:NAME", "ramp_years", DCB_KEY_NUMBER, DCB_KEY_INHERITS, "operation.ramp_years", R_MIN,
     0, 0, NULL, NULL, "this project's halls' ramp, years (rule 25)", 25},
};
/* clang-format on */

#undef R_MIN
#undef R_MINOPEN
#undef R_MAX
#undef R_MAXOPEN

const DcbKey *dcb_schema_keys(int *n)
{
  *n = (int)G_N_ELEMENTS(keys);
  return keys;
}

/* Length of the prefix before ':' of a named pattern ("project:NAME" -> 7), or 0. */
static gsize named_prefix(const char *pattern)
{
  const char *colon = strchr(pattern, ':');
  return colon ? (gsize)(colon - pattern) : 0;
}

const char *dcb_schema_group_pattern(const char *group)
{
  const char *colon = strchr(group, ':');
  for (gsize i = 0; i < G_N_ELEMENTS(keys); i++) {
    const char *pattern = keys[i].group;
    gsize n = named_prefix(pattern);
    if (n > 0) {
      if (colon != NULL && (gsize)(colon - group) == n && strncmp(group, pattern, n) == 0)
        return pattern;
    } else if (strcmp(group, pattern) == 0) {
      return pattern;
    }
  }
  return NULL;
}

const DcbKey *dcb_schema_find(const char *group, const char *key)
{
  const char *pattern = dcb_schema_group_pattern(group);
  if (pattern == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS(keys); i++)
    if (strcmp(keys[i].group, pattern) == 0 && strcmp(keys[i].key, key) == 0)
      return &keys[i];
  return NULL;
}

const char **dcb_schema_groups(void)
{
  GPtrArray *out = g_ptr_array_new();
  for (gsize i = 0; i < G_N_ELEMENTS(keys); i++) {
    gboolean seen = FALSE;
    for (guint j = 0; j < out->len && !seen; j++)
      seen = strcmp(out->pdata[j], keys[i].group) == 0;
    if (!seen)
      g_ptr_array_add(out, (gpointer)keys[i].group);
  }
  g_ptr_array_add(out, NULL);
  return (const char **)g_ptr_array_free(out, FALSE);
}

const char **dcb_schema_group_keys(const char *pattern)
{
  GPtrArray *out = g_ptr_array_new();
  for (gsize i = 0; i < G_N_ELEMENTS(keys); i++)
    if (strcmp(keys[i].group, pattern) == 0)
      g_ptr_array_add(out, (gpointer)keys[i].key);
  g_ptr_array_add(out, NULL);
  return (const char **)g_ptr_array_free(out, FALSE);
}

/* ---------------------------------------------------------------- name tables */

const char *dcb_words_name(const DcbWord *words, int value)
{
  for (int i = 0; words[i].name != NULL; i++)
    if (words[i].value == value)
      return words[i].name;
  return NULL;
}

gboolean dcb_words_value(const DcbWord *words, const char *name, int *value)
{
  for (int i = 0; words[i].name != NULL; i++)
    if (strcmp(words[i].name, name) == 0) {
      *value = words[i].value;
      return TRUE;
    }
  return FALSE;
}

char *dcb_words_expected(const DcbWord *words)
{
  GString *s = g_string_new("expected ");
  int n = 0;
  while (words[n].name != NULL)
    n++;
  for (int i = 0; i < n; i++)
    g_string_append_printf(s, "%s'%s'", i == 0 ? "" : i == n - 1 ? " or " : ", ", words[i].name);
  return g_string_free(s, FALSE);
}

/* ---------------------------------------------------------------- ranges */

static char *fmt_num(double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  return g_strdup(g_ascii_formatd(buf, sizeof buf, "%g", v));
}

gboolean dcb_schema_in_range(const DcbKey *row, double v)
{
  if (row->type == DCB_KEY_PROBABILITY)
    return v >= 0 && v <= 1;
  if ((row->range & DCB_RANGE_MIN) && !(v >= row->lo))
    return FALSE;
  if ((row->range & DCB_RANGE_MIN_OPEN) && !(v > row->lo))
    return FALSE;
  if ((row->range & DCB_RANGE_MAX) && !(v <= row->hi))
    return FALSE;
  if ((row->range & DCB_RANGE_MAX_OPEN) && !(v < row->hi))
    return FALSE;
  return TRUE;
}

/* The bound part: "> 0", ">= 1", "(0, 1]", "[0, 1)", "between 1900 and 2300"; NULL without a
 * range. */
static char *bounds_text(const DcbKey *row, gboolean message)
{
  g_autofree char *lo = fmt_num(row->lo);
  g_autofree char *hi = fmt_num(row->hi);
  const char *op = (row->range & DCB_RANGE_MIN_OPEN) ? ">" : ">=";
  const char *hi_op = (row->range & DCB_RANGE_MAX_OPEN) ? "<" : "<=";
  gboolean has_lo = (row->range & (DCB_RANGE_MIN | DCB_RANGE_MIN_OPEN)) != 0;
  gboolean has_hi = (row->range & (DCB_RANGE_MAX | DCB_RANGE_MAX_OPEN)) != 0;
  if (has_lo && has_hi) {
    if (row->type == DCB_KEY_INTEGER)
      return message ? g_strdup_printf("between %s and %s", lo, hi)
                     : g_strdup_printf("%s..%s", lo, hi);
    return g_strdup_printf("%s%s, %s%s", (row->range & DCB_RANGE_MIN_OPEN) ? "(" : "[", lo, hi,
                           (row->range & DCB_RANGE_MAX_OPEN) ? ")" : "]");
  }
  if (has_lo)
    return g_strdup_printf("%s %s", op, lo);
  if (has_hi)
    return g_strdup_printf("%s %s", hi_op, hi);
  return NULL;
}

char *dcb_schema_range_message(const DcbKey *row)
{
  if (row->type == DCB_KEY_PROBABILITY)
    return g_strdup("must be a probability in [0, 1]");
  g_autofree char *b = bounds_text(row, TRUE);
  if (b == NULL)
    return NULL;
  const unsigned lo_bits = DCB_RANGE_MIN | DCB_RANGE_MIN_OPEN;
  const unsigned hi_bits = DCB_RANGE_MAX | DCB_RANGE_MAX_OPEN;
  gboolean both = (row->range & lo_bits) && (row->range & hi_bits);
  switch (row->type) {
    case DCB_KEY_TRAJECTORY:
      return g_strdup_printf("every value must be %s", b);
    case DCB_KEY_INTEGER:
      return both ? g_strdup_printf("must be %s", b) : g_strdup_printf("must be an integer %s", b);
    default:
      return both ? g_strdup_printf("must be in %s", b) : g_strdup_printf("must be %s", b);
  }
}

/* ---------------------------------------------------------------- renderings */

static const char *type_name(DcbKeyType t)
{
  switch (t) {
    case DCB_KEY_NUMBER:
      return "number";
    case DCB_KEY_INTEGER:
      return "integer";
    case DCB_KEY_SEED:
      return "integer (64-bit)";
    case DCB_KEY_YEAR:
      return "year";
    case DCB_KEY_PROBABILITY:
      return "probability";
    case DCB_KEY_DURATION:
      return "distribution";
    case DCB_KEY_TRAJECTORY:
      return "trajectory";
    case DCB_KEY_BOOL:
      return "bool";
    case DCB_KEY_STRING:
      return "text";
    case DCB_KEY_WORD:
      return "word";
    case DCB_KEY_WORD_LIST:
      return "list of words";
    case DCB_KEY_PATH:
      return "path";
    case DCB_KEY_LIST:
      return "list of numbers";
    case DCB_KEY_NAME_LIST:
      return "list of names";
    case DCB_KEY_YEAR_DIST:
      return "year or distribution";
    case DCB_KEY_YEAR_SPAN:
      return "Y1-Y2";
  }
  return "?";
}

/* The range/words cell of a row (transfer full). */
static char *range_cell(const DcbKey *row)
{
  if (row->range_text != NULL)
    return g_strdup(row->range_text);
  switch (row->type) {
    case DCB_KEY_WORD:
    case DCB_KEY_WORD_LIST: {
      GString *s = g_string_new(NULL);
      for (int i = 0; row->words[i].name != NULL; i++)
        g_string_append_printf(s, "%s`%s`", i ? ", " : "", row->words[i].name);
      if (row->type == DCB_KEY_WORD_LIST)
        g_string_append(s, " (in order, each at most once)");
      return g_string_free(s, FALSE);
    }
    case DCB_KEY_PROBABILITY:
      return g_strdup("[0, 1]");
    case DCB_KEY_YEAR:
      return g_strdup_printf("%d..%d", DCB_SCHEMA_YEAR_MIN, DCB_SCHEMA_YEAR_MAX);
    case DCB_KEY_DURATION:
      return g_strdup(">= 0 at every draw");
    case DCB_KEY_SEED:
      return g_strdup(">= 0");
    case DCB_KEY_BOOL:
      return g_strdup("`true`, `false`");
    case DCB_KEY_YEAR_SPAN:
      return g_strdup_printf("Y1 <= Y2 (Y1 < Y2 when Y2 is decimal), years %d..%d",
                             DCB_SCHEMA_YEAR_MIN, DCB_SCHEMA_YEAR_MAX);
    default: {
      char *b = bounds_text(row, FALSE);
      if (b != NULL && row->type == DCB_KEY_TRAJECTORY) {
        char *every = g_strdup_printf("every value %s", b);
        g_free(b);
        return every;
      }
      return b ? b : g_strdup("-");
    }
  }
}

/* The default cell of a row (transfer full). */
static char *default_cell(const DcbKey *row)
{
  switch (row->need) {
    case DCB_KEY_DEFAULT:
      return g_strdup_printf("`%s`", row->def);
    case DCB_KEY_REQUIRED:
      return row->def ? g_strdup_printf("required (%s)", row->def) : g_strdup("required");
    case DCB_KEY_OPTIONAL:
      return g_strdup("none");
    case DCB_KEY_INHERITS: {
      const char *dot = strrchr(row->def, '.');
      g_autofree char *group = g_strndup(row->def, (gsize)(dot - row->def));
      return g_strdup_printf("[%s] %s", group, dot + 1);
    }
    case DCB_KEY_DERIVED:
      return g_strdup(row->def);
  }
  return g_strdup("");
}

/* Append a Markdown cell, '|' escaped. */
static void md_cell(GString *out, const char *text)
{
  g_string_append(out, " ");
  for (const char *c = text; *c; c++) {
    if (*c == '|')
      g_string_append_c(out, '\\');
    g_string_append_c(out, *c);
  }
  g_string_append(out, " |");
}

char *dcb_schema_markdown(void)
{
  GString *out = g_string_new("| group | key | type | default | range / words | doc |\n"
                              "|---|---|---|---|---|---|\n");
  for (gsize i = 0; i < G_N_ELEMENTS(keys); i++) {
    const DcbKey *row = &keys[i];
    g_autofree char *group = g_strdup_printf("[%s]", row->group);
    g_autofree char *key = g_strdup_printf("`%s`", row->key);
    g_autofree char *def = default_cell(row);
    g_autofree char *range = range_cell(row);
    g_string_append(out, "|");
    md_cell(out, group);
    md_cell(out, key);
    md_cell(out, type_name(row->type));
    md_cell(out, def);
    md_cell(out, range);
    md_cell(out, row->doc);
    g_string_append_c(out, '\n');
  }
  return g_string_free(out, FALSE);
}

/* Tokens the fuzzer needs beyond the table: the key-file syntax, then (after the table's
 * groups, keys and words) the distribution forms, override heads and numbers near the edges. */
/* clang-format off */
static const char *const dict_head[] = {"[", "]", "=", "\n", "#", "#set ", ",", "@", "(", ")", "-",
                                        NULL};
static const char *const dict_tail[] = {
    "tri(", "uniform(", "lognormal(", "normal(", "scenario.name=", "grid.crews=", "demand.growth=",
    "0", "-1", "1e308", "-1e308", "1e-320", "nan", "inf", "-inf", "0x10", "2147483648",
    "18446744073709551616", "9999999999", NULL};
/* clang-format on */

/* Append '"token"' once (tracked in 'seen'), escaped as libFuzzer reads it. */
static void dict_token(GString *out, GHashTable *seen, const char *token)
{
  if (!g_hash_table_add(seen, (gpointer)token))
    return;
  g_string_append_c(out, '"');
  for (const char *c = token; *c; c++) {
    if (*c == '"' || *c == '\\')
      g_string_append_printf(out, "\\%c", *c);
    else if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
      g_string_append_printf(out, "\\x%02x", (unsigned char)*c);
    else
      g_string_append_c(out, *c);
  }
  g_string_append(out, "\"\n");
}

char *dcb_schema_dict(void)
{
  GString *out = g_string_new(
      "# scenario.dict - libFuzzer dictionary for fuzz_scenario, generated from the key table by\n"
      "# `dcbuildout keys --format dict` (do not edit: run sh tests/tools/update-keys.sh BINARY):\n"
      "# the key-file syntax, the groups, keys and words of the table, the distribution forms,\n"
      "# override heads and numbers near the edges.\n");
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, NULL);
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func(g_free);
  for (int i = 0; dict_head[i] != NULL; i++)
    dict_token(out, seen, dict_head[i]);
  g_autofree const char **groups = dcb_schema_groups();
  for (int i = 0; groups[i] != NULL; i++) {
    gsize n = named_prefix(groups[i]);
    char *token =
        n > 0 ? g_strdup_printf("[%.*s:", (int)n, groups[i]) : g_strdup_printf("[%s]", groups[i]);
    g_ptr_array_add(owned, token);
    dict_token(out, seen, token);
  }
  for (gsize i = 0; i < G_N_ELEMENTS(keys); i++) {
    dict_token(out, seen, keys[i].key);
    if (keys[i].type == DCB_KEY_WORD || keys[i].type == DCB_KEY_WORD_LIST)
      for (int w = 0; keys[i].words[w].name != NULL; w++)
        dict_token(out, seen, keys[i].words[w].name);
    if (keys[i].type == DCB_KEY_BOOL) {
      dict_token(out, seen, "true");
      dict_token(out, seen, "false");
    }
  }
  for (int i = 0; dict_tail[i] != NULL; i++)
    dict_token(out, seen, dict_tail[i]);
  return g_string_free(out, FALSE);
}
