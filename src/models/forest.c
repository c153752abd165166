#include "models/forest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/presort.h"
#include "models/tree.h"
#include "util/xalloc.h"

size_t forest_max_features(const train_params *tp, size_t p) {
  size_t k = tp->max_features;
  if (k == 0) k = tp->task == TASK_CLASSIFY ? (size_t)floor(sqrt((double)p)) : p;
  if (k > p) k = p;
  return k ? k : 1;
}

bool forest_parse_max_features(const char *s, size_t p, size_t *out) {
  char *end;
  *out = 0;
  if (!s) return true;
  if (strcmp(s, "all") == 0) {
    *out = p;
  } else if (strcmp(s, "sqrt") == 0) {
    *out = (size_t)floor(sqrt((double)p));
  } else if (strcmp(s, "log2") == 0) {
    *out = p ? (size_t)floor(log2((double)p)) : 1;
  } else if (strchr(s, '.')) {
    double f = strtod(s, &end);
    if (*end || !(f > 0 && f <= 1)) return false;
    *out = (size_t)floor(f * (double)p);
  } else {
    unsigned long long v = strtoull(s, &end, 10);
    if (*s < '0' || *s > '9' || *end || v == 0 || v > UINT32_MAX) return false;
    *out = (size_t)v;
  }
  if (*out == 0) *out = 1;
  return true;
}

void forest_train(forest *f, arena *mem, const train_params *tp, const double *x,
                  const double *y, size_t n, size_t p, gsl_rng *rng, double *importance) {
  /* Column-major for the split search, which reads one feature at a time. */
  double *cols = xmalloc(n * p * sizeof *cols);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < p; j++) cols[j * n + i] = x[i * p + j];
  tree_data d = {n, p, cols, y, tp->task, tp->kind == MODEL_EXTRATREES, NULL};
  /* Sorted once here; each tree keeps the rows of its sample. */
  uint32_t *order = NULL;
  if (!d.random_thresholds) {
    order = xmalloc((n * p + 1) * sizeof *order);
    presort_columns(cols, n, p, order);
    d.order = order;
  }
  double *w = xmalloc((n ? n : 1) * sizeof *w);
  double *imp = xcalloc(p ? p : 1, sizeof *imp);
  if (importance) memset(importance, 0, p * sizeof *importance);
  uint32_t *start = arena_calloc(mem, tp->trees + 1, sizeof *start);
  tree_buf buf = {0};
  size_t mf = forest_max_features(tp, p);
  gsl_rng *trng = gsl_rng_alloc(gsl_rng_mt19937);
  if (!trng) xalloc_die();

  for (size_t t = 0; t < tp->trees; t++) {
    gsl_rng_set(trng, gsl_rng_get(rng));
    if (tp->bootstrap) {
      memset(w, 0, n * sizeof *w);
      for (size_t k = 0; k < n; k++) w[gsl_rng_uniform_int(trng, n)] += 1;
    } else {
      for (size_t k = 0; k < n; k++) w[k] = 1;
    }
    start[t] = (uint32_t)buf.len;
    memset(imp, 0, p * sizeof *imp);
    tree_grow(&buf, &d, w, tp, mf, trng, imp);
    /* Each tree's importances sum to 1 before averaging, as is usual. */
    double sum = 0;
    for (size_t j = 0; j < p; j++) sum += imp[j];
    if (importance && sum > 0)
      for (size_t j = 0; j < p; j++) importance[j] += imp[j] / sum / (double)tp->trees;
  }
  start[tp->trees] = (uint32_t)buf.len;
  tree_node *nodes = arena_calloc(mem, buf.len ? buf.len : 1, sizeof *nodes);
  if (buf.len) memcpy(nodes, buf.nodes, buf.len * sizeof *nodes);
  *f = (forest){tp->trees, start, nodes};
  gsl_rng_free(trng);
  free(buf.nodes);
  free(imp);
  free(w);
  free(order);
  free(cols);
}

double forest_predict(const forest *f, const double *x, double *per_tree) {
  double sum = 0;
  for (size_t t = 0; t < f->ntrees; t++) {
    double v = tree_predict(f->nodes + f->start[t], x);
    if (per_tree) per_tree[t] = v;
    sum += v;
  }
  return f->ntrees ? sum / (double)f->ntrees : NAN;
}
