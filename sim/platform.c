/* platform.c - platform XML reading and validation (see platform.h).  Work in progress. */
#include "platform.h"
#include "error.h"

DcbPlatform *dcb_platform_load(const char *path, GError **error)
{
  g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: platforms are not read yet", path);
  return NULL;
}
void dcb_platform_free(DcbPlatform *pf) { g_free(pf); }
int dcb_platform_site_index(const DcbPlatform *pf, const char *name) { (void)pf, (void)name; return -1; }
int dcb_platform_take_halls(const DcbPlatform *pf, int site, gboolean *used, double mw, int *out,
                            gboolean *covered)
{
  (void)pf, (void)site, (void)used, (void)mw, (void)out;
  *covered = FALSE;
  return 0;
}
