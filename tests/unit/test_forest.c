/* Unit tests for the trees and forests (src/models/tree.c, forest.c) and
 * model fitting and prediction (train.c, predict.c): splits with known
 * answers, problems a forest must learn, the hyper-parameters' limits,
 * determinism. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_rng.h>

#include "models/forest.h"
#include "models/predict.h"
#include "models/train.h"
#include "models/tree.h"

static const char *const names[] = {"a", "b", "c", "d", "e", "f"};

static train_params params(model_kind kind, model_task task) {
  return (train_params){.kind = kind, .task = task, .trees = 50, .min_split = 2,
                        .min_leaf = 1, .bootstrap = kind == MODEL_FOREST, .seed = 7};
}

/* n rows of p uniform features; y from `label`. */
typedef double label_fn(const double *x);

static void make_data(double *x, double *y, size_t n, size_t p, label_fn *f, unsigned long seed) {
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(r, seed);
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < p; j++) x[i * p + j] = gsl_rng_uniform(r);
    y[i] = f(x + i * p);
  }
  gsl_rng_free(r);
}

static double threshold_label(const double *x) { return x[0] > 0.5; }
static double xor_label(const double *x) { return (x[0] > 0.5) != (x[1] > 0.5); }
static double step_target(const double *x) { return x[0] < 0.3 ? 1 : x[0] < 0.7 ? 3 : 2; }

/* The fraction of m fresh rows the model gets right (classify) or its
 * R^2 (regress). */
static double score_fresh(const model *m, label_fn *f, size_t m_rows, size_t p) {
  double *x = malloc(m_rows * p * sizeof *x), *y = malloc(m_rows * sizeof *y);
  make_data(x, y, m_rows, p, f, 999);
  double right = 0, ss = 0, st = 0, mean = 0;
  for (size_t i = 0; i < m_rows; i++) mean += y[i] / (double)m_rows;
  for (size_t i = 0; i < m_rows; i++) {
    prediction pr;
    model_predict(m, x + i * p, &pr);
    right += (pr.value > 0.5) == (y[i] > 0.5);
    ss += (pr.value - y[i]) * (pr.value - y[i]);
    st += (y[i] - mean) * (y[i] - mean);
  }
  free(x);
  free(y);
  return m->task == TASK_CLASSIFY ? right / (double)m_rows : 1 - ss / st;
}

static void fit_ok(model *m, const train_params *tp, const double *x, const double *y, size_t n,
                   size_t p, double *importance) {
  char err[256];
  int rc = model_fit(m, tp, names, x, y, n, p, importance, err, sizeof err);
  if (rc) fail_msg("model_fit: %s", err);
}

/* --- single trees with known answers -------------------------------------- */

static void tree_known_classification_split(void **state) {
  (void)state;
  const double x[] = {1, 2, 3, 4};  /* one feature, column-major = row-major */
  const double y[] = {0, 0, 1, 1}, w[] = {1, 1, 1, 1};
  tree_data d = {4, 1, x, y, TASK_CLASSIFY, false, NULL};
  train_params tp = params(MODEL_FOREST, TASK_CLASSIFY);
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  tree_buf b = {0};
  tree_grow(&b, &d, w, &tp, 1, r, NULL);
  assert_int_equal(b.len, 3);
  assert_int_equal(b.nodes[0].feature, 0);
  assert_true(b.nodes[0].value == 2.5);  /* midpoint between 2 and 3 */
  assert_int_equal(b.nodes[0].right, 2);
  assert_int_equal(b.nodes[1].feature, -1);
  assert_true(b.nodes[1].value == 0);
  assert_true(b.nodes[2].value == 1);
  assert_true(tree_predict(b.nodes, (double[]){2.4}) == 0);
  assert_true(tree_predict(b.nodes, (double[]){2.6}) == 1);
  free(b.nodes);
  gsl_rng_free(r);
}

