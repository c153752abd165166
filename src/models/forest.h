/* Random forests and extremely randomized trees: training and the raw
 * ensemble prediction. */
#ifndef ARCHC_MODELS_FOREST_H
#define ARCHC_MODELS_FOREST_H

#include <gsl/gsl_rng.h>

#include "models/model.h"

/* The number of features tried per split: tp->max_features clamped to
 * 1..p, or by default floor(sqrt(p)) to classify and p to regress. */
size_t forest_max_features(const train_params *tp, size_t p);

/* Reads a --max-features value for p features: a count, a fraction of p
 * (written with a decimal point, 0 < f <= 1), sqrt, log2 or all. NULL
 * gives 0, the default. Returns false if the text is none of these. */
bool forest_parse_max_features(const char *s, size_t p, size_t *out);

/* Fits tp->trees trees on n rows of p features (x row-major, no NaN; y
 * 0/1 labels or targets); arrays go into `mem`. Random thresholds for
 * MODEL_EXTRATREES; a bootstrap sample per tree when tp->bootstrap. Each
 * tree draws from its own generator seeded from `rng`, so the result
 * depends on the seed only. `importance` (p, may be NULL) receives the
 * mean decrease in impurity, normalised to sum to 1. */
void forest_train(forest *f, arena *mem, const train_params *tp, const double *x,
                  const double *y, size_t n, size_t p, gsl_rng *rng, double *importance);

/* The mean of the trees' predictions for x (no NaN); each tree's goes to
 * per_tree[t] when per_tree is not NULL. */
double forest_predict(const forest *f, const double *x, double *per_tree);

#endif
