#include "models/csv.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

static char *slurp(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) return NULL;
  buf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_put(&b, chunk, n);
  bool bad = ferror(f);
  if (f != stdin) fclose(f);
  if (bad) {
    buf_free(&b);
    return NULL;
  }
  *len = b.len;
  buf_putc(&b, '\0');
  return buf_take(&b);
}

/* The reading position and the fields of the current record. */
typedef struct parser {
  const char *text;
  size_t len, pos, line;
  size_t record_line;  /* where the record being read starts */
  arena *mem;
  char **fields;
  size_t nfields, cap;
  buf field;
} parser;

static void end_field(parser *p) {
  p->fields = xgrow(p->fields, &p->cap, p->nfields + 1, sizeof *p->fields);
  p->fields[p->nfields++] = arena_strndup(p->mem, p->field.data ? p->field.data : "",
                                          p->field.len);
  p->field.len = 0;
}

/* Returns 1 for a record, 0 at the end, -1 for an unterminated quote. */
static int next_record(parser *p) {
  p->nfields = 0;
  /* Blank lines are not records. */
  while (p->pos < p->len && (p->text[p->pos] == '\n' || p->text[p->pos] == '\r')) {
    if (p->text[p->pos] == '\n') p->line++;
    p->pos++;
  }
  if (p->pos >= p->len) return 0;
  p->record_line = p->line;
  bool quoted = false;
  p->field.len = 0;
  for (; p->pos < p->len; p->pos++) {
    char c = p->text[p->pos];
    if (quoted) {
      if (c == '"' && p->pos + 1 < p->len && p->text[p->pos + 1] == '"') {
        buf_putc(&p->field, '"');
        p->pos++;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') p->line++;
        buf_putc(&p->field, c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      end_field(p);
    } else if (c == '\n' || c == '\r') {
      break;
    } else {
      buf_putc(&p->field, c);
    }
  }
  if (quoted) return -1;
  end_field(p);
  return 1;
}

int csv_read(csv_table *t, const char *path, char *err, size_t errlen) {
  *t = (csv_table){0};
  arena_init(&t->mem);
  size_t len = 0;
  char *text = slurp(path, &len);
  if (!text) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return -1;
  }
  parser p = {.text = text, .len = len, .line = 1, .mem = &t->mem};
  /* A UTF-8 byte order mark is not part of the first column's name. */
  if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) p.pos = 3;
  int r = next_record(&p);
  int status = 0;
  if (r <= 0) {
    snprintf(err, errlen, "%s: %s", path, r < 0 ? "unterminated quote" : "empty file");
    status = -1;
  } else {
    t->ncols = p.nfields;
    t->header = arena_calloc(&t->mem, t->ncols, sizeof *t->header);
    memcpy(t->header, p.fields, t->ncols * sizeof *t->header);
    char **cells = NULL;
    size_t cap = 0;
    while (status == 0) {
      r = next_record(&p);
      if (r == 0) break;
      if (r < 0) {
        snprintf(err, errlen, "%s:%zu: unterminated quote", path, p.record_line);
        status = -1;
      } else if (p.nfields != t->ncols) {
        snprintf(err, errlen, "%s:%zu: %zu fields where the header has %zu", path, p.record_line,
                 p.nfields, t->ncols);
        status = -1;
      } else {
        cells = xgrow(cells, &cap, (t->nrows + 1) * t->ncols, sizeof *cells);
        memcpy(cells + t->nrows * t->ncols, p.fields, t->ncols * sizeof *cells);
        t->nrows++;
      }
    }
    t->cells = arena_calloc(&t->mem, t->nrows * t->ncols + 1, sizeof *t->cells);
    if (t->nrows) memcpy(t->cells, cells, t->nrows * t->ncols * sizeof *t->cells);
    free(cells);
  }
  free(p.fields);
  buf_free(&p.field);
  free(text);
  if (status) csv_free(t);
  return status;
}

void csv_free(csv_table *t) {
  arena_free(&t->mem);
  *t = (csv_table){0};
}

int csv_column(const csv_table *t, const char *name) {
  int found = -1;
  for (size_t j = 0; j < t->ncols; j++)
    if (strcmp(t->header[j], name) == 0) {
      if (found >= 0) return -2;
      found = (int)j;
    }
  return found;
}

int csv_number(const char *cell, double *out) {
  while (*cell == ' ') cell++;
  if (*cell == '\0') return *out = NAN, 0;
  char *end;
  errno = 0;
  double v = strtod(cell, &end);
  while (*end == ' ') end++;
  /* Infinities would poison every mean and matrix downstream. */
  if (end == cell || *end != '\0' || isinf(v)) return -1;
  *out = v;
  return 0;
}
