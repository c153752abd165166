/* Printing doubles: the shortest text that reads back as the same value. */
#ifndef ARCHC_UTIL_NUM_H
#define ARCHC_UTIL_NUM_H

enum { NUM_BUF = 32 };

/* Writes the shortest %g form (up to 17 digits) that strtod turns back
 * into exactly `x`; "nan", "inf" and "-inf" for the non-finite values. */
const char *num_format(char buf[NUM_BUF], double x);

#endif
