/* Sorting and order statistics shared by the trees, the metrics and the
 * domain check: no qsort callbacks in the hot loop of tree growing. */
#ifndef ARCHC_MODELS_SORT_H
#define ARCHC_MODELS_SORT_H

#include <stddef.h>
#include <stdint.h>

typedef struct sort_pair {
  double key;
  uint32_t index;
} sort_pair;

/* Sorts by key, then by index, so the order is fully determined. Keys must
 * not be NaN. */
void sort_pairs(sort_pair *a, size_t n);
/* Sorts doubles ascending (no NaN). */
void sort_doubles(double *a, size_t n);
/* The q-quantile (0 <= q <= 1) of n sorted values, interpolating linearly
 * between order statistics (the usual "type 7" definition). NaN if n is 0. */
double sort_quantile(const double *sorted, size_t n, double q);
/* Ranks 1..n of v, ties given the average of the ranks they span. */
void sort_ranks(const double *v, size_t n, double *ranks);

#endif
