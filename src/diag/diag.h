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

/* At most this many diagnostics are kept per compilation. */
enum { DIAG_HARD_CAP = 100000 };

typedef enum diag_severity { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR } diag_severity;

struct diag_fixit;

typedef struct diag_note {
  struct diag_note *next;
  const source *src;   /* NULL: a note without a place */
  src_range range;
  const char *message;
  bool trailing;       /* stays after every other note (block call sites) */
  /* Non-NULL: the note only spells out this fix-it for people; formats
   * that carry the fix-it itself (JSON, SARIF) leave the note out. */
  const struct diag_fixit *fixit;
} diag_note;

/* A mechanical fix: replace `range` of the diagnostic's source with
 * `text`. An empty range inserts; an empty text deletes. */
typedef struct diag_fixit {
  struct diag_fixit *next;
  src_range range;
  const char *text;
} diag_fixit;

typedef struct diag {
  struct diag *next;
  diag_severity severity;
  const char *code;    /* stable kebab-case code, e.g. "undefined-name" */
  const source *src;   /* NULL for diagnostics about no file in particular */
  src_range range;
  const char *message;
  size_t seq;          /* order of recording, to keep sorting stable */
  diag_note *notes, **notes_tail;
  diag_fixit *fixits, **fixits_tail;
} diag;

typedef struct diag_list {
  arena *arena;
  diag *head, **tail;
  size_t count[3];     /* by severity */
  size_t limit;        /* show this many after sorting (0: all); see diag_truncate */
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
/* A note that stays last, after notes added later: "in block 'b' called
 * here" goes after "did you mean ...". */
void diag_note_add_trailing(diag_list *l, diag *d, const source *src, src_range range,
                            const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Attaches a fix-it to `d` (ignored when `d` is NULL or has no source),
 * with a note that shows it in the text formats: "fix: replace with
 * 'relu'", "fix: insert ', bias: false'" or "fix: remove ' relu'". */
void diag_fixit_add(diag_list *l, diag *d, src_range range, const char *text);
/* The same fix-it, spelt out as "did you mean 'text'?": for a misspelt
 * name with a single nearest candidate. */
void diag_fixit_suggest(diag_list *l, diag *d, src_range range, const char *text);

/* Keeps only the diagnostics for which `keep` returns true (suppression);
 * the counts follow. */
void diag_filter(diag_list *l, bool (*keep)(const diag *d, void *ctx), void *ctx);

static inline bool diag_has_errors(const diag_list *l) { return l->count[DIAG_ERROR] > 0; }

/* Orders diagnostics by file and position (stable), so that output does not
 * depend on the order in which passes found them. */
void diag_sort(diag_list *l);
/* Keeps the first `limit` diagnostics (after sorting: the first in the
 * file, not the first found) and marks the list truncated. The counts keep
 * counting every diagnostic, so the exit status stays honest. */
void diag_truncate(diag_list *l);

/* Every code archc can emit, with the severity it is reported with and a
 * one-line summary (SARIF rule descriptions, suppression directives). The
 * full documentation is doc/diagnostics.md, one section per code. */
typedef struct diag_code_info {
  const char *code;
  diag_severity severity;
  const char *summary;
} diag_code_info;

/* NULL for a code archc does not know. */
const diag_code_info *diag_code_find(const char *code, size_t len);
/* The table, sorted by code. */
const diag_code_info *diag_code_table(size_t *n);

#endif
