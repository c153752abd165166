#include "models/domain.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "models/sort.h"
#include "util/xalloc.h"

double domain_distance(const domain *dom, size_t p, const double *x) {
  double *z = xmalloc((p ? p : 1) * sizeof *z);
  for (size_t j = 0; j < p; j++) z[j] = (x[j] - dom->center[j]) / dom->scale[j];
  double d2 = 0;
  for (size_t j = 0; j < p; j++) {
    double s = 0;
    for (size_t k = 0; k < p; k++) s += dom->precision[j * p + k] * z[k];
    d2 += z[j] * s;
  }
  free(z);
  return sqrt(d2 > 0 ? d2 : 0);
}

void domain_fit(domain *dom, arena *mem, const double *x, size_t n, size_t p) {
  size_t pp = p ? p : 1;
  double *center = arena_calloc(mem, pp, sizeof *center);
  double *scale = arena_calloc(mem, pp, sizeof *scale);
  double *lo = arena_calloc(mem, pp, sizeof *lo), *hi = arena_calloc(mem, pp, sizeof *hi);
  double *precision = arena_calloc(mem, pp * pp, sizeof *precision);
  for (size_t j = 0; j < p; j++) {
    double m = 0, ss = 0;
    lo[j] = hi[j] = n ? x[j] : NAN;
    for (size_t i = 0; i < n; i++) {
      double v = x[i * p + j];
      m += v;
      lo[j] = fmin(lo[j], v);
      hi[j] = fmax(hi[j], v);
    }
    m = n ? m / (double)n : 0;
    for (size_t i = 0; i < n; i++) ss += (x[i * p + j] - m) * (x[i * p + j] - m);
    double sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
    center[j] = m;
    scale[j] = sd > 0 ? sd : 1;
  }
  /* (1 - a) R + a I, R the correlation matrix; its inverse by Cholesky. */
  gsl_matrix *s = gsl_matrix_alloc(pp, pp);
  gsl_matrix_set_identity(s);
  for (size_t j = 0; j < p; j++)
    for (size_t k = 0; k < p; k++) {
      double c = 0;
      for (size_t i = 0; i < n; i++)
        c += (x[i * p + j] - center[j]) / scale[j] * (x[i * p + k] - center[k]) / scale[k];
      c = n > 1 ? c / (double)(n - 1) : 0;
      gsl_matrix_set(s, j, k, (1 - DOMAIN_SHRINK) * c + (j == k ? DOMAIN_SHRINK : 0));
    }
  gsl_linalg_cholesky_decomp1(s);
  gsl_linalg_cholesky_invert(s);
  for (size_t j = 0; j < p; j++)
    for (size_t k = 0; k < p; k++) precision[j * p + k] = gsl_matrix_get(s, j, k);
  gsl_matrix_free(s);

  *dom = (domain){center, scale, precision, DOMAIN_SHRINK, NAN, lo, hi};
  double *d = xmalloc((n ? n : 1) * sizeof *d);
  for (size_t i = 0; i < n; i++) d[i] = domain_distance(dom, p, x + i * p);
  sort_doubles(d, n);
  dom->limit = sort_quantile(d, n, 0.95);
  free(d);
}
