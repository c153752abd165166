/* Diagnostics are collected into a list, never printed on the spot: every
 * output format is rendered from the same list. */
#ifndef ARCHC_DIAG_DIAG_H
#define ARCHC_DIAG_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/source.h"
#include "util/strmap.h"

typedef enum diag_severity { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR } diag_severity;

typedef struct diag_note {
  struct diag_note *next;
  const source *src;   /* NULL: a note without a place */
  src_range range;
  const char *message;
} diag_note;

typedef struct diag {
  struct diag *next;
  diag_severity severity;
  const char *code;    /* stable kebab-case code, e.g. "undefined-name" */
  const source *src;   /* NULL for diagnostics about no file in particular */
  src_range range;
  const char *message;
  size_t seq;          /* order of recording, to keep sorting stable */
  diag_note *notes, **notes_tail;
} diag;

typedef struct diag_list {
  arena *arena;
  diag *head, **tail;
  size_t count[3];     /* by severity */
  size_t limit;        /* stop recording errors past this many (0: no limit) */
  bool truncated;
  strmap seen;         /* identical diagnostics are recorded once */
} diag_list;

void diag_list_init(diag_list *l, arena *a);

/* Returns the new diagnostic (so notes can be attached), or NULL when the
 * error limit was reached or the same diagnostic (code, place and message)
 * was already recorded: a mistake in a block body is reported once, however
 * often the block is expanded. */
diag *diag_add(diag_list *l, diag_severity sev, const char *code, const source *src,
               src_range range, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
diag *diag_vadd(diag_list *l, diag_severity sev, const char *code, const source *src,
                src_range range, const char *fmt, va_list ap);
void diag_note_add(diag_list *l, diag *d, const source *src, src_range range,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static inline bool diag_has_errors(const diag_list *l) { return l->count[DIAG_ERROR] > 0; }

/* Orders diagnostics by file and position (stable), so that output does not
 * depend on the order in which passes found them. */
void diag_sort(diag_list *l);

#endif
