/* A growable array in an arena. The old array is left behind when it
 * grows; doubling keeps that waste below the final size. */
#ifndef ARCHC_UTIL_AVEC_H
#define ARCHC_UTIL_AVEC_H

#include <stddef.h>

#include "util/arena.h"

typedef struct avec {
  void *data;
  size_t n, cap;
} avec;

/* Appends one zeroed element of `elsize` bytes and returns it. */
void *avec_push(arena *a, avec *v, size_t elsize);

#endif
