/* Growing one CART tree (classification by Gini impurity, regression by
 * squared error), with the best threshold per feature (random forests) or
 * a random one (extremely randomized trees). */
#ifndef ARCHC_MODELS_TREE_H
#define ARCHC_MODELS_TREE_H

#include <gsl/gsl_rng.h>

#include "models/model.h"

/* The training rows, column by column: feature f of row i is
 * x[f * n + i]. y holds 0/1 labels (classify) or targets; no NaN. `order`
 * is each feature's rows sorted as presort_columns() sorts them (NULL:
 * tree_grow sorts them itself); random thresholds need none. */
typedef struct tree_data {
  size_t n, p;
  const double *x;
  const double *y;
  model_task task;
  bool random_thresholds;
  const uint32_t *order;
} tree_data;

/* A growable array of nodes; trees are appended one after the other. */
typedef struct tree_buf {
  tree_node *nodes;
  size_t len, cap;
} tree_buf;

/* Grows one tree on the rows with w[i] > 0 (w: how often each row was
 * drawn) and appends it to `out`; its nodes' `right` indices count from
 * its first node. Each split tries `max_features` features that vary in
 * the node, drawn at random. `importance` (p values, may be NULL) gains
 * each split's weighted impurity decrease. */
void tree_grow(tree_buf *out, const tree_data *d, const double *w, const train_params *tp,
               size_t max_features, gsl_rng *rng, double *importance);

/* The leaf value x reaches in the tree starting at `nodes`. */
double tree_predict(const tree_node *nodes, const double *x);

#endif
