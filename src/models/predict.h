/* Predictions for one network, with their uncertainty and whether the
 * network lies in the population the model was trained on. */
#ifndef ARCHC_MODELS_PREDICT_H
#define ARCHC_MODELS_PREDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "models/model.h"

typedef struct prediction {
  model_task task;
  /* classify: the probability that the network is healthy (the mean of
   * the trees' probabilities); regress: the predicted target. */
  double value;
  /* A 90 % interval. classify: the 5th and 95th percentiles of the trees'
   * probabilities. regress, OLS: the prediction interval; forests: the
   * 5th and 95th percentiles of the trees' predictions, widened to at
   * least value -/+ the model's cross-validated 90 % residual quantile.
   * A forest's interval is stretched to contain `value` if need be. */
  double lo, hi;
  double spread;       /* standard deviation of the trees' predictions (forests) */
  double votes;        /* classify: fraction of trees with probability > 0.5 */
  bool healthy;        /* classify: value > 0.5 */
  double distance;     /* domain distance to the training population */
  double limit;        /* the model's 95th percentile of training distances */
  bool in_domain;      /* distance <= limit */
  size_t out_of_range; /* features outside the training range */
  size_t missing;      /* NaN features, replaced by the training median */
} prediction;

/* x holds the model's features in its order (m->features); NaN marks a
 * missing value. */
void model_predict(const model *m, const double *x, prediction *out);

#endif
