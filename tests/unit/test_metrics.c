/* Unit tests for the metrics (src/models/metrics.c), the order statistics
 * they rest on (sort.c) and the validation splits (cv.c): values worked
 * out by hand, ties included, and Kendall's tau-b against the O(n^2)
 * definition. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_rng.h>

#include "models/cv.h"
#include "models/metrics.h"
#include "models/sort.h"

static void near(double a, double b, double tol) {
  if (!(fabs(a - b) <= tol)) fail_msg("%.17g is not within %g of %.17g", a, tol, b);
}

static void classification(void **state) {
  (void)state;
  /* 3 of 4 positives and 1 of 2 negatives right; 0.5 counts as negative. */
  const double truth[] = {1, 1, 1, 1, 0, 0};
  const double prob[] = {0.9, 0.6, 0.7, 0.5, 0.2, 0.8};
  near(metric_accuracy(truth, prob, 6), 4.0 / 6, 1e-15);
  near(metric_balanced_accuracy(truth, prob, 6), (0.75 + 0.5) / 2, 1e-15);
  /* Only one class present: the recall of that class. */
  near(metric_balanced_accuracy(truth, prob, 4), 0.75, 1e-15);
  assert_true(isnan(metric_accuracy(truth, prob, 0)));
}

static void auc_with_ties(void **state) {
  (void)state;
  /* Pairs (positive, negative): 0.8>0.5, 0.8>0.2, 0.5=0.5 (half), 0.5>0.2. */
  const double truth[] = {1, 1, 0, 0}, score[] = {0.8, 0.5, 0.5, 0.2};
  near(metric_auc(truth, score, 4), 3.5 / 4, 1e-15);
  const double all_tied[] = {0.3, 0.3, 0.3, 0.3};
  near(metric_auc(truth, all_tied, 4), 0.5, 1e-15);
  const double reversed[] = {0.1, 0.2, 0.3, 0.4};
  near(metric_auc(truth, reversed, 4), 0, 1e-15);
  const double one_class[] = {1, 1, 1};
  assert_true(isnan(metric_auc(one_class, score, 3)));
}

static void regression(void **state) {
  (void)state;
  const double y[] = {1, 2, 3, 4}, pred[] = {1, 2, 3, 5};
  near(metric_r2(y, pred, 4), 1 - 1.0 / 5, 1e-15);  /* SS about the mean: 5 */
  near(metric_rmse(y, pred, 4), 0.5, 1e-15);
  /* R^2 is centred on the held-out mean: a constant offset costs. */
  const double shifted[] = {2, 3, 4, 5};
  near(metric_r2(y, shifted, 4), 1 - 4.0 / 5, 1e-15);
  const double flat[] = {2, 2, 2, 2};
  assert_true(isnan(metric_r2(flat, pred, 4)));
  near(metric_pearson(y, shifted, 4), 1, 1e-15);
}

static void rank_correlations_with_ties(void **state) {
  (void)state;
  const double a[] = {1, 2, 2, 3}, b[] = {1, 3, 2, 4};
  /* Ranks of a: 1, 2.5, 2.5, 4. */
  near(metric_spearman(a, b, 4), 4.5 / sqrt(4.5 * 5), 1e-15);
  /* 5 concordant pairs, none discordant, one tied in a: 5 / sqrt(5 * 6). */
  near(metric_kendall_tau_b(a, b, 4), 5 / sqrt(30), 1e-15);
  /* 1 concordant pair, 5 discordant. */
  const double c[] = {4, 3, 2, 1};
  near(metric_kendall_tau_b(b, c, 4), -4.0 / 6, 1e-15);
  near(metric_kendall_tau_b((double[]){1, 2, 3, 4}, c, 4), -1, 1e-15);
  near(metric_spearman((double[]){1, 2, 3, 4}, c, 4), -1, 1e-15);
  const double d[] = {1, 1, 2, 2}, e[] = {1, 2, 1, 2};
  near(metric_kendall_tau_b(d, e, 4), 0, 1e-15);
  assert_true(isnan(metric_kendall_tau_b(d, (double[]){5, 5, 5, 5}, 4)));
}

/* Kendall's tau-b from its definition, pair by pair. */
static double tau_b_slow(const double *a, const double *b, size_t n) {
  double s = 0, ta = 0, tb = 0, n0 = (double)n * (double)(n - 1) / 2;
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++) {
      double da = a[i] - a[j], db = b[i] - b[j];
      if (da == 0) ta++;
      if (db == 0) tb++;
      if (da * db > 0) s++;
      if (da * db < 0) s--;
    }
  return s / sqrt((n0 - ta) * (n0 - tb));
}

