/* The rows of each feature in sorted order, kept node by node down a tree.
 * The best-threshold search scans a node's rows by increasing value (ties
 * by row number); sorting every feature once per forest and partitioning
 * those orders stably at each split gives every node its rows in that
 * order without sorting again, so a node costs time linear in its rows. */
#ifndef ARCHC_MODELS_PRESORT_H
#define ARCHC_MODELS_PRESORT_H

#include <stddef.h>
#include <stdint.h>

/* x holds n rows of p features column by column (no NaN): feature f of
 * row i is x[f * n + i]. order[f * n + k] becomes the row of rank k in
 * feature f, ranked by value and then by row number. */
void presort_columns(const double *x, size_t n, size_t p, uint32_t *order);

/* Copies each feature's order (as presort_columns makes it) keeping only
 * the rows with w[row] > 0, in the same order: feature f's rows go to
 * out[f * m ..], m being the number of such rows, which is returned. out
 * has room for n * p rows (the part past p * m is scratch). */
size_t presort_select(const uint32_t *order, size_t n, size_t p, const double *w,
                      uint32_t *out);

/* Moves the rows r of a[0 .. m) with left[r] != 0 to the front, each side
 * keeping its order (tmp has room for m rows). Returns how many go left. */
size_t presort_partition(uint32_t *a, size_t m, const unsigned char *left, uint32_t *tmp);

#endif
