/* quantile.c - mean and type-7 quantiles of a sample (see quantile.h).
 *
 * Sorting uses sort.h's introsort on doubles (NaN never reaches it: it is filtered out first):
 * the sorted values are the same whatever their arrival order (only -0 and +0, equal, may trade
 * places, and no quantile or mean tells them apart once printed).
 */
#include "quantile.h"
#include "sort.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static inline gboolean double_less(const double *a, const double *b)
{
  return *a < *b;
}

DCB_DEFINE_SORT(double, sort_doubles, double_less)

double dcb_quantile_sorted(const double *sorted, int n, double p)
{
  g_assert(n >= 1 && p >= 0.0 && p <= 1.0);
  double h = (n - 1) * p;
  int lo = (int)floor(h);
  if (lo >= n - 1)
    return sorted[n - 1];
  double frac = h - lo;
  /* Written so that equal neighbours give exactly that value (no rounding drift). */
  return frac == 0.0 ? sorted[lo] : sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

void dcb_quantile_summarize(const double *values, int n, double *scratch, DcbQuantiles *out)
{
  int m = 0;
  double sum = 0.0;
  for (int i = 0; i < n; i++) {
    if (isnan(values[i]))
      continue;
    sum += values[i];
    scratch[m++] = values[i];
  }
  out->n = m;
  if (m == 0) {
    out->mean = out->p05 = out->p25 = out->p50 = out->p75 = out->p95 = NAN;
    return;
  }
  sort_doubles(scratch, (gsize)m);
  out->mean = sum / m;
  out->p05 = dcb_quantile_sorted(scratch, m, 0.05);
  out->p25 = dcb_quantile_sorted(scratch, m, 0.25);
  out->p50 = dcb_quantile_sorted(scratch, m, 0.50);
  out->p75 = dcb_quantile_sorted(scratch, m, 0.75);
  out->p95 = dcb_quantile_sorted(scratch, m, 0.95);
}
