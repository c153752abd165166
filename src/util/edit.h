/* Edit distance, for "did you mean" suggestions. */
#ifndef ARCHC_UTIL_EDIT_H
#define ARCHC_UTIL_EDIT_H

#include <stddef.h>

/* The Levenshtein distance between a[0..n) and b[0..m) when it is at most
 * `max`, and max + 1 otherwise (found early: callers only want near
 * misses). SIZE_MAX when either is longer than 64 bytes (no name that long
 * is worth suggesting). */
size_t edit_distance(const char *a, size_t n, const char *b, size_t m, size_t max);

#endif