static void tree_known_regression_split(void **state) {
  (void)state;
  /* Squared error is least splitting {1,2,3} from {10}: 6.5. */
  const double x[] = {1, 2, 3, 10}, y[] = {1, 1, 1, 5}, w[] = {1, 1, 1, 1};
  tree_data d = {4, 1, x, y, TASK_REGRESS, false, NULL};
  train_params tp = params(MODEL_FOREST, TASK_REGRESS);
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  tree_buf b = {0};
  tree_grow(&b, &d, w, &tp, 1, r, NULL);
  assert_int_equal(b.len, 3);
  assert_true(b.nodes[0].value == 6.5);
  assert_true(b.nodes[1].value == 1 && b.nodes[2].value == 5);
  free(b.nodes);
  gsl_rng_free(r);
}

static void tree_weights_are_bootstrap_counts(void **state) {
  (void)state;
  /* Row 3 drawn three times and row 0 never: the leaf means weigh them. */
  const double x[] = {1, 2, 3, 4}, y[] = {0, 2, 4, 10}, w[] = {0, 1, 1, 3};
  tree_data d = {4, 1, x, y, TASK_REGRESS, false, NULL};
  train_params tp = params(MODEL_FOREST, TASK_REGRESS);
  tp.max_depth = 1;
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  tree_buf b = {0};
  tree_grow(&b, &d, w, &tp, 1, r, NULL);
  assert_int_equal(b.len, 3);
  assert_true(b.nodes[0].value == 3.5);
  assert_true(b.nodes[1].value == 3);   /* (2 + 4) / 2 */
  assert_true(b.nodes[2].value == 10);
  free(b.nodes);
  gsl_rng_free(r);
}

static void tree_stops_at_min_split_and_purity(void **state) {
  (void)state;
  const double x[] = {1, 2, 3, 4}, y[] = {0, 1, 0, 1}, w[] = {1, 1, 1, 1};
  tree_data d = {4, 1, x, y, TASK_CLASSIFY, false, NULL};
  train_params tp = params(MODEL_FOREST, TASK_CLASSIFY);
  tp.min_split = 5;
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  tree_buf b = {0};
  tree_grow(&b, &d, w, &tp, 1, r, NULL);
  assert_int_equal(b.len, 1);
  assert_true(b.nodes[0].value == 0.5);
  /* A pure node is a leaf whatever the limits. */
  const double pure[] = {1, 1, 1, 1};
  d.y = pure;
  tp.min_split = 2;
  b.len = 0;
  tree_grow(&b, &d, w, &tp, 1, r, NULL);
  assert_int_equal(b.len, 1);
  free(b.nodes);
  gsl_rng_free(r);
}

static void tree_min_leaf_moves_the_split(void **state) {
  (void)state;
  /* The best split isolates row 0; with min_leaf 2 it cannot. */
  const double x[] = {1, 2, 3, 4, 5}, y[] = {100, 0, 0, 1, 1}, w[] = {1, 1, 1, 1, 1};
  tree_data d = {5, 1, x, y, TASK_REGRESS, false, NULL};
  train_params tp = params(MODEL_FOREST, TASK_REGRESS);
  tp.max_depth = 1;
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  tree_buf b = {0};
  tree_grow(&b, &d, w, &tp, 1, r, NULL);
  assert_true(b.nodes[0].value == 1.5);
  tp.min_leaf = 2;
  b.len = 0;
  tree_grow(&b, &d, w, &tp, 1, r, NULL);
  assert_true(b.nodes[0].value == 2.5);
  free(b.nodes);
  gsl_rng_free(r);
}

/* --- forests -------------------------------------------------------------- */

static void forest_learns_a_separable_problem(void **state) {
  (void)state;
  enum { N = 300, P = 4 };
  static double x[N * P], y[N];
  make_data(x, y, N, P, threshold_label, 1);
  for (int kind = MODEL_FOREST; kind <= MODEL_EXTRATREES; kind++) {
    train_params tp = params((model_kind)kind, TASK_CLASSIFY);
    double imp[P];
    model m;
    fit_ok(&m, &tp, x, y, N, P, imp);
    assert_true(score_fresh(&m, threshold_label, 1000, P) > 0.97);
    /* The one informative feature carries most of the importance. */
    for (int j = 1; j < P; j++) assert_true(imp[0] > 3 * imp[j]);
    double sum = 0;
    for (int j = 0; j < P; j++) sum += imp[j];
    assert_true(fabs(sum - 1) < 1e-9);
    model_free(&m);
  }
}

