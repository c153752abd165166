#include "util/num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

const char *num_format(char buf[NUM_BUF], double x) {
  if (isnan(x)) return snprintf(buf, NUM_BUF, "nan"), buf;
  if (isinf(x)) return snprintf(buf, NUM_BUF, x < 0 ? "-inf" : "inf"), buf;
  /* %g drops trailing zeros, so 15 digits already give the shortest text
   * for every value that 15 digits can hold; only the others need 16 or
   * 17. Three tries at most, not seventeen: features print millions. */
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, NUM_BUF, "%.*g", prec, x);
    if (strtod(buf, NULL) == x) break;
  }
  return buf;
}
