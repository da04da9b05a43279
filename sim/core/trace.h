/* trace.h - the trace contract (DESIGN §5): column names, the in-memory trace of one run, and
 * the CSV writers (pure, no SimGrid).
 *
 * The column names below are the only place where they are spelled: gnuplot scripts, quantiles
 * and sweep outcomes select columns by these names, so they are a contract.  A DcbTrace holds
 * what one simulation produced: one row of DCB_Y_N doubles per year, one row of DCB_S_N doubles
 * per (year, site), and the event list in emission order.  Files are written in the C locale
 * with provenance lines ("# key: value", provenance.h) first, each to a temporary file renamed
 * into place.
 */
#ifndef DCB_TRACE_H
#define DCB_TRACE_H

#include "provenance.h"
#include <glib.h>

/* yearly.csv columns, in file order. */
#define DCB_YEARLY_COLUMNS(X)                                                                      \
  X(YEAR, "year")                                                                                  \
  X(DEMAND_MW, "demand_mw")                                                                        \
  X(OPERATING_MW, "operating_mw")                                                                  \
  X(SERVED_MW, "served_mw")                                                                        \
  X(UNMET_MW, "unmet_mw")                                                                          \
  X(UNDER_CONSTRUCTION_MW, "under_construction_mw")                                                \
  X(STRANDED_MW, "stranded_mw")                                                                    \
  X(PIPELINE_MW, "pipeline_mw")                                                                    \
  X(GRID_QUEUE_MW, "grid_queue_mw")                                                                \
  X(HEADROOM_MW, "headroom_mw")                                                                    \
  X(FITTED_MW, "fitted_mw")                                                                        \
  X(IT_ENERGY_GWH, "it_energy_gwh")                                                                \
  X(FACILITY_ENERGY_GWH, "facility_energy_gwh")                                                    \
  X(OP_EMISSIONS_T, "op_emissions_t")                                                              \
  X(EMBODIED_EMISSIONS_T, "embodied_emissions_t")                                                  \
  X(CUMULATIVE_EMISSIONS_T, "cumulative_emissions_t")                                              \
  X(COMPUTE_EFLOPS, "compute_eflops")                                                              \
  X(CAPEX_MEUR, "capex_meur")                                                                      \
  X(PUE, "pue")                                                                                    \
  X(GRID_G_PER_KWH, "grid_g_per_kwh")                                                              \
  X(TARGET_MW, "target_mw")                                                                        \
  X(LEAKED_MW, "leaked_mw")                                                                        \
  X(ONSITE_MW, "onsite_mw")                                                                        \
  X(ONSITE_ENERGY_GWH, "onsite_energy_gwh")                                                        \
  X(WAITING_GRID_MW, "waiting_grid_mw")                                                            \
  X(CONSTRUCTION_JOBS, "construction_jobs")                                                        \
  X(OPERATIONS_JOBS, "operations_jobs")                                                            \
  X(WATER_M3, "water_m3")                                                                          \
  X(HEAT_REUSED_GWH, "heat_reused_gwh")                                                            \
  X(OP_EMISSIONS_MARGINAL_T, "op_emissions_marginal_t")                                            \
  X(FACILITY_POWER_MW, "facility_power_mw")

#define DCB_COL_ENUM(id, name) DCB_Y_##id,
typedef enum { DCB_YEARLY_COLUMNS(DCB_COL_ENUM) DCB_Y_N } DcbYearlyCol;
#undef DCB_COL_ENUM

/* sites.csv numeric columns (after year, site, substation). */
#define DCB_SITE_COLUMNS(X)                                                                        \
  X(OPERATING_MW, "operating_mw")                                                                  \
  X(STRANDED_MW, "stranded_mw")                                                                    \
  X(IT_ENERGY_GWH, "it_energy_gwh")                                                                \
  X(FACILITY_ENERGY_GWH, "facility_energy_gwh")                                                    \
  X(OP_EMISSIONS_T, "op_emissions_t")                                                              \
  X(EMBODIED_EMISSIONS_T, "embodied_emissions_t")                                                  \
  X(HEAT_REUSED_GWH, "heat_reused_gwh")                                                            \
  X(WATER_M3, "water_m3")

#define DCB_COL_ENUM(id, name) DCB_S_##id,
typedef enum { DCB_SITE_COLUMNS(DCB_COL_ENUM) DCB_S_N } DcbSiteCol;
#undef DCB_COL_ENUM

/* substations.csv numeric columns (after year, substation): the grid figure. */
#define DCB_SUBSTATION_COLUMNS(X)                                                                  \
  X(HEADROOM_MW, "headroom_mw")                                                                    \
  X(QUEUE_MW, "queue_mw")                                                                          \
  X(GRANTED_MW, "granted_mw")                                                                      \
  X(REINFORCEMENTS_DONE, "reinforcements_done")                                                    \
  X(REINFORCING, "reinforcing")

#define DCB_COL_ENUM(id, name) DCB_B_##id,
typedef enum { DCB_SUBSTATION_COLUMNS(DCB_COL_ENUM) DCB_B_N } DcbSubstationCol;
#undef DCB_COL_ENUM

/* corridors.csv numeric columns (after year, corridor): rule 23's caps for the grid figure. */
#define DCB_CORRIDOR_COLUMNS(X)                                                                    \
  X(CAP_MW, "cap_mw")                                                                              \
  X(USED_MW, "used_mw")

#define DCB_COL_ENUM(id, name) DCB_C_##id,
typedef enum { DCB_CORRIDOR_COLUMNS(DCB_COL_ENUM) DCB_C_N } DcbCorridorCol;
#undef DCB_COL_ENUM

