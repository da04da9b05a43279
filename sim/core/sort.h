/* sort.h - an in-place sort with the comparison inlined, for the parent's tables (quantiles and
 * ranks of a Monte Carlo: 1 260 sorts of 1 000 values for the default region, which took glibc's
 * qsort, a merge sort through a comparison function, 85 ms of the parent's serial end).
 *
 * DCB_DEFINE_SORT(Type, name, less) defines
 *   static void name(Type *v, gsize n)
 * which sorts v[0..n-1] by the strict order 'less(const Type *a, const Type *b)': quicksort on
 * the median of three, insertion sort below 16 elements, heapsort past a depth of 2 log2(n)
 * (introsort: O(n log n) whatever the input).  Not stable: elements that are equal under 'less'
 * may come out in any order, so give it a total order when that matters (ties broken by index),
 * or values that equal elements cannot tell apart.
 */
#ifndef DCB_SORT_H
#define DCB_SORT_H

#include <glib.h>

#define DCB_DEFINE_SORT(Type, name, less)                                                          \
  static void name##_swap(Type *a, Type *b)                                                        \
  {                                                                                                \
    Type t = *a;                                                                                   \
    *a = *b;                                                                                       \
    *b = t;                                                                                        \
  }                                                                                                \
  static void name##_sift(Type *v, gsize i, gsize n)                                               \
  {                                                                                                \
    for (;;) {                                                                                     \
      gsize c = 2 * i + 1;                                                                         \
      if (c >= n)                                                                                  \
        return;                                                                                    \
      if (c + 1 < n && less(&v[c], &v[c + 1]))                                                     \
        c++;                                                                                       \
      if (!less(&v[i], &v[c]))                                                                     \
        return;                                                                                    \
      name##_swap(&v[i], &v[c]);                                                                   \
      i = c;                                                                                       \
    }                                                                                              \
  }                                                                                                \
  static void name##_rec(Type *v, gsize n, int depth)                                              \
  {                                                                                                \
    while (n > 16) {                                                                               \
      if (depth-- == 0) { /* heapsort what is left */                                              \
        for (gsize i = n / 2; i-- > 0;)                                                            \
          name##_sift(v, i, n);                                                                    \
        for (gsize e = n - 1; e > 0; e--) {                                                        \
          name##_swap(&v[0], &v[e]);                                                               \
          name##_sift(v, 0, e);                                                                    \
        }                                                                                          \
        return;                                                                                    \
      }                                                                                            \
      /* Median of three to v[0], then Hoare's partition around it. */                             \
      gsize m = n / 2;                                                                             \
      if (less(&v[m], &v[0]))                                                                      \
        name##_swap(&v[m], &v[0]);                                                                 \
      if (less(&v[n - 1], &v[0]))                                                                  \
        name##_swap(&v[n - 1], &v[0]);                                                             \
      if (less(&v[n - 1], &v[m]))                                                                  \
        name##_swap(&v[n - 1], &v[m]);                                                             \
      name##_swap(&v[0], &v[m]);                                                                   \
      Type pivot = v[0];                                                                           \
      gsize i = 0, j = n;                                                                          \
      for (;;) {                                                                                   \
        do                                                                                         \
          i++;                                                                                     \
        while (i < n && less(&v[i], &pivot));                                                      \
        do                                                                                         \
          j--;                                                                                     \
        while (less(&pivot, &v[j]));                                                               \
        if (i >= j)                                                                                \
          break;                                                                                   \
        name##_swap(&v[i], &v[j]);                                                                 \
      }                                                                                            \
      name##_swap(&v[0], &v[j]);                                                                   \
      /* Recurse into the smaller side, loop on the larger one. */                                 \
      if (j < n - j - 1) {                                                                         \
        name##_rec(v, j, depth);                                                                   \
        v += j + 1;                                                                                \
        n -= j + 1;                                                                                \
      } else {                                                                                     \
        name##_rec(v + j + 1, n - j - 1, depth);                                                   \
        n = j;                                                                                     \
      }                                                                                            \
    }                                                                                              \
    for (gsize i = 1; i < n; i++) /* insertion sort */                                             \
      for (gsize k = i; k > 0 && less(&v[k], &v[k - 1]); k--)                                      \
        name##_swap(&v[k], &v[k - 1]);                                                             \
  }                                                                                                \
  static void name(Type *v, gsize n)                                                               \
  {                                                                                                \
    int depth = 0;                                                                                 \
    for (gsize k = n; k > 1; k >>= 1)                                                              \
      depth += 2;                                                                                  \
    name##_rec(v, n, depth);                                                                       \
  }

#endif
