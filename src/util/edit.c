#include "util/edit.h"

#include <stdint.h>

size_t edit_distance(const char *a, size_t n, const char *b, size_t m, size_t max) {
  if (n > 64 || m > 64) return SIZE_MAX;
  size_t over = max == SIZE_MAX ? SIZE_MAX : max + 1;
  /* Every edit changes the length by at most one. */
  if ((n > m ? n - m : m - n) > max) return over;
  size_t row[65];
  for (size_t j = 0; j <= m; j++) row[j] = j;
  for (size_t i = 1; i <= n; i++) {
    size_t prev = row[0], least = i;
    row[0] = i;
    for (size_t j = 1; j <= m; j++) {
      size_t up = row[j], best = prev + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      prev = up;
      if (best < least) least = best;
    }
    /* Rows never decrease along a path: a row above `max` stays above. */
    if (least > max) return over;
  }
  return row[m] > max ? over : row[m];
}
