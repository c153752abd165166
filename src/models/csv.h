/* Reading a CSV table (RFC 4180: commas, double-quoted fields with ""
 * for a quote, LF or CRLF line ends) into a header and rows of text. */
#ifndef ARCHC_MODELS_CSV_H
#define ARCHC_MODELS_CSV_H

#include <stddef.h>

#include "util/arena.h"

typedef struct csv_table {
  size_t nrows, ncols;
  char **header;  /* ncols */
  char **cells;   /* nrows x ncols, row-major */
  arena mem;
} csv_table;

/* Reads a whole file ("-": standard input). Every row must have as many
 * fields as the header; blank lines are skipped. Returns 0, or -1 with a
 * message naming the file and line in err. */
int csv_read(csv_table *t, const char *path, char *err, size_t errlen);
void csv_free(csv_table *t);

/* The index of the column called `name`: -1 if there is none, -2 if
 * there are several. */
int csv_column(const csv_table *t, const char *name);
static inline const char *csv_cell(const csv_table *t, size_t row, size_t col) {
  return t->cells[row * t->ncols + col];
}

/* A cell as a number: NaN for an empty cell or "nan"; returns -1 if the
 * text is not a finite number. */
int csv_number(const char *cell, double *out);

#endif
