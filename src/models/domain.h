/* The domain of applicability: how far a network's features lie from the
 * population a model was trained on. */
#ifndef ARCHC_MODELS_DOMAIN_H
#define ARCHC_MODELS_DOMAIN_H

#include "models/model.h"

/* The weight of the identity in the shrunk correlation matrix: the
 * attributes are strongly collinear (several are ratios of others), and
 * the shrinkage keeps the distance from exploding along directions in
 * which the training networks hardly vary. */
#define DOMAIN_SHRINK 0.05

/* Fits the domain to n rows of p features (row-major, no NaN); arrays go
 * into `mem`. The limit is the 95th percentile of the training rows' own
 * distances. */
void domain_fit(domain *dom, arena *mem, const double *x, size_t n, size_t p);

/* sqrt(z' P z) for z = (x - center) / scale and P the precision matrix. */
double domain_distance(const domain *dom, size_t p, const double *x);

#endif
