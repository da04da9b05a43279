/* heap.h - a binary min-heap over a GArray of structs, for the engine's wake-up and timer queues.
 *
 * DCB_DEFINE_HEAP(Type, name, before) defines two static functions:
 *   void name##_push(GArray *h, Type x)   insert x
 *   Type name##_pop(GArray *h)            remove and return the first element (h->len > 0)
 * where 'before(const Type *a, const Type *b)' is a strict order that the caller defines.  The
 * first element is g_array_index(h, Type, 0).  Every queue of the engine orders by date and then
 * by an insertion number, so equal dates come out in a deterministic order.
 *
 * DCB_DEFINE_TIMER_HEAP(Type, name) is DCB_DEFINE_HEAP with that order for a struct whose fields
 * 't' (date) and 'seq' (insertion number) say it all.
 */
#ifndef DCB_HEAP_H
#define DCB_HEAP_H

#include <glib.h>

#define DCB_DEFINE_HEAP(Type, name, before)                                                        \
  static void name##_push(GArray *h, Type x)                                                       \
  {                                                                                                \
    g_array_append_val(h, x);                                                                      \
    Type *v = (Type *)h->data;                                                                     \
    for (guint i = h->len - 1; i > 0;) {                                                           \
      guint p = (i - 1) / 2;                                                                       \
      if (!before(&v[i], &v[p]))                                                                   \
        break;                                                                                     \
      Type tmp = v[i];                                                                             \
      v[i] = v[p];                                                                                 \
      v[p] = tmp;                                                                                  \
      i = p;                                                                                       \
    }                                                                                              \
  }                                                                                                \
  static Type name##_pop(GArray *h)                                                                \
  {                                                                                                \
    Type *v = (Type *)h->data;                                                                     \
    Type top = v[0];                                                                               \
    v[0] = v[h->len - 1];                                                                          \
    g_array_set_size(h, h->len - 1);                                                               \
    for (guint i = 0;;) {                                                                          \
      guint l = 2 * i + 1, r = l + 1, k = i;                                                       \
      if (l < h->len && before(&v[l], &v[k]))                                                      \
        k = l;                                                                                     \
      if (r < h->len && before(&v[r], &v[k]))                                                      \
        k = r;                                                                                     \
      if (k == i)                                                                                  \
        break;                                                                                     \
      Type tmp = v[i];                                                                             \
      v[i] = v[k];                                                                                 \
      v[k] = tmp;                                                                                  \
      i = k;                                                                                       \
    }                                                                                              \
    return top;                                                                                    \
  }

#define DCB_DEFINE_TIMER_HEAP(Type, name)                                                          \
  static gboolean name##_before(const Type *a, const Type *b)                                      \
  {                                                                                                \
    return a->t != b->t ? a->t < b->t : a->seq < b->seq;                                           \
  }                                                                                                \
  DCB_DEFINE_HEAP(Type, name, name##_before)

#endif
