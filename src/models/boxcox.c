#include "models/boxcox.h"

#include <math.h>
#include <stdlib.h>

#include "util/xalloc.h"

double boxcox(double y, double lambda) {
  /* expm1 keeps precision for lambda near 0, where the limit is log y. */
  return lambda == 0 ? log(y) : expm1(lambda * log(y)) / lambda;
}

double boxcox_inverse(double z, double lambda) {
  if (lambda == 0) return exp(z);
  double b = lambda * z;
  if (b <= -1) return lambda > 0 ? 0 : INFINITY;
  return exp(log1p(b) / lambda);
}

double boxcox_loglik(const double *y, size_t n, double lambda, boxcox_rss_fn *rss, void *ctx) {
  double *z = xmalloc((n ? n : 1) * sizeof *z);
  double slog = 0;
  for (size_t i = 0; i < n; i++) {
    z[i] = boxcox(y[i], lambda);
    slog += log(y[i]);
  }
  double r = rss(z, n, ctx);
  free(z);
  return -0.5 * (double)n * log(r / (double)n) + (lambda - 1) * slog;
}

double boxcox_mle(const double *y, size_t n, boxcox_rss_fn *rss, void *ctx) {
  const double lo = -3, hi = 3, step = 0.05;
  double best = 1, best_ll = -INFINITY;
  for (int k = 0; k <= (int)((hi - lo) / step + 0.5); k++) {
    double l = lo + k * step;
    double ll = boxcox_loglik(y, n, l, rss, ctx);
    if (ll > best_ll) best_ll = ll, best = l;
  }
  /* The likelihood is smooth and unimodal near its maximum. */
  const double phi = 0.5 * (sqrt(5.0) - 1);
  double a = fmax(lo, best - step), b = fmin(hi, best + step);
  double c = b - phi * (b - a), d = a + phi * (b - a);
  double fc = boxcox_loglik(y, n, c, rss, ctx), fd = boxcox_loglik(y, n, d, rss, ctx);
  while (b - a > 1e-6) {
    if (fc > fd) {
      b = d, d = c, fd = fc;
      c = b - phi * (b - a);
      fc = boxcox_loglik(y, n, c, rss, ctx);
    } else {
      a = c, c = d, fc = fd;
      d = a + phi * (b - a);
      fd = boxcox_loglik(y, n, d, rss, ctx);
    }
  }
  double l = 0.5 * (a + b);
  return boxcox_loglik(y, n, l, rss, ctx) >= best_ll ? l : best;
}
