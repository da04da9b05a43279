/* trace.c - the trace contract: column names, the in-memory trace and its CSV writers.
 *
 * Numbers are written with "%.10g" in the C locale (g_ascii_formatd), so the same run gives the
 * same bytes everywhere; "-0" is written "0".  Every file starts with provenance lines
 * ("# key: value") and a header line, and is written to a temporary file in the target
 * directory, then renamed: a reader never sees half a file.
 */
#include "trace.h"
#include "error.h"
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#define DCB_COL_NAME(id, name) name,
const char *const dcb_yearly_column_names[DCB_Y_N] = {DCB_YEARLY_COLUMNS(DCB_COL_NAME)};
const char *const dcb_site_column_names[DCB_S_N] = {DCB_SITE_COLUMNS(DCB_COL_NAME)};
const char *const dcb_substation_column_names[DCB_B_N] = {DCB_SUBSTATION_COLUMNS(DCB_COL_NAME)};
const char *const dcb_corridor_column_names[DCB_C_N] = {DCB_CORRIDOR_COLUMNS(DCB_COL_NAME)};
const char *const dcb_event_names[DCB_EV_N] = {DCB_EVENT_KINDS(DCB_COL_NAME)};
#undef DCB_COL_NAME

int dcb_yearly_column_index(const char *name)
{
  for (int i = 0; i < DCB_Y_N; i++)
    if (strcmp(dcb_yearly_column_names[i], name) == 0)
      return i;
  return -1;
}

DcbTrace *dcb_trace_new(int first_year, int n_years, int n_sites, int n_substations)
{
  g_assert(n_years >= 0 && n_sites >= 0 && n_substations >= 0);
  DcbTrace *tr = g_new0(DcbTrace, 1);
  tr->first_year = first_year;
  tr->n_years = n_years;
  tr->yearly = g_new0(double, (gsize)n_years *DCB_Y_N);
  tr->n_sites = n_sites;
  tr->site_names = g_new0(char *, n_sites + 1);
  tr->site_substations = g_new0(char *, n_sites + 1);
  tr->sites = g_new0(double, (gsize)n_years *n_sites *DCB_S_N);
  tr->n_substations = n_substations;
  tr->substation_names = g_new0(char *, n_substations + 1);
  tr->substations = g_new0(double, (gsize)n_years *n_substations *DCB_B_N);
  tr->corridor_names = g_new0(char *, 1);
  /* A few hundred events in a typical run: reserve them, rather than grow by copying. */
  tr->events = g_array_sized_new(FALSE, TRUE, sizeof(DcbEvent), 512);
  tr->names = g_string_chunk_new(4096);
  return tr;
}

void dcb_trace_free(DcbTrace *tr)
{
  if (tr == NULL)
    return;
  g_free(tr->yearly);
  g_strfreev(tr->site_names);
  g_strfreev(tr->site_substations);
  g_free(tr->sites);
  g_strfreev(tr->substation_names);
  g_free(tr->substations);
  g_strfreev(tr->corridor_names);
  g_free(tr->corridors);
  g_array_unref(tr->events);
  g_string_chunk_free(tr->names);
  g_free(tr);
}

double *dcb_trace_yearly_row(DcbTrace *tr, int year_index)
{
  g_assert(year_index >= 0 && year_index < tr->n_years);
  return tr->yearly + (gsize)year_index * DCB_Y_N;
}

double *dcb_trace_site_row(DcbTrace *tr, int year_index, int site)
{
  g_assert(year_index >= 0 && year_index < tr->n_years && site >= 0 && site < tr->n_sites);
  return tr->sites + ((gsize)year_index * tr->n_sites + site) * DCB_S_N;
}

double *dcb_trace_substation_row(DcbTrace *tr, int year_index, int substation)
{
  g_assert(year_index >= 0 && year_index < tr->n_years && substation >= 0 &&
           substation < tr->n_substations);
  return tr->substations + ((gsize)year_index * tr->n_substations + substation) * DCB_B_N;
}

