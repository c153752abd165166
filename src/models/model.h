/* Prediction models: random forests, extremely randomized trees and
 * ordinary least squares, in one representation. `archc train` fits them,
 * model files save and load them (modelfile.h), and generated C tables
 * compile them into the binary (codegen.h, registry.h). Every array is a
 * pointer to const data so that a generated model is a static constant; a
 * trained or loaded model owns its arrays through `mem`. */
#ifndef ARCHC_MODELS_MODEL_H
#define ARCHC_MODELS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

typedef enum model_kind { MODEL_FOREST, MODEL_EXTRATREES, MODEL_OLS } model_kind;
typedef enum model_task { TASK_CLASSIFY, TASK_REGRESS } model_task;

/* The words used on the command line and in model files. */
const char *model_kind_name(model_kind k);
const char *model_task_name(model_task t);
/* -1 if the word is not one of them. */
int model_kind_parse(const char *s);
int model_task_parse(const char *s);

/* One tree node. Trees are stored depth first: an internal node's left
 * child is the node right after it and `right` is the index (within the
 * tree) of its right child; x goes left when x[feature] <= value. A leaf
 * has feature -1 and `value` is its prediction: the fraction of healthy
 * networks (classification) or the mean target (regression). */
typedef struct tree_node {
  int32_t feature;
  uint32_t right;
  double value;
} tree_node;

/* The trees of a forest, one after the other: tree t is
 * nodes[start[t] .. start[t+1]). */
typedef struct forest {
  size_t ntrees;
  const uint32_t *start;  /* ntrees + 1 */
  const tree_node *nodes;
} forest;

/* Least squares on standardised features z = (x - center) / scale, with
 * the terms 1, z_1..z_p and, with interactions, z_i z_j for i < j. The
 * target is Box-Cox transformed first when box_cox is set. */
typedef struct ols_fit {
  bool interactions;
  bool box_cox;
  double lambda;          /* Box-Cox lambda (when box_cox) */
  size_t nterms;
  const double *center;   /* p */
  const double *scale;    /* p; 1 for a feature constant in training */
  const double *coef;     /* nterms */
  const double *se;       /* nterms; NaN for a term the data cannot estimate */
  const double *cov;      /* nterms x nterms, row-major: covariance of coef */
  double sigma;           /* residual standard deviation, transformed scale */
  double df;              /* residual degrees of freedom */
  double t90;             /* Student t quantile 0.95 for df: 90 % intervals */
  size_t rank;            /* numerical rank of the design */
} ols_fit;

/* Where the training population lies (domain of applicability): the
 * Mahalanobis distance of standardised features under a correlation
 * matrix shrunk towards the identity, and each feature's range. */
typedef struct domain {
  const double *center;     /* p: training mean */
  const double *scale;      /* p: training standard deviation (1 if 0) */
  const double *precision;  /* p x p, row-major: inverse of the shrunk correlation */
  double shrink;            /* weight of the identity in the shrunk matrix */
  double limit;             /* 95th percentile of the training distances */
  const double *min, *max;  /* p: training range */
} domain;

/* Hyper-parameters: what `archc train` was asked for, and a record of it
 * in the model. */
typedef struct train_params {
  model_kind kind;
  model_task task;
  size_t trees;         /* forests: number of trees */
  size_t max_depth;     /* 0: unlimited */
  size_t min_split;     /* a node with fewer distinct samples is a leaf */
  size_t min_leaf;      /* samples each side of a split must keep */
  size_t max_features;  /* features tried per split; 0: sqrt(p) (classify) or p */
  bool bootstrap;
  bool interactions;    /* ols */
  bool box_cox;         /* ols */
  unsigned long seed;
} train_params;

typedef struct model {
  const char *name;
  const char *description;   /* what it predicts, from what data */
  model_kind kind;
  model_task task;
  const char *target;        /* the target column it was trained on */
  double threshold;          /* classify: healthy if target >= threshold;
                                regress: trained on targets >= threshold;
                                NaN: none */
  size_t nfeatures;
  const char *const *features;
  const double *fill;        /* replaces a missing (NaN) feature: training median */
  domain domain;
  double resid_q90;          /* regression: 90 % quantile of |cross-validated
                                residual|, widens forest intervals; NaN: unknown */
  train_params params;
  /* How well the model did on the networks held out from its training,
   * for reports: the metric as `archc train` prints it
   * ("heldout.balanced_accuracy" for classifiers, "heldout.kendall_tau_b"
   * for regressions), its value and the number of held-out networks.
   * quality_metric NULL: not scored (then quality is NaN). */
  const char *quality_metric;
  double quality;
  size_t quality_n;
  forest forest;             /* forest, extratrees */
  ols_fit ols;               /* ols */
  arena mem;                 /* owns the arrays of a trained or loaded model */
} model;

/* Frees what a trained or loaded model owns (not a generated one). */
void model_free(model *m);
/* The index of a feature by name, or -1. */
int model_feature_index(const model *m, const char *name);

#endif