static void kendall_matches_definition(void **state) {
  (void)state;
  enum { N = 500 };
  static double a[N], b[N];
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  for (int round = 0; round < 5; round++) {
    gsl_rng_set(r, 100 + (unsigned long)round);
    /* Few distinct values: many ties in both, and joint ties. */
    for (int i = 0; i < N; i++) {
      a[i] = (double)gsl_rng_uniform_int(r, 4 + 10 * round);
      b[i] = a[i] * (round % 2 ? -1 : 1) + (double)gsl_rng_uniform_int(r, 5);
    }
    near(metric_kendall_tau_b(a, b, N), tau_b_slow(a, b, N), 1e-12);
  }
  gsl_rng_free(r);
}

/* --- order statistics ------------------------------------------------------ */

static int cmp_pair(const void *x, const void *y) {
  const sort_pair *a = x, *b = y;
  if (a->key != b->key) return a->key < b->key ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

static void sorting(void **state) {
  (void)state;
  enum { N = 2000 };
  static sort_pair p[N], q[N];
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  for (int round = 0; round < 4; round++) {
    for (uint32_t i = 0; i < N; i++) {
      /* random, few distinct values, ascending, descending */
      double k = round == 0 ? gsl_rng_uniform(r) : round == 1 ? (double)gsl_rng_uniform_int(r, 3)
               : round == 2 ? (double)i : -(double)i;
      p[i] = q[i] = (sort_pair){k, i};
    }
    sort_pairs(p, N);
    qsort(q, N, sizeof *q, cmp_pair);
    assert_memory_equal(p, q, sizeof p);
  }
  gsl_rng_free(r);
  double v[] = {3, 1, 2, 5, 4};
  sort_doubles(v, 5);
  near(sort_quantile(v, 5, 0.5), 3, 0);
  near(sort_quantile(v, 5, 0.9), 4.6, 1e-15);
  near(sort_quantile(v, 5, 0), 1, 0);
  near(sort_quantile(v, 5, 1), 5, 0);
  double ranks[5];
  sort_ranks((double[]){10, 20, 10, 30, 10}, 5, ranks);
  assert_memory_equal(ranks, ((double[]){2, 4, 2, 5, 2}), sizeof ranks);
}

/* --- validation splits ------------------------------------------------------ */

static void stratified_folds(void **state) {
  (void)state;
  enum { N = 103, K = 5 };
  double labels[N];
  size_t fold[N], again[N];
  for (int i = 0; i < N; i++) labels[i] = i % 3 == 0;  /* 35 positives */
  cv_folds(fold, N, K, labels, 42);
  cv_folds(again, N, K, labels, 42);
  assert_memory_equal(fold, again, sizeof fold);
  size_t size[K] = {0}, pos[K] = {0};
  for (int i = 0; i < N; i++) {
    assert_true(fold[i] < K);
    size[fold[i]]++;
    pos[fold[i]] += labels[i] > 0.5;
  }
  for (int f = 0; f < K; f++) {
    assert_true(size[f] == 20 || size[f] == 21);
    assert_true(pos[f] == 7);
  }
  cv_folds(again, N, K, labels, 43);
  assert_true(memcmp(fold, again, sizeof fold) != 0);
}

static void holdout_split(void **state) {
  (void)state;
  enum { N = 50 };
  double labels[N];
  bool held[N];
  for (int i = 0; i < N; i++) labels[i] = i < 20;
  cv_holdout(held, N, 0.2, labels, 1);
  size_t h = 0, hp = 0;
  for (int i = 0; i < N; i++) h += held[i], hp += held[i] && labels[i] > 0.5;
  assert_int_equal(h, 10);
  assert_int_equal(hp, 4);
  cv_holdout(held, N, 0.3, NULL, 1);
  h = 0;
  for (int i = 0; i < N; i++) h += held[i];
  assert_int_equal(h, 15);
  assert_true(cv_stream_seed(1, 1) != cv_stream_seed(1, 2));
  assert_true(cv_stream_seed(1, 1) != cv_stream_seed(2, 1));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(classification),
    cmocka_unit_test(auc_with_ties),
    cmocka_unit_test(regression),
    cmocka_unit_test(rank_correlations_with_ties),
    cmocka_unit_test(kendall_matches_definition),
    cmocka_unit_test(sorting),
    cmocka_unit_test(stratified_folds),
    cmocka_unit_test(holdout_split),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
