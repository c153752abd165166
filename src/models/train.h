/* Fitting a model of any kind: missing values, the domain, then the
 * forest or the least-squares fit. */
#ifndef ARCHC_MODELS_TRAIN_H
#define ARCHC_MODELS_TRAIN_H

#include "models/model.h"

/* Fits a model of kind tp->kind on n rows of p features (x row-major;
 * NaN allowed, replaced by the column's training median) with targets y
 * (0/1 labels to classify; no NaN); `names` are the p feature names.
 * name, description, target, resid_q90 and the quality are left for the
 * caller (threshold, resid_q90 and quality NaN; see evaluate_set_quality).
 * importance (p, may be NULL) receives the forests' impurity importances.
 * Returns 0, or -1 with a message in err. */
int model_fit(model *m, const train_params *tp, const char *const *names, const double *x,
              const double *y, size_t n, size_t p, double *importance, char *err,
              size_t errlen);

#endif
