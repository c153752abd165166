#include "models/presort.h"

#include <stdlib.h>
#include <string.h>

#include "models/sort.h"
#include "util/xalloc.h"

void presort_columns(const double *x, size_t n, size_t p, uint32_t *order) {
  sort_pair *pairs = xmalloc((n ? n : 1) * sizeof *pairs);
  for (size_t f = 0; f < p; f++) {
    const double *col = x + f * n;
    for (size_t i = 0; i < n; i++) pairs[i] = (sort_pair){col[i], (uint32_t)i};
    sort_pairs(pairs, n);  /* ties by index: the row number */
    for (size_t i = 0; i < n; i++) order[f * n + i] = pairs[i].index;
  }
  free(pairs);
}

size_t presort_select(const uint32_t *order, size_t n, size_t p, const double *w,
                      uint32_t *out) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++) m += w[i] > 0;
  for (size_t f = 0; f < p; f++) {
    const uint32_t *src = order + f * n;
    uint32_t *dst = out + f * m;
    size_t k = 0;
    /* Written always, kept when drawn: which rows a bootstrap sample
     * leaves out is random, so a branch on it would mispredict. A write
     * one past a feature's rows lands on the next feature's first row,
     * which is written again, or past p * m, which is spare room. */
    for (size_t i = 0; i + 1 < n; i++) {
      dst[k] = src[i];
      k += w[src[i]] > 0;
    }
    if (n && w[src[n - 1]] > 0) dst[k] = src[n - 1];
  }
  return m;
}

size_t presort_partition(uint32_t *a, size_t m, const unsigned char *left, uint32_t *tmp) {
  size_t nl = 0, nr = 0;
  /* Every row is written to both places and only one count moves on:
   * no branch to mispredict on a random left/right pattern. */
  for (size_t k = 0; k < m; k++) {
    uint32_t r = a[k];
    size_t go = left[r] != 0;
    a[nl] = r;
    tmp[nr] = r;
    nl += go;
    nr += 1 - go;
  }
  memcpy(a + nl, tmp, nr * sizeof *a);
  return nl;
}
