/* Splitting networks for validation: k folds and a held-out part, drawn
 * by a Mersenne Twister seeded with `seed`; stratified by class when labels are given, so that every
 * part keeps the population's proportion of healthy networks. */
#ifndef ARCHC_MODELS_CV_H
#define ARCHC_MODELS_CV_H

#include <stdbool.h>
#include <stddef.h>

/* fold[i] in 0..k-1 for each of n rows: the rows are shuffled (each class
 * on its own when labels, 0/1, are given) and dealt to the folds in turn,
 * so fold sizes differ by at most one. */
void cv_folds(size_t *fold, size_t n, size_t k, const double *labels, unsigned long seed);

/* held[i] = true for round(fraction * n) rows drawn at random (per class
 * when labels are given: round(fraction * n_c) of each class). */
void cv_holdout(bool *held, size_t n, double fraction, const double *labels,
                unsigned long seed);

/* An unsigned long seed for stream `stream` of a run seeded with `seed`:
 * each use of randomness gets its own stream, so changing one option
 * (say, the number of folds) does not change the others. */
unsigned long cv_stream_seed(unsigned long seed, unsigned stream);

#endif
