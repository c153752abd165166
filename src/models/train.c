#include "models/train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "models/cv.h"
#include "models/domain.h"
#include "models/forest.h"
#include "models/ols.h"
#include "models/sort.h"
#include "util/xalloc.h"

/* The streams of random numbers model fitting uses (see cv_stream_seed). */
enum { STREAM_FIT = 3 };

/* Per column, the median of the values present (0 if none is). */
static double *medians(arena *mem, const double *x, size_t n, size_t p) {
  double *fill = arena_calloc(mem, p ? p : 1, sizeof *fill);
  double *col = xmalloc((n ? n : 1) * sizeof *col);
  for (size_t j = 0; j < p; j++) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
      if (!isnan(x[i * p + j])) col[m++] = x[i * p + j];
    sort_doubles(col, m);
    fill[j] = m ? sort_quantile(col, m, 0.5) : 0;
  }
  free(col);
  return fill;
}

int model_fit(model *m, const train_params *tp, const char *const *names, const double *x,
              const double *y, size_t n, size_t p, double *importance, char *err,
              size_t errlen) {
  *m = (model){.kind = tp->kind, .task = tp->task, .threshold = NAN, .resid_q90 = NAN,
               .quality = NAN, .params = *tp, .nfeatures = p};
  arena_init(&m->mem);
  if (n == 0) {
    snprintf(err, errlen, "no networks to train on");
    return -1;
  }
  const char **feat = arena_calloc(&m->mem, p ? p : 1, sizeof *feat);
  for (size_t j = 0; j < p; j++) feat[j] = arena_strdup(&m->mem, names[j]);
  m->features = feat;
  m->fill = medians(&m->mem, x, n, p);

  double *filled = xmalloc(n * p * sizeof *filled);
  for (size_t i = 0; i < n * p; i++) filled[i] = isnan(x[i]) ? m->fill[i % p] : x[i];
  domain_fit(&m->domain, &m->mem, filled, n, p);

  int status = 0;
  if (tp->kind == MODEL_OLS) {
    /* Only the least-squares options describe an OLS model. */
    m->params = (train_params){.kind = tp->kind, .task = tp->task, .seed = tp->seed,
                               .interactions = tp->interactions, .box_cox = tp->box_cox};
    if (tp->task != TASK_REGRESS) {
      snprintf(err, errlen, "OLS is a regression model (use --task regress)");
      status = -1;
    } else {
      status = ols_train(&m->ols, &m->mem, tp->interactions, tp->box_cox, filled, y, n, p,
                         err, errlen);
    }
  } else {
    if (tp->trees == 0) {
      snprintf(err, errlen, "a forest needs at least one tree");
      status = -1;
    } else {
      gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
      if (!rng) xalloc_die();
      gsl_rng_set(rng, cv_stream_seed(tp->seed, STREAM_FIT));
      forest_train(&m->forest, &m->mem, tp, filled, y, n, p, rng, importance);
      m->params.max_features = forest_max_features(tp, p);
      gsl_rng_free(rng);
    }
  }
  free(filled);
  if (status) model_free(m);
  return status;
}
