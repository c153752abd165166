/* The models compiled into archc (src/models/generated/, made by
 * `make models`), by name. */
#ifndef ARCHC_MODELS_REGISTRY_H
#define ARCHC_MODELS_REGISTRY_H

#include <stddef.h>

#include "models/model.h"

typedef struct registry_entry {
  const char *name;
  const char *domain;   /* the networks it applies to, in words */
  const model *model;
} registry_entry;

size_t registry_count(void);
/* Entry i, 0 <= i < registry_count(). */
const registry_entry *registry_get(size_t i);
/* The entry called `name`, or NULL. */
const registry_entry *registry_find(const char *name);

#endif