static void forest_learns_xor(void **state) {
  (void)state;
  enum { N = 600, P = 3 };
  static double x[N * P], y[N];
  make_data(x, y, N, P, xor_label, 2);
  train_params tp = params(MODEL_FOREST, TASK_CLASSIFY);
  tp.max_features = P;
  model m;
  fit_ok(&m, &tp, x, y, N, P, NULL);
  assert_true(score_fresh(&m, xor_label, 1000, P) > 0.93);
  model_free(&m);
}

static void forest_regresses_a_step_function(void **state) {
  (void)state;
  enum { N = 400, P = 3 };
  static double x[N * P], y[N];
  make_data(x, y, N, P, step_target, 3);
  for (int kind = MODEL_FOREST; kind <= MODEL_EXTRATREES; kind++) {
    train_params tp = params((model_kind)kind, TASK_REGRESS);
    model m;
    fit_ok(&m, &tp, x, y, N, P, NULL);
    assert_true(score_fresh(&m, step_target, 1000, P) > 0.95);
    model_free(&m);
  }
}

/* Every tree: children after their parent and inside the tree, depth
 * within max_depth, one more leaf than internal nodes. */
static void check_structure(const forest *f, size_t max_depth) {
  for (size_t t = 0; t < f->ntrees; t++) {
    const tree_node *nd = f->nodes + f->start[t];
    size_t n = f->start[t + 1] - f->start[t], leaves = 0;
    size_t *depth = calloc(n, sizeof *depth);
    for (size_t i = 0; i < n; i++) {
      if (nd[i].feature < 0) {
        leaves++;
        continue;
      }
      assert_true(nd[i].right > i + 1 && nd[i].right < n);
      depth[i + 1] = depth[nd[i].right] = depth[i] + 1;
      if (max_depth) assert_true(depth[i] + 1 <= max_depth);
    }
    assert_int_equal(leaves, n - leaves + 1);
    free(depth);
  }
}

static void forest_respects_max_depth(void **state) {
  (void)state;
  enum { N = 200, P = 3 };
  static double x[N * P], y[N];
  make_data(x, y, N, P, xor_label, 4);
  for (size_t depth = 1; depth <= 3; depth++) {
    train_params tp = params(MODEL_EXTRATREES, TASK_CLASSIFY);
    tp.max_depth = depth;
    model m;
    fit_ok(&m, &tp, x, y, N, P, NULL);
    check_structure(&m.forest, depth);
    model_free(&m);
  }
  train_params tp = params(MODEL_FOREST, TASK_CLASSIFY);
  model m;
  fit_ok(&m, &tp, x, y, N, P, NULL);
  check_structure(&m.forest, 0);
  model_free(&m);
}

static bool same_forest(const forest *a, const forest *b) {
  if (a->ntrees != b->ntrees || a->start[a->ntrees] != b->start[b->ntrees]) return false;
  size_t n = a->start[a->ntrees];
  for (size_t i = 0; i < n; i++)
    if (a->nodes[i].feature != b->nodes[i].feature || a->nodes[i].right != b->nodes[i].right ||
        a->nodes[i].value != b->nodes[i].value)
      return false;
  return true;
}

static void forest_is_deterministic_for_a_seed(void **state) {
  (void)state;
  enum { N = 150, P = 4 };
  static double x[N * P], y[N];
  make_data(x, y, N, P, xor_label, 5);
  train_params tp = params(MODEL_FOREST, TASK_CLASSIFY);
  model a, b, c;
  fit_ok(&a, &tp, x, y, N, P, NULL);
  fit_ok(&b, &tp, x, y, N, P, NULL);
  tp.seed = 8;
  fit_ok(&c, &tp, x, y, N, P, NULL);
  assert_true(same_forest(&a.forest, &b.forest));
  assert_false(same_forest(&a.forest, &c.forest));
  model_free(&a);
  model_free(&b);
  model_free(&c);
}

