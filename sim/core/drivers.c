/* drivers.c - partial rank correlation of drawn inputs with outcomes (see drivers.h). */
#include "drivers.h"
#include "sort.h"
#include <math.h>
#include <stdlib.h>

typedef struct {
  double v;
  int i;
} Keyed;

/* A total order (ties by index): the same ranks whatever the sort does. */
static inline gboolean keyed_less(const Keyed *x, const Keyed *y)
{
  if (x->v != y->v)
    return x->v < y->v;
  return x->i < y->i;
}

DCB_DEFINE_SORT(Keyed, sort_keyed, keyed_less)

void dcb_drivers_ranks(const double *v, int n, double *ranks)
{
  Keyed *k = g_new(Keyed, n > 0 ? n : 1);
  for (int i = 0; i < n; i++)
    k[i] = (Keyed){.v = v[i], .i = i};
  sort_keyed(k, (gsize)n);
  for (int a = 0; a < n;) {
    int b = a;
    while (b + 1 < n && k[b + 1].v == k[a].v)
      b++;
    double mean = (a + b) / 2.0 + 1.0; /* ranks a+1 .. b+1 */
    for (int j = a; j <= b; j++)
      ranks[k[j].i] = mean;
    a = b + 1;
  }
  g_free(k);
}

/* Invert the m x m matrix a in place (Gauss-Jordan, partial pivoting) into inv; FALSE when a
 * pivot is below 1e-12 (collinear columns). */
static gboolean invert(double *a, double *inv, int m)
{
  for (int i = 0; i < m; i++)
    for (int j = 0; j < m; j++)
      inv[i * m + j] = i == j;
  for (int c = 0; c < m; c++) {
    int p = c;
    for (int r = c + 1; r < m; r++)
      if (fabs(a[r * m + c]) > fabs(a[p * m + c]))
        p = r;
    if (fabs(a[p * m + c]) < 1e-12)
      return FALSE;
    if (p != c)
      for (int j = 0; j < m; j++) {
        double t = a[c * m + j];
        a[c * m + j] = a[p * m + j];
        a[p * m + j] = t;
        t = inv[c * m + j];
        inv[c * m + j] = inv[p * m + j];
        inv[p * m + j] = t;
      }
    double d = a[c * m + c];
    for (int j = 0; j < m; j++) {
      a[c * m + j] /= d;
      inv[c * m + j] /= d;
    }
    for (int r = 0; r < m; r++) {
      if (r == c || a[r * m + c] == 0)
        continue;
      double f = a[r * m + c];
      for (int j = 0; j < m; j++) {
        a[r * m + j] -= f * a[c * m + j];
        inv[r * m + j] -= f * inv[c * m + j];
      }
    }
  }
  return TRUE;
}

int dcb_drivers_prcc(const double *x, int n, int k, const double *y, double *out)
{
  for (int i = 0; i < k; i++)
    out[i] = NAN;
  /* The replications kept: outcome and every input defined. */
  int *keep = g_new(int, n > 0 ? n : 1);
  int nk = 0;
  for (int r = 0; r < n; r++) {
    gboolean ok = !isnan(y[r]);
    for (int i = 0; i < k && ok; i++)
      ok = !isnan(x[(gsize)r * k + i]);
    if (ok)
      keep[nk++] = r;
  }
  /* Ranks of each column over the kept replications; column k is the outcome. */
  double *col = g_new(double, nk > 0 ? nk : 1);
  double *rk = g_new(double, (gsize)(k + 1) * (nk > 0 ? nk : 1));
  int *used = g_new(int, k + 1); /* the varying inputs, then the outcome */
  int m = 0;
  for (int i = 0; i <= k; i++) {
    double lo = INFINITY, hi = -INFINITY;
    for (int j = 0; j < nk; j++) {
      col[j] = i < k ? x[(gsize)keep[j] * k + i] : y[keep[j]];
      lo = fmin(lo, col[j]);
      hi = fmax(hi, col[j]);
    }
    if (nk == 0 || !(hi > lo)) {
      if (i == k)
        m = 0; /* the outcome does not vary: nothing is defined */
      continue;
    }
    dcb_drivers_ranks(col, nk, &rk[(gsize)m * nk]);
    used[m++] = i;
  }
  gboolean outcome_varies = m > 0 && used[m - 1] == k;
  if (outcome_varies && m >= 2 && nk >= m + 2) {
    /* Pearson correlation of the rank columns (mean (nk + 1) / 2 for every one). */
    double *c = g_new(double, (gsize)m *m), *p = g_new(double, (gsize)m *m);
    double mean = (nk + 1) / 2.0;
    for (int a = 0; a < m; a++)
      for (int b = a; b < m; b++) {
        double sab = 0, saa = 0, sbb = 0;
        for (int j = 0; j < nk; j++) {
          double u = rk[(gsize)a * nk + j] - mean, v = rk[(gsize)b * nk + j] - mean;
          sab += u * v;
          saa += u * u;
          sbb += v * v;
        }
        c[a * m + b] = c[b * m + a] = sab / sqrt(saa * sbb);
      }
    /* An input whose ranks are the outcome's (or their reverse) explains it whole: +-1 for it,
     * 0 for the others (nothing is left for them to explain), where C is singular. */
    int yi0 = m - 1, perfect = -1;
    for (int a = 0; a < yi0 && perfect < 0; a++)
      if (fabs(c[a * m + yi0]) >= 1 - 1e-12)
        perfect = a;
    if (perfect >= 0) {
      for (int a = 0; a < yi0; a++)
        out[used[a]] = a == perfect ? (c[a * m + yi0] > 0 ? 1.0 : -1.0) : 0.0;
    } else if (invert(c, p, m)) {
      int yi = m - 1;
      for (int a = 0; a < yi; a++) {
        double v = -p[a * m + yi] / sqrt(p[a * m + a] * p[yi * m + yi]);
        out[used[a]] = fmax(-1.0, fmin(1.0, v));
      }
    }
    g_free(c);
    g_free(p);
  }
  g_free(used);
  g_free(rk);
  g_free(col);
  g_free(keep);
  return nk;
}
