#include "util/avec.h"

#include <string.h>

void *avec_push(arena *a, avec *v, size_t elsize) {
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 4;
    void *data = arena_calloc(a, cap, elsize);
    if (v->n) memcpy(data, v->data, v->n * elsize);
    v->data = data;
    v->cap = cap;
  }
  return (char *)v->data + v->n++ * elsize;
}