static void max_features_defaults(void **state) {
  (void)state;
  train_params tp = params(MODEL_FOREST, TASK_CLASSIFY);
  assert_int_equal(forest_max_features(&tp, 32), 5);
  tp.task = TASK_REGRESS;
  assert_int_equal(forest_max_features(&tp, 32), 32);
  tp.max_features = 100;
  assert_int_equal(forest_max_features(&tp, 32), 32);
  size_t k;
  assert_true(forest_parse_max_features("sqrt", 32, &k) && k == 5);
  assert_true(forest_parse_max_features("log2", 32, &k) && k == 5);
  assert_true(forest_parse_max_features("all", 32, &k) && k == 32);
  assert_true(forest_parse_max_features("0.33", 32, &k) && k == 10);
  assert_true(forest_parse_max_features("0.01", 32, &k) && k == 1);
  assert_true(forest_parse_max_features("7", 32, &k) && k == 7);
  assert_true(forest_parse_max_features(NULL, 32, &k) && k == 0);
  assert_false(forest_parse_max_features("0", 32, &k));
  assert_false(forest_parse_max_features("1.5", 32, &k));
  assert_false(forest_parse_max_features("half", 32, &k));
}

static void prediction_reports_spread_and_domain(void **state) {
  (void)state;
  enum { N = 300, P = 3 };
  static double x[N * P], y[N];
  make_data(x, y, N, P, threshold_label, 6);
  train_params tp = params(MODEL_FOREST, TASK_CLASSIFY);
  tp.trees = 100;
  model m;
  fit_ok(&m, &tp, x, y, N, P, NULL);
  prediction pr;
  model_predict(&m, (double[]){0.95, 0.5, 0.5}, &pr);
  assert_true(pr.healthy && pr.value > 0.9 && pr.votes > 0.9);
  assert_true(pr.lo <= pr.value && pr.value <= pr.hi);
  assert_true(pr.in_domain && pr.out_of_range == 0 && pr.missing == 0);
  /* Far outside the unit cube: out of the domain, every feature out of range. */
  model_predict(&m, (double[]){5, -4, 6}, &pr);
  assert_false(pr.in_domain);
  assert_int_equal(pr.out_of_range, 3);
  assert_true(pr.distance > pr.limit);
  /* A missing value takes the training median. */
  model_predict(&m, (double[]){0.95, NAN, 0.5}, &pr);
  assert_int_equal(pr.missing, 1);
  assert_true(pr.healthy);
  model_free(&m);
}

static void regression_interval_widened_by_residuals(void **state) {
  (void)state;
  enum { N = 200, P = 2 };
  static double x[N * P], y[N];
  make_data(x, y, N, P, step_target, 9);
  train_params tp = params(MODEL_FOREST, TASK_REGRESS);
  model m;
  fit_ok(&m, &tp, x, y, N, P, NULL);
  prediction a, b;
  model_predict(&m, (double[]){0.5, 0.5}, &a);
  m.resid_q90 = 10;
  model_predict(&m, (double[]){0.5, 0.5}, &b);
  assert_true(a.value == b.value);
  assert_true(b.lo <= b.value - 10 && b.hi >= b.value + 10);
  assert_true(a.hi - a.lo < 20);
  model_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(tree_known_classification_split),
    cmocka_unit_test(tree_known_regression_split),
    cmocka_unit_test(tree_weights_are_bootstrap_counts),
    cmocka_unit_test(tree_stops_at_min_split_and_purity),
    cmocka_unit_test(tree_min_leaf_moves_the_split),
    cmocka_unit_test(forest_learns_a_separable_problem),
    cmocka_unit_test(forest_learns_xor),
    cmocka_unit_test(forest_regresses_a_step_function),
    cmocka_unit_test(forest_respects_max_depth),
    cmocka_unit_test(forest_is_deterministic_for_a_seed),
    cmocka_unit_test(max_features_defaults),
    cmocka_unit_test(prediction_reports_spread_and_domain),
    cmocka_unit_test(regression_interval_widened_by_residuals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