void dcb_trace_set_corridors(DcbTrace *tr, int n_corridors)
{
  g_assert(n_corridors >= 0 && tr->n_corridors == 0 && tr->corridors == NULL);
  tr->n_corridors = n_corridors;
  g_strfreev(tr->corridor_names);
  tr->corridor_names = g_new0(char *, n_corridors + 1);
  tr->corridors = g_new0(double, (gsize)tr->n_years *n_corridors *DCB_C_N);
}

double *dcb_trace_corridor_row(DcbTrace *tr, int year_index, int corridor)
{
  g_assert(year_index >= 0 && year_index < tr->n_years && corridor >= 0 &&
           corridor < tr->n_corridors);
  return tr->corridors + ((gsize)year_index * tr->n_corridors + corridor) * DCB_C_N;
}

void dcb_trace_add_event(DcbTrace *tr, double time, DcbEventKind kind, const char *project,
                         const char *site, const char *substation, double mw)
{
  DcbEvent ev = {.time = time,
                 .kind = kind,
                 .project = g_string_chunk_insert_const(tr->names, project ? project : ""),
                 .site = g_string_chunk_insert_const(tr->names, site ? site : ""),
                 .substation = g_string_chunk_insert_const(tr->names, substation ? substation : ""),
                 .mw = mw};
  g_array_append_val(tr->events, ev);
}

const char *dcb_trace_format_number(char *buf, gsize len, double v)
{
  g_assert(len >= 32);
  g_ascii_formatd(buf, (int)len, "%.10g", v);
  if (strcmp(buf, "-0") == 0)
    strcpy(buf, "0");
  return buf;
}

gboolean dcb_write_file_atomic(const char *path, const char *contents, gssize len, GError **error)
{
  /* A temporary file beside 'path', renamed over it: readers see the old file or the new one,
   * never half of one.  Not fsync'ed (CONSISTENT, not DURABLE): a trace lost in a power cut is
   * simply rerun, and the fsyncs cost more than a small simulation. */
  GError *local = NULL;
  if (!g_file_set_contents_full(path, contents, len, G_FILE_SET_CONTENTS_CONSISTENT, 0666,
                                &local)) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot write '%s': %s", path, local->message);
    g_error_free(local);
    return FALSE;
  }
  return TRUE;
}

gboolean dcb_write_file_durable(const char *path, const char *contents, gssize len, GError **error)
{
  GError *local = NULL;
  if (!g_file_set_contents(path, contents, len, &local)) { /* fsync'ed, then renamed */
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot write '%s': %s", path, local->message);
    g_error_free(local);
    return FALSE;
  }
  return TRUE;
}

static void append_number(GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append(s, dcb_trace_format_number(buf, sizeof buf, v));
}

void dcb_csv_append_field(GString *s, const char *text)
{
  if (strpbrk(text, ",\"\n\r") == NULL) {
    g_string_append(s, text);
    return;
  }
  g_string_append_c(s, '"');
  for (const char *p = text; *p; p++) {
    if (*p == '"')
      g_string_append_c(s, '"');
    g_string_append_c(s, (*p == '\n' || *p == '\r') ? ' ' : *p);
  }
  g_string_append_c(s, '"');
}

static gboolean write_string(const char *dir, const char *name, GString *s, GError **error)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  return dcb_write_file_atomic(path, s->str, (gssize)s->len, error);
}

gboolean dcb_make_dir(const char *dir, GError **error)
{
  if (g_mkdir_with_parents(dir, 0755) != 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "cannot create directory '%s': %s", dir,
                g_strerror(errno));
    return FALSE;
  }
  return TRUE;
}

