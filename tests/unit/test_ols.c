/* Unit tests for least squares (src/models/ols.c) and the Box-Cox
 * transformation (boxcox.c): coefficients, standard errors and intervals
 * against hand computation and against GSL's own fit; rank deficiency;
 * interactions; lambda recovered from data made with a known one. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "models/boxcox.h"
#include "models/ols.h"

static void near(double a, double b, double tol) {
  if (!(fabs(a - b) <= tol)) fail_msg("%.17g is not within %g of %.17g", a, tol, b);
}

static void fit_ok(ols_fit *o, arena *a, bool inter, bool bc, const double *x, const double *y,
                   size_t n, size_t p) {
  char err[256];
  if (ols_train(o, a, inter, bc, x, y, n, p, err, sizeof err)) fail_msg("ols_train: %s", err);
}

/* y = 2, 4, 5, 4, 5 on x = 1..5: slope 0.6, intercept 2.2, residual sum
 * of squares 2.4 on 3 degrees of freedom, by hand. */
static void simple_regression_by_hand(void **state) {
  (void)state;
  const double x[] = {1, 2, 3, 4, 5}, y[] = {2, 4, 5, 4, 5};
  arena a;
  arena_init(&a);
  ols_fit o;
  fit_ok(&o, &a, false, false, x, y, 5, 1);
  double sd = sqrt(2.5);  /* of x */
  assert_int_equal(o.nterms, 2);
  assert_int_equal(o.rank, 2);
  near(o.coef[0], 4, 1e-12);             /* the mean of y: z is centred */
  near(o.coef[1], 0.6 * sd, 1e-12);       /* slope per standard deviation */
  near(o.df, 3, 0);
  near(o.sigma, sqrt(0.8), 1e-12);
  near(o.se[0], sqrt(0.8 / 5), 1e-12);
  near(o.se[1], sqrt(0.8 / 10) * sd, 1e-12);
  near(o.t90, 2.3533634348018264, 1e-9);
  double lo, hi;
  double v = ols_predict(&o, 1, (double[]){3}, &lo, &hi);
  near(v, 4, 1e-12);
  /* At the mean of x the prediction variance is sigma^2 (1 + 1/n). */
  double half = 2.3533634348018264 * sqrt(0.8 * 1.2);
  near(lo, 4 - half, 1e-8);
  near(hi, 4 + half, 1e-8);
  v = ols_predict(&o, 1, (double[]){10}, NULL, NULL);
  near(v, 2.2 + 6, 1e-12);
  arena_free(&a);
}

/* The same standardised design through gsl_multifit_linear. */
static void agrees_with_gsl(void **state) {
  (void)state;
  enum { N = 60, P = 3 };
  double x[N * P], y[N];
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(r, 11);
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < P; j++) x[i * P + j] = gsl_ran_gaussian(r, 1 + j);
    y[i] = 1 + 2 * x[i * P] - x[i * P + 1] + gsl_ran_gaussian(r, 0.5);
  }
  arena a;
  arena_init(&a);
  ols_fit o;
  fit_ok(&o, &a, false, false, x, y, N, P);

  gsl_matrix *X = gsl_matrix_alloc(N, P + 1), *cov = gsl_matrix_alloc(P + 1, P + 1);
  gsl_vector *Y = gsl_vector_alloc(N), *c = gsl_vector_alloc(P + 1);
  for (int i = 0; i < N; i++) {
    double row[P + 1];
    ols_design_row(&o, P, x + i * P, row);
    for (int k = 0; k <= P; k++) gsl_matrix_set(X, i, k, row[k]);
    gsl_vector_set(Y, i, y[i]);
  }
  double chisq;
  gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(N, P + 1);
  gsl_multifit_linear(X, Y, c, cov, &chisq, w);
  for (int k = 0; k <= P; k++) {
    near(o.coef[k], gsl_vector_get(c, k), 1e-10);
    near(o.se[k], sqrt(gsl_matrix_get(cov, k, k)), 1e-10);
    for (int l = 0; l <= P; l++)
      near(o.cov[k * (P + 1) + l], gsl_matrix_get(cov, k, l), 1e-12);
  }
  near(o.sigma, sqrt(chisq / (N - P - 1)), 1e-12);
  gsl_multifit_linear_free(w);
  gsl_matrix_free(X);
  gsl_matrix_free(cov);
  gsl_vector_free(Y);
  gsl_vector_free(c);
  gsl_rng_free(r);
  arena_free(&a);
}

static void constant_and_duplicate_columns(void **state) {
  (void)state;
  enum { N = 30, P = 4 };
  double x[N * P], y[N];
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(r, 12);
  for (int i = 0; i < N; i++) {
    x[i * P] = gsl_rng_uniform(r);
    x[i * P + 1] = 7;                 /* constant */
    x[i * P + 2] = gsl_rng_uniform(r);
    x[i * P + 3] = x[i * P + 2];      /* a copy of column 2 */
    y[i] = 3 * x[i * P] + x[i * P + 2] + 0.01 * gsl_rng_uniform(r);
  }
  arena a;
  arena_init(&a);
  ols_fit o;
  fit_ok(&o, &a, false, false, x, y, N, P);
  assert_int_equal(o.rank, 3);
  assert_true(o.coef[2] == 0 && isnan(o.se[2]));
  /* The copies cannot be told apart: no standard error, equal shares. */
  assert_true(isnan(o.se[3]) && isnan(o.se[4]));
  near(o.coef[3], o.coef[4], 1e-9);
  assert_false(isnan(o.se[0]) || isnan(o.se[1]));
  /* Predictions are still determined. */
  double v = ols_predict(&o, P, (double[]){0.5, 7, 0.5, 0.5}, NULL, NULL);
  near(v, 2 + 0.005, 0.01);
  gsl_rng_free(r);
  arena_free(&a);
}

