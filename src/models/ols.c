#include "models/ols.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "models/boxcox.h"
#include "util/xalloc.h"

size_t ols_nterms(size_t p, bool interactions) {
  return 1 + p + (interactions ? p * (p - (p > 0)) / 2 : 0);
}

void ols_design_row(const ols_fit *o, size_t p, const double *x, double *row) {
  row[0] = 1;
  for (size_t j = 0; j < p; j++) row[1 + j] = (x[j] - o->center[j]) / o->scale[j];
  if (!o->interactions) return;
  size_t k = 1 + p;
  for (size_t i = 0; i < p; i++)
    for (size_t j = i + 1; j < p; j++) row[k++] = row[1 + i] * row[1 + j];
}

const char *ols_term_name(size_t k, size_t p, const char *const *features, char *buf,
                          size_t len) {
  if (k == 0) return "(intercept)";
  if (k <= p) return features[k - 1];
  k -= 1 + p;
  for (size_t i = 0; i < p; i++) {
    size_t row = p - 1 - i;  /* terms z_i z_j with j > i */
    if (k < row) {
      snprintf(buf, len, "%s:%s", features[i], features[i + 1 + k]);
      return buf;
    }
    k -= row;
  }
  return "?";
}

/* The fitted column space: the first `rank` left singular vectors. */
typedef struct projector {
  const gsl_matrix *u;
  size_t rank;
} projector;

/* z minus its projection on the column space, written to r. */
static void residuals(const projector *pr, const double *z, double *r, size_t n) {
  memcpy(r, z, n * sizeof *r);
  for (size_t k = 0; k < pr->rank; k++) {
    double c = 0;
    for (size_t i = 0; i < n; i++) c += gsl_matrix_get(pr->u, i, k) * z[i];
    for (size_t i = 0; i < n; i++) r[i] -= c * gsl_matrix_get(pr->u, i, k);
  }
}

static double rss(const double *z, size_t n, void *ctx) {
  double *r = xmalloc(n * sizeof *r);
  residuals(ctx, z, r, n);
  double s = 0;
  for (size_t i = 0; i < n; i++) s += r[i] * r[i];
  free(r);
  return s;
}

static void standardise(ols_fit *o, arena *mem, const double *x, size_t n, size_t p) {
  double *center = arena_calloc(mem, p ? p : 1, sizeof *center);
  double *scale = arena_calloc(mem, p ? p : 1, sizeof *scale);
  for (size_t j = 0; j < p; j++) {
    double m = 0, ss = 0;
    for (size_t i = 0; i < n; i++) m += x[i * p + j];
    m /= (double)n;
    for (size_t i = 0; i < n; i++) ss += (x[i * p + j] - m) * (x[i * p + j] - m);
    double sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
    center[j] = m;
    scale[j] = sd > 0 ? sd : 1;
  }
  o->center = center;
  o->scale = scale;
}

