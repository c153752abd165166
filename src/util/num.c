#include "util/num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

const char *num_format(char buf[NUM_BUF], double x) {
  if (isnan(x)) return snprintf(buf, NUM_BUF, "nan"), buf;
  if (isinf(x)) return snprintf(buf, NUM_BUF, x < 0 ? "-inf" : "inf"), buf;
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, NUM_BUF, "%.*g", prec, x);
    if (strtod(buf, NULL) == x) break;
  }
  return buf;
}
