/* Validation of a model recipe: cross-validated and held-out metrics. */
#ifndef ARCHC_MODELS_EVALUATE_H
#define ARCHC_MODELS_EVALUATE_H

#include "models/model.h"
#include "models/predict.h"

typedef enum metric_id {
  MET_ACCURACY, MET_BALANCED_ACCURACY, MET_AUC,      /* classify */
  MET_R2, MET_RMSE, MET_SPEARMAN, MET_KENDALL,       /* regress */
  MET_COVERAGE90, MET_WIDTH90,                       /* regress: the 90 % intervals */
  MET_IN_DOMAIN,                                     /* both */
  MET_COUNT
} metric_id;

/* The name printed for a metric: "balanced_accuracy", "r2", ... */
const char *metric_name(metric_id id);
/* Whether a metric applies to a task. */
bool metric_applies(metric_id id, model_task task);

/* Every metric of the task for predictions of n rows against y (0/1
 * labels or targets); the others are NaN. */
void evaluate_metrics(model_task task, const double *y, const prediction *pred, size_t n,
                      double out[MET_COUNT]);

/* The mean and standard deviation over k folds of each metric (per_fold
 * is k x MET_COUNT), leaving out the folds where it is NaN. */
void evaluate_summary(const double *per_fold, size_t k, double mean[MET_COUNT],
                      double sd[MET_COUNT]);

/* Records in m its quality on n held-out networks, from their metrics:
 * balanced accuracy to classify, Kendall's tau-b to regress (a ranking
 * measure, comparable across targets and populations). */
void evaluate_set_quality(model *m, const double heldout[MET_COUNT], size_t n);

/* The 90 % quantile of |y - prediction| over n rows. */
double evaluate_resid_q90(const double *y, const prediction *pred, size_t n);

/* k-fold cross-validation: for each fold, fits a model on the other folds
 * and predicts the fold's rows into oof (n). per_fold (k x MET_COUNT)
 * receives each fold's metrics. Returns 0, or -1 with a message. */
int evaluate_cv(const train_params *tp, const char *const *names, const double *x,
                const double *y, size_t n, size_t p, const size_t *fold, size_t k,
                prediction *oof, double *per_fold, char *err, size_t errlen);

#endif
