#include "models/registry.h"

#include <string.h>

/* Defined by the generated files. */
extern const model model_menndl_nova_trainable_forest;
extern const model model_menndl_nova_trainable_extratrees;
extern const model model_menndl_nova_accuracy_ols;
extern const model model_menndl_nova_accuracy_forest;

#define MENNDL_NOVA                                                             \
  "networks from MENNDL's evolutionary search for the NOvA experiment: "        \
  "8-way event classifiers on two 1x100x80 detector views, built from "         \
  "convolutions, poolings, inception modules and inner products (trained on "   \
  "80 % of the 510 networks of nova-simple-00001-05000 with a measured "        \
  "accuracy; the accuracy models on those with an accuracy of 0.35 or more)"

static const registry_entry entries[] = {
  {"menndl_nova_trainable_forest", MENNDL_NOVA, &model_menndl_nova_trainable_forest},
  {"menndl_nova_trainable_extratrees", MENNDL_NOVA, &model_menndl_nova_trainable_extratrees},
  {"menndl_nova_accuracy_ols", MENNDL_NOVA, &model_menndl_nova_accuracy_ols},
  {"menndl_nova_accuracy_forest", MENNDL_NOVA, &model_menndl_nova_accuracy_forest},
};

size_t registry_count(void) { return sizeof entries / sizeof entries[0]; }

const registry_entry *registry_get(size_t i) {
  return i < registry_count() ? &entries[i] : NULL;
}

const registry_entry *registry_find(const char *name) {
  for (size_t i = 0; i < registry_count(); i++)
    if (strcmp(entries[i].name, name) == 0) return &entries[i];
  return NULL;
}
