/* drivers.h - which drawn inputs move an outcome: partial rank correlation (DESIGN §5,
 * drivers.csv).
 *
 * For a Monte Carlo whose replications drew k inputs (rule 25), the partial rank correlation
 * coefficient (PRCC) of input i with an outcome is the correlation between the ranks of input i
 * and the ranks of the outcome once the linear effect of the other inputs' ranks is removed from
 * both.  Method: every column is rank-transformed (ties get their average rank), the Pearson
 * correlation matrix C of the k' inputs that vary and the outcome is formed, and with P = C^-1,
 * PRCC(i) = -P[i][y] / sqrt(P[i][i] P[y][y]) (the standard identity between a precision matrix
 * and partial correlations).  A rank-based measure: monotone effects count, their shape does
 * not.  Pure (no SimGrid); deterministic: the same values give the same bytes.
 */
#ifndef DCB_DRIVERS_H
#define DCB_DRIVERS_H

#include <glib.h>

/* PRCC of each of k inputs with one outcome over n replications.  x is n x k, row-major
 * (replication r, input i at x[r * k + i]); y has n values.  Replications whose outcome or any
 * input is NaN are left out.  out[i] is the coefficient in [-1, 1], or NaN when input i does
 * not vary over the replications kept (or the outcome does not, or fewer than k' + 3 replications
 * are left, or the inputs are collinear).  An input whose ranks are the outcome's (or their
 * reverse) gets +-1 and the others 0.  Returns the number of replications used. */
int dcb_drivers_prcc(const double *x, int n, int k, const double *y, double *out);

/* Average ranks (1-based) of n values into 'ranks' (ties share the mean of their ranks). */
void dcb_drivers_ranks(const double *v, int n, double *ranks);

#endif
