/* platform.h - the region's physical layout read from a SimGrid platform XML (pure, no SimGrid).
 *
 * DESIGN §4.1: a site is a <zone> that has a "substation" property; its <host>s are its halls.
 * A hall's IT capacity is the peak of its wattage_per_state "idle:epsilon:peak" (W), one pstate.
 * Other zones and hosts are allowed; at least one host outside every site is required: the
 * control host on which the model's actors live.
 *
 * The file is parsed with GMarkup (SimGrid is given a copy of what this holds: engine.c), so that
 * a malformed platform gives one clean line naming the file and the element
 * ("platforms/x.xml:12: <host id='a-h01'>: wattage_per_state: idle must not exceed epsilon")
 * instead of SimGrid's abort.  Sites are sorted by name, and the halls of a site by host name
 * (strcmp order, as SimGrid lists them), which is the order in which phases take halls.
 */
#ifndef DCB_PLATFORM_H
#define DCB_PLATFORM_H

#include <glib.h>

typedef struct {
  char *name;       /* host id */
  int site;         /* index into DcbPlatform.sites */
  double idle_w;    /* W at load 0 */
  double epsilon_w; /* W at the smallest load > 0 */
  double peak_w;    /* W at full load = IT capacity */
  double speed_f;   /* flop/s of one core (SimGrid speed) */
  int cores;        /* core count (1 unless given) */
} DcbHall;

typedef struct {
  char *name;       /* zone id */
  char *substation; /* "substation" property */
  char *town;       /* optional property, NULL when absent */
  gboolean turnkey; /* optional property "turnkey" = true|false */
  gboolean fast_track;
  gboolean heat_network; /* optional property "heat_network" = true|false (rule 26) */
  double lat, lon;       /* optional, NAN when absent */
  int first_hall; /* index of its first hall in DcbPlatform.halls (halls of a site are contiguous)
                   */
  int n_halls;
  double capacity_mw; /* sum of the halls' peaks, MW */
} DcbSite;

typedef struct {
  char *path;
  DcbSite *sites; /* sorted by name */
  int n_sites;
  DcbHall *halls; /* grouped by site (site order), by host name within a site */
  int n_halls;
  char *control_host; /* first host (by name) outside every site */
} DcbPlatform;

/* Parse and validate the platform file. (transfer full) */
DcbPlatform *dcb_platform_load(const char *path, GError **error);
void dcb_platform_free(DcbPlatform *pf);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DcbPlatform, dcb_platform_free)
int dcb_platform_site_index(const DcbPlatform *pf, const char *name);

/* Hall allocation rule (DESIGN §2.1 rule 7), shared by `check` and the model: take the site's
 * next free halls (host-name order, i.e. index order) until their peaks cover 'mw' (IT MW).
 * 'used' has one flag per hall of the platform (pf->n_halls); taken halls are flagged.
 * Writes the hall indices to 'out' (capacity >= the site's n_halls) and returns how many were
 * taken; returns fewer than needed (possibly 0) when the site runs out: *covered tells whether
 * the MW were covered. */
int dcb_platform_take_halls(const DcbPlatform *pf, int site, gboolean *used, double mw, int *out,
                            gboolean *covered);
#endif
