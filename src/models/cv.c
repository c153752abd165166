#include "models/cv.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "util/xalloc.h"

/* The rows of class c (or all rows when labels is NULL), shuffled. */
static size_t shuffled_class(size_t *out, size_t n, const double *labels, int c, gsl_rng *rng) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (!labels || (labels[i] > 0.5) == c) out[m++] = i;
  if (m > 1) gsl_ran_shuffle(rng, out, m, sizeof *out);
  return m;
}

static gsl_rng *rng_new(unsigned long seed) {
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  if (!rng) xalloc_die();
  gsl_rng_set(rng, seed);
  return rng;
}

void cv_folds(size_t *fold, size_t n, size_t k, const double *labels, unsigned long seed) {
  gsl_rng *rng = rng_new(seed);
  size_t *rows = xmalloc((n ? n : 1) * sizeof *rows);
  size_t next = 0;
  for (int c = 0; c < (labels ? 2 : 1); c++) {
    size_t m = shuffled_class(rows, n, labels, c, rng);
    for (size_t i = 0; i < m; i++) fold[rows[i]] = next++ % k;
  }
  free(rows);
  gsl_rng_free(rng);
}

void cv_holdout(bool *held, size_t n, double fraction, const double *labels,
                unsigned long seed) {
  gsl_rng *rng = rng_new(seed);
  size_t *rows = xmalloc((n ? n : 1) * sizeof *rows);
  for (size_t i = 0; i < n; i++) held[i] = false;
  for (int c = 0; c < (labels ? 2 : 1); c++) {
    size_t m = shuffled_class(rows, n, labels, c, rng);
    size_t h = (size_t)floor(fraction * (double)m + 0.5);
    for (size_t i = 0; i < h && i < m; i++) held[rows[i]] = true;
  }
  free(rows);
  gsl_rng_free(rng);
}

unsigned long cv_stream_seed(unsigned long seed, unsigned stream) {
  /* splitmix64: neighbouring seeds and streams give unrelated values. */
  uint64_t z = (uint64_t)seed + 0x9e3779b97f4a7c15ull * (stream + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  return (unsigned long)(z & 0xffffffffu);
}
