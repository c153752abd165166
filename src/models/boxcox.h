/* The Box-Cox transformation of a positive target, and its parameter
 * lambda by maximum likelihood under a linear model. */
#ifndef ARCHC_MODELS_BOXCOX_H
#define ARCHC_MODELS_BOXCOX_H

#include <stddef.h>

/* (y^lambda - 1) / lambda, or log y when lambda is 0; y > 0. */
double boxcox(double y, double lambda);
/* The inverse; 0 or +inf where the transformed value is out of range. */
double boxcox_inverse(double z, double lambda);

/* Residual sum of squares of transformed targets z (n values) after the
 * least-squares fit. */
typedef double boxcox_rss_fn(const double *z, size_t n, void *ctx);

/* The profile log-likelihood of lambda, up to a constant:
 * -n/2 log(rss / n) + (lambda - 1) sum log y. */
double boxcox_loglik(const double *y, size_t n, double lambda, boxcox_rss_fn *rss, void *ctx);
/* The lambda in [-3, 3] that maximises it: a grid of step 0.05, then a
 * golden-section search around the best grid point. */
double boxcox_mle(const double *y, size_t n, boxcox_rss_fn *rss, void *ctx);

#endif