int ols_train(ols_fit *o, arena *mem, bool interactions, bool box_cox, const double *x,
              const double *y, size_t n, size_t p, char *err, size_t errlen) {
  size_t q = ols_nterms(p, interactions);
  *o = (ols_fit){.interactions = interactions, .box_cox = box_cox, .lambda = 1, .nterms = q};
  if (q >= n) {
    snprintf(err, errlen, "OLS needs more networks than terms: %zu networks, %zu terms%s", n, q,
             interactions ? " (with interactions)" : "");
    return -1;
  }
  for (size_t i = 0; box_cox && i < n; i++)
    if (!(y[i] > 0)) {
      snprintf(err, errlen, "Box-Cox needs positive targets; row %zu has %g", i + 1, y[i]);
      return -1;
    }
  standardise(o, mem, x, n, p);

  /* The design, keeping only the terms that vary (and the intercept). */
  double *design = xmalloc(n * q * sizeof *design);
  for (size_t i = 0; i < n; i++) ols_design_row(o, p, x + i * p, design + i * q);
  size_t *active = xmalloc(q * sizeof *active), qa = 0;
  for (size_t k = 0; k < q; k++) {
    bool varies = k == 0;
    for (size_t i = 1; i < n && !varies; i++) varies = design[i * q + k] != design[k];
    if (varies) active[qa++] = k;
  }
  gsl_matrix *a = gsl_matrix_alloc(n, qa);
  gsl_matrix *v = gsl_matrix_alloc(qa, qa);
  gsl_matrix *work_m = gsl_matrix_alloc(qa, qa);
  gsl_vector *s = gsl_vector_alloc(qa);
  gsl_vector *work_v = gsl_vector_alloc(qa);
  for (size_t i = 0; i < n; i++)
    for (size_t c = 0; c < qa; c++) gsl_matrix_set(a, i, c, design[i * q + active[c]]);
  gsl_linalg_SV_decomp_mod(a, work_m, v, s, work_v);  /* a becomes U */

  /* Numerical rank, by the usual tolerance on the singular values. */
  double smax = gsl_vector_get(s, 0);
  double tol = smax * (double)(n > qa ? n : qa) * DBL_EPSILON;
  size_t rank = 0;
  while (rank < qa && gsl_vector_get(s, rank) > tol) rank++;
  projector pr = {a, rank};

  double *z = xmalloc(n * sizeof *z);
  if (box_cox) o->lambda = boxcox_mle(y, n, rss, &pr);
  for (size_t i = 0; i < n; i++) z[i] = box_cox ? boxcox(y[i], o->lambda) : y[i];

  /* coef = V S^-1 U^T z over the retained singular values. */
  double *uz = xcalloc(rank ? rank : 1, sizeof *uz);
  for (size_t k = 0; k < rank; k++)
    for (size_t i = 0; i < n; i++) uz[k] += gsl_matrix_get(a, i, k) * z[i];
  double *coef = arena_calloc(mem, q, sizeof *coef);
  double *cov = arena_calloc(mem, q * q, sizeof *cov);
  double *se = arena_calloc(mem, q, sizeof *se);
  for (size_t c = 0; c < qa; c++) {
    double b = 0;
    for (size_t k = 0; k < rank; k++)
      b += gsl_matrix_get(v, c, k) * uz[k] / gsl_vector_get(s, k);
    coef[active[c]] = b;
  }
  double r = rss(z, n, &pr);
  o->rank = rank;
  o->df = (double)(n - rank);
  o->sigma = sqrt(r / o->df);
  o->t90 = gsl_cdf_tdist_Pinv(0.95, o->df);
  /* cov = sigma^2 V S^-2 V^T: the covariance of the estimates. */
  double s2 = o->sigma * o->sigma;
  for (size_t c = 0; c < qa; c++)
    for (size_t d = 0; d < qa; d++) {
      double sum = 0;
      for (size_t k = 0; k < rank; k++) {
        double sk = gsl_vector_get(s, k);
        sum += gsl_matrix_get(v, c, k) * gsl_matrix_get(v, d, k) / (sk * sk);
      }
      cov[active[c] * q + active[d]] = s2 * sum;
    }
  /* A coefficient is estimable when its unit vector lies in the row space
   * of the design, i.e. has no component along the dropped directions. */
  for (size_t k = 0; k < q; k++) se[k] = NAN;
  for (size_t c = 0; c < qa; c++) {
    double null = 0;
    for (size_t k = rank; k < qa; k++) null += gsl_matrix_get(v, c, k) * gsl_matrix_get(v, c, k);
    if (null < 1e-8) se[active[c]] = sqrt(cov[active[c] * q + active[c]]);
  }
  o->coef = coef;
  o->cov = cov;
  o->se = se;

  free(uz);
  free(z);
  gsl_vector_free(work_v);
  gsl_vector_free(s);
  gsl_matrix_free(work_m);
  gsl_matrix_free(v);
  gsl_matrix_free(a);
  free(active);
  free(design);
  return 0;
}

double ols_predict(const ols_fit *o, size_t p, const double *x, double *lo, double *hi) {
  size_t q = o->nterms;
  double *row = xmalloc(q * sizeof *row);
  ols_design_row(o, p, x, row);
  double zhat = 0, var = o->sigma * o->sigma;
  for (size_t k = 0; k < q; k++) {
    zhat += row[k] * o->coef[k];
    double c = 0;
    for (size_t l = 0; l < q; l++) c += o->cov[k * q + l] * row[l];
    var += row[k] * c;
  }
  free(row);
  double half = o->t90 * sqrt(var > 0 ? var : 0);
  double zlo = zhat - half, zhi = zhat + half;
  if (o->box_cox) {
    zhat = boxcox_inverse(zhat, o->lambda);
    zlo = boxcox_inverse(zlo, o->lambda);
    zhi = boxcox_inverse(zhi, o->lambda);
  }
  if (lo) *lo = zlo;
  if (hi) *hi = zhi;
  return zhat;
}
