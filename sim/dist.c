/* dist.c - distributions, trajectories, random streams (see dist.h).  Work in progress. */
#include "dist.h"
#include "error.h"
#include <math.h>

gboolean dcb_dist_parse(const char *text, DcbDist *out, GError **error)
{
  (void)text, (void)out;
  g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "distributions are not parsed yet");
  return FALSE;
}
DcbDist dcb_dist_fixed(double value) { return (DcbDist){.kind = DCB_DIST_FIXED, .a = value}; }
double dcb_dist_sample(const DcbDist *d, DcbRng *rng) { (void)rng; return d->a; }
double dcb_dist_mean(const DcbDist *d) { return d->a; }
double dcb_dist_max(const DcbDist *d) { return d->a; }
double dcb_dist_min(const DcbDist *d) { return d->a; }
char *dcb_dist_to_string(const DcbDist *d) { return g_strdup_printf("%g", d->a); }
gboolean dcb_traj_parse(const char *text, DcbTraj *out, GError **error)
{
  (void)text, (void)out;
  g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "trajectories are not parsed yet");
  return FALSE;
}
DcbTraj dcb_traj_constant(double value) { DcbTraj t = {.n = 1}; t.value[0] = value; return t; }
double dcb_traj_at(const DcbTraj *t, double year) { (void)year; return t->value[0]; }
double dcb_traj_min(const DcbTraj *t) { return t->value[0]; }
double dcb_traj_max(const DcbTraj *t) { return t->value[0]; }
void dcb_rng_init(DcbRng *rng, guint64 seed, const char *entity) { (void)entity; rng->s[0] = rng->s[1] = rng->s[2] = rng->s[3] = seed | 1; }
guint64 dcb_rng_next(DcbRng *rng) { return rng->s[0]++; }
double dcb_rng_uniform(DcbRng *rng) { (void)rng; return 0.5; }
double dcb_rng_normal(DcbRng *rng) { (void)rng; return 0.0; }
guint64 dcb_seed_derive(guint64 seed, guint64 index) { return seed + index; }