gboolean dcb_trace_write(const DcbTrace *tr, const DcbProvenance *prov, const char *dir,
                         GError **error)
{
  if (!dcb_make_dir(dir, error))
    return FALSE;
  g_autoptr(GString) s = g_string_sized_new(4096);

  dcb_provenance_append(s, prov);
  for (int c = 0; c < DCB_Y_N; c++)
    g_string_append_printf(s, "%s%s", c ? "," : "", dcb_yearly_column_names[c]);
  g_string_append_c(s, '\n');
  for (int y = 0; y < tr->n_years; y++) {
    const double *row = tr->yearly + (gsize)y * DCB_Y_N;
    for (int c = 0; c < DCB_Y_N; c++) {
      if (c)
        g_string_append_c(s, ',');
      append_number(s, row[c]);
    }
    g_string_append_c(s, '\n');
  }
  if (!write_string(dir, "yearly.csv", s, error))
    return FALSE;

  g_string_truncate(s, 0);
  dcb_provenance_append(s, prov);
  g_string_append(s, "year,site,substation");
  for (int c = 0; c < DCB_S_N; c++)
    g_string_append_printf(s, ",%s", dcb_site_column_names[c]);
  g_string_append_c(s, '\n');
  for (int y = 0; y < tr->n_years; y++)
    for (int i = 0; i < tr->n_sites; i++) {
      const double *row = tr->sites + ((gsize)y * tr->n_sites + i) * DCB_S_N;
      g_string_append_printf(s, "%d,", tr->first_year + y);
      dcb_csv_append_field(s, tr->site_names[i]);
      g_string_append_c(s, ',');
      dcb_csv_append_field(s, tr->site_substations[i]);
      for (int c = 0; c < DCB_S_N; c++) {
        g_string_append_c(s, ',');
        append_number(s, row[c]);
      }
      g_string_append_c(s, '\n');
    }
  if (!write_string(dir, "sites.csv", s, error))
    return FALSE;

  g_string_truncate(s, 0);
  dcb_provenance_append(s, prov);
  g_string_append(s, "year,substation");
  for (int c = 0; c < DCB_B_N; c++)
    g_string_append_printf(s, ",%s", dcb_substation_column_names[c]);
  g_string_append_c(s, '\n');
  for (int y = 0; y < tr->n_years; y++)
    for (int i = 0; i < tr->n_substations; i++) {
      const double *row = tr->substations + ((gsize)y * tr->n_substations + i) * DCB_B_N;
      g_string_append_printf(s, "%d,", tr->first_year + y);
      dcb_csv_append_field(s, tr->substation_names[i]);
      for (int c = 0; c < DCB_B_N; c++) {
        g_string_append_c(s, ',');
        append_number(s, row[c]);
      }
      g_string_append_c(s, '\n');
    }
  if (!write_string(dir, "substations.csv", s, error))
    return FALSE;

  g_string_truncate(s, 0);
  dcb_provenance_append(s, prov);
  g_string_append(s, "time,event,project,site,substation,mw\n");
  for (guint i = 0; i < tr->events->len; i++) {
    const DcbEvent *ev = &g_array_index(tr->events, DcbEvent, i);
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append(s, g_ascii_formatd(buf, sizeof buf, "%.4f", ev->time));
    g_string_append_printf(s, ",%s,", dcb_event_names[ev->kind]);
    dcb_csv_append_field(s, ev->project);
    g_string_append_c(s, ',');
    dcb_csv_append_field(s, ev->site);
    g_string_append_c(s, ',');
    dcb_csv_append_field(s, ev->substation);
    g_string_append_c(s, ',');
    append_number(s, ev->mw);
    g_string_append_c(s, '\n');
  }
  if (!write_string(dir, "events.csv", s, error))
    return FALSE;

  g_string_truncate(s, 0);
  dcb_provenance_append(s, prov);
  g_string_append(s, "year,corridor");
  for (int c = 0; c < DCB_C_N; c++)
    g_string_append_printf(s, ",%s", dcb_corridor_column_names[c]);
  g_string_append_c(s, '\n');
  for (int y = 0; y < tr->n_years; y++)
    for (int i = 0; i < tr->n_corridors; i++) {
      const double *row = tr->corridors + ((gsize)y * tr->n_corridors + i) * DCB_C_N;
      g_string_append_printf(s, "%d,", tr->first_year + y);
      dcb_csv_append_field(s, tr->corridor_names[i]);
      for (int c = 0; c < DCB_C_N; c++) {
        g_string_append_c(s, ',');
        append_number(s, row[c]);
      }
      g_string_append_c(s, '\n');
    }
  return write_string(dir, "corridors.csv", s, error);
}
