/* The networks a model is fitted and scored on: those of a data set with
 * a usable target, labelled healthy or broken to classify, and split into
 * training and held-out networks. */
#ifndef ARCHC_MODELS_SAMPLE_H
#define ARCHC_MODELS_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>

#include "models/dataset.h"
#include "models/model.h"

typedef struct sample {
  size_t n, p;
  double *x;           /* n x p, row-major */
  double *y;           /* 0/1 labels (classify) or targets */
  double *target;      /* the targets as read */
  const char **keys;   /* the data set's, which must outlive the sample */
  bool *held;          /* held out (after a split) */
  size_t ntrain, nheld;
  size_t no_target;    /* networks left out: no target value */
  size_t below;        /* regress: left out, target below the threshold */
} sample;

/* Keeps the networks with a target. To classify, healthy means a target
 * >= threshold (with no threshold, NaN, the target must be 0 or 1); to
 * regress, a finite threshold keeps only targets >= threshold. Returns 0,
 * or -1 with a message in err. */
int sample_select(sample *s, const dataset *d, model_task task, double threshold, char *err,
                  size_t errlen);

/* Holds out every network not named in the file (one key per line,
 * matched as dataset_key() normalises them). */
int sample_split_list(sample *s, const char *path, char *err, size_t errlen);
/* Holds out a random fraction, stratified by label when `stratify`. */
void sample_split_random(sample *s, double fraction, bool stratify, unsigned long seed);

/* Copies the networks with held[i] == held into x (rows) and y, and their
 * indices into index; returns how many there are. */
size_t sample_pack(const sample *s, bool held, double *x, double *y, size_t *index);

void sample_free(sample *s);

#endif
