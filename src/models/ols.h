/* Ordinary least squares on standardised features, with optional pairwise
 * interaction terms and an optional Box-Cox transformed target. */
#ifndef ARCHC_MODELS_OLS_H
#define ARCHC_MODELS_OLS_H

#include <stddef.h>

#include "models/model.h"

/* 1 + p, plus p (p - 1) / 2 with interactions. */
size_t ols_nterms(size_t p, bool interactions);
/* The design row of x (p raw features): 1, z_1..z_p, z_i z_j (i < j). */
void ols_design_row(const ols_fit *o, size_t p, const double *x, double *row);
/* The name of term k: "(intercept)", a feature, or "a:b". */
const char *ols_term_name(size_t k, size_t p, const char *const *features, char *buf,
                          size_t len);

/* Fits n rows of p features (row-major, no NaN) to y; arrays go into
 * `mem`. Constant terms get coefficient 0, and terms the data cannot
 * separate from others a standard error of NaN. With Box-Cox every y must
 * be positive. Returns 0, or -1 with a message in err (more terms than
 * rows, a non-positive target). */
int ols_train(ols_fit *o, arena *mem, bool interactions, bool box_cox, const double *x,
              const double *y, size_t n, size_t p, char *err, size_t errlen);

/* The prediction for x on the target's own scale (back-transformed: the
 * median under Box-Cox) and its 90 % prediction interval [lo, hi]. */
double ols_predict(const ols_fit *o, size_t p, const double *x, double *lo, double *hi);

#endif
