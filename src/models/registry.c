#include "models/registry.h"

#include <string.h>

/* Defined by the generated files. */
extern const model model_menndl_nova_trainable_forest;
extern const model model_menndl_nova_trainable_extratrees;
extern const model model_menndl_nova_accuracy_ols;
extern const model model_menndl_nova_accuracy_forest;
extern const model model_nb201_cifar10_accuracy_forest;
extern const model model_nb201_cifar100_accuracy_forest;
extern const model model_nb201_imagenet16_accuracy_forest;

#define MENNDL_NOVA                                                             \
  "networks from MENNDL's evolutionary search for the NOvA experiment: "        \
  "8-way event classifiers on two 1x100x80 detector views, built from "         \
  "convolutions, poolings, inception modules and inner products (trained on "   \
  "80 % of the 510 networks of nova-simple-00001-05000 with a measured "        \
  "accuracy; the accuracy models on those with an accuracy of 0.35 or more)"

/* The data set's words are inserted between the two halves. */
#define NB201_A                                                                 \
  "NAS-Bench-201 networks (the topology search space of NATS-Bench) as "       \
  "tools/nb201-arch writes them: the published skeleton (3x3 stem with 16 "    \
  "features, three stages of 5 cells with 16, 32 and 64 channels joined by "   \
  "residual reduction blocks, global average pooling, an inner product) "      \
  "around a cell of four nodes whose six edges are none, skip_connect, "       \
  "nor_conv_1x1, nor_conv_3x3 or avg_pool_3x3; "
#define NB201_B                                                                 \
  "; accuracy after 200 epochs of the published training (trained on the "    \
  "1,000 cells of src/models/nb201-train.txt, held out on the other 14,625)"

static const registry_entry entries[] = {
  {"menndl_nova_trainable_forest", MENNDL_NOVA, &model_menndl_nova_trainable_forest},
  {"menndl_nova_trainable_extratrees", MENNDL_NOVA, &model_menndl_nova_trainable_extratrees},
  {"menndl_nova_accuracy_ols", MENNDL_NOVA, &model_menndl_nova_accuracy_ols},
  {"menndl_nova_accuracy_forest", MENNDL_NOVA, &model_menndl_nova_accuracy_forest},
  {"nb201_cifar10_accuracy_forest", NB201_A "CIFAR-10, 3x32x32 inputs, 10 classes" NB201_B,
   &model_nb201_cifar10_accuracy_forest},
  {"nb201_cifar100_accuracy_forest", NB201_A "CIFAR-100, 3x32x32 inputs, 100 classes" NB201_B,
   &model_nb201_cifar100_accuracy_forest},
  {"nb201_imagenet16_accuracy_forest",
   NB201_A "ImageNet16-120, 3x16x16 inputs, 120 classes" NB201_B,
   &model_nb201_imagenet16_accuracy_forest},
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