static void interactions(void **state) {
  (void)state;
  enum { N = 80, P = 3 };
  double x[N * P], y[N];
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(r, 13);
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < P; j++) x[i * P + j] = gsl_rng_uniform(r);
    y[i] = 1 + 4 * x[i * P] * x[i * P + 2];
  }
  arena a;
  arena_init(&a);
  ols_fit o;
  fit_ok(&o, &a, true, false, x, y, N, P);
  assert_int_equal(o.nterms, 7);
  assert_int_equal(ols_nterms(32, true), 529);
  const char *const names[] = {"a", "b", "c"};
  char buf[64];
  assert_string_equal(ols_term_name(0, P, names, buf, sizeof buf), "(intercept)");
  assert_string_equal(ols_term_name(2, P, names, buf, sizeof buf), "b");
  assert_string_equal(ols_term_name(4, P, names, buf, sizeof buf), "a:b");
  assert_string_equal(ols_term_name(5, P, names, buf, sizeof buf), "a:c");
  assert_string_equal(ols_term_name(6, P, names, buf, sizeof buf), "b:c");
  /* An exact model: the fit reproduces it, with the a:c term alone among
   * the interactions. */
  near(o.coef[4], 0, 1e-9);
  near(o.coef[6], 0, 1e-9);
  assert_true(fabs(o.coef[5]) > 0.1);
  near(ols_predict(&o, P, (double[]){0.3, 0.9, 0.5}, NULL, NULL), 1 + 4 * 0.15, 1e-9);
  gsl_rng_free(r);
  arena_free(&a);
}

static void refuses_what_it_cannot_fit(void **state) {
  (void)state;
  const double x[] = {1, 2, 3, 4, 5, 6}, y[] = {1, 2, 3}, yneg[] = {1, -1, 2, 3, 4, 5};
  arena a;
  arena_init(&a);
  ols_fit o;
  char err[256];
  /* 3 rows, 2 features: 3 terms */
  assert_int_equal(ols_train(&o, &a, false, false, x, y, 3, 2, err, sizeof err), -1);
  assert_non_null(strstr(err, "more networks than terms"));
  assert_int_equal(ols_train(&o, &a, false, true, x, yneg, 6, 1, err, sizeof err), -1);
  assert_non_null(strstr(err, "positive"));
  arena_free(&a);
}

/* --- Box-Cox -------------------------------------------------------------- */

static void boxcox_transform(void **state) {
  (void)state;
  near(boxcox(4, 0.5), 2, 1e-15);          /* (sqrt 4 - 1) / 0.5 */
  near(boxcox(exp(1), 0), 1, 1e-15);
  near(boxcox(2, 1e-12), log(2), 1e-11);   /* continuous at 0 */
  near(boxcox(2, -1), 0.5, 1e-15);
  for (double l = -2; l <= 2; l += 0.25)
    for (double y = 0.1; y < 10; y *= 1.7) near(boxcox_inverse(boxcox(y, l), l), y, 1e-12 * y);
  assert_true(boxcox_inverse(-3, 0.5) == 0);          /* below -1/lambda */
  assert_true(isinf(boxcox_inverse(2, -0.5)));
}

/* Data whose transform with lambda0 follows a linear model exactly up to
 * Gaussian noise: the likelihood must put lambda near lambda0. The
 * transformed values a + b (...) stay where the inverse exists
 * (1 + lambda z > 0). */
static double recover_lambda(double lambda0, double a0, double b0, unsigned long seed) {
  enum { N = 400, P = 2 };
  static double x[N * P], y[N];
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(r, seed);
  for (int i = 0; i < N; i++) {
    x[i * P] = gsl_rng_uniform(r);
    x[i * P + 1] = gsl_rng_uniform(r);
    double z = a0 + b0 * (1.5 * x[i * P] - x[i * P + 1] + gsl_ran_gaussian(r, 0.2));
    y[i] = boxcox_inverse(z, lambda0);
  }
  arena a;
  arena_init(&a);
  ols_fit o;
  fit_ok(&o, &a, false, true, x, y, N, P);
  double l = o.lambda;
  /* Predictions come back on the original scale, inside the interval. */
  double lo, hi, v = ols_predict(&o, P, (double[]){0.5, 0.5}, &lo, &hi);
  assert_true(lo < v && v < hi);
  near(v, boxcox_inverse(a0 + b0 * 0.25, l), 0.2 * v);
  arena_free(&a);
  gsl_rng_free(r);
  return l;
}

static void boxcox_lambda_by_maximum_likelihood(void **state) {
  (void)state;
  near(recover_lambda(0.5, 2, 1, 21), 0.5, 0.15);
  near(recover_lambda(0, 2, 1, 22), 0, 0.15);
  near(recover_lambda(-1, 0.5, 0.1, 23), -1, 0.2);
  near(recover_lambda(2, 12, 8, 24), 2, 0.3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(simple_regression_by_hand),
    cmocka_unit_test(agrees_with_gsl),
    cmocka_unit_test(constant_and_duplicate_columns),
    cmocka_unit_test(interactions),
    cmocka_unit_test(refuses_what_it_cannot_fit),
    cmocka_unit_test(boxcox_transform),
    cmocka_unit_test(boxcox_lambda_by_maximum_likelihood),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
