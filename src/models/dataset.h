/* Training data: a features table (one row per network, keyed by its
 * first column or a named one) and a target column, from the same table
 * or joined from another by key. */
#ifndef ARCHC_MODELS_DATASET_H
#define ARCHC_MODELS_DATASET_H

#include <stddef.h>

#include "util/arena.h"

/* The 32 attributes of the paper's models, in its order. */
extern const char *const dataset_paper32[32];

typedef struct dataset_spec {
  const char *features;    /* features CSV */
  const char *key;         /* its key column; NULL: the first column */
  const char *columns;     /* "paper32" or NULL (the same), or names separated by commas */
  const char *target_file; /* NULL: the features CSV */
  const char *target;      /* target column */
  const char *target_key;  /* the target file's key column; NULL: the first;
                              "#": the row number (0 for the first data row) */
} dataset_spec;

typedef struct dataset {
  size_t n, p;
  const char **keys;       /* n: normalised keys (see dataset_key) */
  const char **columns;    /* p */
  const char *target;
  double *x;               /* n x p, row-major; NaN where missing */
  double *y;               /* n; NaN where missing or not matched */
  size_t unmatched;        /* rows with no row of that key in the target file */
  arena mem;
} dataset;

/* Returns 0, or -1 with a message in err. */
int dataset_load(dataset *d, const dataset_spec *s, char *err, size_t errlen);
void dataset_free(dataset *d);

/* A key as networks are matched: without directories and without a
 * .arch or .prototxt extension, so "runs/00001_00006_00000.prototxt",
 * "00001_00006_00000.arch" and "00001_00006_00000" are the same network. */
const char *dataset_key(const char *s, char *buf, size_t len);

#endif
