#include "models/evaluate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/metrics.h"
#include "models/sort.h"
#include "models/train.h"
#include "util/xalloc.h"

static const char *const names_[MET_COUNT] = {
  "accuracy", "balanced_accuracy", "auc", "r2", "rmse", "spearman", "kendall_tau_b",
  "coverage90", "width90", "in_domain",
};

const char *metric_name(metric_id id) { return names_[id]; }

bool metric_applies(metric_id id, model_task task) {
  if (id == MET_IN_DOMAIN) return true;
  return (id <= MET_AUC) == (task == TASK_CLASSIFY);
}

void evaluate_metrics(model_task task, const double *y, const prediction *pred, size_t n,
                      double out[MET_COUNT]) {
  for (int i = 0; i < MET_COUNT; i++) out[i] = NAN;
  double *v = xmalloc((n ? n : 1) * sizeof *v);
  double inside = 0, width = 0, in_domain = 0;
  for (size_t i = 0; i < n; i++) {
    v[i] = pred[i].value;
    inside += y[i] >= pred[i].lo && y[i] <= pred[i].hi;
    width += pred[i].hi - pred[i].lo;
    in_domain += pred[i].in_domain;
  }
  if (task == TASK_CLASSIFY) {
    out[MET_ACCURACY] = metric_accuracy(y, v, n);
    out[MET_BALANCED_ACCURACY] = metric_balanced_accuracy(y, v, n);
    out[MET_AUC] = metric_auc(y, v, n);
  } else {
    out[MET_R2] = metric_r2(y, v, n);
    out[MET_RMSE] = metric_rmse(y, v, n);
    out[MET_SPEARMAN] = metric_spearman(y, v, n);
    out[MET_KENDALL] = metric_kendall_tau_b(y, v, n);
    if (n) out[MET_COVERAGE90] = inside / (double)n, out[MET_WIDTH90] = width / (double)n;
  }
  if (n) out[MET_IN_DOMAIN] = in_domain / (double)n;
  free(v);
}

void evaluate_summary(const double *per_fold, size_t k, double mean[MET_COUNT],
                      double sd[MET_COUNT]) {
  for (int i = 0; i < MET_COUNT; i++) {
    double s = 0, ss = 0;
    size_t m = 0;
    for (size_t f = 0; f < k; f++) {
      double v = per_fold[f * MET_COUNT + i];
      if (!isnan(v)) s += v, m++;
    }
    mean[i] = m ? s / (double)m : NAN;
    for (size_t f = 0; f < k; f++) {
      double v = per_fold[f * MET_COUNT + i];
      if (!isnan(v)) ss += (v - mean[i]) * (v - mean[i]);
    }
    sd[i] = m > 1 ? sqrt(ss / (double)(m - 1)) : NAN;
  }
}

void evaluate_set_quality(model *m, const double heldout[MET_COUNT], size_t n) {
  bool classify = m->task == TASK_CLASSIFY;
  m->quality_metric = classify ? "heldout.balanced_accuracy" : "heldout.kendall_tau_b";
  m->quality = heldout[classify ? MET_BALANCED_ACCURACY : MET_KENDALL];
  m->quality_n = n;
}

double evaluate_resid_q90(const double *y, const prediction *pred, size_t n) {
  double *res = xmalloc((n ? n : 1) * sizeof *res);
  for (size_t i = 0; i < n; i++) res[i] = fabs(y[i] - pred[i].value);
  sort_doubles(res, n);
  double q = sort_quantile(res, n, 0.9);
  free(res);
  return q;
}

int evaluate_cv(const train_params *tp, const char *const *names, const double *x,
                const double *y, size_t n, size_t p, const size_t *fold, size_t k,
                prediction *oof, double *per_fold, char *err, size_t errlen) {
  double *xt = xmalloc((n * p + 1) * sizeof *xt), *yt = xmalloc((n + 1) * sizeof *yt);
  double *yv = xmalloc((n + 1) * sizeof *yv);
  prediction *pv = xmalloc((n + 1) * sizeof *pv);
  int status = 0;
  for (size_t f = 0; f < k && status == 0; f++) {
    size_t nt = 0, nv = 0;
    for (size_t i = 0; i < n; i++)
      if (fold[i] != f) {
        memcpy(xt + nt * p, x + i * p, p * sizeof *xt);
        yt[nt++] = y[i];
      }
    model m;
    char inner[512];
    status = model_fit(&m, tp, names, xt, yt, nt, p, NULL, inner, sizeof inner);
    if (status) {
      snprintf(err, errlen, "cross-validation, fold %zu of %zu: %s", f + 1, k, inner);
      break;
    }
    for (size_t i = 0; i < n; i++)
      if (fold[i] == f) {
        model_predict(&m, x + i * p, &oof[i]);
        pv[nv] = oof[i];
        yv[nv++] = y[i];
      }
    evaluate_metrics(tp->task, yv, pv, nv, per_fold + f * MET_COUNT);
    model_free(&m);
  }
  free(xt);
  free(yt);
  free(yv);
  free(pv);
  return status;
}