extern const char *const dcb_yearly_column_names[DCB_Y_N];
extern const char *const dcb_site_column_names[DCB_S_N];
extern const char *const dcb_substation_column_names[DCB_B_N];
extern const char *const dcb_corridor_column_names[DCB_C_N];
/* Index of a yearly column by name, or -1. */
int dcb_yearly_column_index(const char *name);

#define DCB_EVENT_KINDS(X)                                                                         \
  X(ANNOUNCED, "announced")                                                                        \
  X(PERMITTED, "permitted")                                                                        \
  X(CANCELLED, "cancelled")                                                                        \
  X(CONNECTION_REQUESTED, "connection_requested")                                                  \
  X(CONNECTION_GRANTED, "connection_granted")                                                      \
  X(CONNECTION_READY, "connection_ready")                                                          \
  X(REINFORCEMENT_STARTED, "reinforcement_started")                                                \
  X(REINFORCEMENT_DONE, "reinforcement_done")                                                      \
  X(PHASE_STARTED, "phase_started")                                                                \
  X(PHASE_BUILT, "phase_built")                                                                    \
  X(ENERGIZED, "energized")                                                                        \
  X(FITTED, "fitted")                                                                              \
  X(REFRESHED, "refreshed")                                                                        \
  X(RELEASED, "released")                                                                          \
  X(RELOCATED, "relocated")                                                                        \
  X(BRIDGED, "bridged")                                                                            \
  X(GRID_CONNECTED, "grid_connected")                                                              \
  X(DEFERRED, "deferred")

#define DCB_COL_ENUM(id, name) DCB_EV_##id,
typedef enum { DCB_EVENT_KINDS(DCB_COL_ENUM) DCB_EV_N } DcbEventKind;
#undef DCB_COL_ENUM
extern const char *const dcb_event_names[DCB_EV_N];

typedef struct {
  double time; /* decimal year */
  DcbEventKind kind;
  const char *project;    /* project or load name; "" when none (owned by the trace) */
  const char *site;       /* "" when none (owned by the trace) */
  const char *substation; /* "" when none (owned by the trace) */
  double mw;              /* IT MW (grid MW for connection_* / released / reinforcement_*) */
} DcbEvent;

typedef struct {
  int first_year; /* start_year */
  int n_years;    /* rows: first_year .. first_year + n_years - 1 */
  double *yearly; /* n_years x DCB_Y_N */
  int n_sites;
  char **site_names;       /* n_sites, owned */
  char **site_substations; /* n_sites, owned */
  double *sites;           /* n_years x n_sites x DCB_S_N */
  int n_substations;
  char **substation_names; /* owned */
  double *substations;     /* n_years x n_substations x DCB_B_N */
  int n_corridors;         /* 0 unless dcb_trace_set_corridors was called */
  char **corridor_names;   /* owned, n_corridors + 1 (NULL-terminated) */
  double *corridors;       /* n_years x n_corridors x DCB_C_N */
  GArray *events;          /* of DcbEvent, in emission order (time non-decreasing) */
  GStringChunk *names;     /* the events' strings, each stored once */
} DcbTrace;

/* (transfer full) */
DcbTrace *dcb_trace_new(int first_year, int n_years, int n_sites, int n_substations);
void dcb_trace_free(DcbTrace *tr);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DcbTrace, dcb_trace_free)
double *dcb_trace_yearly_row(DcbTrace *tr, int year_index);
double *dcb_trace_site_row(DcbTrace *tr, int year_index, int site);
double *dcb_trace_substation_row(DcbTrace *tr, int year_index, int substation);
/* Give the trace 'n_corridors' corridors (rows zeroed, names to be filled by the caller); at
 * most once, before any corridor row is asked for. */
void dcb_trace_set_corridors(DcbTrace *tr, int n_corridors);
double *dcb_trace_corridor_row(DcbTrace *tr, int year_index, int corridor);
/* Append an event (strings copied once per distinct value; NULL is stored as ""). */
void dcb_trace_add_event(DcbTrace *tr, double time, DcbEventKind kind, const char *project,
                         const char *site, const char *substation, double mw);

/* Format a number for the CSV files: C locale, "%.10g", "-0" written as "0". buf >= 32 bytes. */
const char *dcb_trace_format_number(char *buf, gsize len, double v);

/* Append a CSV field: as is, or double-quoted (quotes doubled) when it holds a comma, quote or
 * line break; line breaks become spaces so that every record stays on one line. */
void dcb_csv_append_field(GString *s, const char *text);

/* Write contents to 'path' atomically (temporary file in the same directory, then rename). */
gboolean dcb_write_file_atomic(const char *path, const char *contents, gssize len, GError **error);
/* The same, fsync'ed before the rename: for files whose presence means "done" across machine
 * crashes (sweep point results on a cluster). */
gboolean dcb_write_file_durable(const char *path, const char *contents, gssize len, GError **error);

/* Create 'dir' and its parents (mode 0755) unless they exist; FALSE with *error
 * (DCB_ERROR_RUNTIME, "cannot create directory 'DIR': REASON") when it cannot. */
gboolean dcb_make_dir(const char *dir, GError **error);

/* Write yearly.csv, sites.csv, substations.csv, events.csv and corridors.csv (a header line
 * alone when there is no corridor) into 'dir' (created if needed). */
gboolean dcb_trace_write(const DcbTrace *tr, const DcbProvenance *prov, const char *dir,
                         GError **error);

#endif
