#include "models/predict.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/domain.h"
#include "models/forest.h"
#include "models/ols.h"
#include "models/sort.h"
#include "util/xalloc.h"

static void forest_interval(const model *m, const double *x, prediction *out) {
  size_t t = m->forest.ntrees;
  double *v = xmalloc((t ? t : 1) * sizeof *v);
  out->value = forest_predict(&m->forest, x, v);
  double ss = 0, up = 0;
  for (size_t k = 0; k < t; k++) {
    ss += (v[k] - out->value) * (v[k] - out->value);
    up += v[k] > 0.5;
  }
  out->spread = t > 1 ? sqrt(ss / (double)(t - 1)) : 0;
  out->votes = t ? up / (double)t : NAN;
  sort_doubles(v, t);
  /* A skewed vote can put the mean outside the quantiles; the interval
   * always holds the prediction it goes with. */
  out->lo = fmin(sort_quantile(v, t, 0.05), out->value);
  out->hi = fmax(sort_quantile(v, t, 0.95), out->value);
  free(v);
  /* Tree quantiles measure how much the trees disagree, not the noise
   * around the truth; the cross-validated residuals supply the latter. */
  if (m->task == TASK_REGRESS && isfinite(m->resid_q90)) {
    out->lo = fmin(out->lo, out->value - m->resid_q90);
    out->hi = fmax(out->hi, out->value + m->resid_q90);
  }
}

void model_predict(const model *m, const double *x, prediction *out) {
  size_t p = m->nfeatures;
  *out = (prediction){.task = m->task, .spread = NAN, .votes = NAN};
  double *xf = xmalloc((p ? p : 1) * sizeof *xf);
  for (size_t j = 0; j < p; j++) {
    xf[j] = x[j];
    if (isnan(xf[j])) xf[j] = m->fill[j], out->missing++;
    if (xf[j] < m->domain.min[j] || xf[j] > m->domain.max[j]) out->out_of_range++;
  }
  if (m->kind == MODEL_OLS)
    out->value = ols_predict(&m->ols, p, xf, &out->lo, &out->hi);
  else
    forest_interval(m, xf, out);
  if (m->task == TASK_CLASSIFY) out->healthy = out->value > 0.5;
  out->distance = domain_distance(&m->domain, p, xf);
  out->limit = m->domain.limit;
  out->in_domain = out->distance <= out->limit;
  free(xf);
}
