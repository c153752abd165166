/* Quality of predictions on held-out data. Classification metrics take
 * the truth as 0/1 and the predicted probability of 1; the predicted class
 * is 1 when that probability exceeds 0.5. Each returns NaN when it is not
 * defined (no rows, a single class, a constant vector). */
#ifndef ARCHC_MODELS_METRICS_H
#define ARCHC_MODELS_METRICS_H

#include <stddef.h>

double metric_accuracy(const double *truth, const double *prob, size_t n);
/* The mean of the recalls of the classes present. */
double metric_balanced_accuracy(const double *truth, const double *prob, size_t n);
/* Area under the ROC curve: the probability that a random positive scores
 * above a random negative, ties counting one half. */
double metric_auc(const double *truth, const double *score, size_t n);

/* 1 - (residual sum of squares) / (sum of squares about the mean of y). */
double metric_r2(const double *y, const double *pred, size_t n);
double metric_rmse(const double *y, const double *pred, size_t n);
double metric_pearson(const double *a, const double *b, size_t n);
/* Pearson's correlation of the ranks, ties given their average rank. */
double metric_spearman(const double *a, const double *b, size_t n);
/* Kendall's tau-b, which corrects for ties in either vector; Knight's
 * O(n log n) algorithm. */
double metric_kendall_tau_b(const double *a, const double *b, size_t n);

#endif
