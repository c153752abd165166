/* A string-keyed hash map (open addressing) whose keys and table live in an
 * arena. Values are uint32_t (typically an index into an array). */
#ifndef ARCHC_UTIL_STRMAP_H
#define ARCHC_UTIL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

typedef struct strmap_slot {
  const char *key;   /* NULL: empty */
  uint32_t len;
  uint32_t value;
  uint64_t hash;
} strmap_slot;

typedef struct strmap {
  arena *arena;
  strmap_slot *slots;
  size_t cap, count;  /* cap is a power of two */
} strmap;

void strmap_init(strmap *m, arena *a);
/* The key is not copied: it must live as long as the map. */
bool strmap_get(const strmap *m, const char *key, size_t len, uint32_t *value);
/* Returns false (and leaves the map unchanged) if the key is present. */
bool strmap_add(strmap *m, const char *key, size_t len, uint32_t value);
/* Adds the key or replaces its value. */
void strmap_set(strmap *m, const char *key, size_t len, uint32_t value);

#endif
