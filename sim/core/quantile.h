/* quantile.h - summary statistics of a sample: mean and the quantiles of the fan charts.
 *
 * Quantiles use linear interpolation between order statistics, Hyndman & Fan type 7 (R's
 * default, numpy's "linear"): for n sorted values x[0..n-1] and probability p, h = (n - 1) p,
 * Q(p) = x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)]).  So Q(0) is the minimum,
 * Q(1) the maximum, and a single value is every quantile.  The mean is summed in the order
 * given (callers give replication order), so results never depend on the order in which
 * replications finished.  Pure: no SimGrid, no allocation beyond the caller's buffers.
 */
#ifndef DCB_QUANTILE_H
#define DCB_QUANTILE_H

#include <glib.h>

/* The summary written in quantiles.csv (same units as the sample). */
typedef struct {
  int n; /* values summarised (NaN values are left out) */
  double mean;
  double p05, p25, p50, p75, p95;
} DcbQuantiles;

/* Type-7 quantile of n >= 1 values sorted in increasing order; p in [0, 1]. */
double dcb_quantile_sorted(const double *sorted, int n, double p);
/* Summarise 'values' (n of them, NaN ones skipped): mean in the given order, then sorts the
 * finite values into 'scratch' (n doubles, caller's) for the quantiles.  With no value left every
 * field but n is NaN. */
void dcb_quantile_summarize(const double *values, int n, double *scratch, DcbQuantiles *out);

#endif
